using MerchantConsole.Core.Payments;

namespace MerchantConsole.Core.AmazonPay;

// Request bodies of the API operations (wire spec §4). CreateCheckoutSessionRequest is in
// WirePayloads.cs because buttons carry the same object.

public sealed record UpdateCheckoutSessionRequest(
    WebCheckoutDetails? WebCheckoutDetails = null,
    PaymentDetails? PaymentDetails = null,
    MerchantMetadata? MerchantMetadata = null,
    RecurringMetadata? RecurringMetadata = null,
    string? PlatformId = null);

/// <summary>
/// <paramref name="ChargeAmount"/> must equal the session's <c>paymentDetails.chargeAmount</c>; a registration-only
/// (Confirm) session that was given no amount is completed without one.
/// </summary>
public sealed record CompleteCheckoutSessionRequest(Yen? ChargeAmount, Yen? TotalOrderAmount = null);

public sealed record UpdateChargePermissionRequest(
    MerchantMetadata? MerchantMetadata = null,
    RecurringMetadata? RecurringMetadata = null);

public sealed record CloseChargePermissionRequest(string ClosureReason, bool? CancelPendingCharges = null);

public enum ChargeInitiator
{
    Unknown,
    CITU,
    MITU,
    CITR,
    MITR,
}

public sealed record CreateChargeRequest(
    string ChargePermissionId,
    Yen ChargeAmount,
    bool? CaptureNow = null,
    string? SoftDescriptor = null,
    bool? CanHandlePendingAuthorization = null,
    MerchantMetadata? MerchantMetadata = null,
    string? PlatformId = null,
    ChargeInitiator? ChargeInitiator = null);

public sealed record CaptureChargeRequest(Yen CaptureAmount, string? SoftDescriptor = null);

public sealed record CancelChargeRequest(string? CancellationReason = null);

public sealed record CreateRefundRequest(string ChargeId, Yen RefundAmount, string? SoftDescriptor = null);
