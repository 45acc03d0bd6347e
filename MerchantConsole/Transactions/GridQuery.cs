using System.Data.Common;
using System.Diagnostics;
using System.Globalization;
using System.Text;
using MerchantConsole.Core.Payments;
using MerchantConsole.Data;
using MerchantConsole.Gateway;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;

namespace MerchantConsole.Transactions;

/// <summary>
/// The grid's count and page as two SQL statements on the connection EF Core opened: the same filter, order and shape
/// (deferred join, one indexed lookup per search alternative) that <see cref="TransactionDirectory.Filtered"/> and
/// <c>Sorted</c> give EF Core, without EF Core's work per query. That work (about a quarter of a millisecond per
/// statement on two cores) was more than the statements themselves for the views that match few rows, which took the
/// grid past twice the hand-written SQL (docs/benchmarks.md, issue #8). Table, column names and stored formats come
/// from the EF model, so nothing here knows the provider or repeats a conversion; GridQueryTests holds both paths to
/// the same rows on SQLite and PostgreSQL.
/// </summary>
internal sealed class GridQuery
{
    /// <summary>
    /// Where the grid reports each statement it ran (event <see cref="CommandExecuted"/>: the command and how long it took
    /// to its first row), as EF Core's DiagnosticListener does for its own; the benchmarks read it. Costs nothing unheard.
    /// </summary>
    public static readonly DiagnosticListener Diagnostics = new(DiagnosticsName);

    /// <summary>The listener's name, to recognise it among DiagnosticListener.AllListeners without touching this class.</summary>
    public const string DiagnosticsName = "MerchantConsole.Transactions.GridQuery";

    public const string CommandExecuted = "CommandExecuted";

    private const string Outer = "t";
    private const string Inner = "i";

    private readonly IEntityType entity;
    private readonly StoreObjectIdentifier table;
    private readonly DbCommand count;
    private readonly DbCommand page;
    private readonly StringBuilder where = new();

    private GridQuery(ApplicationDbContext db)
    {
        entity = db.Model.FindEntityType(typeof(GatewayTransaction))!;
        table = StoreObjectIdentifier.Table(entity.GetTableName()!, entity.GetSchema());
        var connection = db.Database.GetDbConnection();
        count = connection.CreateCommand();
        page = connection.CreateCommand();
    }

    /// <summary>The columns of a grid row, in <see cref="TransactionRow"/>'s order (Refunded is the sum of two).</summary>
    private static readonly string[] RowColumns =
    [
        nameof(GatewayTransaction.Id), nameof(GatewayTransaction.OrderId), nameof(GatewayTransaction.AccessId),
        nameof(GatewayTransaction.CreatedAt), nameof(GatewayTransaction.UpdatedAt), nameof(GatewayTransaction.State),
        nameof(GatewayTransaction.PaymentType), nameof(GatewayTransaction.JobCd), nameof(GatewayTransaction.Amount),
        nameof(GatewayTransaction.Tax), nameof(GatewayTransaction.CancelledAmount), nameof(GatewayTransaction.CancelledTax),
        nameof(GatewayTransaction.PartialRefunds), nameof(GatewayTransaction.CaptureDeadline), nameof(GatewayTransaction.AuthorizationExpired),
        nameof(GatewayTransaction.AuthorizationEndedAt), nameof(GatewayTransaction.ChargePermissionId), nameof(GatewayTransaction.AmountChangeEnabled),
        nameof(GatewayTransaction.Version),
    ];

    /// <summary>Counts the matches and reads one page of them, on <paramref name="db"/>'s open connection.</summary>
    public static async Task<TransactionPage> RunAsync(
        ApplicationDbContext db, string shopId, TransactionFilter filter, bool searchByUnion, DateTimeOffset now, int skip, int take, CancellationToken cancellationToken)
    {
        var query = new GridQuery(db);
        await using var count = query.count;
        await using var page = query.page;
        query.Filter(shopId, filter, searchByUnion, now);

        var order = query.Order(filter.Sort);
        var from = query.Table();
        count.CommandText = $"SELECT COUNT(*) FROM {from} AS {Inner} WHERE {query.where}";
        var started = Stopwatch.GetTimestamp();
        var total = Convert.ToInt32(await count.ExecuteScalarAsync(cancellationToken), CultureInfo.InvariantCulture);
        Report(count, started);
        if (total <= skip)
        {
            return new TransactionPage([], total, shopId);
        }

        var limit = $"LIMIT {take.ToString(CultureInfo.InvariantCulture)} OFFSET {skip.ToString(CultureInfo.InvariantCulture)}";
        var columns = string.Join(", ", RowColumns.Select(c => query.Column(Outer, c)));
        var id = nameof(GatewayTransaction.Id);
        page.CommandText = PageShape(filter, searchByUnion, total) switch
        {
            Shape.MatchesThenSort =>
                $"SELECT {columns} FROM {from} AS {Outer} WHERE {query.Column(Outer, id)} IN (SELECT {query.Column(Inner, id)} FROM {from} AS {Inner} "
                + $"WHERE {query.where}) ORDER BY {order(Outer)} {limit}",
            Shape.Direct =>
                $"SELECT {string.Join(", ", RowColumns.Select(c => query.Column(Inner, c)))} FROM {from} AS {Inner} WHERE {query.where} ORDER BY {order(Inner)} {limit}",
            _ =>
                $"SELECT {columns} FROM {from} AS {Outer} WHERE {query.Column(Outer, id)} IN (SELECT {query.Column(Inner, id)} FROM {from} AS {Inner} "
                + $"WHERE {query.where} ORDER BY {order(Inner)} {limit}) ORDER BY {order(Outer)}",
        };
        var rows = new List<TransactionRow>(Math.Min(take, Math.Max(total - skip, 0)));
        started = Stopwatch.GetTimestamp();
        await using var reader = await page.ExecuteReaderAsync(cancellationToken);
        Report(page, started);
        var read = new RowReader(query, reader);
        while (await reader.ReadAsync(cancellationToken))
        {
            rows.Add(read.Row());
        }

        return new TransactionPage(rows, total, shopId);
    }

    /// <summary>
    /// At most this many matches are a view of few (<see cref="PageShape"/>: sorted after reading them on SQLite, read
    /// directly on PostgreSQL); more are paged by the deferred join. Four pages of the default size: sorting a hundred
    /// rows costs less than walking an ordered index past rows that do not match.
    /// </summary>
    internal const int FewMatches = 100;

    /// <summary>How the page's statement finds its rows.</summary>
    internal enum Shape
    {
        /// <summary>
        /// The page's IDs from the index that serves the order (the filter checked along it), then only those rows: for
        /// many matches, where reading every matching row to sort it would cost more.
        /// </summary>
        DeferredJoin,

        /// <summary>
        /// The matches' IDs from whichever index serves the filter best, then those rows, sorted. For few matches (the
        /// count, which runs first, says): an ordered index would be walked past every row that does not match. SQLite
        /// walked a million index entries for the three rows waiting for Amazon (240 ms; this way under a millisecond).
        /// </summary>
        MatchesThenSort,

        /// <summary>
        /// The rows read and sorted directly: on PostgreSQL, a search as one OR (a bitmap scan that reads its matches'
        /// rows anyway) and any view of few matches (its deferred join's second pass had put those views near twice the
        /// hand-written SQL).
        /// </summary>
        Direct,
    }

    /// <summary>
    /// The page's shape for a view of <paramref name="total"/> matches. <paramref name="searchByUnion"/> is SQLite
    /// (ConsoleDatabase.SearchesByUnion), whose planner walks an ordered index whenever one serves the ORDER BY; PostgreSQL
    /// plans a view of a few matches from its statistics (the filter's index, then a top-N sort), so there the direct
    /// statement is the quickest (the benchmark's hand-written shapes: 1.0 ms against 2.0 for the three rows waiting for
    /// Amazon).
    /// </summary>
    internal static Shape PageShape(TransactionFilter filter, bool searchByUnion, int total) =>
        total <= FewMatches ? searchByUnion ? Shape.MatchesThenSort : Shape.Direct
        : !searchByUnion && filter.Search is { Length: > 0 } ? Shape.Direct
        : Shape.DeferredJoin;

    private static void Report(DbCommand command, long started)
    {
        if (Diagnostics.IsEnabled(CommandExecuted))
        {
            Diagnostics.Write(CommandExecuted, (command, Stopwatch.GetElapsedTime(started)));
        }
    }

    /// <summary>
    /// The conditions of <see cref="TransactionDirectory.Filtered"/>, term for term. A search is a UNION of lookups or one
    /// OR, as the database serves best (<see cref="Hosting.ConsoleDatabase.SearchesByUnion"/>); both select the same rows.
    /// </summary>
    private void Filter(string shopId, TransactionFilter filter, bool searchByUnion, DateTimeOffset now)
    {
        var search = filter.Search is { Length: > 0 } text ? text : null;
        if (search is not null && !searchByUnion)
        {
            var orderId = Column(Inner, nameof(GatewayTransaction.OrderId));
            where.Append(Equal(Inner, nameof(GatewayTransaction.ShopId), shopId))
                .Append(" AND (").Append(Equal(Inner, nameof(GatewayTransaction.AccessId), search))
                .Append(" OR ").Append(Equal(Inner, nameof(GatewayTransaction.ChargePermissionId), search));
            if (TransactionDirectory.OrderIdPrefixEnd(search) is { } end)
            {
                where.Append(" OR (").Append(orderId).Append(" >= ").Append(Parameter(nameof(GatewayTransaction.OrderId), search))
                    .Append(" AND ").Append(orderId).Append(" < ").Append(Parameter(nameof(GatewayTransaction.OrderId), end)).Append(')');
            }

            where.Append(')');
        }
        else if (search is not null)
        {
            // Matches by ID alone, each alternative on its own index within the shop (TransactionDirectory.Filtered says why).
            var id = Column(null, nameof(GatewayTransaction.Id));
            var inShop = $"SELECT {id} FROM {Table()} WHERE {Equal(null, nameof(GatewayTransaction.ShopId), shopId)} AND ";
            var alternatives = new List<string>
            {
                inShop + Equal(null, nameof(GatewayTransaction.AccessId), search),
                inShop + Equal(null, nameof(GatewayTransaction.ChargePermissionId), search),
            };
            if (TransactionDirectory.OrderIdPrefixEnd(search) is { } end)
            {
                var orderId = Column(null, nameof(GatewayTransaction.OrderId));
                alternatives.Add(inShop + $"{orderId} >= {Parameter(nameof(GatewayTransaction.OrderId), search)} AND {orderId} < {Parameter(nameof(GatewayTransaction.OrderId), end)}");
            }

            where.Append(Column(Inner, nameof(GatewayTransaction.Id))).Append(" IN (").AppendJoin(" UNION ", alternatives).Append(')');
        }
        else
        {
            where.Append(Equal(Inner, nameof(GatewayTransaction.ShopId), shopId));
        }

        if (filter.States.Count > 0)
        {
            In(nameof(GatewayTransaction.State), filter.States.Cast<object>());
        }

        if (filter.PaymentTypes.Count > 0)
        {
            In(nameof(GatewayTransaction.PaymentType), filter.PaymentTypes.Cast<object>());
        }

        if (filter.JobCd is { } jobCd)
        {
            And(Equal(Inner, nameof(GatewayTransaction.JobCd), jobCd));
            And($"{Column(Inner, nameof(GatewayTransaction.PaymentType))} <> {Parameter(nameof(GatewayTransaction.PaymentType), PaymentType.RegistrationOnly)}");
        }

        var created = Column(Inner, nameof(GatewayTransaction.CreatedAt));
        if (filter.From is { } from)
        {
            And($"{created} >= {Parameter(nameof(GatewayTransaction.CreatedAt), TransactionDirectory.StartOfJstDay(from))}");
        }

        if (filter.To is { } to)
        {
            And($"{created} < {Parameter(nameof(GatewayTransaction.CreatedAt), TransactionDirectory.StartOfJstDay(to.AddDays(1)))}");
        }

        var total = $"{Column(Inner, nameof(GatewayTransaction.Amount))} + {Column(Inner, nameof(GatewayTransaction.Tax))}";
        if (filter.MinAmount is { } min)
        {
            And($"{total} >= {Parameter(nameof(GatewayTransaction.Amount), min)}");
        }

        if (filter.MaxAmount is { } max)
        {
            And($"{total} <= {Parameter(nameof(GatewayTransaction.Amount), max)}");
        }

        if (filter.ExpiringSoon)
        {
            var deadline = Column(Inner, nameof(GatewayTransaction.CaptureDeadline));
            And(Equal(Inner, nameof(GatewayTransaction.State), TransactionState.Auth));
            And($"{deadline} IS NOT NULL AND {deadline} <= {Parameter(nameof(GatewayTransaction.CaptureDeadline), now + TransactionFilter.ExpiryWarning)}");
        }
    }

    /// <summary><c>TransactionDirectory.Sorted</c> in SQL, for the given table alias.</summary>
    private Func<string, string> Order(TransactionSort sort)
    {
        string C(string alias, string property) => Column(alias, property);
        const string Id = nameof(GatewayTransaction.Id);
        const string Created = nameof(GatewayTransaction.CreatedAt);
        return sort switch
        {
            TransactionSort.CreatedAsc => a => $"{C(a, Created)}, {C(a, Id)}",
            TransactionSort.AmountDesc => a => $"{C(a, nameof(GatewayTransaction.Amount))} + {C(a, nameof(GatewayTransaction.Tax))} DESC, {C(a, Id)} DESC",
            TransactionSort.AmountAsc => a => $"{C(a, nameof(GatewayTransaction.Amount))} + {C(a, nameof(GatewayTransaction.Tax))}, {C(a, Id)}",
            TransactionSort.OrderIdAsc => a => C(a, nameof(GatewayTransaction.OrderId)),
            TransactionSort.CaptureDeadlineAsc => a =>
                $"{C(a, nameof(GatewayTransaction.CaptureDeadline))} IS NULL, {C(a, nameof(GatewayTransaction.CaptureDeadline))}, {C(a, Id)}",
            _ => a => $"{C(a, Created)} DESC, {C(a, Id)} DESC",
        };
    }

    private void And(string condition) => where.Append(" AND ").Append(condition);

    private void In(string property, IEnumerable<object> values) =>
        And($"{Column(Inner, property)} IN ({string.Join(", ", values.Select(v => Parameter(property, v)))})");

    private string Equal(string? alias, string property, object value) => $"{Column(alias, property)} = {Parameter(property, value)}";

    private string Table()
    {
        var name = Quote(table.Name);
        return table.Schema is null ? name : $"{Quote(table.Schema)}.{name}";
    }

    private string Column(string? alias, string property)
    {
        var column = Quote(entity.FindProperty(property)!.GetColumnName(table)!);
        return alias is null ? column : $"{alias}.{column}";
    }

    private static string Quote(string identifier) => "\"" + identifier.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";

    /// <summary>A parameter on both commands, in the form the column stores (the model's converter: enum names, UTC milliseconds).</summary>
    private string Parameter(string property, object value)
    {
        var name = "@p" + count.Parameters.Count.ToString(CultureInfo.InvariantCulture);
        var converter = entity.FindProperty(property)!.GetTypeMapping().Converter;
        var stored = converter is null ? value : converter.ConvertToProvider(value)!;
        foreach (var command in (DbCommand[])[count, page])
        {
            var parameter = command.CreateParameter();
            parameter.ParameterName = name;
            parameter.Value = stored;
            command.Parameters.Add(parameter);
        }

        return name;
    }

    /// <summary>Reads <see cref="RowColumns"/> back through the model's converters.</summary>
    private sealed class RowReader(GridQuery query, DbDataReader reader)
    {
        private readonly Func<int, object?>[] columns = [.. RowColumns.Select((c, i) => Reader(query.entity.FindProperty(c)!, reader, i))];

        private T Get<T>(int i) => (T)columns[i](i)!;

        public TransactionRow Row() => new(
            Get<long>(0), Get<string>(1), Get<string>(2), Get<DateTimeOffset>(3), Get<DateTimeOffset>(4), Get<TransactionState>(5),
            Get<PaymentType>(6), Get<JobCd>(7), Get<long>(8), Get<long>(9), Get<long>(10) + Get<long>(11), Get<int>(12),
            (DateTimeOffset?)columns[13](13), Get<bool>(14), (DateTimeOffset?)columns[15](15), (string?)columns[16](16), Get<bool>(17), Get<long>(18));

        private static Func<int, object?> Reader(IProperty property, DbDataReader reader, int ordinal)
        {
            var mapping = property.GetTypeMapping();
            var stored = Nullable.GetUnderlyingType(mapping.Converter?.ProviderClrType ?? property.ClrType) ?? mapping.Converter?.ProviderClrType ?? property.ClrType;
            Func<int, object> raw = stored == typeof(string) ? i => reader.GetString(i)
                : stored == typeof(long) ? i => reader.GetInt64(i)
                : stored == typeof(int) ? i => reader.GetInt32(i)
                : stored == typeof(bool) ? i => reader.GetBoolean(i)
                : throw new InvalidOperationException($"The grid does not read {stored.Name} columns ({property.Name}).");
            var converter = mapping.Converter;
            return i => reader.IsDBNull(i) ? null : converter is null ? raw(i) : converter.ConvertFromProvider(raw(i));
        }
    }
}
