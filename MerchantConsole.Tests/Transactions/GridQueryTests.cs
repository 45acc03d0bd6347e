using CsCheck;
using MerchantConsole.Core;
using MerchantConsole.Core.Payments;
using MerchantConsole.Data;
using MerchantConsole.Gateway;
using MerchantConsole.Shops;
using MerchantConsole.Tests.Sandbox;
using MerchantConsole.Tests.Support;
using MerchantConsole.Transactions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace MerchantConsole.Tests.Transactions;

/// <summary>
/// The grid reads its count and page with its own SQL (GridQuery), while the export, bulk capture and the banner read
/// through EF Core's <see cref="TransactionDirectory.Filtered"/>. For any filter, sort and page, on SQLite and on
/// PostgreSQL, the grid shows exactly the rows that filter selects, in the order the sort names, with the same total.
/// </summary>
public sealed class GridQueryTests : IAsyncLifetime
{
    private const string OtherShop = "tshop0002";
    private static readonly DateTimeOffset Start = new(2026, 9, 1, 0, 0, 0, Jst.Offset);

    private TestConsole console = null!;
    private ActorRef owner = null!;
    private List<GatewayTransaction> rows = [];

    public async Task InitializeAsync()
    {
        console = await TestConsole.StartAsync();
        owner = await SandboxHarness.OwnerAsync(console, TestConsole.OwnerEmail);
        await using var db = await Factory.CreateDbContextAsync();
        db.Shops.Add(new Shop { Id = OtherShop, Name = "別の店", CreatedAt = Start });
        var random = new Random(20261129);
        var states = Enum.GetValues<TransactionState>();
        var types = Enum.GetValues<PaymentType>();
        var accessPass = console.ProtectAccessPass("GridQueryTestsAccessPass0123456");
        for (var i = 0; i < 2000; i++)
        {
            var shop = i % 5 == 4 ? OtherShop : TestConsole.ShopId;
            // Few distinct dates and amounts, so that ties (broken by the ID) and range edges are common.
            var created = Start.AddDays(random.Next(0, 60)).AddHours(random.Next(0, 3));
            var state = states[random.Next(states.Length)];
            db.GatewayTransactions.Add(new GatewayTransaction
            {
                ShopId = shop,
                OrderId = $"{(char)('A' + random.Next(3))}{created:yyyyMMdd}-{i:D4}",
                AccessId = $"{i:x32}",
                ProtectedAccessPass = accessPass,
                State = state,
                PaymentType = types[random.Next(types.Length)],
                JobCd = random.Next(2) == 0 ? JobCd.Auth : JobCd.Capture,
                Amount = random.Next(1, 6) * 1000,
                Tax = random.Next(0, 3) * 100,
                CancelledAmount = random.Next(0, 3) * 100,
                CancelledTax = random.Next(0, 2) * 10,
                PartialRefunds = random.Next(0, 11),
                CaptureDeadline = random.Next(3) == 0 ? null : created.AddDays(random.Next(1, 40)),
                AuthorizationExpired = random.Next(4) == 0,
                AuthorizationEndedAt = random.Next(6) == 0 ? created.AddDays(1) : null,
                ChargePermissionId = random.Next(3) == 0 ? null : $"S03-{random.Next(0, 20):D7}-0000001",
                AmountChangeEnabled = random.Next(2) == 0,
                CreatedAt = created,
                UpdatedAt = created.AddMinutes(random.Next(0, 100)),
                Version = random.Next(0, 5),
            });
        }

        await db.SaveChangesAsync();
        rows = await db.GatewayTransactions.AsNoTracking().ToListAsync();
    }

    public async Task DisposeAsync() => await console.DisposeAsync();

    private IDbContextFactory<ApplicationDbContext> Factory => console.Services.GetRequiredService<IDbContextFactory<ApplicationDbContext>>();

    private TransactionDirectory Directory => console.Services.GetRequiredService<TransactionDirectory>();

    [Fact]
    public async Task For_any_filter_sort_and_page_the_grid_shows_the_rows_the_filter_selects_in_the_sorts_order()
    {
        var totals = new List<int>();
        await Gen.Select(Filters(), Gen.Int[0, 4], Gen.Int[1, 60]).SampleAsync(async t =>
        {
            var (filter, page, size) = t;
            var shown = await Directory.SearchAsync(owner, filter, page, size);

            await using var db = await Factory.CreateDbContextAsync();
            var selected = await Directory.Filtered(db, TestConsole.ShopId, filter).ToListAsync();
            var expected = Sorted(selected, filter.Sort).Skip(page * size).Take(size).Select(TransactionDirectory.RowOf).ToList();

            Assert.NotNull(shown);
            Assert.Equal(selected.Count, shown.Total);
            Assert.Equal(expected, shown.Rows);
            totals.Add(shown.Total);
        }, iter: 300, threads: 1, print: t => $"{Describe(t.Item1)} page {t.Item2} size {t.Item3}");

        // Both ways of reading a page of a view were exercised: for few matches (sorted after reading them on SQLite, read
        // directly on PostgreSQL), and the deferred join for more.
        Assert.Contains(totals, total => total is > 0 and <= GridQuery.FewMatches);
        Assert.Contains(totals, total => total > GridQuery.FewMatches);
    }

    [Fact]
    public async Task A_search_as_one_OR_and_as_a_UNION_of_lookups_shows_the_same_rows_on_either_database()
    {
        var shapes = new HashSet<GridQuery.Shape>();
        // The console sends the shape its database serves best (ConsoleDatabase.SearchesByUnion); both must agree.
        async Task CheckAsync(TransactionFilter filter, int page, int size)
        {
            await using var db = await Factory.CreateDbContextAsync();
            await db.Database.OpenConnectionAsync();
            var selected = await Directory.Filtered(db, TestConsole.ShopId, filter).ToListAsync();
            var expected = Sorted(selected, filter.Sort).Skip(page * size).Take(size).Select(TransactionDirectory.RowOf).ToList();
            foreach (var union in (IEnumerable<bool>)[true, false])
            {
                // The console's clock, as Filtered's: "expiring soon" is measured from now.
                var now = console.Services.GetRequiredService<TimeProvider>().GetUtcNow();
                var shown = await GridQuery.RunAsync(db, TestConsole.ShopId, filter, union, now, page * size, size, CancellationToken.None);

                Assert.Equal(selected.Count, shown.Total);
                Assert.Equal(expected, shown.Rows);
                shapes.Add(GridQuery.PageShape(filter, union, shown.Total));
            }
        }

        // Every shape of the page's statement, whatever the random filters below come to: a search matching one row
        // (matches then sort, or direct), and one matching hundreds (the deferred join). 150 random searches missed the
        // second now and then.
        var mine = rows.Where(r => r.ShopId == TestConsole.ShopId).ToList();
        await CheckAsync(new TransactionFilter { Search = mine[0].AccessId }, 0, 25);
        await CheckAsync(new TransactionFilter { Search = mine[0].OrderId[..1] }, 1, 25);
        Assert.Equal(Enum.GetValues<GridQuery.Shape>().ToHashSet(), shapes);

        await Gen.Select(Filters().Where(f => f.Search is not null), Gen.Int[0, 2], Gen.Int[1, 60])
            .SampleAsync(t => CheckAsync(t.Item1, t.Item2, t.Item3), iter: 150, threads: 1, print: t => $"{Describe(t.Item1)} page {t.Item2} size {t.Item3}");
    }

    /// <summary>
    /// Random grid filters over the rows: every condition, searches that hit (any column, a prefix) and miss. Each
    /// condition is left out half the time or more, so that wide views (hundreds of rows, deep pages) come up as often as
    /// narrow ones: with every condition drawn each time, nine filters in ten matched nothing.
    /// </summary>
    private Gen<TransactionFilter> Filters()
    {
        var mine = rows.Where(r => r.ShopId == TestConsole.ShopId).ToList();
        var searches = Gen.Frequency(
            (6, (IGen<string?>)Gen.Const((string?)null)),
            (1, Gen.Int[0, mine.Count - 1].Select(i => (string?)mine[i].OrderId[..Math.Min(mine[i].OrderId.Length, 1 + (i % 14))])),
            (1, Gen.Int[0, mine.Count - 1].Select(i => (string?)mine[i].AccessId)),
            (1, Gen.Int[0, mine.Count - 1].Select(i => mine[i].ChargePermissionId)),
            (1, Gen.Int[0, rows.Count - 1].Select(i => (string?)rows[i].OrderId)), // perhaps another shop's: never shown
            (1, Gen.OneOf<string?>("B2026", "nothing-like-it", "Z", "\u007f")));
        return Gen.Select(
            Gen.Frequency((2, (IGen<HashSet<TransactionState>>)Gen.Const(() => new HashSet<TransactionState>())), (1, Gen.Enum<TransactionState>().HashSet[1, 6])),
            Gen.Frequency((2, (IGen<HashSet<PaymentType>>)Gen.Const(() => new HashSet<PaymentType>())), (1, Gen.Enum<PaymentType>().HashSet[1, 2])),
            Gen.Frequency((2, (IGen<JobCd?>)Gen.Const((JobCd?)null)), (1, Gen.Const((JobCd?)JobCd.Auth)), (1, Gen.Const((JobCd?)JobCd.Capture))),
            // Ranges mostly the right way round (an end below zero is left out); one in five reversed, which matches nothing.
            Gen.Select(Gen.Int[-30, 60], Gen.Int[-30, 60], Gen.Int[0, 4]).Select((a, b, r) => r == 0 ? (from: Math.Max(a, b), to: Math.Min(a, b)) : (from: Math.Min(a, b), to: Math.Max(a, b))),
            Gen.Select(Gen.Int[-8, 8], Gen.Int[-8, 8], Gen.Int[0, 4]).Select((a, b, r) => r == 0 ? (min: Math.Max(a, b), max: Math.Min(a, b)) : (min: Math.Min(a, b), max: Math.Max(a, b))),
            searches,
            Gen.Select(Gen.Int[0, 3].Select(i => i == 0), Gen.Enum<TransactionSort>()))
            .Select((states, types, job, dates, amounts, search, rest) => new TransactionFilter
            {
                States = states,
                PaymentTypes = types,
                JobCd = job,
                From = dates.from < 0 ? null : DateOnly.FromDateTime(Start.AddDays(dates.from).DateTime),
                To = dates.to < 0 ? null : DateOnly.FromDateTime(Start.AddDays(dates.to).DateTime),
                MinAmount = amounts.min < 0 ? null : amounts.min * 1000L,
                MaxAmount = amounts.max < 0 ? null : amounts.max * 1000L + 100,
                Search = search,
                ExpiringSoon = rest.Item1 && states.Count == 0,
                Sort = rest.Item2,
            });
    }

    [Fact]
    public async Task Every_column_of_a_row_reads_back_as_stored_including_nulls_and_enum_names()
    {
        await using var db = await Factory.CreateDbContextAsync();
        var mine = await db.GatewayTransactions.AsNoTracking().Where(t => t.ShopId == TestConsole.ShopId).ToListAsync();

        var shown = await Directory.SearchAsync(owner, new TransactionFilter { Sort = TransactionSort.CreatedAsc }, 0, TransactionDirectory.MaxPageSize);

        Assert.Equal(mine.Count, shown!.Total);
        Assert.Equal(mine.OrderBy(r => r.CreatedAt).ThenBy(r => r.Id).Take(TransactionDirectory.MaxPageSize).Select(TransactionDirectory.RowOf), shown.Rows);
        Assert.Contains(shown.Rows, r => r.CaptureDeadline is null);
        Assert.Contains(shown.Rows, r => r.AuthorizationEndedAt is not null && r.ChargePermissionId is null);
    }

    /// <summary>The sorts as staff read them (TransactionSort), computed here from the rows, not from SQL.</summary>
    private static IEnumerable<GatewayTransaction> Sorted(IEnumerable<GatewayTransaction> rows, TransactionSort sort) => sort switch
    {
        TransactionSort.CreatedAsc => rows.OrderBy(r => r.CreatedAt).ThenBy(r => r.Id),
        TransactionSort.AmountDesc => rows.OrderByDescending(r => r.Amount + r.Tax).ThenByDescending(r => r.Id),
        TransactionSort.AmountAsc => rows.OrderBy(r => r.Amount + r.Tax).ThenBy(r => r.Id),
        TransactionSort.OrderIdAsc => rows.OrderBy(r => r.OrderId, StringComparer.Ordinal),
        TransactionSort.CaptureDeadlineAsc => rows.OrderBy(r => r.CaptureDeadline is null).ThenBy(r => r.CaptureDeadline).ThenBy(r => r.Id),
        _ => rows.OrderByDescending(r => r.CreatedAt).ThenByDescending(r => r.Id),
    };

    private static string Describe(TransactionFilter f) =>
        $"states [{string.Join(',', f.States)}] types [{string.Join(',', f.PaymentTypes)}] job {f.JobCd} {f.From}..{f.To} ¥{f.MinAmount}..{f.MaxAmount} "
        + $"q '{f.Search}' expiring {f.ExpiringSoon} sort {f.Sort}";
}
