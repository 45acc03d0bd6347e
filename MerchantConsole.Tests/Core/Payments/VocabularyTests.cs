using MerchantConsole.Core;
using MerchantConsole.Core.Payments;

namespace MerchantConsole.Tests.Core.Payments;

/// <summary>The codes and labels staff and the API see, as the spec spells them.</summary>
public class VocabularyTests
{
    [Theory]
    [InlineData(TransactionState.Unprocessed, "UNPROCESSED", "未決済")]
    [InlineData(TransactionState.ReqSuccess, "REQSUCCESS", "要求成功")]
    [InlineData(TransactionState.AuthProcess, "AUTHPROCESS", "認証中")]
    [InlineData(TransactionState.Auth, "AUTH", "仮売上")]
    [InlineData(TransactionState.ReqCapture, "REQCAPTURE", "即時売上受付")]
    [InlineData(TransactionState.Capture, "CAPTURE", "即時売上")]
    [InlineData(TransactionState.ReqSales, "REQSALES", "売上受付")]
    [InlineData(TransactionState.Sales, "SALES", "実売上")]
    [InlineData(TransactionState.Cancel, "CANCEL", "キャンセル")]
    [InlineData(TransactionState.ReqReturn, "REQRETURN", "返品受付")]
    [InlineData(TransactionState.Return, "RETURN", "返品")]
    [InlineData(TransactionState.Register, "REGISTER", "利用承諾")]
    [InlineData(TransactionState.End, "END", "利用承諾終了")]
    [InlineData(TransactionState.PayFail, "PAYFAIL", "決済失敗")]
    public void Each_state_has_the_spec_code_and_Japanese_label(TransactionState state, string code, string japanese)
    {
        Assert.Equal(code, state.Code());
        Assert.Equal(japanese, state.Japanese());
        Assert.False(string.IsNullOrWhiteSpace(state.English()));
        Assert.True(TransactionStates.TryParse(code, out var parsed));
        Assert.Equal(state, parsed);
    }

    [Theory]
    [InlineData(Operation.EntryTran, "取引登録")]
    [InlineData(Operation.ExecTran, "決済実行")]
    [InlineData(Operation.StartPayment, "支払手続き開始")]
    [InlineData(Operation.Capture, "実売上")]
    [InlineData(Operation.CancelFull, "キャンセル(全額)")]
    [InlineData(Operation.CancelPartial, "キャンセル(一部)")]
    [InlineData(Operation.ChangeAmount, "金額変更")]
    [InlineData(Operation.EndRegistration, "利用承諾終了")]
    [InlineData(Operation.RecurringCharge, "随時決済")]
    public void Each_operation_has_the_spec_Japanese_label(Operation operation, string japanese)
    {
        Assert.Equal(japanese, operation.Japanese());
        Assert.False(string.IsNullOrWhiteSpace(operation.English()));
    }

    [Fact]
    public void Every_operation_has_labels_in_both_languages()
    {
        Assert.All(Enum.GetValues<Operation>(), operation =>
        {
            Assert.False(string.IsNullOrWhiteSpace(operation.Japanese()));
            Assert.False(string.IsNullOrWhiteSpace(operation.English()));
        });
    }

    [Theory]
    [InlineData(PaymentType.OneTime, "都度決済")]
    [InlineData(PaymentType.RegistrationWithFirstPayment, "利用承諾+初回決済")]
    [InlineData(PaymentType.RegistrationOnly, "利用承諾のみ")]
    [InlineData(PaymentType.Recurring, "随時決済")]
    public void Each_payment_type_has_the_spec_Japanese_label(PaymentType type, string japanese)
    {
        Assert.Equal(japanese, type.Japanese());
        Assert.False(string.IsNullOrWhiteSpace(type.English()));
    }

    [Theory]
    [InlineData(JobCd.Auth, "AUTH", "仮売上")]
    [InlineData(JobCd.Capture, "CAPTURE", "即時売上")]
    public void JobCd_has_the_wire_code(JobCd jobCd, string code, string japanese)
    {
        Assert.Equal(code, jobCd.Code());
        Assert.Equal(japanese, jobCd.Japanese());
    }

    [Fact]
    public void Unknown_state_codes_do_not_parse()
    {
        Assert.False(TransactionStates.TryParse("auth", out _));
    }

    [Fact]
    public void A_refusal_carries_both_languages()
    {
        var refusal = Snapshots.Captured().Decide(Request.ChangeAmount(new Yen(1), Yen.Zero), Snapshots.T0).Refusal!;

        Assert.Equal(RefusalCodes.OperationNotAllowed, refusal.Code);
        Assert.Contains("金額変更", refusal.Japanese, StringComparison.Ordinal);
        Assert.Contains("Change amount", refusal.English, StringComparison.Ordinal);
    }
}
