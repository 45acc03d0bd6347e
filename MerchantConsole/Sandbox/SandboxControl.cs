using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using static MerchantConsole.Sandbox.SandboxJson;

namespace MerchantConsole.Sandbox;

/// <summary>
/// Controls that only a sandbox has: moving the shop's sandbox clock forward (to see expiries without
/// waiting days), settling everything pending now, and injecting faults.
/// </summary>
internal static class SandboxControl
{
    public static async Task<SandboxAnswer> AdvanceClockAsync(SandboxCall call, JsonObject? body)
    {
        var seconds = Walk(body, "advanceSeconds") is JsonValue v && v.TryGetValue<long>(out var s) ? s : (long?)null;
        if (seconds is not > 0)
        {
            return SandboxAnswer.Error(400, "InvalidParameterValue", "advanceSeconds must be a positive whole number; the clock only moves forward.");
        }

        call.Merchant.ClockOffsetSeconds += seconds.Value;
        await Task.CompletedTask;
        return new(200, new JsonObject
        {
            ["clockOffsetSeconds"] = call.Merchant.ClockOffsetSeconds,
            ["now"] = Timestamp(call.Now.AddSeconds(seconds.Value)),
        });
    }

    public static async Task<SandboxAnswer> SettleAllAsync(SandboxCall call, JsonObject? body)
    {
        var charges = await call.Db.SandboxCharges
            .Where(c => c.ShopId == call.ShopId && c.SettlesAt != null).ToListAsync(call.CancellationToken);
        foreach (var charge in charges)
        {
            charge.SettlesAt = call.Now;
            SandboxSettlement.Settle(charge, call.Now);
        }

        var refunds = await call.Db.SandboxRefunds
            .Where(r => r.ShopId == call.ShopId && r.SettlesAt != null).ToListAsync(call.CancellationToken);
        foreach (var refund in refunds)
        {
            refund.SettlesAt = call.Now;
            var charge = await call.Db.SandboxCharges.SingleAsync(c => c.Id == refund.ChargeId, call.CancellationToken);
            SandboxSettlement.Settle(refund, charge, call.Now);
        }

        _ = body;
        return new(200, new JsonObject { ["settledCharges"] = charges.Count, ["settledRefunds"] = refunds.Count });
    }

    public static async Task<SandboxAnswer> AddFaultAsync(SandboxCall call, JsonObject? body)
    {
        if (!Enum.TryParse<SandboxFaultKind>(String(body, "kind"), ignoreCase: false, out var kind) || !Enum.IsDefined(kind))
        {
            return SandboxAnswer.Error(400, "InvalidParameterValue",
                "kind must be one of " + string.Join(", ", Enum.GetNames<SandboxFaultKind>()) + ".");
        }

        var rate = Walk(body, "rate") is JsonValue r && r.TryGetValue<double>(out var d) ? d : 0;
        var remaining = Walk(body, "remaining") is JsonValue n && n.TryGetValue<int>(out var i) ? i : (int?)null;
        var delay = Walk(body, "delayMilliseconds") is JsonValue m && m.TryGetValue<int>(out var ms) ? ms : 0;
        if (rate is < 0 or > 1 || remaining is < 1 || (remaining is null && rate == 0) || delay < 0)
        {
            return SandboxAnswer.Error(400, "InvalidParameterValue", "Give a rate between 0 and 1, or remaining as a positive count.");
        }

        var fault = new SandboxFault { ShopId = call.ShopId, Kind = kind, Rate = rate, Remaining = remaining, DelayMilliseconds = delay, CreatedAt = call.Now };
        call.Db.SandboxFaults.Add(fault);
        await call.Db.SaveChangesAsync(call.CancellationToken);
        return new(201, new JsonObject { ["faultId"] = fault.Id, ["kind"] = kind.ToString(), ["rate"] = rate, ["remaining"] = remaining });
    }

    /// <summary>The fault settings in force and how many faults of each kind struck this shop's API calls so far.</summary>
    public static async Task<SandboxAnswer> ListFaultsAsync(SandboxCall call, JsonObject? body)
    {
        _ = body;
        var active = await call.Db.SandboxFaults.Where(f => f.ShopId == call.ShopId).OrderBy(f => f.Id).ToListAsync(call.CancellationToken);
        var injected = new JsonObject();
        foreach (var (kind, count) in (call.FaultLog?.For(call.ShopId) ?? new Dictionary<SandboxFaultKind, long>()).OrderBy(e => e.Key))
        {
            injected[kind.ToString()] = count;
        }

        return new(200, new JsonObject
        {
            ["faults"] = new JsonArray([.. active.Select(f => (JsonNode)new JsonObject
            {
                ["faultId"] = f.Id, ["kind"] = f.Kind.ToString(), ["rate"] = f.Rate, ["remaining"] = f.Remaining,
            })]),
            ["injected"] = injected,
        });
    }

    public static async Task<SandboxAnswer> ClearFaultsAsync(SandboxCall call, JsonObject? body)
    {
        var removed = await call.Db.SandboxFaults.Where(f => f.ShopId == call.ShopId).ExecuteDeleteAsync(call.CancellationToken);
        _ = body;
        return new(200, new JsonObject { ["removed"] = removed });
    }
}
