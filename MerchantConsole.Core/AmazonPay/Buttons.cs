using System.Security.Cryptography;
using MerchantConsole.Core.Payments;

namespace MerchantConsole.Core.AmazonPay;

/// <summary>
/// The shop's side of every button. <paramref name="StoreName"/> is the AmazonPayストア名 setting;
/// when it is empty the shop name registered with the service is shown to the buyer instead.
/// <paramref name="Sandbox"/> allows plain-http loopback URLs (the embedded sandbox).
/// </summary>
public sealed record ButtonShop(string StoreId, string PublicKeyId, string ShopName, string? StoreName = null, bool Sandbox = false)
{
    public string DisplayedStoreName => string.IsNullOrWhiteSpace(StoreName) ? ShopName.Trim() : StoreName.Trim();
}

/// <summary>都度決済用. <paramref name="AmountChangeEnabled"/> is 金額変更利用有無 = 利用する.</summary>
public sealed record OneTimeButton(
    ProductType ProductType,
    string ReviewReturnUrl,
    string? CancelUrl = null,
    bool AmountChangeEnabled = false,
    IReadOnlyList<string>? Scopes = null);

/// <summary>随時決済用: the frequency is required, the amount optional.</summary>
public sealed record RecurringButton(
    ProductType ProductType,
    string ReviewReturnUrl,
    FrequencyUnit? FrequencyUnit,
    int? FrequencyValue,
    Yen? Amount = null,
    string? CancelUrl = null,
    IReadOnlyList<string>? Scopes = null);

/// <summary>サインイン用.</summary>
public sealed record SignInButton(string SignInReturnUrl, IReadOnlyList<string>? Scopes = null);

/// <summary>
/// The Additional Payment Button: the order is known on the merchant's site, so the buyer goes
/// straight to payment (<c>checkoutMode: ProcessOrder</c>). PayAndShip needs the shipping address.
/// </summary>
public sealed record ApbButton(
    ProductType ProductType,
    string ResultReturnUrl,
    PaymentIntent PaymentIntent,
    Yen ChargeAmount,
    Address? Address = null,
    string? CancelUrl = null,
    bool AmountChangeEnabled = false,
    IReadOnlyList<string>? Scopes = null,
    string? MerchantReferenceId = null,
    string? NoteToBuyer = null);

/// <summary>
/// A payload serialised once and its V2 signature over exactly that string. Hand
/// <see cref="PayloadJson"/> to the page unchanged (see <see cref="ButtonSnippet"/>).
/// </summary>
public sealed record SignedButton(ProductType ProductType, string PayloadJson, string Signature, string PublicKeyId)
{
    /// <summary><c>AMZN-PAY-RSASSA-PSS-V2\nhex(sha256(payload))</c>: compare with the signedString in a checkout.js error.</summary>
    public string StringToSign => CanonicalRequest.StringToSign(SignatureAlgorithm.V2, PayloadJson);
}

/// <summary>Builds and signs the button payloads (wire spec §2, §3.1, §3.2). Bad settings are refusals.</summary>
public static class ButtonBuilder
{
    public static readonly Yen MinChargeAmount = new(1);
    public static readonly Yen MaxChargeAmount = new(9_999_999);

    /// <summary>Amazon's limit for <c>merchantMetadata.merchantStoreName</c>.</summary>
    public const int MaxStoreNameLength = 50;

    private static readonly string[] DefaultCheckoutScopes =
        [CheckoutScopes.Name, CheckoutScopes.Email, CheckoutScopes.PhoneNumber, CheckoutScopes.BillingAddress];

    private static readonly string[] DefaultSignInScopes = [CheckoutScopes.Name, CheckoutScopes.Email];

    public static Checked<SignedButton> OneTime(ButtonShop shop, OneTimeButton button, RSA privateKey)
    {
        var refusal = CheckShop(ref shop) ?? CheckCheckoutProduct(button.ProductType)
            ?? ButtonUrls.Check(button.ReviewReturnUrl, "checkoutReviewReturnUrl", shop.Sandbox)
            ?? ButtonUrls.CheckOptional(button.CancelUrl, "checkoutCancelUrl", shop.Sandbox)
            ?? CheckScopes(button.Scopes);
        if (refusal is not null)
        {
            return Checked.No<SignedButton>(refusal);
        }

        var payload = new CreateCheckoutSessionRequest(
            new WebCheckoutDetails(CheckoutReviewReturnUrl: button.ReviewReturnUrl, CheckoutCancelUrl: button.CancelUrl),
            shop.StoreId,
            button.Scopes ?? DefaultCheckoutScopes,
            ChargePermissionType.OneTime,
            PaymentDetails: AmountChange(button.AmountChangeEnabled),
            MerchantMetadata: new MerchantMetadata(MerchantStoreName: shop.DisplayedStoreName));
        return Checked.Ok(Sign(button.ProductType, WireJson.Serialize(payload), shop, privateKey));
    }

    public static Checked<SignedButton> Recurring(ButtonShop shop, RecurringButton button, RSA privateKey)
    {
        var refusal = CheckShop(ref shop) ?? CheckCheckoutProduct(button.ProductType)
            ?? ButtonUrls.Check(button.ReviewReturnUrl, "checkoutReviewReturnUrl", shop.Sandbox)
            ?? ButtonUrls.CheckOptional(button.CancelUrl, "checkoutCancelUrl", shop.Sandbox)
            ?? CheckScopes(button.Scopes);
        if (refusal is null && (button.FrequencyUnit is null or FrequencyUnit.Unknown || button.FrequencyValue is null or < 1))
        {
            refusal = ButtonRefusals.FrequencyRequired;
        }

        if (refusal is null && button.Amount is { } amount && (amount < MinChargeAmount || amount > MaxChargeAmount))
        {
            refusal = ButtonRefusals.AmountOutOfRange;
        }

        if (refusal is not null)
        {
            return Checked.No<SignedButton>(refusal);
        }

        var payload = new CreateCheckoutSessionRequest(
            new WebCheckoutDetails(CheckoutReviewReturnUrl: button.ReviewReturnUrl, CheckoutCancelUrl: button.CancelUrl),
            shop.StoreId,
            button.Scopes ?? DefaultCheckoutScopes,
            ChargePermissionType.Recurring,
            new RecurringMetadata(new Frequency(button.FrequencyUnit!.Value, button.FrequencyValue!.Value), button.Amount),
            MerchantMetadata: new MerchantMetadata(MerchantStoreName: shop.DisplayedStoreName));
        return Checked.Ok(Sign(button.ProductType, WireJson.Serialize(payload), shop, privateKey));
    }

    public static Checked<SignedButton> SignIn(ButtonShop shop, SignInButton button, RSA privateKey)
    {
        var refusal = CheckShop(ref shop)
            ?? ButtonUrls.Check(button.SignInReturnUrl, "signInReturnUrl", shop.Sandbox)
            ?? CheckScopes(button.Scopes);
        if (refusal is not null)
        {
            return Checked.No<SignedButton>(refusal);
        }

        var payload = new SignInPayload(shop.StoreId, button.SignInReturnUrl, button.Scopes ?? DefaultSignInScopes);
        return Checked.Ok(Sign(ProductType.SignIn, WireJson.Serialize(payload), shop, privateKey));
    }

    public static Checked<SignedButton> AdditionalPaymentButton(ButtonShop shop, ApbButton button, RSA privateKey)
    {
        var refusal = CheckShop(ref shop) ?? CheckCheckoutProduct(button.ProductType)
            ?? ButtonUrls.Check(button.ResultReturnUrl, "checkoutResultReturnUrl", shop.Sandbox)
            ?? ButtonUrls.CheckOptional(button.CancelUrl, "checkoutCancelUrl", shop.Sandbox)
            ?? CheckScopes(button.Scopes);
        if (refusal is null && (button.PaymentIntent == PaymentIntent.Unknown || !Enum.IsDefined(button.PaymentIntent)))
        {
            refusal = ButtonRefusals.PaymentIntentRequired;
        }

        if (refusal is null && (button.ChargeAmount < MinChargeAmount || button.ChargeAmount > MaxChargeAmount))
        {
            refusal = ButtonRefusals.AmountOutOfRange;
        }

        if (refusal is null && button.ProductType == ProductType.PayAndShip)
        {
            refusal = CheckJapaneseAddress(button.Address);
        }

        if (refusal is not null)
        {
            return Checked.No<SignedButton>(refusal);
        }

        var amountChange = AmountChange(button.AmountChangeEnabled);
        var payload = new CreateCheckoutSessionRequest(
            new WebCheckoutDetails(
                CheckoutResultReturnUrl: button.ResultReturnUrl,
                CheckoutCancelUrl: button.CancelUrl,
                CheckoutMode: CheckoutMode.ProcessOrder),
            shop.StoreId,
            button.Scopes ?? DefaultCheckoutScopes,
            ChargePermissionType.OneTime,
            PaymentDetails: new PaymentDetails(
                PaymentIntent: button.PaymentIntent,
                ChargeAmount: button.ChargeAmount,
                AllowOvercharge: amountChange?.AllowOvercharge,
                ExtendExpiration: amountChange?.ExtendExpiration),
            MerchantMetadata: new MerchantMetadata(button.MerchantReferenceId, shop.DisplayedStoreName, button.NoteToBuyer),
            AddressDetails: button.ProductType == ProductType.PayAndShip ? button.Address : null);
        return Checked.Ok(Sign(button.ProductType, WireJson.Serialize(payload), shop, privateKey));
    }

    /// <summary>
    /// Signs a payload string as it is. Button signatures carry no timestamp, so the result can be
    /// cached until the payload changes.
    /// </summary>
    public static SignedButton Sign(ProductType productType, string payloadJson, ButtonShop shop, RSA privateKey) =>
        new(productType, payloadJson,
            RsaPss.Sign(CanonicalRequest.StringToSign(SignatureAlgorithm.V2, payloadJson), privateKey),
            shop.PublicKeyId);

    // 金額変更 on a one-time payment needs the buyer's consent to later additional charges at checkout
    // (allowOvercharge), and a permission that outlives 180 days (extendExpiration).
    private static PaymentDetails? AmountChange(bool enabled) =>
        enabled ? new PaymentDetails(AllowOvercharge: true, ExtendExpiration: true) : null;

    // The IDs come back trimmed, so the payload carries exactly the checked values.
    private static Refusal? CheckShop(ref ButtonShop shop)
    {
        var storeId = AmazonPayIds.CheckStoreId(shop.StoreId);
        var publicKeyId = AmazonPayIds.CheckPublicKeyId(shop.PublicKeyId);
        if (!storeId.IsOk || !publicKeyId.IsOk)
        {
            return storeId.Refusal ?? publicKeyId.Refusal;
        }

        shop = shop with { StoreId = storeId.Value, PublicKeyId = publicKeyId.Value };
        return shop.DisplayedStoreName.Length switch
        {
            0 => ButtonRefusals.StoreNameMissing,
            > MaxStoreNameLength => ButtonRefusals.StoreNameTooLong,
            _ => null,
        };
    }

    private static Refusal? CheckCheckoutProduct(ProductType productType) =>
        productType is ProductType.PayAndShip or ProductType.PayOnly ? null : ButtonRefusals.ProductTypeInvalid;

    private static Refusal? CheckScopes(IReadOnlyList<string>? scopes) =>
        scopes is null || (scopes.Count > 0 && scopes.All(s => CheckoutScopes.All.Contains(s, StringComparer.Ordinal)))
            ? null
            : ButtonRefusals.ScopesInvalid;

    // Amazon's JP rules for addressDetails: these six are required; the rest are optional.
    private static Refusal? CheckJapaneseAddress(Address? address) =>
        address is not null
        && new[] { address.Name, address.AddressLine1, address.StateOrRegion, address.PostalCode, address.CountryCode, address.PhoneNumber }
            .All(field => !string.IsNullOrWhiteSpace(field))
            ? null
            : ButtonRefusals.AddressIncomplete;
}
