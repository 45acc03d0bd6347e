namespace MerchantConsole.Sandbox;

/// <summary>
/// Amazon's asynchronous outcomes, computed from the clock when an object is read: a pending capture or
/// refund whose time has come is settled then, so the sandbox needs no timer and survives restarts.
/// </summary>
internal static class SandboxSettlement
{
    public static readonly TimeSpan SessionLifetime = TimeSpan.FromHours(24);

    public static readonly TimeSpan AuthorizationLifetime = TimeSpan.FromDays(30);

    public static void Settle(SandboxCheckoutSession session, DateTimeOffset now)
    {
        if (session.State == "Open" && now >= session.CreatedAt + SessionLifetime)
        {
            session.State = "Canceled";
            session.ReasonCode = "Expired";
            session.UpdatedAt = session.CreatedAt + SessionLifetime;
        }
    }

    public static void Settle(SandboxChargePermission permission, DateTimeOffset now)
    {
        if (permission.State != "Closed" && now >= permission.ExpiresAt)
        {
            permission.State = "Closed";
            permission.ReasonCode = "Expired";
            permission.UpdatedAt = permission.ExpiresAt;
        }
    }

    public static void Settle(SandboxCharge charge, DateTimeOffset now)
    {
        if (charge.SettlesAt is { } at && now >= at && charge.State is "AuthorizationInitiated" or "CaptureInitiated")
        {
            charge.State = charge.SettlesTo!;
            charge.ReasonCode = charge.SettlesReason;
            if (charge.State == "Captured")
            {
                charge.CaptureAmount ??= charge.Amount;
            }

            charge.SettlesAt = null;
            charge.SettlesTo = null;
            charge.SettlesReason = null;
            charge.UpdatedAt = at;
        }

        if (charge.State is "Authorized" or "AuthorizationInitiated" && now >= charge.ExpiresAt)
        {
            charge.State = "Canceled";
            charge.ReasonCode = "ExpiredUnused";
            charge.UpdatedAt = charge.ExpiresAt;
        }
    }

    /// <summary>A refund's amount is reserved on its charge when requested and given back if Amazon declines it.</summary>
    public static void Settle(SandboxRefund refund, SandboxCharge charge, DateTimeOffset now)
    {
        if (refund.SettlesAt is not { } at || now < at || refund.State != "RefundInitiated")
        {
            return;
        }

        refund.State = refund.SettlesTo!;
        refund.ReasonCode = refund.SettlesReason;
        refund.SettlesAt = null;
        refund.SettlesTo = null;
        refund.SettlesReason = null;
        refund.UpdatedAt = at;
        if (refund.State == "Declined")
        {
            charge.RefundedAmount -= refund.Amount;
            charge.UpdatedAt = at;
        }
    }
}
