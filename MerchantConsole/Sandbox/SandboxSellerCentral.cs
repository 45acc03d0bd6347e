using System.Security.Cryptography;
using MerchantConsole.Core.Shops;
using MerchantConsole.Data;
using MerchantConsole.Shops;
using Microsoft.EntityFrameworkCore;

namespace MerchantConsole.Sandbox;

/// <summary>A key pair just made: the private half leaves the server once, in this object, and is kept nowhere.</summary>
public sealed record GeneratedSandboxKey(string PublicKeyId, string PrivateKeyPem, string Fingerprint, string MerchantId, string StoreId);

public sealed record SandboxKeyView(string PublicKeyId, string Fingerprint, DateTimeOffset CreatedAt, string CreatedBy, DateTimeOffset? RevokedAt);

public sealed record SandboxAccount(string MerchantId, string StoreId, IReadOnlyList<SandboxKeyView> Keys, IReadOnlyList<SandboxFault> Faults);

/// <summary>
/// The sandbox's "Seller Central" for a shop's Owner: its merchant and store IDs, key pairs (generate, list,
/// revoke) and fault settings. Every method checks that the actor is an Owner of the current shop.
/// </summary>
public sealed class SandboxSellerCentral(IDbContextFactory<ApplicationDbContext> dbFactory, TimeProvider clock)
{
    public async Task<SandboxAccount?> GetAccountAsync(ActorRef actor, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var shopId = await ShopSession.PermittedShopAsync(db, actor, ShopPermission.EditSettings, cancellationToken);
        if (shopId is null)
        {
            return null;
        }

        var merchant = await EnsureMerchantAsync(db, shopId, cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        var keys = await db.SandboxKeys.AsNoTracking().Where(k => k.ShopId == shopId)
            .Select(k => new SandboxKeyView(k.PublicKeyId, k.Fingerprint, k.CreatedAt, k.CreatedBy, k.RevokedAt))
            .ToListAsync(cancellationToken);
        var faults = await db.SandboxFaults.AsNoTracking().Where(f => f.ShopId == shopId).OrderBy(f => f.Id).ToListAsync(cancellationToken);
        return new SandboxAccount(merchant.MerchantId, merchant.StoreId, [.. keys.OrderByDescending(k => k.CreatedAt)], faults);
    }

    /// <summary>An RSA-2048 pair: the sandbox keeps the public key under a new SANDBOX- ID and hands out the private key once.</summary>
    public async Task<GeneratedSandboxKey?> GenerateKeyAsync(ActorRef actor, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var shopId = await ShopSession.PermittedShopAsync(db, actor, ShopPermission.EditSettings, cancellationToken);
        if (shopId is null)
        {
            return null;
        }

        var merchant = await EnsureMerchantAsync(db, shopId, cancellationToken);
        using var rsa = RSA.Create(2048);
        var publicDer = rsa.ExportSubjectPublicKeyInfo();
        var key = new SandboxKey
        {
            PublicKeyId = SandboxIds.PublicKeyId(),
            ShopId = shopId,
            PublicKeyPem = PemEncoding.WriteString("PUBLIC KEY", publicDer),
            Fingerprint = Convert.ToHexStringLower(SHA256.HashData(publicDer)),
            CreatedAt = clock.GetUtcNow(),
            CreatedBy = actor.Name,
        };
        db.SandboxKeys.Add(key);
        db.Journal(clock, shopId, actor, "sandbox.key.generate", key.PublicKeyId, $"fingerprint={key.Fingerprint}");
        await db.SaveChangesAsync(cancellationToken);
        return new GeneratedSandboxKey(key.PublicKeyId, rsa.ExportPkcs8PrivateKeyPem(), key.Fingerprint, merchant.MerchantId, merchant.StoreId);
    }

    public async Task<ShopResult> RevokeKeyAsync(ActorRef actor, string publicKeyId, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var shopId = await ShopSession.PermittedShopAsync(db, actor, ShopPermission.EditSettings, cancellationToken);
        if (shopId is null)
        {
            return ShopResult.Refused(ShopErrors.NotPermitted);
        }

        var key = await db.SandboxKeys.SingleOrDefaultAsync(k => k.PublicKeyId == publicKeyId && k.ShopId == shopId, cancellationToken);
        if (key is null)
        {
            return ShopResult.Refused(SandboxErrors.KeyNotFound);
        }

        if (key.RevokedAt is null)
        {
            key.RevokedAt = clock.GetUtcNow();
            db.Journal(clock, shopId, actor, "sandbox.key.revoke", publicKeyId);
            await db.SaveChangesAsync(cancellationToken);
        }

        return ShopResult.Ok;
    }

    public async Task<ShopResult> AddFaultAsync(ActorRef actor, SandboxFaultKind kind, double rate, int? remaining, int delayMilliseconds, CancellationToken cancellationToken = default)
    {
        if (!Enum.IsDefined(kind) || rate is < 0 or > 1 || remaining is < 1 || (remaining is null && rate <= 0) || delayMilliseconds < 0)
        {
            return ShopResult.Refused(SandboxErrors.FaultInvalid);
        }

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var shopId = await ShopSession.PermittedShopAsync(db, actor, ShopPermission.EditSettings, cancellationToken);
        if (shopId is null)
        {
            return ShopResult.Refused(ShopErrors.NotPermitted);
        }

        db.SandboxFaults.Add(new SandboxFault
        {
            ShopId = shopId,
            Kind = kind,
            Rate = rate,
            Remaining = remaining,
            DelayMilliseconds = delayMilliseconds,
            CreatedAt = clock.GetUtcNow(),
        });
        db.Journal(clock, shopId, actor, "sandbox.fault.add", kind.ToString(), $"rate={rate}; remaining={remaining}; delayMs={delayMilliseconds}");
        await db.SaveChangesAsync(cancellationToken);
        return ShopResult.Ok;
    }

    public async Task<ShopResult> RemoveFaultAsync(ActorRef actor, long faultId, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var shopId = await ShopSession.PermittedShopAsync(db, actor, ShopPermission.EditSettings, cancellationToken);
        if (shopId is null)
        {
            return ShopResult.Refused(ShopErrors.NotPermitted);
        }

        var removed = await db.SandboxFaults.Where(f => f.Id == faultId && f.ShopId == shopId).ExecuteDeleteAsync(cancellationToken);
        if (removed == 0)
        {
            return ShopResult.Refused(SandboxErrors.FaultNotFound); // not this shop's fault (or gone): nothing happened, nothing to journal
        }

        db.Journal(clock, shopId, actor, "sandbox.fault.remove", faultId.ToString(System.Globalization.CultureInfo.InvariantCulture));
        await db.SaveChangesAsync(cancellationToken);
        return ShopResult.Ok;
    }

    /// <summary>The shop's sandbox identity, made on first use.</summary>
    internal async Task<SandboxMerchant> EnsureMerchantAsync(ApplicationDbContext db, string shopId, CancellationToken cancellationToken)
    {
        var merchant = await db.SandboxMerchants.SingleOrDefaultAsync(m => m.ShopId == shopId, cancellationToken);
        if (merchant is null)
        {
            merchant = new SandboxMerchant
            {
                ShopId = shopId,
                MerchantId = SandboxIds.MerchantId(),
                StoreId = SandboxIds.StoreId(),
                CreatedAt = clock.GetUtcNow(),
            };
            db.SandboxMerchants.Add(merchant);
        }

        return merchant;
    }

}

/// <summary>Resource keys of the sandbox's refusals (Japanese and English in SharedResource*.resx).</summary>
public static class SandboxErrors
{
    public const string KeyNotFound = "Error.SandboxKeyNotFound";
    public const string FaultInvalid = "Error.SandboxFaultInvalid";
    public const string FaultNotFound = "Error.SandboxFaultNotFound";
    public const string SessionNotFound = "Error.SandboxSessionNotFound";
    public const string SessionNotOpen = "Error.SandboxSessionNotOpen";
    public const string SessionNotReady = "Error.SandboxSessionNotReady";
    public const string BuyerInvalid = "Error.SandboxBuyerInvalid";
    public const string ButtonSignatureInvalid = "Error.SandboxButtonSignatureInvalid";
}
