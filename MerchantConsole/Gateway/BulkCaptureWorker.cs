using MerchantConsole.Core.Payments;
using MerchantConsole.Data;
using MerchantConsole.Shops;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace MerchantConsole.Gateway;

/// <summary>
/// Works waiting bulk-capture rows: each is claimed with a lease (so two instances, or a restart, never capture a row
/// twice through this path — and the gateway's own pending-operation claim refuses a second capture anyway), captured
/// through the gateway as the staff member who started the job, and its result recorded.
/// </summary>
public sealed class BulkCaptureWorker(IServiceScopeFactory scopes, TimeProvider clock, IOptions<GatewayOptions> options, ILogger<BulkCaptureWorker> logger)
    : BackgroundService
{
    // A claim outlives the gateway operation it starts (which recovery takes over once the operation lease is up), so a
    // row claimed by a process that died is taken up again soon after the operation itself, not minutes later.
    private TimeSpan Lease => TimeSpan.FromSeconds(2 * options.Value.OperationLeaseSeconds);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(1), clock);
        do
        {
            try
            {
                while (await RunOnceAsync(stoppingToken) > 0)
                {
                    // Keep going while there is work.
                }
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                logger.LogError(e, "Bulk capture pass failed; the next pass retries.");
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    /// <summary>Captures up to a batch of waiting rows; returns how many it took.</summary>
    public async Task<int> RunOnceAsync(CancellationToken cancellationToken = default)
    {
        using var scope = scopes.CreateScope();
        var dbFactory = scope.ServiceProvider.GetRequiredService<IDbContextFactory<ApplicationDbContext>>();
        var gateway = scope.ServiceProvider.GetRequiredService<PaymentGateway>();
        List<BulkCaptureItem> due;
        await using (var db = await dbFactory.CreateDbContextAsync(cancellationToken))
        {
            var now = clock.GetUtcNow();
            due = await db.BulkCaptureItems.AsNoTracking()
                .Where(i => i.Status == BulkItemStatus.Waiting && (i.LeaseUntil == null || i.LeaseUntil < now))
                .OrderBy(i => i.Id).Take(20).ToListAsync(cancellationToken);
        }

        var done = 0;
        foreach (var item in due)
        {
            await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
            var now = clock.GetUtcNow();
            var claimed = await db.BulkCaptureItems.Where(i => i.Id == item.Id && i.Status == BulkItemStatus.Waiting && i.LeaseUntil == item.LeaseUntil)
                .ExecuteUpdateAsync(set => set.SetProperty(i => i.LeaseUntil, now + Lease).SetProperty(i => i.Attempts, i => i.Attempts + 1), cancellationToken);
            if (claimed == 0)
            {
                continue;
            }

            var job = await db.BulkCaptureJobs.AsNoTracking().SingleAsync(j => j.Id == item.JobId, cancellationToken);
            var result = await gateway.CaptureAsync(job.ShopId, item.TransactionId, null, null,
                GatewayActor.Staff(new ActorRef(job.CreatedById, job.CreatedByName)), cancellationToken);
            var tracked = await db.BulkCaptureItems.SingleAsync(i => i.Id == item.Id, cancellationToken);
            if (!result.IsSuccess && result.Error.Kind == GatewayErrorKind.Concurrent && tracked.Attempts < 5)
            {
                tracked.LeaseUntil = clock.GetUtcNow().AddSeconds(5); // another operation holds the row: try again shortly
            }
            else if (!result.IsSuccess && result.Error.Kind == GatewayErrorKind.State
                && await db.GatewayTransactions.AsNoTracking().SingleAsync(t => t.Id == item.TransactionId, cancellationToken) is { } row
                && row.State is TransactionState.Sales or TransactionState.ReqSales)
            {
                // An earlier claim captured it (and died before recording so, or recovery finished its capture): the row is
                // captured, once, and the job says so rather than reporting a failure.
                tracked.Status = BulkItemStatus.Succeeded;
                tracked.Message = $"{row.State} (captured by an earlier attempt)";
                tracked.DoneAt = clock.GetUtcNow();
            }
            else
            {
                tracked.Status = result.IsSuccess ? BulkItemStatus.Succeeded : BulkItemStatus.Failed;
                tracked.ErrorCode = result.Error?.ErrInfo;
                tracked.Message = result.IsSuccess ? result.Value.State.ToString()
                    : $"{result.Error.Japanese} / {result.Error.English}{(result.Error.Detail is null ? "" : $" ({result.Error.Detail})")}";
                tracked.DoneAt = clock.GetUtcNow();
            }

            await db.SaveChangesAsync(cancellationToken);
            if (!await db.BulkCaptureItems.AnyAsync(i => i.JobId == item.JobId && i.Status == BulkItemStatus.Waiting, cancellationToken))
            {
                await db.BulkCaptureJobs.Where(j => j.Id == item.JobId && j.FinishedAt == null)
                    .ExecuteUpdateAsync(set => set.SetProperty(j => j.FinishedAt, clock.GetUtcNow()), cancellationToken);
            }

            done++;
        }

        return done;
    }
}
