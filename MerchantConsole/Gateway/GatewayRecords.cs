using MerchantConsole.Core.Payments;

namespace MerchantConsole.Gateway;

/// <summary>
/// One transaction of the merchant API (取引): one-time, registration with first payment, registration only,
/// or a recurring payment. The money columns mirror <see cref="Transaction"/>, which decides every step;
/// <see cref="GatewaySnapshots"/> converts between the two. A registration-only row carries the state of
/// its permission through the registration table.
/// </summary>
public class GatewayTransaction
{
    public const int OrderIdMaxLength = 27;

    public long Id { get; set; }

    public required string ShopId { get; set; }

    /// <summary>The merchant's order ID: unique per shop, ≤27 letters, digits and '-'.</summary>
    public required string OrderId { get; set; }

    /// <summary>32 hex characters; with AccessPass it authorizes every later call on the transaction.</summary>
    public required string AccessId { get; set; }

    /// <summary>AccessPass encrypted with Data Protection: SearchTradeMulti must return it, logs never show it.</summary>
    public required string ProtectedAccessPass { get; set; }

    public PaymentType PaymentType { get; set; }

    public JobCd JobCd { get; set; }

    /// <summary>AmazonpayType as sent by 取引登録 (3, or 4 for the additional payment button).</summary>
    public int AmazonPayType { get; set; } = 3;

    public TransactionState State { get; set; }

    public long Amount { get; set; }

    public long Tax { get; set; }

    public bool AmountChangeEnabled { get; set; }

    public long FirstAuthorizedTotal { get; set; }

    public DateTimeOffset? AuthorizedAt { get; set; }

    public DateTimeOffset? CaptureDeadline { get; set; }

    /// <summary>Set by the sync when the 30 days passed in AUTH: capture is refused, cancel still allowed.</summary>
    public bool AuthorizationExpired { get; set; }

    /// <summary>Amazon did not approve a capture and its charge is final: AUTH without an authorization (see the core's Transaction).</summary>
    public DateTimeOffset? AuthorizationEndedAt { get; set; }

    public DateTimeOffset? CapturedAt { get; set; }

    public long CapturedAmount { get; set; }

    public long CapturedTax { get; set; }

    public long CancelledAmount { get; set; }

    public long CancelledTax { get; set; }

    public int PartialRefunds { get; set; }

    /// <summary>While in REQRETURN: the refund awaiting Amazon and the state to go back to (interpretation 1).</summary>
    public long? PendingRefundId { get; set; }

    public string? FailureReason { get; set; }

    public string? CheckoutSessionId { get; set; }

    public string? ChargeId { get; set; }

    public string? ChargePermissionId { get; set; }

    /// <summary>The permission a recurring payment was taken on, or that a registration created.</summary>
    public long? PermissionId { get; set; }

    public string? RetUrl { get; set; }

    /// <summary>Note to the buyer (noteToBuyer), shown in Amazon's e-mails.</summary>
    public string? Description { get; set; }

    public string? ClientField1 { get; set; }

    public string? ClientField2 { get; set; }

    public string? ClientField3 { get; set; }

    /// <summary>Registrations: the declared frequency (recurringMetadata.frequency).</summary>
    public string? FrequencyUnit { get; set; }

    public int? FrequencyValue { get; set; }

    /// <summary>AmazonpayType 4 (the additional payment button): the APB type and shipping address 決済実行 gave, as JSON.</summary>
    public string? ApbJson { get; set; }

    /// <summary>SHA-256 of the start token: the browser holds the token, the database only its hash.</summary>
    public string? StartTokenHash { get; set; }

    public DateTimeOffset? StartLimit { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    /// <summary>ProcessDate / TranDate: the last change of state.</summary>
    public DateTimeOffset UpdatedAt { get; set; }

    /// <summary>When the sync should next ask Amazon about this row, and how often it already has.</summary>
    public DateTimeOffset? SyncDueAt { get; set; }

    public int SyncAttempts { get; set; }

    public DateTimeOffset? SyncLeaseUntil { get; set; }

    /// <summary>Optimistic concurrency: every change increments it.</summary>
    public long Version { get; set; }

    public List<GatewayRefund> Refunds { get; set; } = [];

    public List<GatewayAmountChange> AmountChanges { get; set; } = [];
}

public enum GatewayRefundState
{
    Pending,
    Refunded,
    Declined,
}

/// <summary>A refund of captured money (キャンセル of SALES/CAPTURE), with Amazon's refund and its own state.</summary>
public class GatewayRefund
{
    public long Id { get; set; }

    public long TransactionId { get; set; }

    public string? AmazonRefundId { get; set; }

    public long Amount { get; set; }

    public long Tax { get; set; }

    public bool IsFullCancel { get; set; }

    /// <summary>SALES or CAPTURE: where a pending refund goes back to while money remains.</summary>
    public TransactionState StateBefore { get; set; }

    public GatewayRefundState State { get; set; }

    public string? FailureReason { get; set; }

    public DateTimeOffset RequestedAt { get; set; }

    public DateTimeOffset? SettledAt { get; set; }
}

/// <summary>One 金額変更: the re-authorization that replaced a charge with a new one on the same permission.</summary>
public class GatewayAmountChange
{
    public long Id { get; set; }

    public long TransactionId { get; set; }

    public DateTimeOffset At { get; set; }

    public long AmountBefore { get; set; }

    public long TaxBefore { get; set; }

    public long AmountAfter { get; set; }

    public long TaxAfter { get; set; }

    public string? ChargeIdBefore { get; set; }

    public string? ChargeIdAfter { get; set; }

    public required string ActorName { get; set; }
}

/// <summary>A recurring permission (利用承諾, Amazon's charge permission) as its own record (interpretation 4).</summary>
public class GatewayPermission
{
    public long Id { get; set; }

    public required string ShopId { get; set; }

    public required string ChargePermissionId { get; set; }

    public PaymentType Origin { get; set; }

    /// <summary>The transaction whose checkout created it (registration only, or with first payment).</summary>
    public long OriginTransactionId { get; set; }

    public TransactionState State { get; set; }

    public string? FrequencyUnit { get; set; }

    public int? FrequencyValue { get; set; }

    public DateTimeOffset? GrantedAt { get; set; }

    public DateTimeOffset? ExpiresAt { get; set; }

    public string? FailureReason { get; set; }

    public DateTimeOffset UpdatedAt { get; set; }

    public long Version { get; set; }

    public List<GatewayPermissionCharge> Charges { get; set; } = [];
}

/// <summary>An amount authorized on a permission; counts toward its JST month for ever (interpretation 5).</summary>
public class GatewayPermissionCharge
{
    public long Id { get; set; }

    public long PermissionId { get; set; }

    public long TransactionId { get; set; }

    public DateTimeOffset At { get; set; }

    public long Amount { get; set; }
}

public enum GatewayActorKind
{
    Staff,
    Api,
    Customer,
    Sync,
}

public enum GatewayOutcome
{
    /// <summary>Written before Amazon is called; completed by the same request or by recovery.</summary>
    Requested,
    Succeeded,
    Pending,
    Failed,
    Refused,

    /// <summary>
    /// Amazon did not answer (timeout, connection lost, 5xx after retries): the caller was told E30000004 and recovery
    /// asks Amazon at its next pass, journaling the outcome on a line of its own.
    /// </summary>
    Unanswered,
}

/// <summary>How the journal's outcomes read in the timeline and the audit log.</summary>
public static class GatewayOutcomeText
{
    public static string Japanese(this GatewayOutcome outcome) => outcome switch
    {
        GatewayOutcome.Requested => "依頼",
        GatewayOutcome.Succeeded => "成功",
        GatewayOutcome.Pending => "Amazon処理待ち",
        GatewayOutcome.Failed => "失敗",
        GatewayOutcome.Refused => "受付拒否",
        GatewayOutcome.Unanswered => "応答なし",
        _ => throw new ArgumentOutOfRangeException(nameof(outcome), outcome, null),
    };

    public static string English(this GatewayOutcome outcome) => outcome switch
    {
        GatewayOutcome.Requested => "requested",
        GatewayOutcome.Succeeded => "succeeded",
        GatewayOutcome.Pending => "waiting for Amazon",
        GatewayOutcome.Failed => "failed",
        GatewayOutcome.Refused => "refused",
        GatewayOutcome.Unanswered => "no answer",
        _ => throw new ArgumentOutOfRangeException(nameof(outcome), outcome, null),
    };
}

/// <summary>
/// The append-only operation journal: a line when an operation is requested (with its idempotency key)
/// and a line with its outcome. Never updated, never deleted; never holds a secret.
/// </summary>
public class GatewayJournalEntry
{
    public long Id { get; set; }

    public required string ShopId { get; set; }

    public long? TransactionId { get; set; }

    public long? PermissionId { get; set; }

    public string? OrderId { get; set; }

    public DateTimeOffset At { get; set; }

    public GatewayActorKind ActorKind { get; set; }

    public required string ActorId { get; set; }

    public required string ActorName { get; set; }

    public Operation Operation { get; set; }

    public GatewayOutcome Outcome { get; set; }

    public TransactionState? StateBefore { get; set; }

    public TransactionState? StateAfter { get; set; }

    public long? Amount { get; set; }

    public long? Tax { get; set; }

    public string? IdempotencyKey { get; set; }

    public string? AmazonRequestId { get; set; }

    public string? AmazonObjectId { get; set; }

    public string? ErrorCode { get; set; }

    public string? ErrorMessage { get; set; }
}

/// <summary>
/// An operation between "Amazon is about to be called" and "the outcome is committed". Its unique subject
/// makes a second operation on the same transaction or permission impossible while one is in flight; after a
/// crash, recovery finds it by its expired lease and completes it with the same idempotency key.
/// </summary>
public class GatewayPendingOperation
{
    public long Id { get; set; }

    /// <summary>"T{id}" for a transaction, "P{id}" for a permission.</summary>
    public required string Subject { get; set; }

    public required string ShopId { get; set; }

    public long? TransactionId { get; set; }

    public long? PermissionId { get; set; }

    public Operation Operation { get; set; }

    public required string IdempotencyKey { get; set; }

    /// <summary>The request's inputs (amounts, the refund row) as JSON, so recovery re-sends the same request.</summary>
    public string? Arguments { get; set; }

    public GatewayActorKind ActorKind { get; set; }

    public required string ActorId { get; set; }

    public required string ActorName { get; set; }

    public DateTimeOffset StartedAt { get; set; }

    public DateTimeOffset LeaseUntil { get; set; }
}

public enum NotificationStatus
{
    Pending,
    Delivered,
    GaveUp,
}

/// <summary>A result notification (結果通知) waiting to be, or already, delivered to the shop's URL.</summary>
public class GatewayNotification
{
    public long Id { get; set; }

    public required string ShopId { get; set; }

    public long? TransactionId { get; set; }

    /// <summary>The form as sent, already masked (ShopPass and AccessPass are never stored here).</summary>
    public required string FieldsJson { get; set; }

    public bool IsTest { get; set; }

    public NotificationStatus Status { get; set; }

    public int Attempts { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset NextAttemptAt { get; set; }

    public DateTimeOffset? LeaseUntil { get; set; }

    public DateTimeOffset? DeliveredAt { get; set; }

    public List<GatewayNotificationAttempt> AttemptLog { get; set; } = [];
}

/// <summary>One POST of a notification: what the shop's server answered, or why nothing came back.</summary>
public class GatewayNotificationAttempt
{
    public long Id { get; set; }

    public long NotificationId { get; set; }

    public DateTimeOffset At { get; set; }

    public required string Url { get; set; }

    public int? HttpStatus { get; set; }

    /// <summary>The first characters of the body the shop answered; "0" means received.</summary>
    public string? ResponseBody { get; set; }

    public string? Error { get; set; }

    public bool Received { get; set; }

    public int DurationMilliseconds { get; set; }
}
