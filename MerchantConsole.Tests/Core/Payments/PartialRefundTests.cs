using MerchantConsole.Core;
using MerchantConsole.Core.Payments;

namespace MerchantConsole.Tests.Core.Payments;

/// <summary>キャンセル(一部): on SALES/CAPTURE, at most 10 per transaction, never beyond what remains.</summary>
public class PartialRefundTests
{
    private static readonly Yen Hundred = new(100);

    private static Transaction AfterPartialRefunds(int count)
    {
        var sold = Snapshots.Captured();
        for (var i = 0; i < count; i++)
        {
            sold = sold.Then(Request.CancelPartial(Hundred, Yen.Zero), Outcome.Confirmed, Snapshots.T0);
        }

        return sold;
    }

    [Fact]
    public void The_10th_partial_refund_is_accepted()
    {
        var nine = AfterPartialRefunds(9);

        var ten = nine.Then(Request.CancelPartial(Hundred, Yen.Zero), Outcome.Confirmed, Snapshots.T0);

        Assert.Equal(TransactionState.Sales, ten.State);
        Assert.Equal(10, ten.PartialRefunds);
        Assert.Equal(new Yen(1_000), ten.Cancelled);
        Assert.Equal(new Yen(10_000), ten.Remaining);
    }

    [Fact]
    public void The_11th_partial_refund_is_refused_with_the_limit_and_the_count()
    {
        var ten = AfterPartialRefunds(10);

        var refusal = ten.Decide(Request.CancelPartial(Hundred, Yen.Zero), Snapshots.T0).Refusal;

        Assert.Equal(RefusalCodes.PartialRefundLimit, refusal?.Code);
        Assert.Equal(10, refusal!.Numbers["limit"]);
        Assert.Equal(10, refusal.Numbers["count"]);
        Assert.Equal([Operation.CancelFull], ten.AllowedOperations(Snapshots.T0));
    }

    [Fact]
    public void After_10_partial_refunds_the_whole_remainder_can_still_be_cancelled()
    {
        var ten = AfterPartialRefunds(10);

        var returned = ten.Then(Request.CancelPartial(ten.RemainingAmount, ten.RemainingTax), Outcome.Confirmed, Snapshots.T0);

        Assert.Equal(TransactionState.Return, returned.State);
        Assert.Equal(returned.Captured, returned.Cancelled);
        Assert.Equal(10, returned.PartialRefunds);
    }

    [Fact]
    public void A_partial_cancel_of_the_whole_remainder_is_a_full_cancel()
    {
        var sold = Snapshots.Captured();

        var plan = sold.Decide(Request.CancelPartial(sold.RemainingAmount, sold.RemainingTax), Snapshots.T0).Plan!;

        Assert.True(plan.IsFullCancel);
        Assert.Equal(0, plan.PartialRefundsIfConfirmed);
        Assert.Equal(TransactionState.Return, plan.Settle(Outcome.Confirmed, Snapshots.T0).State);
    }

    [Theory]
    [InlineData(10_001, 0)]
    [InlineData(0, 1_001)]
    public void A_refund_beyond_the_remaining_captured_amount_is_refused(long amount, long tax)
    {
        var sold = Snapshots.Captured(); // 10,000 + 1,000 captured

        var refusal = sold.Decide(Request.CancelPartial(new Yen(amount), new Yen(tax)), Snapshots.T0).Refusal;

        Assert.Equal(RefusalCodes.RefundExceedsRemaining, refusal?.Code);
        Assert.Equal(10_000, refusal!.Numbers["remainingAmount"]);
        Assert.Equal(1_000, refusal.Numbers["remainingTax"]);
    }

    [Fact]
    public void A_refund_of_nothing_is_refused()
    {
        var refusal = Snapshots.Captured().Decide(Request.CancelPartial(Yen.Zero, Yen.Zero), Snapshots.T0).Refusal;

        Assert.Equal(RefusalCodes.AmountOutOfRange, refusal?.Code);
    }

    [Fact]
    public void What_earlier_refunds_took_is_no_longer_refundable()
    {
        var once = Snapshots.Captured().Then(Request.CancelPartial(new Yen(9_000), Yen.Zero), Outcome.Confirmed, Snapshots.T0);

        Assert.Equal(
            RefusalCodes.RefundExceedsRemaining,
            once.Decide(Request.CancelPartial(new Yen(1_001), Yen.Zero), Snapshots.T0).Refusal?.Code);
        Assert.True(once.Decide(Request.CancelPartial(new Yen(1_000), Yen.Zero), Snapshots.T0).IsAccepted);
    }

    [Fact]
    public void A_pending_partial_refund_settles_back_to_SALES_with_the_remainder_reduced()
    {
        var pending = Snapshots.Captured().Then(Request.CancelPartial(new Yen(3_000), Yen.Zero), Outcome.Pending, Snapshots.T0);
        Assert.Equal(TransactionState.ReqReturn, pending.State);
        Assert.Equal(new Yen(11_000), pending.Remaining); // nothing is refunded until Amazon confirms

        var settled = pending.Then(Request.Sync(), Outcome.Confirmed, Snapshots.T0 + TimeSpan.FromHours(2));

        Assert.Equal(TransactionState.Sales, settled.State);
        Assert.Equal(new Yen(8_000), settled.Remaining);
        Assert.Equal(1, settled.PartialRefunds);
        Assert.Null(settled.PendingRefund);
    }

    [Fact]
    public void A_pending_refund_declined_by_sync_leaves_the_money_and_the_count_as_they_were()
    {
        var pending = Snapshots.Captured(jobCd: JobCd.Capture)
            .Then(Request.CancelPartial(new Yen(3_000), Yen.Zero), Outcome.Pending, Snapshots.T0);

        var declined = pending.Then(Request.Sync(), Outcome.Failed, Snapshots.T0);

        Assert.Equal(TransactionState.Capture, declined.State);
        Assert.Equal(new Yen(11_000), declined.Remaining);
        Assert.Equal(0, declined.PartialRefunds);
        Assert.Equal("declined", declined.FailureReason);
    }

    [Fact]
    public void Partial_cancel_of_an_authorization_is_not_allowed()
    {
        var refusal = Snapshots.Authorized().Decide(Request.CancelPartial(Hundred, Yen.Zero), Snapshots.T0).Refusal;

        Assert.Equal(RefusalCodes.OperationNotAllowed, refusal?.Code);
    }
}
