using System.Globalization;
using MerchantConsole.Core.Payments;
using MerchantConsole.Gateway;
using static MerchantConsole.Api.ApiParameter;

namespace MerchantConsole.Api;

/// <summary>
/// The merchant API's one table of operations (gateway-api.md): both transports, the OpenAPI document and the
/// field lists of docs/api.md come from it. Each row parses its request, then calls the engine.
/// </summary>
internal static class ApiOperations
{
    /// <summary>The payment method code of Amazon Pay in the gateway this imitates.</summary>
    public const string AmazonPayPayType = "38";

    public static readonly ApiParameter ShopIdField = Text("ShopID", "ショップID", "Shop ID.", required: true);
    public static readonly ApiParameter ShopPassField = Text("ShopPass", "ショップパスワード", "Shop password (merchant API password).", required: true);

    private static readonly ApiParameter AccessIdField = Text("AccessID", "取引ID", "Transaction ID from EntryTranAmazonpay.", required: true);
    private static readonly ApiParameter AccessPassField = Text("AccessPass", "取引パスワード", "Transaction password from EntryTranAmazonpay.", required: true);
    private static readonly ApiParameter OrderIdField = Text("OrderID", "オーダーID", "Order ID: at most 27 letters, digits and '-'.", required: true);
    private static readonly ApiParameter StatusField = Text("Status", "取引状態", "Transaction state (UNPROCESSED, REQSUCCESS, AUTH, SALES, …).");
    private static readonly ApiParameter AmountField = Number("Amount", "利用金額", "Amount in yen.");
    private static readonly ApiParameter TaxField = Number("Tax", "税送料", "Tax and shipping in yen (absent = 0).");
    private static readonly ApiParameter PermissionIdField = Text("AmazonChargePermissionID", "AmazonチャージパーミッションID", "Amazon's charge permission ID.");

    public static readonly IReadOnlyList<ApiOperation> All =
    [
        new("EntryTranAmazonpay", "取引登録", "Register a transaction",
            [OrderIdField,
             Text("JobCd", "処理区分", "AUTH (authorize, capture later) or CAPTURE (immediate capture). Not needed for PaymentType 3."),
             Number("Amount", "利用金額", "Amount in yen. Not needed for PaymentType 3."),
             TaxField,
             Text("AmazonpayType", "Amazon Pay種別", "3 (4 is also accepted; absent = 3)."),
             Text("PaymentType", "決済種別", "1 one-time (default), 2 registration with first payment, 3 registration only, 4 recurring.")],
            [Text("AccessID", "取引ID", "Transaction ID."), Text("AccessPass", "取引パスワード", "Transaction password; keep it secret.")],
            EntryTran),
        new("ExecTranAmazonpay", "決済実行", "Execute the payment",
            [AccessIdField, AccessPassField, OrderIdField,
             Text("RetURL", "戻り先URL", "Where the customer's browser is sent with the result (absolute http/https; https in live mode). Not used for PaymentType 4."),
             Text("AmazonCheckoutSessionID", "AmazonチェックアウトセッションID", "The checkout session the Amazon Pay button created (PaymentType 1–3)."),
             PermissionIdField with { English = "The permission to charge (PaymentType 4)." },
             Text("Description", "購入者への通知内容", "Note to the buyer, at most 255 characters."),
             Number("PaymentTermSec", "支払開始期限秒", "Seconds the start URL stays valid, 1–86400 (default: the Gateway:DefaultPaymentTermSeconds setting)."),
             Text("FrequencyUnit", "支払い頻度の単位", "Year, Month, Week, Day or Variable (PaymentType 2 and 3)."),
             Number("FrequencyValue", "支払い頻度の値", "At least 1 (PaymentType 2 and 3)."),
             Text("ClientField1", "加盟店自由項目1", "Free merchant field, at most 100 characters, echoed by SearchTradeMulti."),
             Text("ClientField2", "加盟店自由項目2", "Free merchant field, at most 100 characters."),
             Text("ClientField3", "加盟店自由項目3", "Free merchant field, at most 100 characters."),
             Text("APBType", "APBタイプ", "AmazonpayType 4 only: PayOnly (default) or PayAndShip; with PayAndShip the APB address fields below are required."),
             Text("APBName", "APB配送先氏名", "Shipping name (PayAndShip, required)."),
             Text("APBAddressLine1", "APB配送先住所1", "Address line 1 (PayAndShip, required)."),
             Text("APBAddressLine2", "APB配送先住所2", "Address line 2."),
             Text("APBAddressLine3", "APB配送先住所3", "Address line 3."),
             Text("APBCity", "APB配送先市区町村", "City."),
             Text("APBDistrictOrCounty", "APB配送先郡", "District or county."),
             Text("APBStateOrRegion", "APB配送先都道府県", "Prefecture (PayAndShip, required)."),
             Text("APBPostalCode", "APB配送先郵便番号", "Postal code (PayAndShip, required)."),
             Text("APBCountryCode", "APB配送先国コード", "Country code, JP (PayAndShip, required)."),
             Text("APBPhoneNumber", "APB配送先電話番号", "Phone number (PayAndShip, required).")],
            [Text("AccessID", "取引ID", "Transaction ID."), Text("OrderID", "オーダーID", "Order ID."), StatusField,
             Text("TranDate", "処理日時", "yyyyMMddHHmmss, Japan time."),
             Text("Token", "トークン", "Start token for the customer's browser (PaymentType 1–3). In the .idPass answer '+' is not encoded."),
             Text("StartURL", "支払手続き開始URL", "Where the customer's browser POSTs AccessID and Token."),
             Text("StartLimitDate", "支払開始期限日時", "yyyyMMddHHmmss, Japan time."),
             PermissionIdField with { English = "The permission charged (PaymentType 4)." }],
            ExecTran),
        new("AmazonpaySales", "実売上", "Capture",
            [AccessIdField, AccessPassField, OrderIdField, AmountField with { Required = true }, TaxField],
            [Text("OrderID", "オーダーID", "Order ID."), StatusField, AmountField, TaxField],
            Sales),
        new("AmazonpayCancel", "キャンセル", "Cancel or refund",
            [AccessIdField, AccessPassField, OrderIdField,
             Number("CancelAmount", "キャンセル金額", "Amount to refund; absent or the whole remainder = full cancel (全額), less = partial (一部). An authorization is always cancelled whole."),
             Number("CancelTax", "キャンセル税送料", "Tax to refund (absent = 0).")],
            [Text("OrderID", "オーダーID", "Order ID."), StatusField, AmountField, TaxField,
             Number("CancelAmount", "キャンセル金額", "Total refunded so far."), Number("CancelTax", "キャンセル税送料", "Total tax refunded so far.")],
            Cancel),
        new("AmazonpayChange", "金額変更", "Change the authorized amount",
            [AccessIdField, AccessPassField, OrderIdField, AmountField with { Required = true }, TaxField],
            [Text("OrderID", "オーダーID", "Order ID."), StatusField, AmountField, TaxField],
            Change),
        new("CloseChargePermissionAmazonpay", "利用承諾終了", "End a registration",
            [PermissionIdField with { Required = true }],
            [PermissionIdField, StatusField with { English = "END once ended." }],
            ClosePermission),
        new("SearchChargePermissionAmazonpay", "利用承諾照会", "Look up a registration",
            [PermissionIdField with { Required = true }],
            [PermissionIdField, StatusField with { English = "REGISTER, END or PAYFAIL." },
             Number("AmountLimit", "上限金額", "Amazon's amount limit of the permission."),
             Number("AmountBalance", "残高", "Amazon's remaining balance of the permission."),
             Text("ReasonCode", "理由コード", "Amazon's reason code, or its state when it gives none.")],
            SearchPermission),
        new("SearchAddressAmazonpay", "購入者・住所照会", "Look up the buyer and addresses",
            [OrderIdField with { Required = false, English = "Order ID (optional); when given it must exist." },
             Text("AmazonCheckoutSessionID", "AmazonチェックアウトセッションID", "The checkout session to read.", required: true)],
            [.. BuyerFields()],
            SearchAddress),
        new("SearchTradeMulti", "取引状態参照", "Look up a transaction",
            [OrderIdField, Text("PayType", "決済方法", "38 (Amazon Pay).", required: true)],
            [StatusField, Text("ProcessDate", "処理日時", "yyyyMMddHHmmss, Japan time."), Text("JobCd", "処理区分", "AUTH or CAPTURE (empty for registration only)."),
             Text("AccessID", "取引ID", "Transaction ID."), Text("AccessPass", "取引パスワード", "Transaction password."), AmountField, TaxField,
             Text("ClientField1", "加盟店自由項目1", "As sent."), Text("ClientField2", "加盟店自由項目2", "As sent."), Text("ClientField3", "加盟店自由項目3", "As sent."),
             Text("PayType", "決済方法", "38."), PermissionIdField,
             Number("AmazonPayCancelAmount", "キャンセル金額", "Total refunded so far."), Number("AmazonPayCancelTax", "キャンセル税送料", "Total tax refunded so far.")],
            SearchTrade),
    ];

    public static ApiOperation? Find(string name) => All.FirstOrDefault(o => o.Name == name);

    private static string Wire(long value) => value.ToString(CultureInfo.InvariantCulture);

    private static string? Wire(Yen? value) => value?.Value.ToString(CultureInfo.InvariantCulture);

    private static ApiStep EntryTran(ApiInput input)
    {
        var orderId = input.OrderId(required: true);
        var paymentType = input.PaymentType();
        var registrationOnly = paymentType == PaymentType.RegistrationOnly;
        var jobCd = input.JobCd(required: !registrationOnly);
        var amount = input.Yen("Amount", registrationOnly ? null : GatewayErrors.AmountMissing, GatewayErrors.AmountInvalid);
        var tax = input.Yen("Tax", null, GatewayErrors.TaxInvalid);
        var amazonPayType = input.Text("AmazonpayType") switch
        {
            null or "3" => 3,
            "4" => 4,
            _ => Refuse(input, GatewayErrors.AmazonPayTypeInvalid, 3),
        };
        if (registrationOnly && input.Text("JobCd") is not null)
        {
            input.Fail(GatewayErrors.JobCdNotAllowed);
        }

        return async context =>
        {
            var entry = new EntryInput(orderId!, paymentType, jobCd ?? JobCd.Auth, amount ?? Yen.Zero, tax ?? Yen.Zero, amazonPayType);
            var result = await context.Gateway.EntryAsync(context.ShopId, entry, context.Actor, context.Aborted);
            return result.IsSuccess ? ApiOutcome.Ok(("AccessID", result.Value.AccessId), ("AccessPass", result.Value.AccessPass)) : result.Error;
        };
    }

    private static ApiStep ExecTran(ApiInput input)
    {
        var keys = input.TransactionKeys();
        var retUrl = input.RetUrl();
        var exec = new ExecInput(
            retUrl ?? "",
            input.CheckoutSessionId(null),
            input.AmazonId("AmazonChargePermissionID", null, GatewayErrors.PermissionNotFound),
            input.Bounded("Description", 255, GatewayErrors.DescriptionInvalid),
            input.Integer("PaymentTermSec", 1, 86_400, GatewayErrors.PaymentTermInvalid),
            input.FrequencyUnit(),
            input.Integer("FrequencyValue", 1, int.MaxValue, GatewayErrors.FrequencyInvalid),
            input.Bounded("ClientField1", 100, GatewayErrors.ClientFieldInvalid),
            input.Bounded("ClientField2", 100, GatewayErrors.ClientFieldInvalid),
            input.Bounded("ClientField3", 100, GatewayErrors.ClientFieldInvalid),
            input.ApbType(),
            input.ApbAddress());

        return async context =>
        {
            var found = await context.TransactionAsync(keys);
            if (!found.IsSuccess)
            {
                return found.Error;
            }

            // A recurring payment has no browser leg, so only the others need somewhere to send the customer back.
            if (found.Value.PaymentType != PaymentType.Recurring && retUrl is null)
            {
                return GatewayErrors.RetUrlMissing;
            }

            var result = await context.Gateway.ExecAsync(context.ShopId, found.Value.Id, exec, context.PublicBase, context.Actor, context.Aborted);
            if (!result.IsSuccess)
            {
                return result.Error;
            }

            var (row, token, startUrl, limit) = result.Value;
            return row.PaymentType == PaymentType.Recurring || token is null
                ? ApiOutcome.Ok(("AccessID", row.AccessId), ("OrderID", row.OrderId), ("Status", row.State.Code()),
                    ("TranDate", Jst.Compact(row.UpdatedAt)), ("AmazonChargePermissionID", row.ChargePermissionId))
                : ApiOutcome.Ok(("AccessID", row.AccessId), ("OrderID", row.OrderId), ("Status", row.State.Code()),
                    ("TranDate", Jst.Compact(row.UpdatedAt)), ("Token", token), ("StartURL", startUrl!.AbsoluteUri),
                    ("StartLimitDate", Jst.Compact(limit!.Value)));
        };
    }

    private static ApiStep Sales(ApiInput input)
    {
        var keys = input.TransactionKeys();
        var amount = input.Yen("Amount", GatewayErrors.AmountMissing, GatewayErrors.AmountInvalid);
        var tax = input.Yen("Tax", null, GatewayErrors.TaxInvalid);
        return OnTransaction(keys, (context, row) =>
            context.Gateway.CaptureAsync(context.ShopId, row.Id, amount, tax ?? Yen.Zero, context.Actor, context.Aborted), AmountAnswer);
    }

    private static ApiStep Cancel(ApiInput input)
    {
        var keys = input.TransactionKeys();
        var amount = input.Yen("CancelAmount", null, GatewayErrors.CancelAmountInvalid);
        var tax = input.Yen("CancelTax", null, GatewayErrors.CancelAmountInvalid);
        return OnTransaction(keys, (context, row) =>
            context.Gateway.CancelAsync(context.ShopId, row.Id, amount, amount is null ? null : tax ?? Yen.Zero, context.Actor, context.Aborted),
            row => ApiOutcome.Ok(("OrderID", row.OrderId), ("Status", row.State.Code()), ("Amount", Wire(row.Amount)), ("Tax", Wire(row.Tax)),
                ("CancelAmount", Wire(row.CancelledAmount)), ("CancelTax", Wire(row.CancelledTax))));
    }

    private static ApiStep Change(ApiInput input)
    {
        var keys = input.TransactionKeys();
        var amount = input.Yen("Amount", GatewayErrors.AmountMissing, GatewayErrors.AmountInvalid);
        var tax = input.Yen("Tax", null, GatewayErrors.TaxInvalid);
        return OnTransaction(keys, (context, row) =>
            context.Gateway.ChangeAmountAsync(context.ShopId, row.Id, amount!.Value, tax ?? Yen.Zero, context.Actor, context.Aborted), AmountAnswer);
    }

    private static ApiStep ClosePermission(ApiInput input)
    {
        var permissionId = input.AmazonId("AmazonChargePermissionID", GatewayErrors.PermissionIdMissing, GatewayErrors.PermissionNotFound) ?? "";
        return async context =>
        {
            var result = await context.Service<PermissionOperations>().EndAsync(context.ShopId, permissionId, context.Actor, context.Aborted);
            return result.IsSuccess
                ? ApiOutcome.Ok(("AmazonChargePermissionID", result.Value.ChargePermissionId), ("Status", result.Value.State.Code()))
                : result.Error;
        };
    }

    private static ApiStep SearchPermission(ApiInput input)
    {
        var permissionId = input.AmazonId("AmazonChargePermissionID", GatewayErrors.PermissionIdMissing, GatewayErrors.PermissionNotFound) ?? "";
        return async context =>
        {
            var result = await context.Service<PermissionOperations>().SearchAsync(context.ShopId, permissionId, context.Aborted);
            if (!result.IsSuccess)
            {
                return result.Error;
            }

            var status = result.Value;
            return ApiOutcome.Ok(("AmazonChargePermissionID", status.Permission.ChargePermissionId), ("Status", status.Permission.State.Code()),
                ("AmountLimit", Wire(status.AmountLimit)), ("AmountBalance", Wire(status.AmountBalance)), ("ReasonCode", status.ReasonCode));
        };
    }

    private static ApiStep SearchAddress(ApiInput input)
    {
        var orderId = input.OrderId(required: false);
        var sessionId = input.CheckoutSessionId(GatewayErrors.CheckoutSessionMissing) ?? "";
        return async context =>
        {
            if (orderId is not null && await context.TransactionByOrderAsync(orderId) is null)
            {
                return GatewayErrors.OrderNotFound;
            }

            return await BuyerLookup.SearchAsync(context, sessionId);
        };
    }

    private static ApiStep SearchTrade(ApiInput input)
    {
        var orderId = input.OrderId(required: true);
        if (input.Text("PayType") != AmazonPayPayType)
        {
            input.Fail(GatewayErrors.PayTypeInvalid);
        }

        return async context =>
        {
            var row = await context.TransactionByOrderAsync(orderId!);
            if (row is null)
            {
                return GatewayErrors.OrderNotFound;
            }

            return ApiOutcome.Ok(("Status", row.State.Code()), ("ProcessDate", Jst.Compact(row.UpdatedAt)),
                ("JobCd", row.PaymentType == PaymentType.RegistrationOnly ? "" : row.JobCd.Code()),
                ("AccessID", row.AccessId), ("AccessPass", context.Gateway.RevealAccessPass(row)),
                ("Amount", Wire(row.Amount)), ("Tax", Wire(row.Tax)),
                ("ClientField1", row.ClientField1), ("ClientField2", row.ClientField2), ("ClientField3", row.ClientField3),
                ("PayType", AmazonPayPayType), ("AmazonChargePermissionID", row.ChargePermissionId),
                ("AmazonPayCancelAmount", Wire(row.CancelledAmount)), ("AmazonPayCancelTax", Wire(row.CancelledTax)));
        };
    }

    /// <summary>The operations on an existing transaction: authenticate it, run the engine, answer from the row.</summary>
    private static ApiStep OnTransaction(
        (string, string, string) keys,
        Func<ApiContext, GatewayTransaction, Task<GatewayResult<GatewayTransaction>>> operate,
        Func<GatewayTransaction, ApiOutcome> answer) =>
        async context =>
        {
            var found = await context.TransactionAsync(keys);
            if (!found.IsSuccess)
            {
                return found.Error;
            }

            var result = await operate(context, found.Value);
            return result.IsSuccess ? answer(result.Value) : result.Error;
        };

    private static ApiOutcome AmountAnswer(GatewayTransaction row) =>
        ApiOutcome.Ok(("OrderID", row.OrderId), ("Status", row.State.Code()), ("Amount", Wire(row.Amount)), ("Tax", Wire(row.Tax)));

    private static T Refuse<T>(ApiInput input, GatewayError error, T fallback)
    {
        input.Fail(error);
        return fallback;
    }

    private static IEnumerable<ApiParameter> BuyerFields()
    {
        yield return Text("AmazonBuyerID", "AmazonバイヤーID", "Amazon's buyer ID.");
        yield return Text("AmazonAccountName", "Amazonアカウント名", "The buyer's name.");
        yield return Text("AmazonMailAddress", "メールアドレス", "The buyer's e-mail address.");
        yield return Text("AmazonPhoneNumber", "電話番号", "The buyer's phone number.");
        foreach (var (prefix, japanese) in new[] { ("Shipping", "配送先"), ("Billing", "請求先") })
        {
            foreach (var (part, partJapanese) in BuyerLookup.AddressParts)
            {
                yield return Text(prefix + part, japanese + partJapanese, $"{prefix} address: {part}.");
            }
        }

        yield return Text("PaymentDescriptor", "支払い方法", "How the buyer pays, as Amazon describes it (e.g. Visa ****1111).");
    }
}
