using MerchantConsole.Core;
using MerchantConsole.Core.Shops;
using MerchantConsole.Data;
using MerchantConsole.Gateway;
using MerchantConsole.Shops;
using Microsoft.EntityFrameworkCore;

namespace MerchantConsole.Settings;

/// <summary>A revealed or newly issued ShopPass, or why it was refused. The value is never logged or journaled.</summary>
public sealed record ShopPassResult(string? ShopPass, Refusal? Refusal)
{
    public bool Succeeded => Refusal is null;
}

/// <summary>
/// The merchant API password of the current shop: only an Owner may see it or issue a new one, checked here on
/// the server. Both are journaled (who and when, never the value). A new one replaces the old at once:
/// the API reads the stored password on every request.
/// </summary>
public sealed class ShopPassService(IDbContextFactory<ApplicationDbContext> dbFactory, ShopPasswords passwords, TimeProvider clock)
{
    public static readonly Refusal NoShopPass = new("NO_SHOP_PASS",
        "このショップにはショップパスワードがまだありません。再発行してください。", "This shop has no ShopPass yet. Issue one.");

    public async Task<ShopPassResult> RevealAsync(ActorRef actor, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var shop = await OwnedShopAsync(db, actor, cancellationToken);
        if (shop is null)
        {
            return new(null, SettingsRefusals.NotPermitted);
        }

        var clear = passwords.Reveal(shop);
        if (clear is null)
        {
            return new(null, NoShopPass);
        }

        db.Journal(clock, shop.Id, actor, "settings.shoppass.reveal", shop.Id);
        await db.SaveChangesAsync(cancellationToken);
        return new(clear, null);
    }

    public async Task<ShopPassResult> RegenerateAsync(ActorRef actor, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var shop = await OwnedShopAsync(db, actor, cancellationToken);
        if (shop is null)
        {
            return new(null, SettingsRefusals.NotPermitted);
        }

        var fresh = ShopPasswords.Generate();
        shop.ProtectedShopPass = passwords.Protect(fresh);
        shop.ShopPassChangedAt = clock.GetUtcNow();
        db.Journal(clock, shop.Id, actor, "settings.shoppass.regenerate", shop.Id);
        await db.SaveChangesAsync(cancellationToken);
        return new(fresh, null);
    }

    private static async Task<Shop?> OwnedShopAsync(ApplicationDbContext db, ActorRef actor, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(actor);
        var shopId = await ShopSession.PermittedShopAsync(db, actor, ShopPermission.EditSettings, cancellationToken);
        return shopId is null ? null : await db.Shops.SingleAsync(s => s.Id == shopId, cancellationToken);
    }
}
