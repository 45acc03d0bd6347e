using System.Diagnostics;
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
/// How the hand-written SQL is shaped: the page as LIMIT/OFFSET or as a deferred join (the page's IDs over the index,
/// then those rows); a search as one OR or as a UNION of one indexed lookup per alternative. The baseline is the
/// fastest shape for each view, so it is what a competent engineer would end up with.
/// </summary>
internal sealed record HandShape(bool DeferredJoin, bool UnionSearch)
{
    public override string ToString() => (DeferredJoin ? "deferred join" : "LIMIT/OFFSET") + (UnionSearch ? ", UNION search" : "");

    public static IReadOnlyList<HandShape> For(GridView view) =>
        view.Filter.Search is null ? [new(false, false), new(true, false)] : [new(false, false), new(true, false), new(false, true), new(true, true)];
}

internal sealed record HandPage(int Total, IReadOnlyList<HandRow> Rows, double CountMs, double PageMs);

/// <summary>A SQL statement and its parameters, for EXPLAIN and for the report.</summary>
internal sealed record SqlText(string Sql, IReadOnlyList<KeyValuePair<string, object?>> Parameters);

/// <summary>
/// Everything that depends on the database engine: creating and filling the file, the hand-written baseline
/// queries, the query plans and the engine's own CSV export. SQLite today; PostgreSQL (psql, \copy) is the next
/// implementation (issue #9) and the rest of the harness does not change.
/// </summary>
internal abstract class BenchProvider
{
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

    public abstract SqlText GridPageSql(GridView view, string shopId, HandShape shape);

    public abstract SqlText GridCountSql(GridView view, string shopId, HandShape shape);

    public abstract Task<IReadOnlyList<string>> ExplainAsync(SqlText sql);

    /// <summary>A value the views search for: the main shop's order ID at the middle of the table.</summary>
    public abstract Task<string> MiddleOrderIdAsync(string shopId);

    public abstract Task<long> CountAsync(string shopId);

    /// <summary>The engine's own CSV export of the same columns of the same rows, in the same order, as a shell command.</summary>
    public abstract string ExportCommand(string shopId, string redirect);

    /// <summary>The folder for the database and scratch files (git-ignored).</summary>
    public abstract string DataFolder { get; }

    public abstract string ExportTool { get; }

    protected static ProcessStartInfo Shell(string command) => new("/bin/sh", ["-c", command])
    {
        RedirectStandardOutput = true,
        RedirectStandardError = true,
        UseShellExecute = false,
    };
}
