using MerchantConsole.Core.Payments;
using MerchantConsole.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace MerchantConsole.Gateway;

/// <summary>
/// The sync (同期処理) and recovery: completes operations interrupted between the Amazon call and the commit,
/// settles REQCAPTURE / REQSALES / REQRETURN and pending authorizations by asking Amazon, and marks
/// authorizations past their 30 days. Work is claimed with a lease, so several instances never take the same item.
/// </summary>
public sealed class GatewayWorker(
    IServiceScopeFactory scopes,
    IOptions<GatewayOptions> options,
    TimeProvider clock,
    ILogger<GatewayWorker> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(options.Value.Sync.IntervalSeconds), clock);
        do
        {
            try
            {
                await RunOnceAsync(stoppingToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                logger.LogError(e, "Gateway sync pass failed; the next pass retries.");
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    /// <summary>One pass over everything due. Tests call it directly instead of waiting for the timer.</summary>
    public async Task RunOnceAsync(CancellationToken cancellationToken = default)
    {
        using var scope = scopes.CreateScope();
        var sync = scope.ServiceProvider.GetRequiredService<GatewaySync>();
        await sync.RecoverAsync(cancellationToken);
        await sync.SettleDueAsync(cancellationToken);
        await sync.MarkExpiredAuthorizationsAsync(cancellationToken);
    }
}

/// <summary>The work of one sync pass, each item claimed with a lease before it is touched.</summary>
public sealed class GatewaySync(
    IDbContextFactory<ApplicationDbContext> dbFactory,
    PaymentGateway gateway,
    PermissionOperations permissions,
    AmazonSteps steps,
    GatewayRecorder recorder,
    IOptions<GatewayOptions> options,
    TimeProvider clock,
    ILogger<GatewaySync> logger)
{
    private TimeSpan Lease => TimeSpan.FromSeconds(options.Value.OperationLeaseSeconds);

    /// <summary>Pending operations whose lease ran out: their process died or Amazon did not answer.</summary>
    public async Task RecoverAsync(CancellationToken cancellationToken = default)
    {
        List<GatewayPendingOperation> due;
        await using (var db = await dbFactory.CreateDbContextAsync(cancellationToken))
        {
            var now = clock.GetUtcNow();
            due = await db.GatewayPendingOperations.AsNoTracking().Where(p => p.LeaseUntil <= now).OrderBy(p => p.Id).Take(50).ToListAsync(cancellationToken);
        }

        foreach (var op in due)
        {
            if (!await ClaimOperationAsync(op, cancellationToken))
            {
                continue;
            }

            try
            {
                await RecoverOneAsync(op, cancellationToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                logger.LogError(e, "Recovery of pending operation {OperationId} ({Operation}) failed; it is retried when its lease ends.", op.Id, op.Operation);
            }
        }
    }

    private async Task RecoverOneAsync(GatewayPendingOperation op, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var shop = await gateway.ShopContextAsync(db, op.ShopId, cancellationToken);
        if (shop.Context is not { } context)
        {
            logger.LogWarning("Pending operation {OperationId} waits: shop {ShopId} has no usable Amazon Pay key.", op.Id, op.ShopId);
            return;
        }

        if (op.Operation == Operation.EndRegistration)
        {
            var permission = await db.GatewayPermissions.AsNoTracking().SingleAsync(p => p.Id == op.PermissionId, cancellationToken);
            var closed = await steps.ClosePermissionAsync(context.Credentials, permission.ChargePermissionId, recovering: true, cancellationToken);
            await permissions.FinishAsync(op, closed, cancellationToken);
            return;
        }

        var row = await db.GatewayTransactions.AsNoTracking().SingleAsync(t => t.Id == op.TransactionId, cancellationToken);
        if (op.Operation is Operation.ExecTran or Operation.StartPayment && row.PaymentType != PaymentType.Recurring)
        {
            // Nothing moved money: the step fails and the merchant (or customer) may simply try again.
            var abandoned = new StepResult(Outcome.Failed, clock.GetUtcNow()) { FailureReason = "Interrupted", Error = GatewayErrors.AmazonUnavailable };
            await recorder.FinishAsync(op, abandoned, cancellationToken, recovered: true);
            return;
        }

        var step = await steps.RunAsync(op, row, context with { ReturnUrl = null }, recovering: true, cancellationToken);
        logger.LogInformation("Recovered pending {Operation} on transaction {TransactionId}: {Outcome}.", op.Operation, op.TransactionId, step.Outcome?.ToString() ?? "still unknown");
        await recorder.FinishAsync(op, step, cancellationToken, recovered: true);
    }

    /// <summary>REQ* rows and pending authorizations whose time to ask has come.</summary>
    public async Task SettleDueAsync(CancellationToken cancellationToken = default)
    {
        List<long> due;
        await using (var db = await dbFactory.CreateDbContextAsync(cancellationToken))
        {
            var now = clock.GetUtcNow();
            due = await db.GatewayTransactions.AsNoTracking()
                .Where(t => t.SyncDueAt != null && t.SyncDueAt <= now && (t.SyncLeaseUntil == null || t.SyncLeaseUntil < now))
                .OrderBy(t => t.SyncDueAt).Select(t => t.Id).Take(100).ToListAsync(cancellationToken);
        }

        foreach (var id in due)
        {
            try
            {
                await SettleOneAsync(id, cancellationToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                logger.LogError(e, "Sync of transaction {TransactionId} failed; it is retried at its next due time.", id);
            }
        }
    }

    /// <summary>Asks Amazon about one accepted step now, whatever its due time (the console's 同期 button).</summary>
    public async Task<bool> SettleOneAsync(long transactionId, CancellationToken cancellationToken = default)
    {
        var now = clock.GetUtcNow();
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var claimed = await db.GatewayTransactions
            .Where(t => t.Id == transactionId && t.SyncDueAt != null && (t.SyncLeaseUntil == null || t.SyncLeaseUntil < now))
            .ExecuteUpdateAsync(set => set.SetProperty(t => t.SyncLeaseUntil, now + Lease), cancellationToken);
        if (claimed == 0)
        {
            return false;
        }

        var row = await db.GatewayTransactions.AsNoTracking().Include(t => t.Refunds).SingleAsync(t => t.Id == transactionId, cancellationToken);
        var shop = await gateway.ShopContextAsync(db, row.ShopId, cancellationToken);
        if (shop.Context is not { } context)
        {
            return false;
        }

        var pendingRefund = row.PendingRefundId is { } refundId ? row.Refunds.Single(r => r.Id == refundId) : null;
        var step = await steps.CheckAsync(context.Credentials, row, pendingRefund, cancellationToken);
        await recorder.SettleAsync(transactionId, step, cancellationToken);
        return step.Outcome is not null;
    }

    /// <summary>AUTH past its 30 days: capture is refused from now on (the core says so too), cancel stays possible.</summary>
    public async Task MarkExpiredAuthorizationsAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var now = clock.GetUtcNow();
        var expired = await db.GatewayTransactions
            .Where(t => t.State == TransactionState.Auth && !t.AuthorizationExpired && t.CaptureDeadline != null && t.CaptureDeadline < now)
            .OrderBy(t => t.Id).Take(500).ToListAsync(cancellationToken);
        foreach (var row in expired)
        {
            row.AuthorizationExpired = true;
            row.Version++;
            recorder.Journal(db, row, GatewayActor.Sync, Operation.Sync, GatewayOutcome.Succeeded, row.State, row.State, null, null,
                error: GatewayErrors.CaptureWindowPassed);
        }

        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateConcurrencyException)
        {
            // Another instance or an operation touched a row first: the next pass sees it again.
        }
    }

    private async Task<bool> ClaimOperationAsync(GatewayPendingOperation op, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var until = clock.GetUtcNow() + Lease;
        var claimed = await db.GatewayPendingOperations
            .Where(p => p.Id == op.Id && p.LeaseUntil == op.LeaseUntil)
            .ExecuteUpdateAsync(set => set.SetProperty(p => p.LeaseUntil, until), cancellationToken);
        return claimed == 1;
    }
}
