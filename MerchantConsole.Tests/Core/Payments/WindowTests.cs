using MerchantConsole.Core;
using MerchantConsole.Core.Payments;

namespace MerchantConsole.Tests.Core.Payments;

/// <summary>30 days authorization → capture, 180 days capture → refund, in elapsed time (interpretation 6).</summary>
public class WindowTests
{
    private static readonly TimeSpan Second = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan ThirtyDays = TimeSpan.FromDays(30);
    private static readonly TimeSpan HundredEightyDays = TimeSpan.FromDays(180);

    [Fact]
    public void Capture_within_30_days_moves_AUTH_to_SALES()
    {
        var authorized = Snapshots.Authorized(at: Snapshots.T0);
        var now = Snapshots.T0 + ThirtyDays - Second;

        var next = authorized.Then(Request.Capture(), Outcome.Confirmed, now);

        Assert.Equal(TransactionState.Sales, next.State);
        Assert.Equal(now, next.CapturedAt);
        Assert.Equal(new Yen(11_000), next.Captured);
    }

    [Fact]
    public void Capture_one_second_after_30_days_is_refused_with_the_deadline()
    {
        var authorized = Snapshots.Authorized(at: Snapshots.T0);

        var refusal = authorized.Decide(Request.Capture(), Snapshots.T0 + ThirtyDays + Second).Refusal;

        Assert.Equal(RefusalCodes.CaptureWindowPassed, refusal?.Code);
        Assert.Equal(Snapshots.T0 + ThirtyDays, refusal!.Deadline);
        Assert.Equal(30, refusal.Numbers["windowDays"]);
        Assert.DoesNotContain(Operation.Capture, authorized.AllowedOperations(Snapshots.T0 + ThirtyDays + Second));
        Assert.Contains(Operation.Capture, authorized.AllowedOperations(Snapshots.T0 + ThirtyDays - Second));
    }

    [Fact]
    public void Cancelling_an_authorization_has_no_window()
    {
        var authorized = Snapshots.Authorized(at: Snapshots.T0);

        Assert.True(authorized.Decide(Request.CancelFull(), Snapshots.T0 + HundredEightyDays * 2).IsAccepted);
    }

    [Theory]
    [InlineData(JobCd.Auth)]
    [InlineData(JobCd.Capture)]
    public void Refund_within_180_days_of_capture_is_accepted_and_one_second_later_refused(JobCd jobCd)
    {
        var captured = Snapshots.Captured(jobCd: jobCd, at: Snapshots.T0);
        var inside = Snapshots.T0 + HundredEightyDays - Second;
        var outside = Snapshots.T0 + HundredEightyDays + Second;

        Assert.True(captured.Decide(Request.CancelFull(), inside).IsAccepted);
        Assert.True(captured.Decide(Request.CancelPartial(new Yen(100), Yen.Zero), inside).IsAccepted);
        Assert.Equal(RefusalCodes.RefundWindowPassed, captured.Decide(Request.CancelFull(), outside).Refusal?.Code);
        Assert.Equal(RefusalCodes.RefundWindowPassed, captured.Decide(Request.CancelPartial(new Yen(100), Yen.Zero), outside).Refusal?.Code);
        Assert.Empty(captured.AllowedOperations(outside));
    }

    [Fact]
    public void The_refund_window_runs_from_capture_not_from_authorization()
    {
        var authorized = Snapshots.Authorized(at: Snapshots.T0);
        var capturedAt = Snapshots.T0 + TimeSpan.FromDays(29);
        var sold = authorized.Then(Request.Capture(), Outcome.Confirmed, capturedAt);

        Assert.True(sold.Decide(Request.CancelFull(), capturedAt + HundredEightyDays - Second).IsAccepted);
    }

    [Fact]
    public void A_capture_confirmed_by_sync_starts_the_refund_window_at_the_confirmation()
    {
        var pending = Snapshots.Authorized(at: Snapshots.T0).Then(Request.Capture(), Outcome.Pending, Snapshots.T0);
        var confirmedAt = Snapshots.T0 + TimeSpan.FromMinutes(30);

        var sold = pending.Then(Request.Sync(), Outcome.Confirmed, confirmedAt);

        Assert.Equal(confirmedAt + HundredEightyDays, sold.RefundDeadline);
    }
}
