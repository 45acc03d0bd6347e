using System.Collections.Concurrent;
using MerchantConsole.Data;
using MerchantConsole.Tests.Gateway;
using MerchantConsole.Transactions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace MerchantConsole.Tests.Components;

/// <summary>
/// The instance's row watch behind every open grid, against the real console's database: one version query per shop
/// per tick however many grids are open, and a reload only for the grids whose rows changed.
/// </summary>
[Collection(DialogCollection.Name)]
public sealed class RowWatchTests(DialogFixture fixture) : IDisposable
{
    private readonly GatewayHarness harness = fixture.Harness;
    private readonly FakeTimeProvider clock = new(DateTimeOffset.UtcNow);
    private readonly ConcurrentDictionary<string, int> reloads = new();
    private RowWatch? watch;

    private RowWatch Watch => watch ??= new RowWatch(harness.Service<IDbContextFactory<ApplicationDbContext>>(), clock, NullLogger<RowWatch>.Instance);

    public void Dispose() => watch?.Dispose();

    private async Task<TransactionPage> GridShowingAsync(params long[] ids)
    {
        var rows = new List<TransactionRow>();
        string? shop = null;
        foreach (var id in ids)
        {
            var orderId = (await harness.RowAsync(id)).OrderId;
            var page = (await harness.Service<TransactionDirectory>().SearchAsync(harness.Sandbox.Owner, new TransactionFilter { Search = orderId }, 0, 25))!;
            rows.Add(Assert.Single(page.Rows));
            shop = page.ShopId;
        }

        return new TransactionPage(rows, rows.Count, shop!);
    }

    private IDisposable Grid(string name, TransactionPage? shown) => Watch.Subscribe(() => shown, () =>
    {
        reloads.AddOrUpdate(name, 1, (_, n) => n + 1);
        return Task.CompletedTask;
    });

    /// <summary>Moves the clock one interval and waits for that tick to finish, its reloads included.</summary>
    private async Task TickAsync()
    {
        var before = Watch.Ticks;
        clock.Advance(RowWatch.Interval);
        for (var waited = 0; Watch.Ticks == before && waited < 200; waited++)
        {
            await Task.Delay(50);
        }

        Assert.True(Watch.Ticks > before, "the tick did not finish within 10 s");
    }

    [Fact]
    public async Task One_query_per_shop_per_tick_for_any_number_of_grids_and_only_grids_whose_rows_changed_reload()
    {
        var untouched = await harness.AuthorizedAsync(1_000);
        var captured = await harness.AuthorizedAsync(2_000);
        using var first = Grid("untouched only", await GridShowingAsync(untouched));
        using var second = Grid("captured only", await GridShowingAsync(captured));
        using var third = Grid("both", await GridShowingAsync(untouched, captured));
        using var empty = Grid("nothing on screen", null);

        await TickAsync();
        var quiet = (Watch.Queries, reloads.Count);
        Assert.True((await harness.CaptureAsync(captured)).IsSuccess);
        await TickAsync();

        Assert.Equal((1, 0), quiet);
        Assert.Equal(2, Watch.Queries);
        Assert.Equal(new Dictionary<string, int> { ["captured only"] = 1, ["both"] = 1 }, reloads.ToDictionary());
    }

    [Fact]
    public async Task A_closed_grid_is_told_nothing_and_rows_are_only_ever_read_in_the_shop_the_grid_read_them_from()
    {
        var id = await harness.AuthorizedAsync(3_000);
        var page = await GridShowingAsync(id);
        var closed = Grid("closed", page);
        using var elsewhere = Grid("same rows under another shop", page with { ShopId = "another-shop" });
        closed.Dispose();

        await TickAsync();

        // The other shop has no such row: it counts as changed, and the grid's reload asks with its own permission again.
        Assert.Equal(new Dictionary<string, int> { ["same rows under another shop"] = 1 }, reloads.ToDictionary());
        Assert.Equal(1, Watch.Queries); // "another-shop" only: the closed grid asked for nothing
    }

    [Fact]
    public async Task The_watch_stops_ticking_when_the_last_grid_closes_and_starts_again_with_the_next()
    {
        var first = Grid("first", null);
        await TickAsync();
        first.Dispose();
        var ticks = Watch.Ticks;

        clock.Advance(RowWatch.Interval * 3);
        await Task.Delay(300);

        Assert.Equal(ticks, Watch.Ticks);
        using var second = Grid("second", null);
        await TickAsync();
        Assert.Equal(ticks + 1, Watch.Ticks);
    }

    [Fact]
    public async Task Grids_whose_rows_changed_reload_a_few_at_a_time_not_all_at_once()
    {
        var id = await harness.AuthorizedAsync(4_000);
        var page = await GridShowingAsync(id);
        var running = 0;
        var most = 0;
        var done = 0;
        var grids = Enumerable.Range(0, 12).Select(_ => Watch.Subscribe(() => page, async () =>
        {
            var now = Interlocked.Increment(ref running);
            InterlockedMax(ref most, now);
            await Task.Delay(50);
            Interlocked.Decrement(ref running);
            Interlocked.Increment(ref done);
        })).ToList();
        Assert.True((await harness.CaptureAsync(id)).IsSuccess);

        await TickAsync();

        grids.ForEach(g => g.Dispose());
        Assert.Equal(12, done);
        Assert.InRange(most, 1, RowWatch.ReloadsAtOnce);
    }

    private static void InterlockedMax(ref int target, int value)
    {
        for (var seen = Volatile.Read(ref target); value > seen; seen = Volatile.Read(ref target))
        {
            if (Interlocked.CompareExchange(ref target, value, seen) == seen)
            {
                return;
            }
        }
    }
}
