using MerchantConsole.Core.Payments;

namespace MerchantConsole.Core.AmazonPay;

// Response objects (wire spec §4, §4.2). Every state enum starts with Unknown: a state Amazon adds
// later reads as Unknown instead of failing the whole response.

public enum CheckoutSessionState
{
    Unknown,
    Open,
    Completed,
    Canceled,
}

public enum ChargeState
{
    Unknown,
    AuthorizationInitiated,
    Authorized,
    CaptureInitiated,
    Captured,
    Declined,
    Canceled,
}

public enum ChargePermissionState
{
    Unknown,
    Chargeable,
    NonChargeable,
    Closed,
}

public enum RefundState
{
    Unknown,
    RefundInitiated,
    Refunded,
    Declined,
}

public sealed record StatusDetails<TState>(
    TState State,
    string? ReasonCode = null,
    string? ReasonDescription = null,
    DateTimeOffset? LastUpdatedTimestamp = null)
    where TState : struct, Enum;

public sealed record StatusReason(string ReasonCode, string? ReasonDescription = null);

/// <summary>A charge permission's status carries a list of reasons, not one reason code.</summary>
public sealed record ChargePermissionStatusDetails(
    ChargePermissionState State,
    IReadOnlyList<StatusReason>? Reasons = null,
    DateTimeOffset? LastUpdatedTimestamp = null);

public sealed record Constraint(string ConstraintId, string? Description = null);

public sealed record Buyer(
    string? BuyerId = null,
    string? Name = null,
    string? Email = null,
    string? PostalCode = null,
    string? CountryCode = null,
    string? PhoneNumber = null,
    Address? ShippingAddress = null,
    Address? BillingAddress = null,
    IReadOnlyList<string>? PrimeMembershipTypes = null);

public sealed record PaymentPreference(string? PaymentDescriptor = null);

public sealed record Limits(Yen? AmountLimit = null, Yen? AmountBalance = null);

public sealed record CheckoutSession(
    string CheckoutSessionId,
    StatusDetails<CheckoutSessionState> StatusDetails,
    WebCheckoutDetails? WebCheckoutDetails = null,
    ProductType? ProductType = null,
    PaymentDetails? PaymentDetails = null,
    ChargePermissionType? ChargePermissionType = null,
    RecurringMetadata? RecurringMetadata = null,
    MerchantMetadata? MerchantMetadata = null,
    Buyer? Buyer = null,
    Address? BillingAddress = null,
    Address? ShippingAddress = null,
    IReadOnlyList<PaymentPreference>? PaymentPreferences = null,
    IReadOnlyList<Constraint>? Constraints = null,
    DateTimeOffset? CreationTimestamp = null,
    DateTimeOffset? ExpirationTimestamp = null,
    string? ChargePermissionId = null,
    string? ChargeId = null,
    string? StoreId = null,
    string? ReleaseEnvironment = null)
{
    /// <summary>Redirect to <c>amazonPayRedirectUrl</c> only when Amazon lists no open constraint.</summary>
    public bool HasConstraints => Constraints is { Count: > 0 };
}

[System.Diagnostics.CodeAnalysis.SuppressMessage("Naming", "CA1711", Justification = "Amazon's name for the object.")]
public sealed record ChargePermission(
    string ChargePermissionId,
    ChargePermissionStatusDetails StatusDetails,
    ChargePermissionType? ChargePermissionType = null,
    Limits? Limits = null,
    Buyer? Buyer = null,
    Address? ShippingAddress = null,
    Address? BillingAddress = null,
    IReadOnlyList<PaymentPreference>? PaymentPreferences = null,
    MerchantMetadata? MerchantMetadata = null,
    RecurringMetadata? RecurringMetadata = null,
    string? PlatformId = null,
    DateTimeOffset? CreationTimestamp = null,
    DateTimeOffset? ExpirationTimestamp = null,
    string? PresentmentCurrency = null,
    string? ReleaseEnvironment = null);

public sealed record Charge(
    string ChargeId,
    StatusDetails<ChargeState> StatusDetails,
    string? ChargePermissionId = null,
    Yen? ChargeAmount = null,
    Yen? CaptureAmount = null,
    Yen? RefundedAmount = null,
    string? SoftDescriptor = null,
    bool? CaptureNow = null,
    bool? CanHandlePendingAuthorization = null,
    MerchantMetadata? MerchantMetadata = null,
    DateTimeOffset? CreationTimestamp = null,
    DateTimeOffset? ExpirationTimestamp = null,
    string? ReleaseEnvironment = null,
    ChargeInitiator? ChargeInitiator = null,
    string? Channel = null);

public sealed record Refund(
    string RefundId,
    StatusDetails<RefundState> StatusDetails,
    string? ChargeId = null,
    Yen? RefundAmount = null,
    string? SoftDescriptor = null,
    DateTimeOffset? CreationTimestamp = null,
    string? ReleaseEnvironment = null);
