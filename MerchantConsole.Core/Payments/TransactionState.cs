namespace MerchantConsole.Core.Payments;

/// <summary>取引状態. The manual's fourteen states; <see cref="TransactionStates.Code"/> gives the wire code.</summary>
public enum TransactionState
{
    Unprocessed,
    ReqSuccess,
    AuthProcess,
    Auth,
    ReqCapture,
    Capture,
    ReqSales,
    Sales,
    Cancel,
    ReqReturn,
    Return,
    Register,
    End,
    PayFail,
}

public static class TransactionStates
{
    private sealed record Labels(string Code, string Japanese, string English);

    // The Japanese labels are the manual's (staff see them on screen). AUTHPROCESS is 認証中 in the
    // state table and 認証処理中 in the transition and availability tables; the state table defines it.
    private static readonly Dictionary<TransactionState, Labels> All = new()
    {
        [TransactionState.Unprocessed] = new("UNPROCESSED", "未決済", "Not completed"),
        [TransactionState.ReqSuccess] = new("REQSUCCESS", "要求成功", "Ready for payment"),
        [TransactionState.AuthProcess] = new("AUTHPROCESS", "認証中", "Customer paying on Amazon Pay"),
        [TransactionState.Auth] = new("AUTH", "仮売上", "Authorized"),
        [TransactionState.ReqCapture] = new("REQCAPTURE", "即時売上受付", "Immediate capture accepted"),
        [TransactionState.Capture] = new("CAPTURE", "即時売上", "Captured (immediate)"),
        [TransactionState.ReqSales] = new("REQSALES", "売上受付", "Capture accepted"),
        [TransactionState.Sales] = new("SALES", "実売上", "Captured"),
        [TransactionState.Cancel] = new("CANCEL", "キャンセル", "Cancelled"),
        [TransactionState.ReqReturn] = new("REQRETURN", "返品受付", "Refund accepted"),
        [TransactionState.Return] = new("RETURN", "返品", "Refunded"),
        [TransactionState.Register] = new("REGISTER", "利用承諾", "Permission granted"),
        [TransactionState.End] = new("END", "利用承諾終了", "Permission ended"),
        [TransactionState.PayFail] = new("PAYFAIL", "決済失敗", "Payment failed"),
    };

    private static readonly Dictionary<string, TransactionState> ByCode =
        All.ToDictionary(pair => pair.Value.Code, pair => pair.Key, StringComparer.Ordinal);

    public static string Code(this TransactionState state) => All[state].Code;
    public static string Japanese(this TransactionState state) => All[state].Japanese;
    public static string English(this TransactionState state) => All[state].English;

    public static bool TryParse(string code, out TransactionState state) => ByCode.TryGetValue(code, out state);
}
