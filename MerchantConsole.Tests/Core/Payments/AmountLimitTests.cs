using MerchantConsole.Core;
using MerchantConsole.Core.Payments;

namespace MerchantConsole.Tests.Core.Payments;

/// <summary>Amount + tax/shipping from 1 to 9,999,999 yen (注意事項, 利用可能な金額).</summary>
public class AmountLimitTests
{
    [Theory]
    [InlineData(0, 0, false)]
    [InlineData(1, 0, true)]
    [InlineData(0, 1, true)]
    [InlineData(9_999_999, 0, true)]
    [InlineData(9_999_000, 999, true)]
    [InlineData(10_000_000, 0, false)]
    [InlineData(9_999_000, 1_000, false)]
    public void Entry_accepts_amount_plus_tax_from_1_to_9_999_999_yen(long amount, long tax, bool accepted)
    {
        var decision = Transaction.Entry(PaymentType.OneTime, JobCd.Auth, new Yen(amount), new Yen(tax));

        Assert.Equal(accepted, decision.IsAccepted);
        if (!accepted)
        {
            Assert.Equal(RefusalCodes.AmountOutOfRange, decision.Refusal!.Code);
            Assert.Equal(1, decision.Refusal.Numbers["min"]);
            Assert.Equal(9_999_999, decision.Refusal.Numbers["max"]);
            Assert.Equal(amount + tax, decision.Refusal.Numbers["actual"]);
        }
    }

    [Fact]
    public void Entry_refuses_a_negative_part_even_when_the_total_is_in_range()
    {
        var decision = Transaction.Entry(PaymentType.OneTime, JobCd.Auth, new Yen(1_000), new Yen(-1));

        Assert.Equal(RefusalCodes.AmountNegative, decision.Refusal?.Code);
    }

    [Theory]
    [InlineData(0, false)]
    [InlineData(1, true)]
    [InlineData(9_999_999, true)]
    [InlineData(10_000_000, false)]
    public void Amount_change_keeps_the_new_amount_within_1_to_9_999_999_yen(long after, bool accepted)
    {
        // A first payment of 9,999,999 puts the 金額変更 ceiling (9 × first) far above the range.
        var authorized = Snapshots.Authorized(amount: 9_999_999, tax: 0);

        var decision = authorized.Decide(Request.ChangeAmount(new Yen(after), Yen.Zero), Snapshots.T0);

        Assert.Equal(accepted, decision.IsAccepted);
        if (!accepted)
        {
            Assert.Equal(RefusalCodes.AmountOutOfRange, decision.Refusal!.Code);
        }
    }

    [Theory]
    [InlineData(0, false)]
    [InlineData(1, true)]
    [InlineData(9_999_999, true)]
    [InlineData(10_000_000, false)]
    public void A_recurring_charge_keeps_its_amount_within_1_to_9_999_999_yen(long amount, bool accepted)
    {
        var highCeiling = new Yen(20_000_000);

        var decision = Snapshots.Registered().Decide(Request.RecurringCharge(new Yen(amount), Yen.Zero, highCeiling), Snapshots.T0);

        Assert.Equal(accepted, decision.IsAccepted);
        if (!accepted)
        {
            Assert.Equal(RefusalCodes.AmountOutOfRange, decision.Refusal!.Code);
        }
    }

    [Fact]
    public void Capture_takes_the_authorized_amount_and_refuses_another()
    {
        var authorized = Snapshots.Authorized(amount: 10_000, tax: 1_000);

        Assert.True(authorized.Decide(Request.Capture(new Yen(10_000), new Yen(1_000)), Snapshots.T0).IsAccepted);
        var refusal = authorized.Decide(Request.Capture(new Yen(9_000), new Yen(1_000)), Snapshots.T0).Refusal;
        Assert.Equal(RefusalCodes.CaptureAmountMismatch, refusal?.Code);
        Assert.Equal(11_000, refusal!.Numbers["authorized"]);
    }
}
