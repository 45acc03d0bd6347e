using MerchantConsole.Core.Payments;
using MerchantConsole.Gateway;
using MerchantConsole.Sandbox;
using Microsoft.EntityFrameworkCore;

namespace MerchantConsole.Tests.Gateway;

/// <summary>
/// The accepted states (REQCAPTURE, REQSALES, REQRETURN) and the sync that settles them (※2), with
/// Interpretations 1 and 2 for the cases the manual leaves open. Amazon settles refunds late here, as it usually does.
/// </summary>
public sealed class SyncTransitionRowTests(SlowRefundsFixture fixture) : IClassFixture<SlowRefundsFixture>
{
    private GatewayHarness H => fixture.Harness;

    private async Task<long> ReqCaptureAsync(bool declines = false)
    {
        await H.AddFaultAsync(SandboxFaultKind.CapturePending);
        if (declines)
        {
            await H.AddFaultAsync(SandboxFaultKind.CaptureDecline);
        }

        var paid = await H.PaidAsync(JobCd.Capture, 4_000, 400);
        Assert.Equal(TransactionState.ReqCapture, (await H.RowAsync(paid.Id)).State);
        return paid.Id;
    }

    private async Task<long> ReqSalesAsync(bool declines = false, bool amountChangeEnabled = false)
    {
        var id = await H.AuthorizedAsync(4_000, 400, allowOvercharge: amountChangeEnabled);
        await H.AddFaultAsync(SandboxFaultKind.CapturePending);
        if (declines)
        {
            await H.AddFaultAsync(SandboxFaultKind.CaptureDecline);
        }

        Assert.Equal(TransactionState.ReqSales, (await H.CaptureAsync(id)).Value?.State);
        return id;
    }

    [Fact]
    public async Task Sync_moves_REQCAPTURE_to_CAPTURE_once_Amazon_captured()
    {
        var id = await ReqCaptureAsync();

        Assert.True(await H.SettleAtAmazonThenSyncAsync(id));

        var row = await H.RowAsync(id);
        Assert.Equal((TransactionState.Capture, 4_000L, 400L, (DateTimeOffset?)null), (row.State, row.CapturedAmount, row.CapturedTax, row.SyncDueAt));
        Assert.Contains(await H.JournalAsync(id), j => j.Operation == Operation.Sync && j.ActorKind == GatewayActorKind.Sync
            && j.StateBefore == TransactionState.ReqCapture && j.StateAfter == TransactionState.Capture && j.Outcome == GatewayOutcome.Succeeded);
    }

    [Fact]
    public async Task Sync_moves_REQSALES_to_SALES_once_Amazon_captured()
    {
        var id = await ReqSalesAsync();

        Assert.True(await H.SettleAtAmazonThenSyncAsync(id));

        var row = await H.RowAsync(id);
        Assert.Equal((TransactionState.Sales, 4_000L), (row.State, row.CapturedAmount));
        Assert.Contains(await H.JournalAsync(id), j => j.Operation == Operation.Sync && j.ActorKind == GatewayActorKind.Sync
            && j.StateBefore == TransactionState.ReqSales && j.StateAfter == TransactionState.Sales);
    }

    [Fact]
    public async Task Sync_before_Amazon_finished_leaves_REQSALES_and_asks_again_later()
    {
        var id = await ReqSalesAsync();

        Assert.False(await H.Sync.SettleOneAsync(id));

        var row = await H.RowAsync(id);
        Assert.Equal((TransactionState.ReqSales, 1), (row.State, row.SyncAttempts));
        Assert.NotNull(row.SyncDueAt);
        Assert.True(await H.SettleAtAmazonThenSyncAsync(id));
        Assert.Equal(TransactionState.Sales, (await H.RowAsync(id)).State);
    }

    [Fact]
    public async Task The_worker_pass_settles_what_is_due()
    {
        var id = await ReqSalesAsync();
        await H.Sandbox.ControlAsync(HttpMethod.Post, "settle");

        await H.Worker.RunOnceAsync();

        Assert.Equal(TransactionState.Sales, (await H.RowAsync(id)).State);
    }

    [Fact]
    public async Task Sync_finding_a_capture_declined_after_REQSALES_returns_to_AUTH_with_the_reason()
    {
        var id = await ReqSalesAsync(declines: true);

        Assert.True(await H.SettleAtAmazonThenSyncAsync(id));

        var row = await H.RowAsync(id);
        Assert.Equal((TransactionState.Auth, 0L), (row.State, row.CapturedAmount));
        Assert.Equal("ProcessingFailure", row.FailureReason);
        Assert.Contains(await H.JournalAsync(id), j => j.Operation == Operation.Sync && j.Outcome == GatewayOutcome.Failed
            && j.StateBefore == TransactionState.ReqSales && j.StateAfter == TransactionState.Auth);
    }

    [Fact]
    public async Task After_Amazon_declined_the_capture_the_AUTH_has_no_authorization_capture_is_refused_unsent_and_cancel_closes_it()
    {
        var id = await ReqSalesAsync(declines: true);
        Assert.True(await H.SettleAtAmazonThenSyncAsync(id));
        var row = await H.RowAsync(id);
        Assert.NotNull(row.AuthorizationEndedAt);
        await using (var db = await H.DbAsync())
        {
            Assert.Equal("Declined", (await db.SandboxCharges.AsNoTracking().SingleAsync(c => c.Id == row.ChargeId)).State);
        }

        var linesBefore = (await H.JournalAsync(id)).Count;
        var again = await H.CaptureAsync(id);

        Assert.Equal(GatewayErrors.AuthorizationEnded.ErrInfo, again.Error?.ErrInfo);
        var journal = await H.JournalAsync(id);
        Assert.DoesNotContain(journal.Skip(linesBefore), j => j.Outcome == GatewayOutcome.Requested);
        Assert.Contains(journal.Skip(linesBefore), j => j.Operation == Operation.Capture && j.Outcome == GatewayOutcome.Refused
            && j.ErrorCode == GatewayErrors.AuthorizationEnded.ErrInfo);

        var cancelled = await H.CancelAsync(id);

        Assert.Equal(TransactionState.Cancel, cancelled.Value?.State);
        await using var after = await H.DbAsync();
        Assert.Equal("Declined", (await after.SandboxCharges.AsNoTracking().SingleAsync(c => c.Id == row.ChargeId)).State);
    }

    [Fact]
    public async Task After_Amazon_declined_the_capture_an_amount_change_authorizes_afresh_and_capture_is_offered_again()
    {
        var id = await ReqSalesAsync(declines: true, amountChangeEnabled: true);
        Assert.True(await H.SettleAtAmazonThenSyncAsync(id));
        var declinedCharge = (await H.RowAsync(id)).ChargeId;

        var changed = await H.ChangeAmountAsync(id, 4_000, 400);

        Assert.True(changed.IsSuccess, changed.Error?.ToString());
        var row = await H.RowAsync(id);
        Assert.Equal((TransactionState.Auth, (DateTimeOffset?)null), (row.State, row.AuthorizationEndedAt));
        Assert.NotEqual(declinedCharge, row.ChargeId);
        var captured = await H.CaptureAsync(id);
        Assert.Equal(TransactionState.Sales, captured.Value?.State);
    }

    [Fact]
    public async Task Sync_finding_an_immediate_capture_declined_after_REQCAPTURE_moves_to_PAYFAIL()
    {
        var id = await ReqCaptureAsync(declines: true);

        Assert.True(await H.SettleAtAmazonThenSyncAsync(id));

        var row = await H.RowAsync(id);
        Assert.Equal(TransactionState.PayFail, row.State);
        Assert.Equal("ProcessingFailure", row.FailureReason);
    }

    [Theory]
    [InlineData(JobCd.Auth)]
    [InlineData(JobCd.Capture)]
    public async Task Cancel_in_full_of_a_captured_sale_that_Amazon_has_not_refunded_yet_is_REQRETURN_then_sync_gives_RETURN(JobCd jobCd)
    {
        var id = jobCd == JobCd.Auth ? await H.SalesAsync(8_000) : await H.CapturedAsync(8_000);
        var before = (await H.RowAsync(id)).State;

        var cancelled = await H.CancelAsync(id);

        Assert.Equal(TransactionState.ReqReturn, cancelled.Value?.State);
        Journal.Shows(await H.JournalAsync(id), Operation.CancelFull, GatewayOutcome.Pending, GatewayActorKind.Staff, before, TransactionState.ReqReturn);
        Assert.True(await H.SettleAtAmazonThenSyncAsync(id));
        var row = await H.RowAsync(id);
        Assert.Equal((TransactionState.Return, 8_000L, (long?)null), (row.State, row.CancelledAmount, row.PendingRefundId));
        Assert.Equal(GatewayRefundState.Refunded, Assert.Single(row.Refunds).State);
    }

    [Theory]
    [InlineData(JobCd.Auth, TransactionState.Sales)]
    [InlineData(JobCd.Capture, TransactionState.Capture)]
    public async Task A_pending_partial_refund_shows_REQRETURN_and_sync_returns_to_the_state_before_with_less_remaining(JobCd jobCd, TransactionState state)
    {
        var id = jobCd == JobCd.Auth ? await H.SalesAsync(8_000) : await H.CapturedAsync(8_000);

        var cancelled = await H.CancelAsync(id, 3_000, 0);

        Assert.Equal(TransactionState.ReqReturn, cancelled.Value?.State);
        Assert.Equal(state, Assert.Single((await H.RowAsync(id)).Refunds).StateBefore);
        Assert.True(await H.SettleAtAmazonThenSyncAsync(id));
        var row = await H.RowAsync(id);
        Assert.Equal((state, 3_000L, 1), (row.State, row.CancelledAmount, row.PartialRefunds));
    }

    [Fact]
    public async Task A_pending_partial_refund_of_the_whole_remainder_settles_to_RETURN()
    {
        var id = await H.SalesAsync(8_000);
        Assert.Equal(TransactionState.ReqReturn, (await H.CancelAsync(id, 3_000, 0)).Value?.State);
        Assert.True(await H.SettleAtAmazonThenSyncAsync(id));

        Assert.Equal(TransactionState.ReqReturn, (await H.CancelAsync(id, 5_000, 0)).Value?.State);
        Assert.True(await H.SettleAtAmazonThenSyncAsync(id));

        var row = await H.RowAsync(id);
        Assert.Equal((TransactionState.Return, 8_000L), (row.State, row.CancelledAmount));
    }

    [Theory]
    [InlineData(null)]
    [InlineData(2_000L)]
    public async Task Sync_finding_a_refund_declined_after_REQRETURN_returns_to_the_state_before_and_nothing_was_refunded(long? part)
    {
        var id = await H.SalesAsync(8_000);
        await H.AddFaultAsync(SandboxFaultKind.RefundDecline);
        Assert.Equal(TransactionState.ReqReturn, (await H.CancelAsync(id, part, part is null ? null : 0)).Value?.State);

        Assert.True(await H.SettleAtAmazonThenSyncAsync(id));

        var row = await H.RowAsync(id);
        Assert.Equal((TransactionState.Sales, 0L, (long?)null), (row.State, row.CancelledAmount, row.PendingRefundId));
        var refund = Assert.Single(row.Refunds);
        Assert.Equal((GatewayRefundState.Declined, "ProcessingFailure"), (refund.State, refund.FailureReason));
        Assert.Contains(await H.JournalAsync(id), j => j.Operation == Operation.Sync && j.Outcome == GatewayOutcome.Failed
            && j.StateBefore == TransactionState.ReqReturn && j.StateAfter == TransactionState.Sales);

        // The sale can be cancelled again afterwards.
        Assert.Equal(TransactionState.ReqReturn, (await H.CancelAsync(id)).Value?.State);
    }

    [Theory]
    [InlineData("REQSALES")]
    [InlineData("REQRETURN")]
    public async Task Operations_on_an_accepted_state_are_refused_until_the_sync_settles_it(string state)
    {
        long id;
        if (state == "REQSALES")
        {
            id = await ReqSalesAsync();
        }
        else
        {
            id = await H.SalesAsync(8_000);
            Assert.Equal(TransactionState.ReqReturn, (await H.CancelAsync(id, 1_000, 0)).Value?.State);
        }

        var before = await H.RowAsync(id);

        var capture = await H.CaptureAsync(id);
        var cancel = await H.CancelAsync(id, 500, 0);
        var change = await H.ChangeAmountAsync(id, 100);

        Assert.All([capture, cancel, change], r => Assert.Equal(GatewayErrors.NotAllowedInState.ErrInfo, r.Error?.ErrInfo));
        var after = await H.RowAsync(id);
        Assert.Equal((before.State, before.Version, before.Refunds.Count), (after.State, after.Version, after.Refunds.Count));
        await using var db = await H.DbAsync();
        Assert.False(await db.GatewayPendingOperations.AnyAsync(p => p.TransactionId == id));
    }
}
