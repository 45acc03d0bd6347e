namespace MerchantConsole.Sandbox;

// The embedded Amazon Pay's own objects, in their own tables: they play Amazon's side and never mix with the
// gateway's records. States and reason codes are Amazon's literal strings (wire spec section 4.2).

/// <summary>A shop's identity at the sandbox: what Seller Central would show it.</summary>
public class SandboxMerchant
{
    public required string ShopId { get; set; }

    /// <summary>"A" followed by 13 upper-case letters and digits, like Amazon's merchant IDs.</summary>
    public required string MerchantId { get; set; }

    /// <summary>amzn1.application-oa2-client. followed by 32 lower-case hex digits.</summary>
    public required string StoreId { get; set; }

    /// <summary>How far this shop's sandbox clock runs ahead of real time (the control endpoint moves it).</summary>
    public long ClockOffsetSeconds { get; set; }

    public DateTimeOffset CreatedAt { get; set; }
}

/// <summary>A public key registered at the sandbox. The private half was handed to the Owner once and not kept.</summary>
public class SandboxKey
{
    /// <summary>SANDBOX- followed by 24 upper-case letters and digits.</summary>
    public required string PublicKeyId { get; set; }

    public required string ShopId { get; set; }

    public required string PublicKeyPem { get; set; }

    public required string Fingerprint { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public required string CreatedBy { get; set; }

    public DateTimeOffset? RevokedAt { get; set; }
}

public class SandboxCheckoutSession
{
    public required string Id { get; set; }

    public required string ShopId { get; set; }

    public required string StoreId { get; set; }

    /// <summary>Open, Completed or Canceled.</summary>
    public required string State { get; set; }

    public string? ReasonCode { get; set; }

    /// <summary>PayAndShip, PayOnly or SignIn-less checkout types as the button declared them.</summary>
    public string? ProductType { get; set; }

    /// <summary>OneTime or Recurring.</summary>
    public required string ChargePermissionType { get; set; }

    /// <summary>Confirm, Authorize or AuthorizeWithCapture, once set.</summary>
    public string? PaymentIntent { get; set; }

    public long? ChargeAmount { get; set; }

    public bool CanHandlePendingAuthorization { get; set; }

    public bool AllowOvercharge { get; set; }

    public bool ExtendExpiration { get; set; }

    /// <summary>webCheckoutDetails, merchantMetadata, recurringMetadata and other echoed fields, as JSON.</summary>
    public required string DetailsJson { get; set; }

    /// <summary>The test buyer the buyer pages chose, once they did.</summary>
    public string? BuyerId { get; set; }

    public string? PaymentDescriptor { get; set; }

    /// <summary>What the buyer chose on the confirmation page: Approve, SoftDecline, HardDecline or Cancel.</summary>
    public string? BuyerOutcome { get; set; }

    public string? ChargePermissionId { get; set; }

    public string? ChargeId { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset UpdatedAt { get; set; }
}

public class SandboxChargePermission
{
    public required string Id { get; set; }

    public required string ShopId { get; set; }

    public required string CheckoutSessionId { get; set; }

    /// <summary>OneTime or Recurring.</summary>
    public required string ChargePermissionType { get; set; }

    /// <summary>Chargeable, NonChargeable or Closed.</summary>
    public required string State { get; set; }

    public string? ReasonCode { get; set; }

    /// <summary>The most that may be charged on it (raised by allowOvercharge).</summary>
    public long AmountLimit { get; set; }

    /// <summary>Amounts authorized on it so far (amountBalance = limit − this).</summary>
    public long AmountAuthorized { get; set; }

    public required string BuyerId { get; set; }

    public string? DetailsJson { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset ExpiresAt { get; set; }

    public DateTimeOffset UpdatedAt { get; set; }
}

public class SandboxCharge
{
    public required string Id { get; set; }

    public required string ShopId { get; set; }

    public required string ChargePermissionId { get; set; }

    public long Amount { get; set; }

    public long? CaptureAmount { get; set; }

    public long RefundedAmount { get; set; }

    public int RefundCount { get; set; }

    /// <summary>AuthorizationInitiated, Authorized, CaptureInitiated, Captured, Declined or Canceled.</summary>
    public required string State { get; set; }

    public string? ReasonCode { get; set; }

    public bool CaptureNow { get; set; }

    public bool CanHandlePendingAuthorization { get; set; }

    /// <summary>When a pending state (AuthorizationInitiated, CaptureInitiated) settles, and into what.</summary>
    public DateTimeOffset? SettlesAt { get; set; }

    public string? SettlesTo { get; set; }

    public string? SettlesReason { get; set; }

    public string? SoftDescriptor { get; set; }

    public string? DetailsJson { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    /// <summary>An authorization not captured by then is Canceled with ExpiredUnused.</summary>
    public DateTimeOffset ExpiresAt { get; set; }

    public DateTimeOffset UpdatedAt { get; set; }
}

public class SandboxRefund
{
    public required string Id { get; set; }

    public required string ShopId { get; set; }

    public required string ChargeId { get; set; }

    public long Amount { get; set; }

    /// <summary>RefundInitiated, Refunded or Declined.</summary>
    public required string State { get; set; }

    public string? ReasonCode { get; set; }

    public DateTimeOffset? SettlesAt { get; set; }

    public string? SettlesTo { get; set; }

    public string? SettlesReason { get; set; }

    public string? SoftDescriptor { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset UpdatedAt { get; set; }
}

/// <summary>The first answer to a POST with an idempotency key, replayed for the same key and body.</summary>
public class SandboxIdempotentResponse
{
    public required string ShopId { get; set; }

    public required string IdempotencyKey { get; set; }

    /// <summary>SHA-256 of method, path and body: a different request with the same key is refused.</summary>
    public required string RequestHash { get; set; }

    public int StatusCode { get; set; }

    public required string ResponseBody { get; set; }

    public DateTimeOffset CreatedAt { get; set; }
}

/// <summary>A buyer token from the sign-in button, valid for 24 hours.</summary>
public class SandboxBuyerToken
{
    public required string Token { get; set; }

    public required string ShopId { get; set; }

    public required string BuyerId { get; set; }

    public DateTimeOffset ExpiresAt { get; set; }
}

/// <summary>A failure the sandbox injects on demand, at a rate or for the next N matching requests.</summary>
public class SandboxFault
{
    public long Id { get; set; }

    public required string ShopId { get; set; }

    public SandboxFaultKind Kind { get; set; }

    /// <summary>Share of matching requests affected, 0 to 1; ignored while <see cref="Remaining"/> is set.</summary>
    public double Rate { get; set; }

    /// <summary>"The next N requests": counts down to zero, then the fault stops.</summary>
    public int? Remaining { get; set; }

    /// <summary>For <see cref="SandboxFaultKind.SlowAnswer"/>: how long the answer is held back.</summary>
    public int DelayMilliseconds { get; set; }

    public DateTimeOffset CreatedAt { get; set; }
}

public enum SandboxFaultKind
{
    /// <summary>Authorizations are Declined with SoftDeclined.</summary>
    AuthorizationSoftDecline = 1,

    /// <summary>Authorizations are Declined with HardDeclined.</summary>
    AuthorizationHardDecline = 2,

    /// <summary>Captures are Declined (ProcessingFailure).</summary>
    CaptureDecline = 3,

    /// <summary>Refunds are Declined (ProcessingFailure).</summary>
    RefundDecline = 4,

    /// <summary>Any API call answers 500 InternalServerError.</summary>
    InternalServerError = 5,

    /// <summary>Any API call answers 503 ServiceUnavailable.</summary>
    ServiceUnavailable = 6,

    /// <summary>
    /// The operation is performed but its answer is held back for <see cref="SandboxFault.DelayMilliseconds"/>:
    /// past the client's timeout this is the case a retry with the same idempotency key must survive.
    /// </summary>
    SlowAnswer = 7,

    /// <summary>Captures answer CaptureInitiated and settle later.</summary>
    CapturePending = 8,
}
