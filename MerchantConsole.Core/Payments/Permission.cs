using System.Collections.Immutable;
using System.Diagnostics.CodeAnalysis;

namespace MerchantConsole.Core.Payments;

/// <summary>
/// A recurring permission (利用承諾, Amazon's charge permission) as its own record (interpretation 4):
/// a registration-only checkout walks it through the registration table from UNPROCESSED; a
/// registration with first payment creates it in REGISTER beside the first payment's transaction.
/// </summary>
[SuppressMessage("Naming", "CA1711", Justification = "The spec's and Amazon's word; not a .NET security permission.")]
public sealed record Permission
{
    public required PaymentType Origin { get; init; }

    public required TransactionState State { get; init; }

    public DateTimeOffset? GrantedAt { get; init; }

    /// <summary>13 months after the grant or the latest payment on it, whichever is later.</summary>
    public DateTimeOffset? ExpiresAt { get; init; }

    /// <summary>Every amount authorized on the permission; cancels and refunds never remove one.</summary>
    public ImmutableList<PermissionCharge> Charges { get; init; } = [];

    public string? FailureReason { get; init; }

    /// <summary>利用承諾のみ: 取引登録 of a registration.</summary>
    public static Permission Entry() => new() { Origin = PaymentType.RegistrationOnly, State = TransactionState.Unprocessed };

    /// <summary>
    /// 利用承諾+初回決済: the customer approved both on Amazon. The first payment was authorized on the
    /// permission, so it counts toward its month (interpretation 5) and starts the 13 months.
    /// </summary>
    public static Permission GrantedWithFirstPayment(DateTimeOffset at, Yen firstPayment) => new()
    {
        Origin = PaymentType.RegistrationWithFirstPayment,
        State = TransactionState.Register,
        GrantedAt = at,
        ExpiresAt = ExpiryAfter(at),
        Charges = [new PermissionCharge(at, firstPayment)],
    };

    public bool IsExpired(DateTimeOffset now) => ExpiresAt is { } expiresAt && now >= expiresAt;

    /// <summary>Authorized on the permission in the given JST calendar month.</summary>
    public Yen AuthorizedIn(JstMonth month) =>
        Charges.Where(charge => JstMonth.Of(charge.At) == month).Aggregate(Yen.Zero, (sum, charge) => sum + charge.Amount);

    /// <summary>The operations staff or the merchant may request now; 随時決済 needs an unexpired permission.</summary>
    public IReadOnlyList<Operation> AllowedOperations(DateTimeOffset now) =>
        TransitionTable.AllowedOperations(Flow.Registration, State)
            .Where(operation => operation != Operation.RecurringCharge || !IsExpired(now))
            .ToList();

    public Decision<PermissionPlan> Decide(Request request, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (!TransitionTable.IsAllowed(Flow.Registration, State, request.Operation))
        {
            return Refuse.OperationNotAllowed(State, request.Operation);
        }

        return request.Operation == Operation.RecurringCharge
            ? DecideRecurringCharge(request, now)
            : new PermissionPlan(this, request);
    }

    private Decision<PermissionPlan> DecideRecurringCharge(Request request, DateTimeOffset now)
    {
        var ceiling = PaymentRules.Required(request.MonthlyCeiling, request.Operation, nameof(request.MonthlyCeiling));
        if (ceiling < Limits.MinimumAmount)
        {
            // The ceiling is the shop's setting: a zero or negative one is broken configuration.
            throw new ArgumentException($"The recurring monthly ceiling must be at least {Limits.MinimumAmount}.", nameof(request));
        }

        if (IsExpired(now))
        {
            return Refuse.PermissionExpired(ExpiresAt!.Value);
        }

        var amount = PaymentRules.Required(request.Amount, request.Operation, nameof(request.Amount));
        var tax = request.Tax ?? Yen.Zero;
        if (PaymentRules.CheckAmount(amount, tax) is { } outOfRange)
        {
            return outOfRange;
        }

        var month = JstMonth.Of(now);
        var used = AuthorizedIn(month);
        return used + amount + tax > ceiling
            ? Refuse.RecurringCeilingExceeded(month, ceiling, used, amount + tax)
            : new PermissionPlan(this, request);
    }

    internal static DateTimeOffset ExpiryAfter(DateTimeOffset at) => at.ToJst().AddMonths(Limits.PermissionValidityMonths);
}

/// <summary>An amount authorized on a permission, at the instant Amazon authorized it.</summary>
public sealed record PermissionCharge(DateTimeOffset At, Yen Amount);

/// <summary>An accepted operation on a permission; <see cref="Settle"/> gives the next snapshot.</summary>
public sealed record PermissionPlan(Permission Before, Request Request)
{
    public Operation Operation => Request.Operation;

    public IReadOnlyList<TransactionState> PossibleNextStates => Rows.Select(row => row.To.State!.Value).Distinct().ToList();

    public IReadOnlyList<Outcome> PossibleOutcomes => Rows.Select(row => row.Outcome).Distinct().ToList();

    private IEnumerable<Transition> Rows => TransitionTable.RowsFor(Flow.Registration, Before.State, Operation);

    /// <summary>
    /// The next snapshot. For 随時決済, settle with the outcome of the recurring transaction's
    /// authorization: confirmed or pending means Amazon authorized, so the amount counts toward the
    /// month and the permission's 13 months start again.
    /// </summary>
    public Permission Settle(Outcome outcome, DateTimeOffset at, string? failureReason = null)
    {
        var row = Rows.SingleOrDefault(row => row.Outcome == outcome)
            ?? throw new InvalidOperationException($"{Operation} from {Before.State.Code()} cannot end {outcome}.");
        var next = Before with { State = row.To.State!.Value, FailureReason = outcome == Outcome.Failed ? failureReason : null };
        if (outcome == Outcome.Failed)
        {
            return next;
        }

        return Operation switch
        {
            Operation.CustomerResult => next with { GrantedAt = at, ExpiresAt = Permission.ExpiryAfter(at) },
            Operation.RecurringCharge => next with
            {
                Charges = Before.Charges.Add(new PermissionCharge(at, Request.Total!.Value)),
                ExpiresAt = Max(Before.ExpiresAt, Permission.ExpiryAfter(at)),
            },
            _ => next,
        };
    }

    private static DateTimeOffset Max(DateTimeOffset? a, DateTimeOffset b) => a is { } value && value > b ? value : b;
}
