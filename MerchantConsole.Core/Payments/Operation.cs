namespace MerchantConsole.Core.Payments;

/// <summary>
/// Everything that moves a transaction or a permission: what the merchant or staff request, and the
/// two events they do not (the customer's answer on Amazon, the service's sync).
/// </summary>
public enum Operation
{
    EntryTran,
    ExecTran,
    StartPayment,
    CustomerResult,
    Capture,
    CancelFull,
    CancelPartial,
    ChangeAmount,
    EndRegistration,
    RecurringCharge,
    Sync,
}

public static class Operations
{
    private sealed record Labels(string Japanese, string English);

    private static readonly Dictionary<Operation, Labels> All = new()
    {
        [Operation.EntryTran] = new("取引登録", "Register transaction"),
        [Operation.ExecTran] = new("決済実行", "Execute payment"),
        [Operation.StartPayment] = new("支払手続き開始", "Start payment procedure"),
        [Operation.CustomerResult] = new("お客様のAmazon Payでの支払い・利用承諾", "Customer's result on Amazon Pay"),
        [Operation.Capture] = new("実売上", "Capture"),
        [Operation.CancelFull] = new("キャンセル(全額)", "Cancel in full"),
        [Operation.CancelPartial] = new("キャンセル(一部)", "Partial cancel"),
        [Operation.ChangeAmount] = new("金額変更", "Change amount"),
        [Operation.EndRegistration] = new("利用承諾終了", "End registration"),
        [Operation.RecurringCharge] = new("随時決済", "Recurring payment"),
        [Operation.Sync] = new("同期処理", "Sync with Amazon Pay"),
    };

    public static string Japanese(this Operation operation) => All[operation].Japanese;
    public static string English(this Operation operation) => All[operation].English;

    /// <summary>
    /// Events are reported to the service, not requested by anyone, so the manual's availability
    /// matrix has no column for them: a state allows them exactly when the transition table has a row.
    /// </summary>
    public static bool IsEvent(this Operation operation) =>
        operation is Operation.CustomerResult or Operation.Sync;
}
