using MerchantConsole.Core;
using MerchantConsole.Core.Payments;

namespace MerchantConsole.Tests.Core.Payments;

/// <summary>金額変更: only in AUTH, only when enabled, before + after ≤ max(70,000, 9 × first) (interpretation 3).</summary>
public class AmountChangeTests
{
    private static Decision<TransactionPlan> Change(Transaction transaction, long after, DateTimeOffset? at = null) =>
        transaction.Decide(Request.ChangeAmount(new Yen(after), Yen.Zero), at ?? Snapshots.T0);

    [Theory]
    // First payment below 70,000 / 9: the ceiling is 70,000 yen.
    [InlineData(7_000, 63_000, true)]
    [InlineData(7_000, 63_001, false)]
    [InlineData(7_777, 62_223, true)]
    [InlineData(7_777, 62_224, false)]
    // Above it: 9 × the first payment.
    [InlineData(7_778, 62_224, true)]
    [InlineData(7_778, 62_225, false)]
    [InlineData(10_000, 80_000, true)]
    [InlineData(10_000, 80_001, false)]
    public void The_amount_before_plus_the_amount_after_may_reach_the_ceiling_but_not_pass_it(long first, long after, bool accepted)
    {
        var authorized = Snapshots.Authorized(amount: first, tax: 0);

        var decision = Change(authorized, after);

        Assert.Equal(accepted, decision.IsAccepted);
        if (!accepted)
        {
            var refusal = decision.Refusal!;
            Assert.Equal(RefusalCodes.AmountChangeCeilingExceeded, refusal.Code);
            Assert.Equal(Math.Max(70_000, 9 * first), refusal.Numbers["ceiling"]);
            Assert.Equal(first, refusal.Numbers["before"]);
            Assert.Equal(after, refusal.Numbers["after"]);
            Assert.Equal(first + after, refusal.Numbers["sum"]);
        }
    }

    [Fact]
    public void The_amount_before_is_the_current_one_and_the_ceiling_stays_on_the_first_payment()
    {
        // Ceiling 90,000 from a first payment of 10,000.
        var raised = Snapshots.Authorized(amount: 10_000, tax: 0).Then(
            Request.ChangeAmount(new Yen(50_000), Yen.Zero), Outcome.Confirmed, Snapshots.T0);

        Assert.Equal(new Yen(10_000), raised.FirstAuthorizedTotal);
        Assert.True(Change(raised, 40_000).IsAccepted);
        Assert.Equal(RefusalCodes.AmountChangeCeilingExceeded, Change(raised, 40_001).Refusal?.Code);
    }

    [Fact]
    public void A_change_to_the_same_amount_moves_the_capture_deadline_to_30_days_from_then()
    {
        var authorized = Snapshots.Authorized(at: Snapshots.T0);
        var day29 = Snapshots.T0 + TimeSpan.FromDays(29);

        var plan = authorized.Decide(Request.ChangeAmount(authorized.Amount, authorized.Tax), day29).Plan!;
        Assert.Equal(day29 + TimeSpan.FromDays(30), plan.NewCaptureDeadlineIfConfirmedNow);
        var extended = plan.Settle(Outcome.Confirmed, day29);

        Assert.Equal(day29 + TimeSpan.FromDays(30), extended.CaptureDeadline);
        Assert.True(extended.Decide(Request.Capture(), day29 + TimeSpan.FromDays(30) - TimeSpan.FromSeconds(1)).IsAccepted);
        Assert.Equal(
            RefusalCodes.CaptureWindowPassed,
            extended.Decide(Request.Capture(), day29 + TimeSpan.FromDays(30) + TimeSpan.FromSeconds(1)).Refusal?.Code);
    }

    [Fact]
    public void A_failed_change_keeps_the_amount_and_the_deadline()
    {
        var authorized = Snapshots.Authorized(at: Snapshots.T0);

        var failed = authorized.Then(Request.ChangeAmount(new Yen(20_000), Yen.Zero), Outcome.Failed, Snapshots.T0 + TimeSpan.FromDays(1));

        Assert.Equal(TransactionState.Auth, failed.State);
        Assert.Equal(authorized.Total, failed.Total);
        Assert.Equal(authorized.CaptureDeadline, failed.CaptureDeadline);
    }

    [Fact]
    public void Capture_after_a_change_captures_the_changed_amount()
    {
        var changed = Snapshots.Authorized(amount: 10_000, tax: 1_000)
            .Then(Request.ChangeAmount(new Yen(12_000), new Yen(1_200)), Outcome.Confirmed, Snapshots.T0);

        var sold = changed.Then(Request.Capture(), Outcome.Confirmed, Snapshots.T0);

        Assert.Equal(new Yen(13_200), sold.Captured);
    }

    [Fact]
    public void The_number_of_changes_is_unlimited()
    {
        var transaction = Snapshots.Authorized();
        for (var i = 0; i < 50; i++)
        {
            transaction = transaction.Then(Request.ChangeAmount(new Yen(10_000 + i), Yen.Zero), Outcome.Confirmed, Snapshots.T0);
        }

        Assert.Equal(new Yen(10_049), transaction.Total);
    }

    [Fact]
    public void A_one_time_payment_needs_amount_change_enabled_at_checkout()
    {
        var authorized = Snapshots.Authorized(amountChangeEnabled: false);

        Assert.Equal(RefusalCodes.AmountChangeNotEnabled, Change(authorized, 11_000).Refusal?.Code);
        Assert.DoesNotContain(Operation.ChangeAmount, authorized.AllowedOperations(Snapshots.T0));
    }

    [Theory]
    [InlineData(PaymentType.Recurring)]
    [InlineData(PaymentType.RegistrationWithFirstPayment)]
    public void A_payment_on_a_permission_may_always_change_amount(PaymentType type)
    {
        var authorized = Snapshots.Authorized(type, amountChangeEnabled: false);

        Assert.True(Change(authorized, 11_000).IsAccepted);
    }

    [Theory]
    [InlineData(TransactionState.Sales)]
    [InlineData(TransactionState.Capture)]
    [InlineData(TransactionState.ReqSales)]
    public void Amount_change_is_only_for_AUTH(TransactionState state)
    {
        var transaction = Snapshots.InState(PaymentType.OneTime, state)!;

        Assert.Equal(RefusalCodes.OperationNotAllowed, Change(transaction, 11_000).Refusal?.Code);
    }
}
