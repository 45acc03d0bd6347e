namespace MerchantConsole.Core.Payments;

/// <summary>The stable codes of <see cref="Refusal"/>; the API maps them to its E01/E11 codes.</summary>
public static class RefusalCodes
{
    public const string OperationNotAllowed = "OPERATION_NOT_ALLOWED";
    public const string AmountNegative = "AMOUNT_NEGATIVE";
    public const string AmountOutOfRange = "AMOUNT_OUT_OF_RANGE";
    public const string CaptureAmountMismatch = "CAPTURE_AMOUNT_MISMATCH";
    public const string CaptureWindowPassed = "CAPTURE_WINDOW_PASSED";
    public const string AuthorizationEnded = "AUTHORIZATION_ENDED";
    public const string RefundWindowPassed = "REFUND_WINDOW_PASSED";
    public const string RefundExceedsRemaining = "REFUND_EXCEEDS_REMAINING";
    public const string PartialRefundLimit = "PARTIAL_REFUND_LIMIT";
    public const string AmountChangeNotEnabled = "AMOUNT_CHANGE_NOT_ENABLED";
    public const string AmountChangeCeilingExceeded = "AMOUNT_CHANGE_CEILING_EXCEEDED";
    public const string PermissionExpired = "PERMISSION_EXPIRED";
    public const string RecurringCeilingExceeded = "RECURRING_CEILING_EXCEEDED";
}

/// <summary>Each rule's refusal, worded once.</summary>
internal static class Refuse
{
    public static Refusal OperationNotAllowed(TransactionState state, Operation operation) => new(
        RefusalCodes.OperationNotAllowed,
        $"取引状態が{state.Japanese()}({state.Code()})のため、{operation.Japanese()}はできません。",
        $"{operation.English()} is not possible while the state is {state.Code()} ({state.English()}).",
        Numbers());

    public static Refusal AmountNegative(Yen amount, Yen tax) => new(
        RefusalCodes.AmountNegative,
        $"利用金額と税送料は0円以上で指定してください(利用金額 {amount}、税送料 {tax})。",
        $"Amount and tax/shipping must not be negative (amount {amount}, tax {tax}).",
        Numbers(("amount", amount.Value), ("tax", tax.Value)));

    public static Refusal AmountOutOfRange(Yen total, Yen min, Yen max) => new(
        RefusalCodes.AmountOutOfRange,
        $"金額(利用金額+税送料)は{min}から{max}までです(指定 {total})。",
        $"The amount (amount + tax/shipping) must be from {min} to {max} (given {total}).",
        Numbers(("min", min.Value), ("max", max.Value), ("actual", total.Value)));

    public static Refusal CaptureAmountMismatch(Yen authorized, Yen requested) => new(
        RefusalCodes.CaptureAmountMismatch,
        $"実売上は仮売上の金額 {authorized} で行います(指定 {requested})。金額を変えるには先に金額変更を行ってください。",
        $"Capture takes the authorized amount {authorized} (given {requested}); change the amount first to capture another.",
        Numbers(("authorized", authorized.Value), ("actual", requested.Value)));

    public static Refusal CaptureWindowPassed(DateTimeOffset deadline, DateTimeOffset now) => new(
        RefusalCodes.CaptureWindowPassed,
        $"仮売上から実売上可能な期間(30日)を過ぎています(期限 {Jst.Format(deadline)})。",
        $"The 30-day window from authorization to capture has passed (deadline {Jst.Format(deadline)}).",
        Numbers(("windowDays", (long)Limits.CaptureWindow.TotalDays), ("secondsLate", Seconds(now - deadline))),
        deadline);

    public static Refusal AuthorizationEnded(DateTimeOffset endedAt, string? reason) => new(
        RefusalCodes.AuthorizationEnded,
        $"Amazon Payが実売上を承認しなかったため、この仮売上の与信は終了しています({Jst.Format(endedAt)}、理由 {reason ?? "不明"})。キャンセル(全額)で取引を終えるか、金額変更ができる取引は金額変更で与信を取り直してください。",
        $"Amazon Pay did not approve the capture, so this authorization has ended ({Jst.Format(endedAt)}, reason {reason ?? "unknown"}). Cancel it in full, or, where the payment allows it, re-authorize it with an amount change.",
        Numbers(),
        endedAt);

    public static Refusal RefundWindowPassed(DateTimeOffset deadline, DateTimeOffset now) => new(
        RefusalCodes.RefundWindowPassed,
        $"実売上から返品可能な期間(180日)を過ぎています(期限 {Jst.Format(deadline)})。",
        $"The 180-day window from capture to refund has passed (deadline {Jst.Format(deadline)}).",
        Numbers(("windowDays", (long)Limits.RefundWindow.TotalDays), ("secondsLate", Seconds(now - deadline))),
        deadline);

    public static Refusal RefundExceedsRemaining(Yen remainingAmount, Yen remainingTax, Yen amount, Yen tax) => new(
        RefusalCodes.RefundExceedsRemaining,
        $"キャンセル金額が売上の残額を超えています(残額 利用金額 {remainingAmount}・税送料 {remainingTax}、指定 {amount}・{tax})。",
        $"The cancel exceeds the remaining captured money (remaining amount {remainingAmount}, tax {remainingTax}; given {amount}, {tax}).",
        Numbers(
            ("remainingAmount", remainingAmount.Value),
            ("remainingTax", remainingTax.Value),
            ("amount", amount.Value),
            ("tax", tax.Value)));

    public static Refusal PartialRefundLimit(int done) => new(
        RefusalCodes.PartialRefundLimit,
        $"一部返金は同一取引に対し{Limits.MaximumPartialRefunds}回までです(実施済み {done}回)。残額の全額キャンセルは可能です。",
        $"At most {Limits.MaximumPartialRefunds} partial refunds per transaction ({done} done); cancelling the whole remainder is still possible.",
        Numbers(("limit", Limits.MaximumPartialRefunds), ("count", done)));

    public static Refusal AmountChangeNotEnabled() => new(
        RefusalCodes.AmountChangeNotEnabled,
        "この取引は金額変更利用有無「利用する」のボタン情報で決済されていないため、金額変更はできません。",
        "This payment was not made with button information that enables amount change, so its amount cannot be changed.",
        Numbers());

    public static Refusal AmountChangeCeilingExceeded(Yen ceiling, Yen before, Yen after, Yen firstPayment) => new(
        RefusalCodes.AmountChangeCeilingExceeded,
        $"変更前金額 {before} と変更後金額 {after} の合計 {before + after} が上限 {ceiling}(70,000円と初回決済金額 {firstPayment} の900%の高い方)を超えています。",
        $"The amount before ({before}) plus the amount after ({after}) is {before + after}, over the ceiling {ceiling} (the higher of ¥70,000 and 900% of the first payment {firstPayment}).",
        Numbers(
            ("ceiling", ceiling.Value),
            ("before", before.Value),
            ("after", after.Value),
            ("sum", (before + after).Value),
            ("firstPayment", firstPayment.Value)));

    public static Refusal PermissionExpired(DateTimeOffset expiredAt) => new(
        RefusalCodes.PermissionExpired,
        $"利用承諾の有効期限(13ヶ月)が切れています(期限 {Jst.Format(expiredAt)})。",
        $"The recurring permission expired (13 months; expiry {Jst.Format(expiredAt)}).",
        Numbers(("validityMonths", Limits.PermissionValidityMonths)),
        expiredAt);

    public static Refusal RecurringCeilingExceeded(JstMonth month, Yen ceiling, Yen used, Yen requested) => new(
        RefusalCodes.RecurringCeilingExceeded,
        $"{month.Year}年{month.Month}月の随時決済の上限金額 {ceiling} を超えます(利用済み {used}、今回 {requested})。キャンセルしても上限は戻りません。",
        $"This payment would exceed the recurring ceiling {ceiling} for {month} (JST): {used} already authorized, {requested} requested. Cancels do not free the ceiling.",
        Numbers(
            ("ceiling", ceiling.Value),
            ("used", used.Value),
            ("requested", requested.Value),
            ("year", month.Year),
            ("month", month.Month)));

    private static long Seconds(TimeSpan late) => (long)Math.Ceiling(late.TotalSeconds);

    private static Dictionary<string, long> Numbers(params (string Name, long Value)[] numbers) =>
        numbers.ToDictionary(number => number.Name, number => number.Value, StringComparer.Ordinal);
}
