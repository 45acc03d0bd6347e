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
    public static async Task<SandboxFault?> DrawAsync(SandboxCall call, SandboxFaultKind kind)
    {
        var fault = Pick(call.Db, await call.FaultsAsync(), kind);
        if (fault is not null)
        {
            call.FaultLog?.Record(call.ShopId, kind);
        }

        return fault;
    }

    private static SandboxFault? Pick(ApplicationDbContext db, List<SandboxFault> faults, SandboxFaultKind kind)
    {
        foreach (var fault in faults.Where(f => f.Kind == kind))
        {
            if (fault.Remaining is { } remaining)
            {
                if (remaining <= 1)
                {
                    db.SandboxFaults.Remove(fault);
                    faults.Remove(fault);
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

    public static async Task<bool> StrikesAsync(SandboxCall call, SandboxFaultKind kind) =>
        await DrawAsync(call, kind) is not null;
}

/// <summary>
/// How many faults of each kind struck each shop's API calls since the process started: what a soak test reports as
/// "faults injected" (the fault settings themselves only say what may strike). Read through GET control/faults.
/// </summary>
public sealed class SandboxFaultLog
{
    private readonly System.Collections.Concurrent.ConcurrentDictionary<(string ShopId, SandboxFaultKind Kind), long> struck = new();

    public void Record(string shopId, SandboxFaultKind kind) => struck.AddOrUpdate((shopId, kind), 1, (_, n) => n + 1);

    public IReadOnlyDictionary<SandboxFaultKind, long> For(string shopId) =>
        struck.Where(e => e.Key.ShopId == shopId).ToDictionary(e => e.Key.Kind, e => e.Value);
}
