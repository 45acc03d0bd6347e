using System.Diagnostics.CodeAnalysis;

namespace MerchantConsole.Core.Payments;

/// <summary>Either an accepted plan or a refusal. Expected refusals are values; only bugs throw.</summary>
public sealed class Decision<TPlan>
    where TPlan : class
{
    private Decision(TPlan? plan, Refusal? refusal)
    {
        Plan = plan;
        Refusal = refusal;
    }

    public TPlan? Plan { get; }

    public Refusal? Refusal { get; }

    [MemberNotNullWhen(true, nameof(Plan))]
    [MemberNotNullWhen(false, nameof(Refusal))]
    public bool IsAccepted => Plan is not null;

    public static implicit operator Decision<TPlan>(TPlan plan) => FromPlan(plan);

    public static implicit operator Decision<TPlan>(Refusal refusal) => FromRefusal(refusal);

#pragma warning disable CA1000 // The named alternates of the conversions above belong with them.
    public static Decision<TPlan> FromPlan(TPlan plan) => new(plan ?? throw new ArgumentNullException(nameof(plan)), null);

    public static Decision<TPlan> FromRefusal(Refusal refusal) =>
        new(null, refusal ?? throw new ArgumentNullException(nameof(refusal)));
#pragma warning restore CA1000

    public override string ToString() => IsAccepted ? $"Accepted: {Plan}" : $"Refused: {Refusal.Code}";
}
