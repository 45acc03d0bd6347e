using System.Diagnostics;
using System.Globalization;
using System.Text;
using MerchantConsole.Core.Payments;
using MerchantConsole.Data;
using MerchantConsole.Gateway;
using MerchantConsole.Transactions;

namespace MerchantConsole.Bench.Transactions;

/// <summary>One grid view as staff set it: the filter, and the page (0-based, as MudDataGrid asks for it).</summary>
internal sealed record GridView(string Name, TransactionFilter Filter, int Page, int PageSize = 50);

/// <summary>The 16 columns the grid shows, read by the hand-written query.</summary>
internal readonly record struct HandRow(
    long Id, string OrderId, string AccessId, long CreatedAt, long UpdatedAt, string State, string PaymentType, string JobCd,
    long Amount, long Tax, long Refunded, int PartialRefunds, long? CaptureDeadline, bool AuthorizationExpired, string? ChargePermissionId, long Version);

/// <summary>
/// How the hand-written SQL is shaped: the page as LIMIT/OFFSET, as a deferred join (the page's IDs over the index,
/// then those rows), or as the matching IDs by whichever index filters best, then those rows sorted (the answer for a
/// view of a few rows, which an ordered index would walk past everything else to find); a search as one OR or as a
/// UNION of one indexed lookup per alternative. The baseline is the fastest shape for each view, so it is what a
/// competent engineer would end up with.
/// </summary>
internal sealed record HandShape(HandPageForm Page, bool UnionSearch)
{
    public override string ToString() =>
        Page switch { HandPageForm.DeferredJoin => "deferred join", HandPageForm.MatchesThenSort => "matches, then sorted", _ => "LIMIT/OFFSET" }
        + (UnionSearch ? ", UNION search" : "");

    public static IReadOnlyList<HandShape> For(GridView view) =>
        [.. Enum.GetValues<HandPageForm>().SelectMany(page => (view.Filter.Search is null ? [false] : (bool[])[false, true]).Select(union => new HandShape(page, union)))];
}

internal enum HandPageForm
{
    LimitOffset,
    DeferredJoin,
    MatchesThenSort,
}

internal sealed record HandPage(int Total, IReadOnlyList<HandRow> Rows, double CountMs, double PageMs);

/// <summary>A SQL statement and its parameters, for EXPLAIN and for the report.</summary>
internal sealed record SqlText(string Sql, IReadOnlyList<KeyValuePair<string, object?>> Parameters);

/// <summary>
/// Everything that depends on the database engine: creating and filling the file, the hand-written baseline
/// queries' connection, the query plans and the engine's own CSV export: SQLite (sqlite3) and PostgreSQL (psql \copy).
/// The hand-written SQL itself is the same text on both, so it lives here; only the parameter markers differ.
/// </summary>
internal abstract class BenchProvider
{
    protected const string Table = "\"GatewayTransactions\"";

    protected const string GridColumns =
        "\"Id\", \"OrderId\", \"AccessId\", \"CreatedAt\", \"UpdatedAt\", \"State\", \"PaymentType\", \"JobCd\", \"Amount\", \"Tax\", " +
        "\"CancelledAmount\" + \"CancelledTax\", \"PartialRefunds\", \"CaptureDeadline\", \"AuthorizationExpired\", \"ChargePermissionId\", \"Version\"";

    /// <summary>The heading of the report's section in docs/benchmarks.md.</summary>
    public abstract string Heading { get; }

    /// <summary>The <c>Database:Provider</c> the app is configured with.</summary>
    public abstract string AppProvider { get; }

    /// <summary>The client library of the hand-written queries, for the report.</summary>
    public abstract string BaselineClient { get; }

    /// <summary>The engine's own CSV export as the report names it, e.g. <c>sqlite3 -csv</c>.</summary>
    public abstract string ExportLabel { get; }

    /// <summary>The shared SQL is written with SQLite's <c>$name</c> markers; a provider rewrites them if its client wants others.</summary>
    protected virtual SqlText Dialect(SqlText sql) => sql;

    /// <summary>"SQLite 3.50.4", for the report.</summary>
    public abstract string Engine { get; }

    /// <summary>Whether a complete database with this many rows is already there to reuse.</summary>
    public abstract bool Exists { get; }

    /// <summary>The connection string the app is given: the console's configured one, pointed at the benchmark database.</summary>
    public abstract string AppConnectionString { get; }

    /// <summary>Where the app's migrations create the empty database while it is being generated.</summary>
    public abstract string GenerationConnectionString { get; }

    /// <summary>Removes what an interrupted generation left, before a new one starts.</summary>
    public abstract void PrepareGeneration();

    /// <summary>Marks a generated database complete (so a later run reuses it).</summary>
    public abstract void CompleteGeneration();

    public abstract string Describe();

    /// <summary>Writes rows in one transaction with a prepared statement; the columns come from the app's EF model.</summary>
    public abstract Task<long> BulkInsertAsync(ApplicationDbContext model, IEnumerable<GatewayTransaction> rows, Action<long> progress);

    /// <summary>The grid's count and page as a competent engineer would write them by hand.</summary>
    public abstract Task<HandPage> GridAsync(GridView view, string shopId, HandShape shape);


    public abstract Task<IReadOnlyList<string>> ExplainAsync(SqlText sql);

    /// <summary>A value the views search for: the main shop's order ID at the middle of the table.</summary>
    public abstract Task<string> MiddleOrderIdAsync(string shopId);

    public abstract Task<long> CountAsync(string shopId);

    /// <summary>The engine's own CSV export of the same columns of the same rows, in the same order, as a shell command.</summary>
    public abstract string ExportCommand(string shopId, string redirect);

    /// <summary>The folder for the database and scratch files (git-ignored).</summary>
    public abstract string DataFolder { get; }

    public abstract string ExportTool { get; }

    public SqlText GridCountSql(GridView view, string shopId, HandShape shape)
    {
        var (where, parameters) = Where(view.Filter, shopId, shape.UnionSearch);
        return Dialect(new SqlText($"SELECT COUNT(*) FROM {Table} WHERE {where}", parameters));
    }

    /// <summary>
    /// The page with LIMIT/OFFSET; as a deferred join that pages over the index alone and reads only the rows it keeps
    /// (the usual hand-written answer to deep offsets); or as the matches' IDs, then those rows sorted.
    /// </summary>
    public SqlText GridPageSql(GridView view, string shopId, HandShape shape)
    {
        var (where, parameters) = Where(view.Filter, shopId, shape.UnionSearch);
        var order = OrderBy(view.Filter.Sort);
        parameters.Add(new("$limit", view.PageSize));
        parameters.Add(new("$offset", view.Page * view.PageSize));
        var sql = shape.Page switch
        {
            HandPageForm.DeferredJoin =>
                $"SELECT {GridColumns} FROM {Table} WHERE \"Id\" IN (SELECT \"Id\" FROM {Table} WHERE {where} ORDER BY {order} LIMIT $limit OFFSET $offset) ORDER BY {order}",
            HandPageForm.MatchesThenSort =>
                $"SELECT {GridColumns} FROM {Table} WHERE \"Id\" IN (SELECT \"Id\" FROM {Table} WHERE {where}) ORDER BY {order} LIMIT $limit OFFSET $offset",
            _ => $"SELECT {GridColumns} FROM {Table} WHERE {where} ORDER BY {order} LIMIT $limit OFFSET $offset",
        };
        return Dialect(new SqlText(sql, parameters));
    }

    /// <summary>The filter in SQL, for the features the benchmark's views use.</summary>
    private static (string Where, List<KeyValuePair<string, object?>> Parameters) Where(TransactionFilter filter, string shopId, bool unionSearch)
    {
        if (filter.PaymentTypes.Count > 0 || filter.JobCd is not null || filter.MinAmount is not null || filter.MaxAmount is not null || filter.ExpiringSoon)
        {
            throw new NotSupportedException("The hand-written baseline covers states, dates, search and sort.");
        }

        // A UNION search restricts each alternative to the shop and finds the rows by ID alone (the shop repeated
        // outside would make SQLite, without statistics, walk the shop's index instead).
        var terms = new List<string>();
        if (!unionSearch || filter.Search is null)
        {
            terms.Add("\"ShopId\" = $shop");
        }

        var parameters = new List<KeyValuePair<string, object?>> { new("$shop", shopId) };
        if (filter.States.Count > 0)
        {
            var names = filter.States.Order().Select((s, i) => (Name: "$s" + i, Value: s.ToString())).ToList();
            terms.Add(names.Count == 1 ? $"\"State\" = {names[0].Name}" : $"\"State\" IN ({string.Join(", ", names.Select(n => n.Name))})");
            parameters.AddRange(names.Select(n => new KeyValuePair<string, object?>(n.Name, n.Value)));
        }

        if (filter.From is { } from)
        {
            terms.Add("\"CreatedAt\" >= $from");
            parameters.Add(new("$from", StartOfJstDay(from)));
        }

        if (filter.To is { } to)
        {
            terms.Add("\"CreatedAt\" < $to");
            parameters.Add(new("$to", StartOfJstDay(to.AddDays(1))));
        }

        if (filter.Search is { Length: > 0 } search)
        {
            // An ordinal prefix as a range, which the (ShopId, OrderId) index serves; the IDs as equalities.
            terms.Add(unionSearch
                ? $"\"Id\" IN (SELECT \"Id\" FROM {Table} WHERE \"ShopId\" = $shop AND \"OrderId\" >= $q AND \"OrderId\" < $qEnd " +
                  $"UNION SELECT \"Id\" FROM {Table} WHERE \"ShopId\" = $shop AND \"AccessId\" = $q " +
                  $"UNION SELECT \"Id\" FROM {Table} WHERE \"ShopId\" = $shop AND \"ChargePermissionId\" = $q)"
                : "(\"OrderId\" >= $q AND \"OrderId\" < $qEnd OR \"AccessId\" = $q OR \"ChargePermissionId\" = $q)");
            parameters.Add(new("$q", search));
            parameters.Add(new("$qEnd", search[..^1] + (char)(search[^1] + 1)));
        }

        return (string.Join(" AND ", terms), parameters);
    }

    private static string OrderBy(TransactionSort sort) => sort switch
    {
        TransactionSort.CreatedDesc => "\"CreatedAt\" DESC, \"Id\" DESC",
        TransactionSort.CreatedAsc => "\"CreatedAt\", \"Id\"",
        TransactionSort.AmountDesc => "\"Amount\" + \"Tax\" DESC, \"Id\" DESC",
        TransactionSort.AmountAsc => "\"Amount\" + \"Tax\", \"Id\"",
        TransactionSort.OrderIdAsc => "\"OrderId\"",
        _ => throw new NotSupportedException(sort.ToString()),
    };

    protected static long StartOfJstDay(DateOnly day) => new DateTimeOffset(day.ToDateTime(TimeOnly.MinValue), Jst.Offset).ToUnixTimeMilliseconds();

    /// <summary>
    /// What the console's CSV holds, as one SELECT for the engine's own CSV writer: the same header, columns, JST dates,
    /// codes and labels, in the same order, so the two outputs can be compared cell by cell. <paramref name="jst"/>
    /// formats a column of Unix milliseconds as "yyyy-MM-dd HH:mm:ss JST" in the engine's SQL. The only thing it leaves
    /// out is the console's formula neutralising, which no generated value needs.
    /// </summary>
    protected static string ExportSelect(string shopId, Func<string, string> jst)
    {
        if (!Core.Shops.ShopId.IsValid(shopId))
        {
            throw new ArgumentException("Not a shop ID.", nameof(shopId));
        }

        static string Case(Func<TransactionState, string> text) =>
            "CASE \"State\" " + string.Concat(Enum.GetValues<TransactionState>().Select(s => $"WHEN '{s}' THEN '{text(s)}' ")) + "END";

        return new StringBuilder()
            .Append("SELECT \"OrderId\" AS \"OrderID\", ").Append(jst("CreatedAt")).Append(" AS \"CreatedAt(JST)\", ")
            .Append(Case(s => s.Code())).Append(" AS \"Status\", ")
            .Append(Case(s => s.Japanese())).Append(" AS \"StatusLabel\", ")
            .Append("\"PaymentType\", ")
            .Append(CultureInfo.InvariantCulture, $"CASE WHEN \"PaymentType\" = '{PaymentType.RegistrationOnly}' THEN '' WHEN \"JobCd\" = '{JobCd.Auth}' THEN '{JobCd.Auth.Code()}' ELSE '{JobCd.Capture.Code()}' END AS \"JobCd\", ")
            .Append("\"Amount\", \"Tax\", \"CapturedAmount\" + \"CapturedTax\" AS \"Captured\", \"CancelledAmount\" + \"CancelledTax\" AS \"Refunded\", \"PartialRefunds\", ")
            .Append("CASE WHEN \"CaptureDeadline\" IS NULL THEN '' ELSE ").Append(jst("CaptureDeadline")).Append(" END AS \"CaptureDeadline(JST)\", ")
            .Append("\"AccessId\" AS \"AccessID\", coalesce(\"ChargePermissionId\", '') AS \"AmazonChargePermissionID\", coalesce(\"ChargeId\", '') AS \"AmazonChargeID\", ")
            .Append("coalesce(\"Description\", '') AS \"Description\" ")
            .Append(CultureInfo.InvariantCulture, $"FROM {Table} WHERE \"ShopId\" = '{shopId}' ORDER BY \"CreatedAt\" DESC, \"Id\" DESC")
            .ToString();
    }

    protected static ProcessStartInfo Shell(string command) => new("/bin/sh", ["-c", command])
    {
        RedirectStandardOutput = true,
        RedirectStandardError = true,
        UseShellExecute = false,
    };
}
