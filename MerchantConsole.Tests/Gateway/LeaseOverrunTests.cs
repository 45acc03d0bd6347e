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
        var row = await H.RowAsync(id);
        Assert.Equal((TransactionState.Sales, 7_700L), (row.State, row.CapturedAmount + row.CapturedTax));
        await using var db = await H.DbAsync();
        var charge = await db.SandboxCharges.SingleAsync(c => c.Id == chargeId);
        Assert.Equal(("Captured", 7_700L), (charge.State, charge.CaptureAmount));
        Assert.False(await db.GatewayPendingOperations.AnyAsync(p => p.TransactionId == id));
        var journal = await H.JournalAsync(id);
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
