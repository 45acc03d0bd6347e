using Microsoft.EntityFrameworkCore;

namespace MerchantConsole.Sandbox;

internal static class SandboxModel
{
    /// <summary>The sandbox's tables, all prefixed "Sandbox" so that nobody mistakes them for the gateway's records.</summary>
    public static void Configure(ModelBuilder builder)
    {
        builder.Entity<SandboxMerchant>(merchant =>
        {
            merchant.ToTable("SandboxMerchants");
            merchant.HasKey(m => m.ShopId);
            merchant.Property(m => m.ShopId).HasMaxLength(13);
            merchant.Property(m => m.MerchantId).HasMaxLength(14);
            merchant.Property(m => m.StoreId).HasMaxLength(64);
            merchant.HasIndex(m => m.MerchantId).IsUnique();
            merchant.HasIndex(m => m.StoreId).IsUnique();
        });

        builder.Entity<SandboxKey>(key =>
        {
            key.ToTable("SandboxKeys");
            key.HasKey(k => k.PublicKeyId);
            key.Property(k => k.PublicKeyId).HasMaxLength(32);
            key.Property(k => k.ShopId).HasMaxLength(13);
            key.Property(k => k.Fingerprint).HasMaxLength(64);
            key.Property(k => k.CreatedBy).HasMaxLength(256);
            key.HasIndex(k => k.ShopId);
        });

        builder.Entity<SandboxCheckoutSession>(session =>
        {
            session.ToTable("SandboxCheckoutSessions");
            session.Property(s => s.Id).HasMaxLength(64);
            session.Property(s => s.ShopId).HasMaxLength(13);
            session.HasIndex(s => s.ShopId);
        });

        builder.Entity<SandboxChargePermission>(permission =>
        {
            permission.ToTable("SandboxChargePermissions");
            permission.Property(p => p.Id).HasMaxLength(64);
            permission.Property(p => p.ShopId).HasMaxLength(13);
            permission.HasIndex(p => p.ShopId);
        });

        builder.Entity<SandboxCharge>(charge =>
        {
            charge.ToTable("SandboxCharges");
            charge.Property(c => c.Id).HasMaxLength(64);
            charge.Property(c => c.ShopId).HasMaxLength(13);
            charge.HasIndex(c => c.ChargePermissionId);
        });

        builder.Entity<SandboxRefund>(refund =>
        {
            refund.ToTable("SandboxRefunds");
            refund.Property(r => r.Id).HasMaxLength(64);
            refund.Property(r => r.ShopId).HasMaxLength(13);
            refund.HasIndex(r => r.ChargeId);
        });

        builder.Entity<SandboxIdempotentResponse>(response =>
        {
            response.ToTable("SandboxIdempotentResponses");
            response.HasKey(r => new { r.ShopId, r.IdempotencyKey });
            response.Property(r => r.ShopId).HasMaxLength(13);
            response.Property(r => r.IdempotencyKey).HasMaxLength(64);
            response.Property(r => r.RequestHash).HasMaxLength(64);
        });

        builder.Entity<SandboxBuyerToken>(token =>
        {
            token.ToTable("SandboxBuyerTokens");
            token.HasKey(t => t.Token);
            token.Property(t => t.Token).HasMaxLength(64);
        });

        builder.Entity<SandboxFault>(fault =>
        {
            fault.ToTable("SandboxFaults");
            fault.Property(f => f.ShopId).HasMaxLength(13);
            fault.Property(f => f.Kind).HasConversion<string>().HasMaxLength(32);
            fault.HasIndex(f => f.ShopId);
        });
    }
}
