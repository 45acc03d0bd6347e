using MerchantConsole.Core.Shops;

namespace MerchantConsole.Data;

public class Shop
{
    /// <summary>The gateway's shop ID (see <see cref="Core.Shops.ShopId"/>).</summary>
    public required string Id { get; set; }

    public required string Name { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    /// <summary>
    /// The merchant API password (ShopPass), encrypted with Data Protection: the RetURL's CheckString needs
    /// it in clear, so it cannot be a one-way hash.
    /// </summary>
    public string? ProtectedShopPass { get; set; }

    public DateTimeOffset? ShopPassChangedAt { get; set; }

    public List<ShopMember> Members { get; set; } = [];
}

/// <summary>A staff account's membership of one shop. Disabling is per shop: the same person may still work for another.</summary>
public class ShopMember
{
    public required string ShopId { get; set; }

    public required string UserId { get; set; }

    public ShopRole Role { get; set; }

    public bool IsDisabled { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public Shop Shop { get; set; } = null!;

    public ApplicationUser User { get; set; } = null!;
}
