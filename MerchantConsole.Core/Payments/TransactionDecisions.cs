namespace MerchantConsole.Core.Payments;

/// <summary>"In this state, may this operation run, and what follows?" for a transaction.</summary>
public sealed partial record Transaction
{
    /// <summary>
    /// Decide before Amazon is called: a refusal with its reason, or the plan whose
    /// <see cref="TransactionPlan.Settle"/> gives the next snapshot once the outcome is known.
    /// </summary>
    public Decision<TransactionPlan> Decide(Request request, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(request);
        var operation = request.Operation;
        if (!TransitionTable.IsAllowed(Flow, State, operation))
        {
            return Refuse.OperationNotAllowed(State, operation);
        }

        return operation switch
        {
            Operation.Capture => DecideCapture(request, now),
            Operation.CancelFull => DecideCancelFull(request, now),
            Operation.CancelPartial => DecideCancelPartial(request, now),
            Operation.ChangeAmount => DecideChangeAmount(request, now),
            // 決済実行, 支払手続き開始, the customer's result and the sync: the table alone decides.
            _ => TransactionPlan.For(this, request, now),
        };
    }

    /// <summary>Rules that refuse an operation whatever its inputs; shared with <see cref="AllowedOperations"/>.</summary>
    private Refusal? Precondition(Operation operation, DateTimeOffset now)
    {
        switch (operation)
        {
            case Operation.Capture when AuthorizationEndedAt is { } endedAt:
                return Refuse.AuthorizationEnded(endedAt, FailureReason);
            case Operation.Capture:
                var captureDeadline = PaymentRules.Required(CaptureDeadline, State, nameof(CaptureDeadline));
                return now > captureDeadline ? Refuse.CaptureWindowPassed(captureDeadline, now) : null;
            case Operation.CancelFull when State is TransactionState.Sales or TransactionState.Capture:
                return RefundWindowRefusal(now);
            case Operation.CancelPartial:
                return RefundWindowRefusal(now)
                    ?? (PartialRefunds >= Limits.MaximumPartialRefunds ? Refuse.PartialRefundLimit(PartialRefunds) : null);
            case Operation.ChangeAmount:
                return AmountChangeRefusal(Type, AmountChangeEnabled);
            default:
                return null;
        }
    }

    /// <summary>
    /// Whether a payment may take a 金額変更 at all — and so the same-amount one that extends its capture window:
    /// null when it may. Recurring payments always may; a one-time checkout must have enabled it. The first
    /// payment of a registration is taken with the recurring button, which has no such option, so it counts as enabled.
    /// </summary>
    public static Refusal? AmountChangeRefusal(PaymentType type, bool amountChangeEnabled) =>
        type == PaymentType.OneTime && !amountChangeEnabled ? Refuse.AmountChangeNotEnabled() : null;

    private Refusal? RefundWindowRefusal(DateTimeOffset now)
    {
        var capturedAt = PaymentRules.Required(CapturedAt, State, nameof(CapturedAt));
        var deadline = capturedAt + Limits.RefundWindow;
        return now > deadline ? Refuse.RefundWindowPassed(deadline, now) : null;
    }

    private Decision<TransactionPlan> DecideCapture(Request request, DateTimeOffset now)
    {
        if (request.Amount is { } amount)
        {
            var requested = amount + (request.Tax ?? Yen.Zero);
            if (amount != Amount || (request.Tax ?? Yen.Zero) != Tax)
            {
                return Refuse.CaptureAmountMismatch(Total, requested);
            }
        }

        return Precondition(Operation.Capture, now) is { } refusal ? refusal : TransactionPlan.For(this, request, now);
    }

    private Decision<TransactionPlan> DecideCancelFull(Request request, DateTimeOffset now)
    {
        if (Precondition(Operation.CancelFull, now) is { } refusal)
        {
            return refusal;
        }

        // An authorization is released whole; captured money is refunded whatever remains.
        return State == TransactionState.Auth
            ? TransactionPlan.For(this, request, now)
            : TransactionPlan.For(this, request, now, new Refund(State, RemainingAmount, RemainingTax, IsFullCancel: true));
    }

    private Decision<TransactionPlan> DecideCancelPartial(Request request, DateTimeOffset now)
    {
        var amount = PaymentRules.Required(request.Amount, request.Operation, nameof(request.Amount));
        var tax = request.Tax ?? Yen.Zero;
        if (amount < Yen.Zero || tax < Yen.Zero)
        {
            return Refuse.AmountNegative(amount, tax);
        }

        if (amount + tax < Limits.MinimumAmount)
        {
            return Refuse.AmountOutOfRange(amount + tax, Limits.MinimumAmount, Remaining);
        }

        if (amount > RemainingAmount || tax > RemainingTax)
        {
            return Refuse.RefundExceedsRemaining(RemainingAmount, RemainingTax, amount, tax);
        }

        // A cancel of the whole remainder is a full cancel: it ends in RETURN and is not one of the ten.
        var isFullCancel = amount == RemainingAmount && tax == RemainingTax;
        var refusal = isFullCancel ? RefundWindowRefusal(now) : Precondition(Operation.CancelPartial, now);
        return refusal is not null
            ? refusal
            : TransactionPlan.For(this, request, now, new Refund(State, amount, tax, isFullCancel));
    }

    private Decision<TransactionPlan> DecideChangeAmount(Request request, DateTimeOffset now)
    {
        if (Precondition(Operation.ChangeAmount, now) is { } refusal)
        {
            return refusal;
        }

        var amount = PaymentRules.Required(request.Amount, request.Operation, nameof(request.Amount));
        var tax = request.Tax ?? Yen.Zero;
        if (PaymentRules.CheckAmount(amount, tax) is { } outOfRange)
        {
            return outOfRange;
        }

        // Interpretation 3, read literally: re-authorization briefly holds both amounts.
        var after = amount + tax;
        var ceiling = Limits.AmountChangeCeiling(FirstAuthorizedTotal);
        return Total + after > ceiling
            ? Refuse.AmountChangeCeilingExceeded(ceiling, Total, after, FirstAuthorizedTotal)
            : TransactionPlan.For(this, request, now);
    }
}
