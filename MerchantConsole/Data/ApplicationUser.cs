using Microsoft.AspNetCore.Identity;

namespace MerchantConsole.Data;

public class ApplicationUser : IdentityUser
{
    /// <summary>Gateway operators create shops; being one grants no access to any shop's data.</summary>
    public bool IsGatewayAdmin { get; set; }

    /// <summary>The shop the console shows; kept on the server so every circuit and instance agrees.</summary>
    public string? CurrentShopId { get; set; }

    public DateTimeOffset CreatedAt { get; set; }
}
