using MerchantConsole.Core.AmazonPay;
using MerchantConsole.Core.Payments;
using MerchantConsole.Data;
using MerchantConsole.Gateway;
using MerchantConsole.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace MerchantConsole.Tests.Gateway;

/// <summary>
/// The gateway dies between Amazon's answer and the commit (what <c>--Gateway:Testing:CrashAfterAmazonCall=Capture</c>
/// does with <c>Environment.FailFast</c>), then starts again on the same database and recovers.
///
/// Variant built: in-process. The dying process cannot be a separate one yet, because nothing outside the
/// process can ask it to capture (the merchant API that would carry 実売上 over HTTP does not exist on this
/// branch, and FailFast inside the test host would kill the test run). So the first console does exactly what
/// the engine does up to the hook — writes the pending operation with its idempotency key and the Requested
/// journal line, then calls Amazon through the engine's own <see cref="AmazonSteps"/> — and is then shut down
/// without committing the outcome. A second console on the same SQLite file (a fresh app: new DI container,
/// new Data Protection ring read from the database, new sandbox address) runs the worker's recovery pass once
/// the operation's lease has run out.
/// </summary>
public sealed class CrashRecoveryTests
{
    private const int LeaseSeconds = 6;

    [Fact]
    public async Task A_capture_interrupted_after_or_before_Amazon_answered_is_finished_by_recovery_after_a_restart_capturing_exactly_once()
    {
        var folder = Directory.CreateTempSubdirectory("mc-crash-").FullName;
        var database = Path.Combine(folder, "console.db");
        long answered, unanswered;
        GatewayPendingOperation lastClaim;
        try
        {
            await using (var dying = await GatewayHarness.StartOnDatabaseAsync(database, $"--Gateway:OperationLeaseSeconds={LeaseSeconds}"))
            {
                answered = await dying.AuthorizedAsync(12_000, 1_200);
                unanswered = await dying.AuthorizedAsync(3_000, 300);

                // Amazon captured, the process died before FinishAsync.
                var op = await ClaimCaptureAsync(dying, answered);
                var step = await CallAmazonAsync(dying, op, answered);
                Assert.Equal(Outcome.Confirmed, step.Outcome);

                // The process died after the claim, before Amazon heard of the capture.
                lastClaim = await ClaimCaptureAsync(dying, unanswered);
            }

            await using var restarted = await TestConsole.StartAsync(false,
                $"--ConnectionStrings:Default=DataSource={database}", "--Gateway:Sync:FirstDelaySeconds=0", "--Gateway:Sync:IntervalSeconds=3600");
            var dbFactory = restarted.Services.GetRequiredService<IDbContextFactory<ApplicationDbContext>>();

            // Nothing moved while the leases were held (the restarted worker's first pass left them alone).
            await using (var db = await dbFactory.CreateDbContextAsync())
            {
                Assert.Equal(2, await db.GatewayPendingOperations.CountAsync());
                var stored = await db.GatewayPendingOperations.AsNoTracking().SingleAsync(p => p.TransactionId == unanswered);
                Assert.True(stored.LeaseUntil <= lastClaim.LeaseUntil, "a recovery pass claimed the operation before its lease ran out");
                Assert.All(await db.GatewayTransactions.Where(t => t.Id == answered || t.Id == unanswered).ToListAsync(), t => Assert.Equal(TransactionState.Auth, t.State));
            }

            // Waiting for the leases to run out is the point of a lease; nothing else is waited for.
            var untilExpired = lastClaim.LeaseUntil - DateTimeOffset.UtcNow;
            if (untilExpired > TimeSpan.Zero)
            {
                await Task.Delay(untilExpired + TimeSpan.FromMilliseconds(100));
            }

            await restarted.Services.GetRequiredService<GatewayWorker>().RunOnceAsync();

            await using (var db = await dbFactory.CreateDbContextAsync())
            {
                Assert.False(await db.GatewayPendingOperations.AnyAsync());
                foreach (var (id, total) in new[] { (answered, 13_200L), (unanswered, 3_300L) })
                {
                    var row = await db.GatewayTransactions.SingleAsync(t => t.Id == id);
                    Assert.Equal((TransactionState.Sales, total), (row.State, row.CapturedAmount + row.CapturedTax));
                    var charge = await db.SandboxCharges.SingleAsync(c => c.Id == row.ChargeId);
                    Assert.Equal(("Captured", total), (charge.State, charge.CaptureAmount!.Value));
                    Assert.Single(await db.SandboxCharges.Where(c => c.ChargePermissionId == charge.ChargePermissionId).ToListAsync());

                    var journal = await db.GatewayJournal.Where(j => j.TransactionId == id && j.Operation == Operation.Capture).OrderBy(j => j.Id).ToListAsync();
                    Assert.Equal(2, journal.Count);
                    Assert.Equal((GatewayOutcome.Requested, GatewayActorKind.Staff), (journal[0].Outcome, journal[0].ActorKind));
                    Assert.Equal((GatewayOutcome.Succeeded, TransactionState.Auth, TransactionState.Sales), (journal[1].Outcome, journal[1].StateBefore, journal[1].StateAfter));
                    Assert.Equal(journal[0].IdempotencyKey, journal[1].IdempotencyKey);
                }

                // Recovered outcomes are notified: nobody got a synchronous answer.
                Assert.Equal(2, await db.GatewayNotifications.CountAsync(n => n.CreatedAt >= lastClaim.StartedAt));
            }
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            try
            {
                Directory.Delete(folder, recursive: true);
            }
            catch (IOException)
            {
                // Left to the temp folder's cleanup.
            }
        }
    }

    /// <summary>What PaymentGateway.CaptureAsync commits before it calls Amazon: the pending operation and the Requested line.</summary>
    private static async Task<GatewayPendingOperation> ClaimCaptureAsync(GatewayHarness h, long id)
    {
        var lease = h.Service<IOptions<GatewayOptions>>().Value.OperationLeaseSeconds;
        await using var db = await h.DbAsync();
        var row = await db.GatewayTransactions.SingleAsync(t => t.Id == id);
        var now = DateTimeOffset.UtcNow;
        var op = new GatewayPendingOperation
        {
            Subject = "T" + row.Id,
            ShopId = row.ShopId,
            TransactionId = row.Id,
            Operation = Operation.Capture,
            IdempotencyKey = AmazonPayClient.NewIdempotencyKey(),
            Arguments = new OperationArguments().ToJson(),
            ActorKind = h.Staff.Kind,
            ActorId = h.Staff.Id,
            ActorName = h.Staff.Name,
            StartedAt = now,
            LeaseUntil = now.AddSeconds(lease),
        };
        db.GatewayPendingOperations.Add(op);
        h.Service<GatewayRecorder>().Journal(db, row, h.Staff, Operation.Capture, GatewayOutcome.Requested, row.State, null, null, null, op.IdempotencyKey);
        row.Version++;
        Assert.Equal(PaymentGateway.Claim.Taken, await PaymentGateway.ClaimAsync(db, op, CancellationToken.None));
        return op;
    }

    /// <summary>The engine's Amazon step for the claimed operation, whose outcome is then never committed.</summary>
    private static async Task<StepResult> CallAmazonAsync(GatewayHarness h, GatewayPendingOperation op, long id)
    {
        await using var db = await h.DbAsync();
        var row = await db.GatewayTransactions.AsNoTracking().SingleAsync(t => t.Id == id);
        var shop = await h.Gateway.ShopContextAsync(db, row.ShopId, CancellationToken.None);
        using (shop.Context!.Credentials.Key)
        {
            return await h.Service<AmazonSteps>().RunAsync(op, row, shop.Context, recovering: false, CancellationToken.None);
        }
    }
}
