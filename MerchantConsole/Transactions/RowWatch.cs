using MerchantConsole.Data;
using Microsoft.EntityFrameworkCore;

namespace MerchantConsole.Transactions;

/// <summary>
/// Rows on the staff's screens update by themselves. Every <see cref="Interval"/> (on the app's clock) this instance
/// reads, in one query per shop, the versions of every row its open grids show, and tells each grid whose rows changed
/// (the sync settled them, another member of staff or instance acted) to reload. One query per shop per tick, however
/// many staff have the grid open: 100 open grids of one shop asked 33 times a second before, each with its own
/// permission check.
/// <para>
/// A grid hands over its rows with the shop it read them from, under the actor's permission at the time; the watch
/// reads only that shop's rows and answers only "reload". A row no longer in that shop's answer counts as changed, and
/// the reload then asks with the actor's permission again.
/// </para>
/// </summary>
public sealed partial class RowWatch(IDbContextFactory<ApplicationDbContext> dbFactory, TimeProvider clock, ILogger<RowWatch> logger) : IDisposable
{
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(3);

    /// <summary>How many grids reload at the same time after a tick: one per core.</summary>
    public static int ReloadsAtOnce => Environment.ProcessorCount;

    private readonly ILogger log = logger;
    private readonly Lock gate = new();
    private readonly HashSet<Subscription> subscriptions = [];
    private readonly CancellationTokenSource stopping = new();
    private PeriodicTimer? timer;
    private int queries;
    private int ticks;

    /// <summary>Version queries made so far (for tests).</summary>
    internal int Queries => Volatile.Read(ref queries);

    /// <summary>Ticks finished so far, their reloads included (for tests).</summary>
    internal int Ticks => Volatile.Read(ref ticks);

    /// <summary>Grids watched now (for tests).</summary>
    internal int Watching
    {
        get
        {
            lock (gate)
            {
                return subscriptions.Count;
            }
        }
    }

    /// <summary>
    /// Watches what <paramref name="shown"/> answers at each tick (null or empty: nothing on screen) and calls
    /// <paramref name="changed"/> when one of those rows changed; disposing the answer stops it.
    /// </summary>
    public IDisposable Subscribe(Func<TransactionPage?> shown, Func<Task> changed)
    {
        var subscription = new Subscription(this, shown, changed);
        lock (gate)
        {
            subscriptions.Add(subscription);
            if (timer is null)
            {
                timer = new PeriodicTimer(Interval, clock);
                _ = RunAsync(timer);
            }
        }

        return subscription;
    }

    /// <summary>The last grid closing stops the clock (a disposed timer ends its loop); the next grid starts a new one.</summary>
    private void Unsubscribe(Subscription subscription)
    {
        lock (gate)
        {
            if (subscriptions.Remove(subscription) && subscriptions.Count == 0)
            {
                timer?.Dispose();
                timer = null;
            }
        }
    }

    private async Task RunAsync(PeriodicTimer periodic)
    {
        var token = stopping.Token;
        try
        {
            while (await periodic.WaitForNextTickAsync(token))
            {
                try
                {
                    await TickAsync(token);
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    LogTickFailed(log, e);
                }

                Interlocked.Increment(ref ticks);
            }
        }
        catch (OperationCanceledException)
        {
            // The app is stopping.
        }
    }

    private async Task TickAsync(CancellationToken cancellationToken)
    {
        Subscription[] current;
        lock (gate)
        {
            current = [.. subscriptions];
        }

        var onScreen = current.Select(s => (Subscription: s, Page: s.Shown())).Where(s => s.Page is { Rows.Count: > 0 }).ToList();
        var changed = new List<Subscription>();
        foreach (var shop in onScreen.GroupBy(s => s.Page!.ShopId, StringComparer.Ordinal))
        {
            var ids = shop.SelectMany(s => s.Page!.Rows).Select(r => r.Id).Distinct().ToList();
            Dictionary<long, long> versions;
            await using (var db = await dbFactory.CreateDbContextAsync(cancellationToken))
            {
                versions = await db.GatewayTransactions.AsNoTracking().Where(t => t.ShopId == shop.Key && ids.Contains(t.Id))
                    .Select(t => new { t.Id, t.Version }).ToDictionaryAsync(t => t.Id, t => t.Version, cancellationToken);
            }

            Interlocked.Increment(ref queries);
            changed.AddRange(shop.Where(s => s.Page!.Rows.Any(r => !versions.TryGetValue(r.Id, out var version) || version != r.Version))
                .Select(s => s.Subscription));
        }

        // A few grids reload at a time, not all that changed at once: every grid of a busy shop changes at each tick, and
        // a hundred reloads together held the cores long enough for the sandbox's calls in flight to time out. The next
        // tick waits for these: a grid is not told again while it is still reloading, and a busy instance ticks slower.
        await Parallel.ForEachAsync(changed, new ParallelOptions { MaxDegreeOfParallelism = ReloadsAtOnce, CancellationToken = cancellationToken },
            async (subscription, _) => await subscription.NotifyAsync());
    }

    public void Dispose()
    {
        stopping.Cancel();
        lock (gate)
        {
            timer?.Dispose();
        }

        stopping.Dispose();
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "The grid's row watch failed this tick; it tries again at the next.")]
    private static partial void LogTickFailed(ILogger logger, Exception exception);

    [LoggerMessage(Level = LogLevel.Debug, Message = "A grid could not reload after its rows changed: its circuit has closed.")]
    private static partial void LogCircuitGone(ILogger logger, Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "A grid failed to reload after its rows changed.")]
    private static partial void LogReloadFailed(ILogger logger, Exception exception);

    private sealed class Subscription(RowWatch watch, Func<TransactionPage?> shown, Func<Task> changed) : IDisposable
    {
        public TransactionPage? Shown() => shown();

        public async Task NotifyAsync()
        {
            try
            {
                await changed();
            }
            catch (Exception e) when (e is ObjectDisposedException or OperationCanceledException)
            {
                LogCircuitGone(watch.log, e);
            }
            catch (Exception e)
            {
                LogReloadFailed(watch.log, e);
            }
        }

        public void Dispose() => watch.Unsubscribe(this);
    }
}
