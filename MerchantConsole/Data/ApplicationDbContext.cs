using MerchantConsole.Core.Shops;
using MerchantConsole.Gateway;
using MerchantConsole.Sandbox;
using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace MerchantConsole.Data;

public class ApplicationDbContext : IdentityDbContext<ApplicationUser>, IDataProtectionKeyContext
{
    /// <summary>Identity's tables (Version3 has passkeys): one value for the app and both providers' migrations.</summary>
    public static readonly Version IdentitySchemaVersion = Microsoft.AspNetCore.Identity.IdentitySchemaVersions.Version3;

    /// <summary>
    /// For a context made outside the app (migrations, design-time factories, tests): Identity reads its schema version
    /// from the application's services, and without them builds an older model (no passkeys table) than the app's.
    /// </summary>
    public static IServiceProvider IdentityModelServices() => new ServiceCollection()
        .Configure<Microsoft.AspNetCore.Identity.IdentityOptions>(o => o.Stores.SchemaVersion = IdentitySchemaVersion)
        .BuildServiceProvider();

    public ApplicationDbContext(DbContextOptions<ApplicationDbContext> options)
        : base(options)
    {
    }

    /// <summary>For <see cref="PostgresMigrationsContext"/>: the same model, with PostgreSQL's own migrations.</summary>
    protected ApplicationDbContext(DbContextOptions options)
        : base(options)
    {
    }

    public DbSet<Shop> Shops => Set<Shop>();

    public DbSet<ShopMember> ShopMembers => Set<ShopMember>();

    public DbSet<AuditEntry> AuditEntries => Set<AuditEntry>();

    public DbSet<ShopAmazonPaySettings> ShopAmazonPaySettings => Set<ShopAmazonPaySettings>();

    /// <summary>The Data Protection key ring lives with the data, so cookies and encrypted secrets survive restarts and instances.</summary>
    public DbSet<DataProtectionKey> DataProtectionKeys => Set<DataProtectionKey>();

    public DbSet<GatewayTransaction> GatewayTransactions => Set<GatewayTransaction>();

    public DbSet<GatewayRefund> GatewayRefunds => Set<GatewayRefund>();

    public DbSet<GatewayAmountChange> GatewayAmountChanges => Set<GatewayAmountChange>();

    public DbSet<GatewayPermission> GatewayPermissions => Set<GatewayPermission>();

    public DbSet<GatewayPermissionCharge> GatewayPermissionCharges => Set<GatewayPermissionCharge>();

    public DbSet<GatewayJournalEntry> GatewayJournal => Set<GatewayJournalEntry>();

    public DbSet<GatewayPendingOperation> GatewayPendingOperations => Set<GatewayPendingOperation>();

    public DbSet<GatewayNotification> GatewayNotifications => Set<GatewayNotification>();

    public DbSet<GatewayNotificationAttempt> GatewayNotificationAttempts => Set<GatewayNotificationAttempt>();

    public DbSet<BulkCaptureJob> BulkCaptureJobs => Set<BulkCaptureJob>();

    public DbSet<BulkCaptureItem> BulkCaptureItems => Set<BulkCaptureItem>();

    public DbSet<SandboxMerchant> SandboxMerchants => Set<SandboxMerchant>();

    public DbSet<SandboxKey> SandboxKeys => Set<SandboxKey>();

    public DbSet<SandboxCheckoutSession> SandboxCheckoutSessions => Set<SandboxCheckoutSession>();

    public DbSet<SandboxChargePermission> SandboxChargePermissions => Set<SandboxChargePermission>();

    public DbSet<SandboxCharge> SandboxCharges => Set<SandboxCharge>();

    public DbSet<SandboxRefund> SandboxRefunds => Set<SandboxRefund>();

    public DbSet<SandboxIdempotentResponse> SandboxIdempotentResponses => Set<SandboxIdempotentResponse>();

    public DbSet<SandboxBuyerToken> SandboxBuyerTokens => Set<SandboxBuyerToken>();

    public DbSet<SandboxFault> SandboxFaults => Set<SandboxFault>();

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        // Instants are stored as UTC milliseconds: sortable and comparable in SQL on every provider
        // (SQLite cannot order DateTimeOffset values stored as text).
        configurationBuilder.Properties<DateTimeOffset>().HaveConversion<UtcMillisecondsConverter>();
        configurationBuilder.Properties<DateTimeOffset?>().HaveConversion<UtcMillisecondsConverter>();
    }

    protected override void OnModelCreating(ModelBuilder builder)
    {
        base.OnModelCreating(builder);

        builder.Entity<ApplicationUser>(user =>
        {
            user.Property(u => u.CurrentShopId).HasMaxLength(ShopId.MaxLength);
        });

        builder.Entity<Shop>(shop =>
        {
            shop.Property(s => s.Id).HasMaxLength(ShopId.MaxLength);
            shop.Property(s => s.Name).HasMaxLength(100);
            shop.Property(s => s.ProtectedShopPass).HasMaxLength(1000);
        });

        builder.Entity<ShopMember>(member =>
        {
            member.HasKey(m => new { m.ShopId, m.UserId });
            member.HasIndex(m => m.UserId);
            member.Property(m => m.Role).HasConversion<string>().HasMaxLength(16);
            member.HasOne(m => m.Shop).WithMany(s => s.Members).HasForeignKey(m => m.ShopId);
            member.HasOne(m => m.User).WithMany().HasForeignKey(m => m.UserId);
        });

        builder.Entity<AuditEntry>(entry =>
        {
            entry.HasIndex(e => new { e.ShopId, e.At });
            entry.Property(e => e.Actor).HasMaxLength(64);
            entry.Property(e => e.ActorName).HasMaxLength(256);
            entry.Property(e => e.Action).HasMaxLength(64);
            entry.Property(e => e.Target).HasMaxLength(256);
            entry.Property(e => e.Detail).HasMaxLength(2000);
        });

        builder.Entity<ShopAmazonPaySettings>(settings =>
        {
            settings.HasKey(s => s.ShopId);
            settings.Property(s => s.ShopId).HasMaxLength(ShopId.MaxLength);
            settings.HasOne<Shop>().WithOne().HasForeignKey<ShopAmazonPaySettings>(s => s.ShopId);
            settings.Property(s => s.StoreName).HasMaxLength(Data.ShopAmazonPaySettings.StoreNameMaxLength);
            settings.Property(s => s.PublicKeyId).HasMaxLength(40);
            settings.Property(s => s.MerchantId).HasMaxLength(20);
            settings.Property(s => s.StoreId).HasMaxLength(80);
            settings.Property(s => s.Environment).HasConversion<string>().HasMaxLength(16);
            settings.Property(s => s.KeyFingerprint).HasMaxLength(64);
            settings.Property(s => s.PendingKeyFingerprint).HasMaxLength(64);
            settings.Property(s => s.NotificationUrl).HasMaxLength(2000);
            settings.Property(s => s.Version).IsConcurrencyToken();
        });

        GatewayModel.Configure(builder);
        SandboxModel.Configure(builder);
    }

    internal sealed class UtcMillisecondsConverter() : ValueConverter<DateTimeOffset, long>(
        value => value.ToUnixTimeMilliseconds(),
        stored => DateTimeOffset.FromUnixTimeMilliseconds(stored));
}
