using MerchantConsole.Core;
using MerchantConsole.Core.Payments;

namespace MerchantConsole.Gateway;

/// <summary>How an error is reported: the API's family, and the JSON variant's HTTP status.</summary>
public enum GatewayErrorKind
{
    /// <summary>E00: the request itself could not be read.</summary>
    Request,

    /// <summary>E01: a parameter is missing, malformed, or does not match.</summary>
    Input,

    /// <summary>E11: the transaction's state or a rule of the manual does not allow the operation.</summary>
    State,

    /// <summary>E61: the shop's Amazon Pay settings are missing or unusable.</summary>
    ShopSettings,

    /// <summary>E82 / E90: another operation on the same transaction is in flight.</summary>
    Concurrent,

    /// <summary>E30: Amazon Pay refused or could not be reached.</summary>
    AmazonPay,

    /// <summary>E91: our fault.</summary>
    System,

    /// <summary>E92000001: the shop sent more requests than its rate allows (HTTP 429, Retry-After).</summary>
    ShopRateLimited,

    /// <summary>E92000002: the gateway is at its limit of requests in progress (HTTP 503, Retry-After).</summary>
    Overloaded,
}

/// <summary>One error of the merchant API: ErrCode, ErrInfo and what it means in both languages.</summary>
public sealed record GatewayError(string ErrInfo, GatewayErrorKind Kind, string Japanese, string English)
{
    /// <summary>The family: the first three characters of ErrInfo (E01, E11, …).</summary>
    public string ErrCode => ErrInfo[..3];

    /// <summary>The JSON variant's status: 400 input or settings, 500 system, 502 Amazon Pay, 429 and 503 rate limits.</summary>
    public int HttpStatus => Kind switch
    {
        GatewayErrorKind.System => 500,
        GatewayErrorKind.AmazonPay => 502,
        GatewayErrorKind.ShopRateLimited => 429,
        GatewayErrorKind.Overloaded => 503,
        _ => 400,
    };

    /// <summary>Amazon's reason code or the rule's detail, appended to the fixed text; never a secret.</summary>
    public string? Detail { get; init; }

    public GatewayError With(string? detail) => this with { Detail = detail };

    public override string ToString() => $"{ErrCode}/{ErrInfo}: {English}{(Detail is null ? "" : " (" + Detail + ")")}";
}

/// <summary>
/// Every ErrInfo this gateway returns, each once. docs/api.md lists them all (a test keeps the two equal).
/// </summary>
public static class GatewayErrors
{
    private static readonly List<GatewayError> Catalogue = [];

    // E00 — the request
    public static readonly GatewayError UnknownApi = Add("E00000001", GatewayErrorKind.Request, "指定されたAPIはありません。", "There is no such API.");
    public static readonly GatewayError UnreadableBody = Add("E00000002", GatewayErrorKind.Request, "リクエストを読み取れません(文字コードまたは形式が不正です)。", "The request could not be read (wrong encoding or format).");
    public static readonly GatewayError BodyTooLarge = Add("E00000003", GatewayErrorKind.Request, "リクエストが大きすぎます(64KBまで)。", "The request is too large (64 KB at most).");
    public static readonly GatewayError RepeatedParameter = Add("E00000004", GatewayErrorKind.Request, "同じ名前のパラメータが複数回指定されています。", "A parameter is given more than once.");

    // E01 — input parameters
    public static readonly GatewayError ShopIdMissing = Add("E01010001", GatewayErrorKind.Input, "ショップIDが指定されていません。", "ShopID is not specified.");
    public static readonly GatewayError ShopPassMissing = Add("E01020001", GatewayErrorKind.Input, "ショップパスワードが指定されていません。", "ShopPass is not specified.");
    public static readonly GatewayError ShopAuthFailed = Add("E01020008", GatewayErrorKind.Input, "ショップIDまたはショップパスワードが正しくありません。", "ShopID or ShopPass is not correct.");
    public static readonly GatewayError OrderIdMissing = Add("E01040001", GatewayErrorKind.Input, "オーダーIDが指定されていません。", "OrderID is not specified.");
    public static readonly GatewayError OrderIdInvalid = Add("E01040002", GatewayErrorKind.Input, "オーダーIDは27文字以内の半角英数字と「-」で指定してください。", "OrderID must be at most 27 letters, digits and '-'.");
    public static readonly GatewayError OrderIdTaken = Add("E01040010", GatewayErrorKind.Input, "このオーダーIDは既に使われています。", "This OrderID has already been used.");
    public static readonly GatewayError OrderIdMismatch = Add("E01040013", GatewayErrorKind.Input, "オーダーIDが取引と一致しません。", "OrderID does not match the transaction.");
    public static readonly GatewayError OrderNotFound = Add("E01040014", GatewayErrorKind.Input, "指定されたオーダーIDの取引はありません。", "There is no transaction with this OrderID.");
    public static readonly GatewayError JobCdMissing = Add("E01050001", GatewayErrorKind.Input, "処理区分(JobCd)が指定されていません。", "JobCd is not specified.");
    public static readonly GatewayError JobCdInvalid = Add("E01050002", GatewayErrorKind.Input, "処理区分(JobCd)はAUTHまたはCAPTUREで指定してください。", "JobCd must be AUTH or CAPTURE.");
    public static readonly GatewayError JobCdNotAllowed = Add("E01050004", GatewayErrorKind.Input, "利用承諾のみの取引に処理区分と金額は指定できません。", "A registration-only transaction takes no JobCd amount.");
    public static readonly GatewayError AmountMissing = Add("E01060001", GatewayErrorKind.Input, "利用金額が指定されていません。", "Amount is not specified.");
    public static readonly GatewayError AmountInvalid = Add("E01060002", GatewayErrorKind.Input, "利用金額は半角数字(円)で指定してください。", "Amount must be a whole number of yen.");
    public static readonly GatewayError AmountOutOfRange = Add("E01060005", GatewayErrorKind.Input, "利用金額と税送料の合計は1円から9,999,999円までです。", "Amount plus tax must be from ¥1 to ¥9,999,999.");
    public static readonly GatewayError TaxInvalid = Add("E01070002", GatewayErrorKind.Input, "税送料は半角数字(円)で指定してください。", "Tax must be a whole number of yen.");
    public static readonly GatewayError ApbOneTimeOnly = Add("E01080003", GatewayErrorKind.Input, "AmazonpayType 4(APB)は都度決済(PaymentType 1)でのみ使えます。", "AmazonpayType 4 (APB) is for one-time payments (PaymentType 1) only.");
    public static readonly GatewayError AmazonPayTypeInvalid = Add("E01080002", GatewayErrorKind.Input, "AmazonpayTypeは3または4で指定してください。", "AmazonpayType must be 3 or 4.");
    public static readonly GatewayError PaymentTypeInvalid = Add("E01090002", GatewayErrorKind.Input, "PaymentTypeは1(都度決済)、2(利用承諾+初回決済)、3(利用承諾のみ)、4(随時決済)で指定してください。", "PaymentType must be 1 (one-time), 2 (registration with first payment), 3 (registration only) or 4 (recurring).");
    public static readonly GatewayError AccessIdMissing = Add("E01100001", GatewayErrorKind.Input, "取引IDが指定されていません。", "AccessID is not specified.");
    public static readonly GatewayError AccessPassMissing = Add("E01110001", GatewayErrorKind.Input, "取引パスワードが指定されていません。", "AccessPass is not specified.");
    public static readonly GatewayError AccessMismatch = Add("E01110002", GatewayErrorKind.Input, "取引IDと取引パスワードが一致しません。", "AccessID and AccessPass do not match.");
    public static readonly GatewayError RetUrlMissing = Add("E01120001", GatewayErrorKind.Input, "戻り先URL(RetURL)が指定されていません。", "RetURL is not specified.");
    public static readonly GatewayError RetUrlInvalid = Add("E01120002", GatewayErrorKind.Input, "戻り先URL(RetURL)はhttpまたはhttpsの絶対URLで指定してください(本番環境ではhttpsのみ)。", "RetURL must be an absolute http or https URL (https only in live mode).");
    public static readonly GatewayError CheckoutSessionMissing = Add("E01130001", GatewayErrorKind.Input, "AmazonチェックアウトセッションIDが指定されていません。", "AmazonCheckoutSessionID is not specified.");
    public static readonly GatewayError CheckoutSessionNotUsable = Add("E01130002", GatewayErrorKind.Input, "Amazonチェックアウトセッションが見つからないか、既に完了・取消されています。", "The Amazon checkout session does not exist or is no longer open.");
    public static readonly GatewayError PermissionIdMissing = Add("E01140001", GatewayErrorKind.Input, "AmazonチャージパーミッションIDが指定されていません。", "AmazonChargePermissionID is not specified.");
    public static readonly GatewayError PermissionNotFound = Add("E01140002", GatewayErrorKind.Input, "指定されたAmazonチャージパーミッションIDの利用承諾はありません。", "There is no registration with this AmazonChargePermissionID.");
    public static readonly GatewayError DescriptionInvalid = Add("E01150002", GatewayErrorKind.Input, "Descriptionは255文字以内で指定してください。", "Description must be at most 255 characters.");
    public static readonly GatewayError PaymentTermInvalid = Add("E01160002", GatewayErrorKind.Input, "PaymentTermSecは1から86400までの秒数で指定してください。", "PaymentTermSec must be 1 to 86400 seconds.");
    public static readonly GatewayError FrequencyMissing = Add("E01170001", GatewayErrorKind.Input, "利用承諾には支払い頻度(FrequencyUnitとFrequencyValue)が必要です。", "A registration needs FrequencyUnit and FrequencyValue.");
    public static readonly GatewayError FrequencyInvalid = Add("E01170002", GatewayErrorKind.Input, "FrequencyUnitはYear、Month、Week、Day、Variable、FrequencyValueは1以上の整数で指定してください。", "FrequencyUnit must be Year, Month, Week, Day or Variable, and FrequencyValue a whole number of at least 1.");
    public static readonly GatewayError ClientFieldInvalid = Add("E01180002", GatewayErrorKind.Input, "加盟店自由項目は100文字以内で指定してください。", "ClientField1–3 must be at most 100 characters each.");
    public static readonly GatewayError ApbAddressMissing = Add("E01190001", GatewayErrorKind.Input, "APBタイプがPayAndShipの場合は配送先住所(氏名、住所1、都道府県、郵便番号、国コード、電話番号)が必要です。", "With APB type PayAndShip the shipping address (name, address line 1, prefecture, postal code, country code, phone) is required.");
    public static readonly GatewayError ApbTypeInvalid = Add("E01190002", GatewayErrorKind.Input, "APBTypeはPayOnlyまたはPayAndShipで指定してください。", "APBType must be PayOnly or PayAndShip.");
    public static readonly GatewayError ApbAddressInvalid = Add("E01190003", GatewayErrorKind.Input, "APBの住所項目は100文字以内で指定してください。", "Each APB address field must be at most 100 characters.");
    public static readonly GatewayError CancelAmountInvalid = Add("E01200002", GatewayErrorKind.Input, "キャンセル金額は半角数字(円)で指定してください。", "CancelAmount and CancelTax must be whole numbers of yen.");
    public static readonly GatewayError AuthCancelMustBeWhole = Add("E01200003", GatewayErrorKind.Input, "仮売上のキャンセルは全額で行います(一部キャンセルは売上確定後のみ)。", "An authorization is cancelled in full; partial cancels are for captured sales.");
    public static readonly GatewayError PayTypeInvalid = Add("E01210002", GatewayErrorKind.Input, "PayTypeは38(Amazon Pay)を指定してください。", "PayType must be 38 (Amazon Pay).");
    public static readonly GatewayError TokenInvalid = Add("E01220001", GatewayErrorKind.Input, "支払手続きのトークンが正しくありません。", "The payment start token is not valid.");
    public static readonly GatewayError StartExpired = Add("E01220002", GatewayErrorKind.Input, "支払手続きの有効期限が切れています。決済実行からやり直してください。", "The payment start URL has expired; execute the payment again.");
    public static readonly GatewayError CaptureAmountMismatch = Add("E01230001", GatewayErrorKind.Input, "実売上の金額が仮売上の金額と一致しません。先に金額変更を行ってください。", "The capture amount differs from the authorized amount; change the amount first.");
    public static readonly GatewayError RefundExceedsRemaining = Add("E01240001", GatewayErrorKind.Input, "キャンセル金額が売上の残額を超えています。", "The cancel amount exceeds the remaining captured amount.");
    public static readonly GatewayError AmountChangeCeiling = Add("E01250001", GatewayErrorKind.Input, "金額変更の上限(変更前後の合計が70,000円または初回決済金額の900%の高い方)を超えています。", "The amount change exceeds its ceiling (before plus after at most the higher of ¥70,000 and 900% of the first payment).");
    public static readonly GatewayError RecurringCeiling = Add("E01250002", GatewayErrorKind.Input, "この利用承諾の今月の随時決済の上限金額を超えます。", "This payment would exceed the registration's recurring ceiling for this month.");

    // E11 — state and rules
    public static readonly GatewayError AlreadyProcessed = Add("E11010001", GatewayErrorKind.State, "この取引は既に処理済みです。", "This transaction has already been processed.");
    public static readonly GatewayError NotAllowedInState = Add("E11010003", GatewayErrorKind.State, "現在の取引状態ではこの操作はできません。", "This operation is not possible in the transaction's current state.");
    public static readonly GatewayError CaptureWindowPassed = Add("E11010010", GatewayErrorKind.State, "仮売上から30日を過ぎているため実売上できません(キャンセルは可能です)。", "More than 30 days have passed since authorization, so it cannot be captured (it can still be cancelled).");
    public static readonly GatewayError RefundWindowPassed = Add("E11010011", GatewayErrorKind.State, "売上確定から180日を過ぎているためキャンセルできません。", "More than 180 days have passed since capture, so it cannot be cancelled.");
    public static readonly GatewayError PartialRefundLimit = Add("E11010012", GatewayErrorKind.State, "一部キャンセルは1取引につき10回までです。", "At most 10 partial cancels per transaction.");
    public static readonly GatewayError AmountChangeNotEnabled = Add("E11010013", GatewayErrorKind.State, "この取引は金額変更を利用するボタン情報で決済されていないため、金額変更できません。", "This payment was not made with button information that enables amount change.");
    public static readonly GatewayError PermissionExpired = Add("E11010014", GatewayErrorKind.State, "利用承諾の有効期限(13ヶ月)が切れています。", "The registration has expired (13 months).");
    public static readonly GatewayError AuthorizationEnded = Add("E11010015", GatewayErrorKind.State, "Amazon Payが実売上を承認しなかったため、この仮売上の与信は終了しています(キャンセル、または金額変更による与信の取り直しは可能です)。", "Amazon Pay did not approve the capture, so this authorization has ended (it can be cancelled, or re-authorized with an amount change).");

    // E61 — shop settings
    public static readonly GatewayError NotConfigured = Add("E61010001", GatewayErrorKind.ShopSettings, "Amazon Payの設定(パブリックキーID、プライベートキー、ストアID)が完了していません。", "Amazon Pay is not configured for this shop (public key ID, private key, store ID).");
    public static readonly GatewayError KeyRejected = Add("E61010003", GatewayErrorKind.ShopSettings, "Amazon Payが署名を受け付けませんでした。パブリックキーIDとプライベートキーの組み合わせを確認してください。", "Amazon Pay rejected the signature; check that the private key pairs with the public key ID.");
    public static readonly GatewayError NotificationUrlMissing = Add("E61020001", GatewayErrorKind.ShopSettings, "結果通知先URLが設定されていません。", "No notification URL is set.");

    // E82 / E90 — concurrency
    public static readonly GatewayError InFlight = Add("E82000001", GatewayErrorKind.Concurrent, "この取引に対する別の処理が実行中です。しばらくしてから再度お試しください。", "Another operation on this transaction is in progress; try again shortly.");
    public static readonly GatewayError DuplicateSubmission = Add("E90010001", GatewayErrorKind.Concurrent, "同じ処理が既に実行中です(二重送信)。", "The same operation is already in progress (duplicate submission).");

    // E30 — Amazon Pay
    public static readonly GatewayError Declined = Add("E30000001", GatewayErrorKind.AmazonPay, "Amazon Payで支払い方法が承認されませんでした。", "Amazon Pay declined the payment method.");
    public static readonly GatewayError AmazonRejected = Add("E30000002", GatewayErrorKind.AmazonPay, "Amazon Payが処理を受け付けませんでした。", "Amazon Pay refused the operation.");
    public static readonly GatewayError BuyerCanceled = Add("E30000003", GatewayErrorKind.AmazonPay, "お客様がAmazon Payでの支払いを完了しませんでした。", "The customer did not complete the payment on Amazon Pay.");
    public static readonly GatewayError AmazonUnavailable = Add("E30000004", GatewayErrorKind.AmazonPay, "Amazon Payに接続できないか、応答がありませんでした。処理結果は自動で確認されます。", "Amazon Pay could not be reached or did not answer; the outcome will be confirmed automatically.");

    // E01 — the console
    public static readonly GatewayError NotPermitted = Add("E01990001", GatewayErrorKind.Input, "この操作を行う権限がありません(オペレーター以上が必要です)。", "You may not do this (Operator or Owner needed).");

    // E91 — system
    public static readonly GatewayError SystemError = Add("E91099999", GatewayErrorKind.System, "システムエラーが発生しました。", "A system error occurred.");

    // E92 — rate limits: refused before the request is acted on; the same request may be sent again after Retry-After
    public static readonly GatewayError ShopRateLimited = Add("E92000001", GatewayErrorKind.ShopRateLimited, "このショップからのリクエストが多すぎます。しばらくしてから再度お試しください(処理は行われていません)。", "This shop is sending too many requests; try again shortly (nothing was done).");
    public static readonly GatewayError Overloaded = Add("E92000002", GatewayErrorKind.Overloaded, "只今、大変込み合っております。しばらくしてから再度お試しください(処理は行われていません)。", "The gateway is busy; try again shortly (nothing was done).");

    /// <summary>ErrInfo of the test notification: not an error.</summary>
    public const string TestNotificationInfo = "E00000000";

    public static IReadOnlyList<GatewayError> All => Catalogue;

    /// <summary>The catalogue's error with this ErrInfo (as journaled), or null.</summary>
    public static GatewayError? Find(string? errInfo) => Catalogue.Find(e => e.ErrInfo == errInfo);

    private static GatewayError Add(string info, GatewayErrorKind kind, string japanese, string english)
    {
        var error = new GatewayError(info, kind, japanese, english);
        Catalogue.Add(error);
        return error;
    }

    /// <summary>
    /// A rule refused <paramref name="operation"/> in <paramref name="state"/>: when the state is what that operation
    /// leads to (a second capture of captured money, a cancel of a cancelled or refunded sale, ending an ended
    /// registration — typically the loser of two staff clicking at once) the answer is E11010001 "already processed",
    /// with the rule's sentence as detail; otherwise the rule's own code (<see cref="From(Refusal)"/>).
    /// </summary>
    public static GatewayError From(Refusal refusal, Operation operation, TransactionState state)
    {
        ArgumentNullException.ThrowIfNull(refusal);
        return refusal.Code == RefusalCodes.OperationNotAllowed && IsAlreadyDone(operation, state)
            ? AlreadyProcessed.With(refusal.English)
            : From(refusal);
    }

    private static bool IsAlreadyDone(Operation operation, TransactionState state) => operation switch
    {
        Operation.Capture => state is TransactionState.Sales or TransactionState.Capture,
        Operation.CancelFull or Operation.CancelPartial => state is TransactionState.Cancel or TransactionState.Return,
        Operation.EndRegistration => state is TransactionState.End,
        _ => false,
    };

    /// <summary>A rule of the manual refused the operation: its E01/E11 code, with the rule's own sentence as detail.</summary>
    public static GatewayError From(Refusal refusal)
    {
        ArgumentNullException.ThrowIfNull(refusal);
        var error = refusal.Code switch
        {
            RefusalCodes.OperationNotAllowed => NotAllowedInState,
            RefusalCodes.AmountNegative or RefusalCodes.AmountOutOfRange => AmountOutOfRange,
            RefusalCodes.CaptureAmountMismatch => CaptureAmountMismatch,
            RefusalCodes.CaptureWindowPassed => CaptureWindowPassed,
            RefusalCodes.AuthorizationEnded => AuthorizationEnded,
            RefusalCodes.RefundWindowPassed => RefundWindowPassed,
            RefusalCodes.RefundExceedsRemaining => RefundExceedsRemaining,
            RefusalCodes.PartialRefundLimit => PartialRefundLimit,
            RefusalCodes.AmountChangeNotEnabled => AmountChangeNotEnabled,
            RefusalCodes.AmountChangeCeilingExceeded => AmountChangeCeiling,
            RefusalCodes.PermissionExpired => PermissionExpired,
            RefusalCodes.RecurringCeilingExceeded => RecurringCeiling,
            _ => throw new InvalidOperationException($"No API error for refusal {refusal.Code}."),
        };
        return error with { Japanese = refusal.Japanese, English = refusal.English };
    }
}
