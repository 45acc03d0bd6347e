using MerchantConsole.Core.Payments;
using MerchantConsole.Gateway;
using MerchantConsole.Sandbox;
using Microsoft.EntityFrameworkCore;

namespace MerchantConsole.Tests.Gateway;

/// <summary>Amazon does the work and records it, but its answer is held back past the client's one-second timeout.</summary>
public sealed class ShortTimeoutFixture : GatewayFixture
{
    protected override string[] Arguments => ["--AmazonPay:Sandbox:RefundSettleSeconds=0", "--AmazonPay:TimeoutSeconds=1"];
}

/// <summary>
/// The other half of crash safety, through the unmodified pipeline: Amazon performed the step but the gateway never
/// heard back (a slow answer, then every retry refused with 503). The operation stays pending with its
/// idempotency key; the worker's recovery pass learns the outcome and records it once.
/// </summary>
public sealed class UnansweredCallRecoveryTests(ShortTimeoutFixture fixture) : IClassFixture<ShortTimeoutFixture>
{
    private GatewayHarness H => fixture.Harness;

    private async Task AmazonWillNotAnswerAsync()
    {
        await H.Sandbox.AddFaultAsync(SandboxFaultKind.SlowAnswer, remaining: 1, delayMilliseconds: 2_500);
        await H.Sandbox.AddFaultAsync(SandboxFaultKind.ServiceUnavailable, remaining: 20);
    }

    /// <summary>What the control's DELETE /faults does; done on its table because that call, too, would draw a 503.</summary>
    private async Task AmazonAnswersAgainAsync()
    {
        await using var db = await H.DbAsync();
        await db.SandboxFaults.ExecuteDeleteAsync();
    }

    [Fact]
    public async Task A_capture_Amazon_made_without_answering_stays_AUTH_until_recovery_records_SALES_once()
    {
        var id = await H.AuthorizedAsync(7_000, 700);
        await AmazonWillNotAnswerAsync();

        var captured = await H.CaptureAsync(id);
        await AmazonAnswersAgainAsync();

        Assert.Equal(GatewayErrors.AmazonUnavailable.ErrInfo, captured.Error?.ErrInfo);
        Assert.Equal(TransactionState.Auth, (await H.RowAsync(id)).State);
        var told = Assert.Single(await H.JournalAsync(id), j => j.Outcome == GatewayOutcome.Unanswered);
        Assert.Equal((Operation.Capture, GatewayActorKind.Staff, GatewayErrors.AmazonUnavailable.ErrInfo, TransactionState.Auth),
            (told.Operation, told.ActorKind, told.ErrorCode, told.StateAfter));
        await H.Worker.RunOnceAsync();
        var row = await H.RowAsync(id);
        Assert.Equal((TransactionState.Sales, 7_700L), (row.State, row.CapturedAmount + row.CapturedTax));
        await using var db = await H.DbAsync();
        var charge = await db.SandboxCharges.SingleAsync(c => c.Id == row.ChargeId);
        Assert.Equal(("Captured", 7_700L), (charge.State, charge.CaptureAmount));
        Assert.False(await db.GatewayPendingOperations.AnyAsync(p => p.TransactionId == id));
        Journal.Shows(await H.JournalAsync(id), Operation.Capture, GatewayOutcome.Succeeded, GatewayActorKind.Staff, TransactionState.Auth, TransactionState.Sales);
    }

    [Fact]
    public async Task A_partial_refund_Amazon_made_without_answering_is_recorded_once_by_recovery()
    {
        var id = await H.SalesAsync(9_000);
        await AmazonWillNotAnswerAsync();

        var cancelled = await H.CancelAsync(id, 2_000, 0);
        await AmazonAnswersAgainAsync();

        Assert.Equal(GatewayErrors.AmazonUnavailable.ErrInfo, cancelled.Error?.ErrInfo);
        Assert.Contains(await H.JournalAsync(id), j => j.Operation == Operation.CancelPartial && j.Outcome == GatewayOutcome.Unanswered
            && j.ErrorCode == GatewayErrors.AmazonUnavailable.ErrInfo && j.Amount == 2_000);
        Assert.Equal((TransactionState.Sales, 0L), ((await H.RowAsync(id)).State, (await H.RowAsync(id)).CancelledAmount));
        await H.Worker.RunOnceAsync();
        var row = await H.RowAsync(id);
        Assert.Equal((TransactionState.Sales, 2_000L, 1), (row.State, row.CancelledAmount, row.PartialRefunds));
        var refund = Assert.Single(row.Refunds);
        Assert.Equal(GatewayRefundState.Refunded, refund.State);
        await using var db = await H.DbAsync();
        var atAmazon = Assert.Single(await db.SandboxRefunds.Where(r => r.ChargeId == row.ChargeId).ToListAsync());
        Assert.Equal((refund.AmazonRefundId, 2_000L), (atAmazon.Id, atAmazon.Amount));
    }
}
