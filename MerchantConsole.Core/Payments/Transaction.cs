namespace MerchantConsole.Core.Payments;

/// <summary>
/// A payment transaction as the decisions see it: an immutable snapshot. One-time, the first payment
/// of a registration, and recurring payments are transactions; a permission is a <see cref="Permission"/>.
/// </summary>
public sealed partial record Transaction
{
    public required PaymentType Type { get; init; }

    public required JobCd JobCd { get; init; }

    public required TransactionState State { get; init; }

    /// <summary>The authorized amount as it stands after any 金額変更, split as on the wire.</summary>
    public required Yen Amount { get; init; }

    public required Yen Tax { get; init; }

    /// <summary>Whether the one-time checkout enabled 金額変更 (金額変更利用有無 = 利用する).</summary>
    public bool AmountChangeEnabled { get; init; }

    /// <summary>Amount + tax at the first authorization: the base of the 金額変更 ceiling.</summary>
    public Yen FirstAuthorizedTotal { get; init; }

    /// <summary>The latest (re)authorization.</summary>
    public DateTimeOffset? AuthorizedAt { get; init; }

    /// <summary>30 days after the latest (re)authorization.</summary>
    public DateTimeOffset? CaptureDeadline { get; init; }

    /// <summary>
    /// When Amazon ended the authorization by not approving its capture (the charge Declined or Canceled, a final
    /// state): the transaction stays AUTH (interpretation 2) but can no longer be captured; cancel closes it, and a
    /// 金額変更, where allowed, authorizes afresh.
    /// </summary>
    public DateTimeOffset? AuthorizationEndedAt { get; init; }

    public DateTimeOffset? CapturedAt { get; init; }

    public Yen CapturedAmount { get; init; }

    public Yen CapturedTax { get; init; }

    /// <summary>Refunded so far (AmazonPayCancelAmount / AmazonPayCancelTax).</summary>
    public Yen CancelledAmount { get; init; }

    public Yen CancelledTax { get; init; }

    public int PartialRefunds { get; init; }

    /// <summary>The refund Amazon accepted but has not confirmed; set exactly while in REQRETURN.</summary>
    public Refund? PendingRefund { get; init; }

    /// <summary>Why the last operation failed, as Amazon or the sync reported it (interpretation 2).</summary>
    public string? FailureReason { get; init; }

    public Flow Flow => Type.Flow();

    public Yen Total => Amount + Tax;

    public Yen Captured => CapturedAmount + CapturedTax;

    public Yen Cancelled => CancelledAmount + CancelledTax;

    public Yen RemainingAmount => CapturedAmount - CancelledAmount;

    public Yen RemainingTax => CapturedTax - CancelledTax;

    public Yen Remaining => RemainingAmount + RemainingTax;

    public DateTimeOffset? RefundDeadline => CapturedAt + Limits.RefundWindow;

    /// <summary>
    /// 取引登録: when accepted, <c>Plan</c> is the new transaction in UNPROCESSED. A registration without
    /// payment is a <see cref="Permission"/>, so <see cref="PaymentType.RegistrationOnly"/> is a caller's bug here.
    /// </summary>
    public static Decision<Transaction> Entry(PaymentType type, JobCd jobCd, Yen amount, Yen tax, bool amountChangeEnabled = false)
    {
        if (type == PaymentType.RegistrationOnly)
        {
            throw new ArgumentException("A registration without payment is a Permission, not a Transaction.", nameof(type));
        }

        if (PaymentRules.CheckAmount(amount, tax) is { } refusal)
        {
            return refusal;
        }

        return new Transaction
        {
            Type = type,
            JobCd = jobCd,
            State = TransactionState.Unprocessed,
            Amount = amount,
            Tax = tax,
            AmountChangeEnabled = amountChangeEnabled,
        };
    }

    /// <summary>
    /// The operations staff or the merchant may request now: the table's, less those a rule refuses
    /// whatever the inputs (a passed window, amount change not enabled, ten partial refunds done).
    /// </summary>
    public IReadOnlyList<Operation> AllowedOperations(DateTimeOffset now) =>
        TransitionTable.AllowedOperations(Flow, State).Where(operation => Precondition(operation, now) is null).ToList();
}

/// <summary>A refund of captured money, and the state to go back to if it stays pending and money remains.</summary>
public sealed record Refund(TransactionState StateBefore, Yen Amount, Yen Tax, bool IsFullCancel)
{
    public Yen Total => Amount + Tax;
}
