using MerchantConsole.Data;
using Microsoft.EntityFrameworkCore;

namespace MerchantConsole.Sandbox;

/// <summary>Decides, request by request, whether an injected fault strikes.</summary>
internal static class SandboxFaults
{
    /// <summary>
    /// True when an active fault of this kind applies to this request. A "next N" fault is consumed (and
    /// removed at zero) in the caller's unit of work; a rate fault draws at random.
    /// </summary>
    public static async Task<SandboxFault?> DrawAsync(ApplicationDbContext db, string shopId, SandboxFaultKind kind, CancellationToken cancellationToken)
    {
        var faults = await db.SandboxFaults.Where(f => f.ShopId == shopId && f.Kind == kind).OrderBy(f => f.Id).ToListAsync(cancellationToken);
        foreach (var fault in faults)
        {
            if (fault.Remaining is { } remaining)
            {
                if (remaining <= 1)
                {
                    db.SandboxFaults.Remove(fault);
                }
                else
                {
                    fault.Remaining = remaining - 1;
                }

                return fault;
            }

            if (fault.Rate > 0 && Random.Shared.NextDouble() < fault.Rate)
            {
                return fault;
            }
        }

        return null;
    }

    public static async Task<bool> StrikesAsync(ApplicationDbContext db, string shopId, SandboxFaultKind kind, CancellationToken cancellationToken) =>
        await DrawAsync(db, shopId, kind, cancellationToken) is not null;
}
