namespace MerchantConsole.Core.Payments;

/// <summary>Rules shared by transactions and permissions.</summary>
internal static class PaymentRules
{
    /// <summary>Amount + tax/shipping from 1 to 9,999,999 yen, neither part negative.</summary>
    public static Refusal? CheckAmount(Yen amount, Yen tax)
    {
        if (amount < Yen.Zero || tax < Yen.Zero)
        {
            return Refuse.AmountNegative(amount, tax);
        }

        var total = amount + tax;
        return total < Limits.MinimumAmount || total > Limits.MaximumAmount
            ? Refuse.AmountOutOfRange(total, Limits.MinimumAmount, Limits.MaximumAmount)
            : null;
    }

    /// <summary>The request lacks an input its factory always sets: a caller's bug.</summary>
    public static Yen Required(Yen? value, Operation operation, string name) =>
        value ?? throw new ArgumentException($"{operation} needs {name}.", nameof(value));

    /// <summary>A snapshot that lacks what its state implies is corrupt: a bug, not a refusal.</summary>
    public static DateTimeOffset Required(DateTimeOffset? value, TransactionState state, string name) =>
        value ?? throw new InvalidOperationException($"A snapshot in {state.Code()} must have {name}.");

    /// <summary>Which row of several applies, given what the request will leave.</summary>
    public static bool Holds(Condition condition, JobCd jobCd, Yen remainingAfter) => condition switch
    {
        Condition.Always => true,
        Condition.JobCdAuth => jobCd == JobCd.Auth,
        Condition.JobCdCapture => jobCd == JobCd.Capture,
        Condition.MoneyRemains => remainingAfter > Yen.Zero,
        Condition.NothingRemains => remainingAfter == Yen.Zero,
        _ => throw new ArgumentOutOfRangeException(nameof(condition), condition, null),
    };
}
