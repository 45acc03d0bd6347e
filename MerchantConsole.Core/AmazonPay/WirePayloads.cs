using System.Text.Json.Serialization;
using MerchantConsole.Core.Payments;

namespace MerchantConsole.Core.AmazonPay;

// The JSON objects shared by button payloads, API requests and API responses (wire spec §3).
// Property order is declaration order, and null members are left out of what we send.

public enum ProductType
{
    PayAndShip,
    PayOnly,
    SignIn,
}

public enum ChargePermissionType
{
    Unknown,
    OneTime,
    Recurring,
    PaymentMethodOnFile,
}

public enum CheckoutMode
{
    ProcessOrder,
}

public enum PaymentIntent
{
    Unknown,
    Confirm,
    Authorize,
    AuthorizeWithCapture,
}

public enum FrequencyUnit
{
    Unknown,
    Year,
    Month,
    Week,
    Day,
    Variable,
}

/// <summary>Buyer details a button can ask for (<c>scopes</c>, <c>signInScopes</c>).</summary>
public static class CheckoutScopes
{
    public const string Name = "name";
    public const string Email = "email";
    public const string PostalCode = "postalCode";
    public const string ShippingAddress = "shippingAddress";
    public const string PhoneNumber = "phoneNumber";
    public const string PrimeStatus = "primeStatus";
    public const string BillingAddress = "billingAddress";

    public static IReadOnlyList<string> All { get; } =
        [Name, Email, PostalCode, ShippingAddress, PhoneNumber, PrimeStatus, BillingAddress];
}

public sealed record WebCheckoutDetails(
    string? CheckoutReviewReturnUrl = null,
    string? CheckoutResultReturnUrl = null,
    string? CheckoutCancelUrl = null,
    CheckoutMode? CheckoutMode = null,
    string? AmazonPayRedirectUrl = null);

public sealed record PaymentDetails(
    PaymentIntent? PaymentIntent = null,
    bool? CanHandlePendingAuthorization = null,
    Yen? ChargeAmount = null,
    Yen? TotalOrderAmount = null,
    string? PresentmentCurrency = null,
    bool? AllowOvercharge = null,
    bool? ExtendExpiration = null,
    string? SoftDescriptor = null);

public sealed record MerchantMetadata(
    string? MerchantReferenceId = null,
    string? MerchantStoreName = null,
    string? NoteToBuyer = null,
    string? CustomInformation = null);

/// <summary>The frequency value goes out as a string, as Amazon's API reference shows it; both forms are read.</summary>
public sealed record Frequency(
    FrequencyUnit Unit,
    [property: JsonNumberHandling(JsonNumberHandling.WriteAsString | JsonNumberHandling.AllowReadingFromString)] int Value);

public sealed record RecurringMetadata(Frequency? Frequency = null, Yen? Amount = null);

/// <summary>An address: <c>addressDetails</c> we send for APB, and the addresses Amazon returns.</summary>
public sealed record Address(
    string? Name = null,
    string? AddressLine1 = null,
    string? AddressLine2 = null,
    string? AddressLine3 = null,
    string? City = null,
    string? DistrictOrCounty = null,
    string? County = null,
    string? District = null,
    string? StateOrRegion = null,
    string? PostalCode = null,
    string? CountryCode = null,
    string? PhoneNumber = null);

/// <summary>The CreateCheckoutSession body, which is also the one-time, recurring and APB button payload.</summary>
public sealed record CreateCheckoutSessionRequest(
    WebCheckoutDetails WebCheckoutDetails,
    string StoreId,
    IReadOnlyList<string>? Scopes = null,
    ChargePermissionType? ChargePermissionType = null,
    RecurringMetadata? RecurringMetadata = null,
    PaymentDetails? PaymentDetails = null,
    MerchantMetadata? MerchantMetadata = null,
    Address? AddressDetails = null,
    string? PlatformId = null);

/// <summary>The sign-in button payload (wire spec §3.2).</summary>
public sealed record SignInPayload(string StoreId, string SignInReturnUrl, IReadOnlyList<string> SignInScopes);
