namespace MerchantConsole.Core.Payments;

/// <summary>
/// An accepted operation on a transaction: what it may lead to and the bookkeeping it implies.
/// The gateway calls Amazon, then <see cref="Settle"/>s with what Amazon (or the sync) reported.
/// </summary>
public sealed record TransactionPlan
{
    private TransactionPlan(Transaction before, Request request, DateTimeOffset decidedAt, Refund? refund)
    {
        Before = before;
        Request = request;
        DecidedAt = decidedAt;
        Refund = refund ?? (request.Operation == Operation.Sync ? before.PendingRefund : null);
        Rows = TransitionTable.RowsFor(before.Flow, before.State, request.Operation)
            .Where(row => PaymentRules.Holds(row.Condition, before.JobCd, RemainingAfterRefund))
            .ToList();
        if (Rows.Count == 0)
        {
            throw new InvalidOperationException(
                $"The table has no row for {request.Operation} from {before.State.Code()} with this snapshot.");
        }
    }

    public Transaction Before { get; }

    public Request Request { get; }

    public DateTimeOffset DecidedAt { get; }

    public Operation Operation => Request.Operation;

    /// <summary>For a cancel of captured money or a sync of one: the refund and whether it is a full cancel.</summary>
    public Refund? Refund { get; }

    /// <summary>The cancel of the whole remainder, even when requested as キャンセル(一部).</summary>
    public bool IsFullCancel => Refund?.IsFullCancel ?? Operation == Operation.CancelFull;

    public IReadOnlyList<TransactionState> PossibleNextStates => Rows.Select(Resolve).Distinct().ToList();

    public IReadOnlyList<Outcome> PossibleOutcomes => Rows.Select(row => row.Outcome).Distinct().ToList();

    public int PartialRefundsIfConfirmed => Before.PartialRefunds + (CountsAsPartialRefund ? 1 : 0);

    /// <summary>For 金額変更: the new amount and the capture deadline if confirmed now.</summary>
    public Yen? NewAmount => Operation == Operation.ChangeAmount ? Request.Amount : null;

    public Yen? NewTax => Operation == Operation.ChangeAmount ? Request.Tax ?? Yen.Zero : null;

    /// <summary>Every confirmed (re)authorization restarts the 30 days; settlement uses its own time.</summary>
    public DateTimeOffset? NewCaptureDeadlineIfConfirmedNow => Authorizes ? DecidedAt + Limits.CaptureWindow : null;

    private List<Transition> Rows { get; }

    private bool CountsAsPartialRefund => Operation == Operation.CancelPartial && !IsFullCancel;

    private Yen RemainingAfterRefund => Before.Remaining - (Refund?.Total ?? Yen.Zero);

    internal static TransactionPlan For(Transaction before, Request request, DateTimeOffset now, Refund? refund = null) =>
        new(before, request, now, refund);

    /// <summary>
    /// The next snapshot, given what Amazon (or the sync) reported at <paramref name="at"/>. An outcome
    /// the table has no row for is a bug in the caller's mapping and throws. <paramref name="authorizationEnded"/>:
    /// Amazon reported the charge itself final (Declined or Canceled) after a capture, so a failed step that leaves
    /// the transaction AUTH leaves it without an authorization to capture.
    /// </summary>
    public Transaction Settle(Outcome outcome, DateTimeOffset at, string? failureReason = null, bool authorizationEnded = false)
    {
        var row = Rows.SingleOrDefault(row => row.Outcome == outcome)
            ?? throw new InvalidOperationException(
                $"{Operation} from {Before.State.Code()} cannot end {outcome}; the table allows {string.Join(", ", PossibleOutcomes)}.");
        var next = Before with { State = Resolve(row), FailureReason = outcome == Outcome.Failed ? failureReason : null };

        if (outcome == Outcome.Failed)
        {
            // A failed step leaves the bookkeeping as it was; a declined refund is no longer pending.
            return next with
            {
                PendingRefund = null,
                AuthorizationEndedAt = authorizationEnded && next.State == TransactionState.Auth ? at : Before.AuthorizationEndedAt,
            };
        }

        if (Authorizes)
        {
            next = next with
            {
                AuthorizationEndedAt = null,
                AuthorizedAt = at,
                CaptureDeadline = at + Limits.CaptureWindow,
                FirstAuthorizedTotal = Operation == Operation.ChangeAmount ? Before.FirstAuthorizedTotal : Before.Total,
            };
        }

        if (Operation == Operation.ChangeAmount)
        {
            next = next with { Amount = NewAmount!.Value, Tax = NewTax!.Value };
        }

        if (Captures(Before.State, next.State))
        {
            next = next with { CapturedAt = at, CapturedAmount = next.Amount, CapturedTax = next.Tax };
        }

        if (Refund is { } refund)
        {
            next = outcome == Outcome.Pending
                ? next with { PendingRefund = refund }
                : next with
                {
                    CancelledAmount = Before.CancelledAmount + refund.Amount,
                    CancelledTax = Before.CancelledTax + refund.Tax,
                    PartialRefunds = Before.PartialRefunds + (refund.IsFullCancel ? 0 : 1),
                    PendingRefund = null,
                };
        }

        return next;
    }

    /// <summary>When not failed, Amazon (re-)authorized: the customer paid, a recurring 決済実行, a 金額変更.</summary>
    private bool Authorizes =>
        Operation is Operation.CustomerResult or Operation.ChangeAmount
        || (Before.Flow == Flow.Recurring && Operation == Operation.ExecTran);

    /// <summary>The money was captured by this step: SALES or CAPTURE reached from a state without captured money.</summary>
    private static bool Captures(TransactionState before, TransactionState after) =>
        after is TransactionState.Sales or TransactionState.Capture
        && before is not (TransactionState.Sales or TransactionState.Capture or TransactionState.ReqReturn);

    private TransactionState Resolve(Transition row) =>
        row.To.State
        ?? Refund?.StateBefore
        ?? throw new InvalidOperationException($"{Before.State.Code()} has no refund to go back from.");
}
