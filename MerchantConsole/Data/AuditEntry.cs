namespace MerchantConsole.Data;

/// <summary>One line of the append-only journal of who changed what. Never holds a secret.</summary>
public class AuditEntry
{
    public long Id { get; set; }

    public DateTimeOffset At { get; set; }

    /// <summary>Null for gateway-level actions (creating a shop, first run).</summary>
    public string? ShopId { get; set; }

    /// <summary>The staff user's ID, or a system actor such as "bootstrap".</summary>
    public required string Actor { get; set; }

    /// <summary>Kept as text so the line stays readable if the account is later removed.</summary>
    public required string ActorName { get; set; }

    public required string Action { get; set; }

    public string? Target { get; set; }

    public string? Detail { get; set; }
}
