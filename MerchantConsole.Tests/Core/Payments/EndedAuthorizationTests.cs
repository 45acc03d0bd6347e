using MerchantConsole.Core;
using MerchantConsole.Core.Payments;

namespace MerchantConsole.Tests.Core.Payments;

/// <summary>
/// Interpretation 2 with Amazon's charge states: a capture Amazon declines after accepting it (REQSALES) returns the
/// transaction to AUTH, but Amazon's charge is then final (Declined), so there is no authorization left to capture.
/// </summary>
public class EndedAuthorizationTests
{
    private static readonly TimeSpan Hour = TimeSpan.FromHours(1);

    private static Transaction Declined(bool amountChangeEnabled = true)
    {
        var requested = Snapshots.Authorized(amountChangeEnabled: amountChangeEnabled).Then(Request.Capture(), Outcome.Pending, Snapshots.T0 + Hour);
        Assert.Equal(TransactionState.ReqSales, requested.State);
        var decision = requested.Decide(Request.Sync(), Snapshots.T0 + 2 * Hour);
        return decision.Plan!.Settle(Outcome.Failed, Snapshots.T0 + 2 * Hour, "ProcessingFailure", authorizationEnded: true);
    }

    [Fact]
    public void A_capture_declined_after_REQSALES_is_AUTH_with_the_time_the_authorization_ended()
    {
        var declined = Declined();

        Assert.Equal((TransactionState.Auth, Snapshots.T0 + 2 * Hour, "ProcessingFailure"), (declined.State, declined.AuthorizationEndedAt, declined.FailureReason));
    }

    [Fact]
    public void Capture_of_an_ended_authorization_is_refused_with_Amazons_reason_and_is_not_offered()
    {
        var declined = Declined();

        var refusal = declined.Decide(Request.Capture(), Snapshots.T0 + 3 * Hour).Refusal;

        Assert.Equal(RefusalCodes.AuthorizationEnded, refusal?.Code);
        Assert.Contains("ProcessingFailure", refusal!.English, StringComparison.Ordinal);
        Assert.Contains("ProcessingFailure", refusal.Japanese, StringComparison.Ordinal);
        Assert.Equal(Snapshots.T0 + 2 * Hour, refusal.Deadline);
        Assert.DoesNotContain(Operation.Capture, declined.AllowedOperations(Snapshots.T0 + 3 * Hour));
        Assert.Contains(Operation.CancelFull, declined.AllowedOperations(Snapshots.T0 + 3 * Hour));
    }

    [Fact]
    public void Cancel_in_full_closes_an_ended_authorization()
    {
        var cancelled = Declined().Then(Request.CancelFull(), Outcome.Confirmed, Snapshots.T0 + 3 * Hour);

        Assert.Equal(TransactionState.Cancel, cancelled.State);
    }

    [Fact]
    public void An_amount_change_authorizes_afresh_so_capture_is_possible_again()
    {
        var reauthorized = Declined().Then(Request.ChangeAmount(new Yen(10_000), new Yen(1_000)), Outcome.Confirmed, Snapshots.T0 + 3 * Hour);

        Assert.Null(reauthorized.AuthorizationEndedAt);
        Assert.Equal(Snapshots.T0 + 3 * Hour + Limits.CaptureWindow, reauthorized.CaptureDeadline);
        Assert.True(reauthorized.Decide(Request.Capture(), Snapshots.T0 + 4 * Hour).IsAccepted);
    }

    [Fact]
    public void Without_amount_change_only_cancel_remains()
    {
        var declined = Declined(amountChangeEnabled: false);

        Assert.Equal([Operation.CancelFull], declined.AllowedOperations(Snapshots.T0 + 3 * Hour));
    }

    [Fact]
    public void A_capture_refused_at_once_leaves_the_authorization_usable()
    {
        var refused = Snapshots.Authorized().Then(Request.Capture(), Outcome.Failed, Snapshots.T0 + Hour);

        Assert.Equal((TransactionState.Auth, (DateTimeOffset?)null), (refused.State, refused.AuthorizationEndedAt));
        Assert.True(refused.Decide(Request.Capture(), Snapshots.T0 + 2 * Hour).IsAccepted);
    }
}
