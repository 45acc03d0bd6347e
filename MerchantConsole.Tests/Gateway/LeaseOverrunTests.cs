using MerchantConsole.Core.Payments;
using MerchantConsole.Gateway;
using MerchantConsole.Sandbox;
using Microsoft.EntityFrameworkCore;

namespace MerchantConsole.Tests.Gateway;

/// <summary>An operation lease of one second, so a slow Amazon answer outlasts it.</summary>
public sealed class ShortLeaseFixture : GatewayFixture
{
    protected override string[] Arguments => ["--Gateway:OperationLeaseSeconds=1", "--AmazonPay:TimeoutSeconds=20"];
}

/// <summary>
/// Amazon holds its answer past the operation's lease, recovery takes the operation over and records it, and only
/// then does the original call return. The caller (staff, or the customer's return page) gets what recovery recorded;
/// nothing is applied twice and nothing fails with a server error.
/// </summary>
public sealed class LeaseOverrunTests(ShortLeaseFixture fixture) : IClassFixture<ShortLeaseFixture>
{
    private GatewayHarness H => fixture.Harness;

    [Fact]
    public async Task A_capture_whose_answer_outlasts_its_lease_answers_what_recovery_recorded_and_captures_once()
    {
        var id = await H.AuthorizedAsync(7_000, 700);
        var chargeId = (await H.RowAsync(id)).ChargeId;
        await H.Sandbox.AddFaultAsync(SandboxFaultKind.SlowAnswer, remaining: 1, delayMilliseconds: 4_000);

        var capturing = H.CaptureAsync(id);
        await LeaseOverAfterAmazonCapturedAsync(id, chargeId!);
        await H.Worker.RunOnceAsync();
        Assert.Equal(TransactionState.Sales, (await H.RowAsync(id)).State);

        var answered = await capturing;

        Assert.Null(answered.Error);
        Assert.Equal(TransactionState.Sales, answered.Value!.State);
        await CapturedOnceAsync(H, id, chargeId!);
    }

    /// <summary>SALES for ¥7,700 on both sides, nothing left pending, and one journal line of the capture's success.</summary>
    internal static async Task CapturedOnceAsync(GatewayHarness h, long id, string chargeId)
    {
        var row = await h.RowAsync(id);
        Assert.Equal((TransactionState.Sales, 7_700L), (row.State, row.CapturedAmount + row.CapturedTax));
        await using var db = await h.DbAsync();
        var charge = await db.SandboxCharges.SingleAsync(c => c.Id == chargeId);
        Assert.Equal(("Captured", 7_700L), (charge.State, charge.CaptureAmount));
        Assert.False(await db.GatewayPendingOperations.AnyAsync(p => p.TransactionId == id));
        var journal = await h.JournalAsync(id);
        Assert.Single(journal, j => j.Operation == Operation.Capture && j.Outcome == GatewayOutcome.Succeeded);
    }

    /// <summary>Waits (bounded) until Amazon has done the capture it is still answering and the operation's lease has run out.</summary>
    private async Task LeaseOverAfterAmazonCapturedAsync(long id, string chargeId)
    {
        for (var waited = 0; waited < 200; waited++)
        {
            await using var db = await H.DbAsync();
            var captured = await db.SandboxCharges.AnyAsync(c => c.Id == chargeId && c.State == "Captured");
            var lease = await db.GatewayPendingOperations.Where(p => p.TransactionId == id).Select(p => (DateTimeOffset?)p.LeaseUntil).SingleOrDefaultAsync();
            if (captured && lease is { } until && until < DateTimeOffset.UtcNow)
            {
                return;
            }

            await Task.Delay(50);
        }

        throw new TimeoutException("Amazon never captured, or the operation's lease never ran out.");
    }
}

/// <summary>Amazon answers slowly enough for the test to change the transaction while its capture is pending.</summary>
public sealed class SlowAmazonFixture : GatewayFixture
{
    protected override string[] Arguments => ["--AmazonPay:TimeoutSeconds=20"];
}

/// <summary>
/// The outcome of an operation is written in the claim's unit of work, with the versions the claim read. When the row
/// changed while Amazon answered, that write must fail as a whole and the outcome be recorded from a fresh read.
/// </summary>
public sealed class ChangedWhilePendingTests(SlowAmazonFixture fixture) : IClassFixture<SlowAmazonFixture>
{
    private GatewayHarness H => fixture.Harness;

    [Fact]
    public async Task A_capture_whose_row_changed_while_Amazon_answered_records_its_outcome_once()
    {
        var id = await H.AuthorizedAsync(7_000, 700);
        var chargeId = (await H.RowAsync(id)).ChargeId;
        await H.Sandbox.AddFaultAsync(SandboxFaultKind.SlowAnswer, remaining: 1, delayMilliseconds: 1_500);

        var capturing = H.CaptureAsync(id);
        await using (var db = await H.DbAsync())
        {
            for (var waited = 0; !await db.GatewayPendingOperations.AnyAsync(p => p.TransactionId == id); waited++)
            {
                Assert.True(waited < 200, "The capture never claimed its transaction.");
                await Task.Delay(10);
            }

            // What the sync does to a row it looks at: a new version, and a note of when to look again.
            var touched = await db.GatewayTransactions.Where(t => t.Id == id)
                .ExecuteUpdateAsync(s => s.SetProperty(t => t.Version, t => t.Version + 1).SetProperty(t => t.SyncAttempts, 3));
            Assert.Equal(1, touched);
        }

        var answered = await capturing;

        Assert.Null(answered.Error);
        Assert.Equal(0, (await H.RowAsync(id)).SyncAttempts);
        await LeaseOverrunTests.CapturedOnceAsync(H, id, chargeId!);
    }
}
