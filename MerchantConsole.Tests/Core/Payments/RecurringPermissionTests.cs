using MerchantConsole.Core;
using MerchantConsole.Core.Payments;

namespace MerchantConsole.Tests.Core.Payments;

/// <summary>
/// The permission: valid 13 months, extended by each payment; 随時決済 needs it REGISTER and
/// unexpired; a monthly ceiling per JST calendar month that cancels do not free (interpretation 5).
/// </summary>
public class RecurringPermissionTests
{
    private static readonly Yen Ceiling = Limits.DefaultRecurringMonthlyCeiling;

    // 2026-01-31 23:59:59 JST is still January in Japan; 2026-02-01 00:00 JST is 2026-01-31 15:00 UTC.
    private static readonly DateTimeOffset LastSecondOfJanuaryJst = new(2026, 1, 31, 14, 59, 59, TimeSpan.Zero);
    private static readonly DateTimeOffset FirstInstantOfFebruaryJst = new(2026, 1, 31, 15, 0, 0, TimeSpan.Zero);

    private static Decision<PermissionPlan> Charge(Permission permission, long amount, DateTimeOffset at, Yen? ceiling = null) =>
        permission.Decide(Request.RecurringCharge(new Yen(amount), Yen.Zero, ceiling ?? Ceiling), at);

    private static Permission Charged(Permission permission, long amount, DateTimeOffset at) =>
        permission.Then(Request.RecurringCharge(new Yen(amount), Yen.Zero, Ceiling), Outcome.Confirmed, at);

    [Fact]
    public void Recurring_charges_may_reach_100_000_yen_in_a_month_but_not_pass_it()
    {
        var permission = Charged(Snapshots.Registered(), 60_000, Snapshots.T0);

        Assert.True(Charge(permission, 40_000, Snapshots.T0).IsAccepted);
        var refusal = Charge(permission, 40_001, Snapshots.T0).Refusal;

        Assert.Equal(RefusalCodes.RecurringCeilingExceeded, refusal?.Code);
        Assert.Equal(100_000, refusal!.Numbers["ceiling"]);
        Assert.Equal(60_000, refusal.Numbers["used"]);
        Assert.Equal(40_001, refusal.Numbers["requested"]);
        Assert.Equal(2026, refusal.Numbers["year"]);
        Assert.Equal(1, refusal.Numbers["month"]);
    }

    [Fact]
    public void The_same_amount_is_accepted_again_from_midnight_JST_on_the_first_of_the_next_month()
    {
        var full = Charged(Snapshots.Registered(), 100_000, Snapshots.T0);

        Assert.Equal(RefusalCodes.RecurringCeilingExceeded, Charge(full, 100_000, LastSecondOfJanuaryJst).Refusal?.Code);
        Assert.True(Charge(full, 100_000, FirstInstantOfFebruaryJst).IsAccepted);
    }

    [Fact]
    public void A_charge_late_on_the_last_day_in_UTC_counts_for_the_next_month_in_Japan()
    {
        // 2026-01-31 16:00 UTC is still January in UTC but February 1st in Japan.
        var lateJanuaryUtc = new DateTimeOffset(2026, 1, 31, 16, 0, 0, TimeSpan.Zero);
        var permission = Charged(Snapshots.Registered(), 100_000, lateJanuaryUtc);

        Assert.Equal(new Yen(100_000), permission.AuthorizedIn(new JstMonth(2026, 2)));
        Assert.Equal(Yen.Zero, permission.AuthorizedIn(new JstMonth(2026, 1)));
        Assert.True(Charge(permission, 1, LastSecondOfJanuaryJst).IsAccepted);
    }

    [Fact]
    public void Cancelling_a_recurring_payment_does_not_free_the_ceiling()
    {
        var permission = Charged(Snapshots.Registered(), 100_000, Snapshots.T0);
        var payment = Snapshots.Authorized(PaymentType.Recurring, amount: 100_000, tax: 0)
            .Then(Request.CancelFull(), Outcome.Confirmed, Snapshots.T0);

        Assert.Equal(TransactionState.Cancel, payment.State);
        Assert.Equal(RefusalCodes.RecurringCeilingExceeded, Charge(permission, 1, Snapshots.T0).Refusal?.Code);
    }

    [Fact]
    public void A_declined_recurring_charge_takes_nothing_from_the_ceiling()
    {
        var permission = Snapshots.Registered()
            .Then(Request.RecurringCharge(new Yen(100_000), Yen.Zero, Ceiling), Outcome.Failed, Snapshots.T0);

        Assert.True(Charge(permission, 100_000, Snapshots.T0).IsAccepted);
    }

    [Fact]
    public void The_ceiling_is_the_shop_setting_passed_in()
    {
        var permission = Charged(Snapshots.Registered(), 100_000, Snapshots.T0);

        Assert.True(Charge(permission, 50_000, Snapshots.T0, new Yen(150_000)).IsAccepted);
        Assert.False(Charge(permission, 50_001, Snapshots.T0, new Yen(150_000)).IsAccepted);
    }

    [Fact]
    public void The_first_payment_of_a_registration_counts_toward_its_month()
    {
        var permission = Permission.GrantedWithFirstPayment(Snapshots.T0, new Yen(70_000));

        Assert.Equal(TransactionState.Register, permission.State);
        Assert.True(Charge(permission, 30_000, Snapshots.T0).IsAccepted);
        Assert.False(Charge(permission, 30_001, Snapshots.T0).IsAccepted);
    }

    [Fact]
    public void A_permission_is_valid_for_13_months_from_its_grant()
    {
        var granted = new DateTimeOffset(2026, 1, 15, 10, 0, 0, Jst.Offset);
        var expiry = new DateTimeOffset(2027, 2, 15, 10, 0, 0, Jst.Offset);
        var permission = Snapshots.Registered(granted);

        Assert.Equal(expiry, permission.ExpiresAt);
        Assert.True(Charge(permission, 1_000, expiry - TimeSpan.FromSeconds(1)).IsAccepted);
        var refusal = Charge(permission, 1_000, expiry).Refusal;
        Assert.Equal(RefusalCodes.PermissionExpired, refusal?.Code);
        Assert.Equal(expiry, refusal!.Deadline);
        Assert.DoesNotContain(Operation.RecurringCharge, permission.AllowedOperations(expiry));
        Assert.Contains(Operation.EndRegistration, permission.AllowedOperations(expiry));
    }

    [Fact]
    public void Each_payment_extends_the_permission_to_13_months_after_it()
    {
        var granted = new DateTimeOffset(2026, 1, 15, 10, 0, 0, Jst.Offset);
        var paid = new DateTimeOffset(2026, 7, 1, 9, 0, 0, Jst.Offset);
        var permission = Charged(Snapshots.Registered(granted), 5_000, paid);

        Assert.Equal(new DateTimeOffset(2027, 8, 1, 9, 0, 0, Jst.Offset), permission.ExpiresAt);
        Assert.True(Charge(permission, 1_000, new DateTimeOffset(2027, 3, 1, 0, 0, 0, Jst.Offset)).IsAccepted);
    }

    [Fact]
    public void A_recurring_charge_needs_a_permission_in_REGISTER()
    {
        var ended = Snapshots.PermissionInState(TransactionState.End)!;

        Assert.Equal(RefusalCodes.OperationNotAllowed, Charge(ended, 1_000, Snapshots.T0).Refusal?.Code);
    }

    [Theory]
    [InlineData(TransactionState.Unprocessed)]
    [InlineData(TransactionState.ReqSuccess)]
    [InlineData(TransactionState.AuthProcess)]
    [InlineData(TransactionState.End)]
    [InlineData(TransactionState.PayFail)]
    public void Ending_a_registration_is_only_for_REGISTER(TransactionState state)
    {
        var permission = Snapshots.PermissionInState(state)!;

        Assert.Equal(RefusalCodes.OperationNotAllowed, permission.Decide(Request.EndRegistration(), Snapshots.T0).Refusal?.Code);
    }

    [Fact]
    public void Ending_a_registration_moves_REGISTER_to_END_and_then_nothing_is_allowed()
    {
        var ended = Snapshots.Registered().Then(Request.EndRegistration(), Outcome.Confirmed, Snapshots.T0);

        Assert.Equal(TransactionState.End, ended.State);
        Assert.Empty(ended.AllowedOperations(Snapshots.T0));
    }

    [Fact]
    public void A_zero_ceiling_setting_is_broken_configuration_and_throws()
    {
        Assert.Throws<ArgumentException>(() => Charge(Snapshots.Registered(), 1, Snapshots.T0, Yen.Zero));
    }
}
