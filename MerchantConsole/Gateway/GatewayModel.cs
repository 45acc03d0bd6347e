using MerchantConsole.Core.Shops;
using MerchantConsole.Data;
using Microsoft.EntityFrameworkCore;

namespace MerchantConsole.Gateway;

/// <summary>The gateway's tables: indexes follow the grid's filters and the workers' queues.</summary>
internal static class GatewayModel
{
    public static void Configure(ModelBuilder builder)
    {
        builder.Entity<GatewayTransaction>(t =>
        {
            t.ToTable("GatewayTransactions");
            t.Property(x => x.ShopId).HasMaxLength(ShopId.MaxLength);
            t.Property(x => x.OrderId).HasMaxLength(GatewayTransaction.OrderIdMaxLength);
            t.Property(x => x.AccessId).HasMaxLength(32);
            t.Property(x => x.ProtectedAccessPass).HasMaxLength(1000);
            t.Property(x => x.PaymentType).HasConversion<string>().HasMaxLength(32);
            t.Property(x => x.JobCd).HasConversion<string>().HasMaxLength(16);
            t.Property(x => x.State).HasConversion<string>().HasMaxLength(16);
            t.Property(x => x.FailureReason).HasMaxLength(500);
            t.Property(x => x.CheckoutSessionId).HasMaxLength(100);
            t.Property(x => x.ChargeId).HasMaxLength(100);
            t.Property(x => x.ChargePermissionId).HasMaxLength(100);
            t.Property(x => x.RetUrl).HasMaxLength(2000);
            t.Property(x => x.Description).HasMaxLength(255);
            t.Property(x => x.ClientField1).HasMaxLength(100);
            t.Property(x => x.ClientField2).HasMaxLength(100);
            t.Property(x => x.ClientField3).HasMaxLength(100);
            t.Property(x => x.FrequencyUnit).HasMaxLength(16);
            t.Property(x => x.StartTokenHash).HasMaxLength(64);
            t.Property(x => x.ApbJson).HasMaxLength(2000);
            t.Property(x => x.Version).IsConcurrencyToken();
            t.HasOne<Shop>().WithMany().HasForeignKey(x => x.ShopId);
            t.HasIndex(x => new { x.ShopId, x.OrderId }).IsUnique();
            t.HasIndex(x => x.AccessId).IsUnique();
            t.HasIndex(x => new { x.ShopId, x.State, x.CreatedAt });
            // The grid's date order (with the ID that breaks ties) and the state: a state filter pages in date order from
            // the index alone, without reading rows or sorting.
            t.HasIndex(x => new { x.ShopId, x.CreatedAt, x.Id, x.State });
            t.HasIndex(x => new { x.ShopId, x.ChargePermissionId });
            t.HasIndex(x => x.SyncDueAt);
            t.HasMany(x => x.Refunds).WithOne().HasForeignKey(r => r.TransactionId);
            t.HasMany(x => x.AmountChanges).WithOne().HasForeignKey(c => c.TransactionId);
        });

        builder.Entity<GatewayRefund>(r =>
        {
            r.ToTable("GatewayRefunds");
            r.Property(x => x.AmazonRefundId).HasMaxLength(100);
            r.Property(x => x.StateBefore).HasConversion<string>().HasMaxLength(16);
            r.Property(x => x.State).HasConversion<string>().HasMaxLength(16);
            r.Property(x => x.FailureReason).HasMaxLength(500);
        });

        builder.Entity<GatewayAmountChange>(c =>
        {
            c.ToTable("GatewayAmountChanges");
            c.Property(x => x.ChargeIdBefore).HasMaxLength(100);
            c.Property(x => x.ChargeIdAfter).HasMaxLength(100);
            c.Property(x => x.ActorName).HasMaxLength(256);
        });

        builder.Entity<GatewayPermission>(p =>
        {
            p.ToTable("GatewayPermissions");
            p.Property(x => x.ShopId).HasMaxLength(ShopId.MaxLength);
            p.Property(x => x.ChargePermissionId).HasMaxLength(100);
            p.Property(x => x.Origin).HasConversion<string>().HasMaxLength(32);
            p.Property(x => x.State).HasConversion<string>().HasMaxLength(16);
            p.Property(x => x.FrequencyUnit).HasMaxLength(16);
            p.Property(x => x.FailureReason).HasMaxLength(500);
            p.Property(x => x.Version).IsConcurrencyToken();
            p.HasOne<Shop>().WithMany().HasForeignKey(x => x.ShopId);
            p.HasIndex(x => new { x.ShopId, x.ChargePermissionId }).IsUnique();
            p.HasIndex(x => new { x.ShopId, x.State, x.UpdatedAt });
            p.HasMany(x => x.Charges).WithOne().HasForeignKey(c => c.PermissionId);
        });

        builder.Entity<GatewayPermissionCharge>(c => c.ToTable("GatewayPermissionCharges"));

        builder.Entity<GatewayJournalEntry>(j =>
        {
            j.ToTable("GatewayJournal");
            j.Property(x => x.ShopId).HasMaxLength(ShopId.MaxLength);
            j.Property(x => x.OrderId).HasMaxLength(GatewayTransaction.OrderIdMaxLength);
            j.Property(x => x.ActorKind).HasConversion<string>().HasMaxLength(16);
            j.Property(x => x.ActorId).HasMaxLength(64);
            j.Property(x => x.ActorName).HasMaxLength(256);
            j.Property(x => x.Operation).HasConversion<string>().HasMaxLength(32);
            j.Property(x => x.Outcome).HasConversion<string>().HasMaxLength(16);
            j.Property(x => x.StateBefore).HasConversion<string>().HasMaxLength(16);
            j.Property(x => x.StateAfter).HasConversion<string>().HasMaxLength(16);
            j.Property(x => x.IdempotencyKey).HasMaxLength(64);
            j.Property(x => x.AmazonRequestId).HasMaxLength(100);
            j.Property(x => x.AmazonObjectId).HasMaxLength(100);
            j.Property(x => x.ErrorCode).HasMaxLength(64);
            j.Property(x => x.ErrorMessage).HasMaxLength(1000);
            j.HasIndex(x => new { x.ShopId, x.TransactionId, x.At });
            j.HasIndex(x => new { x.ShopId, x.At });
        });

        builder.Entity<GatewayPendingOperation>(p =>
        {
            p.ToTable("GatewayPendingOperations");
            p.Property(x => x.Subject).HasMaxLength(32);
            p.Property(x => x.ShopId).HasMaxLength(ShopId.MaxLength);
            p.Property(x => x.Operation).HasConversion<string>().HasMaxLength(32);
            p.Property(x => x.IdempotencyKey).HasMaxLength(64);
            p.Property(x => x.Arguments).HasMaxLength(2000);
            p.Property(x => x.ActorKind).HasConversion<string>().HasMaxLength(16);
            p.Property(x => x.ActorId).HasMaxLength(64);
            p.Property(x => x.ActorName).HasMaxLength(256);
            p.HasIndex(x => x.Subject).IsUnique();
            p.HasIndex(x => x.LeaseUntil);
        });

        builder.Entity<BulkCaptureJob>(j =>
        {
            j.ToTable("BulkCaptureJobs");
            j.Property(x => x.ShopId).HasMaxLength(ShopId.MaxLength);
            j.Property(x => x.CreatedById).HasMaxLength(64);
            j.Property(x => x.CreatedByName).HasMaxLength(256);
            j.HasIndex(x => new { x.ShopId, x.CreatedAt });
            j.HasMany(x => x.Items).WithOne().HasForeignKey(i => i.JobId);
        });

        builder.Entity<BulkCaptureItem>(i =>
        {
            i.ToTable("BulkCaptureItems");
            i.Property(x => x.OrderId).HasMaxLength(GatewayTransaction.OrderIdMaxLength);
            i.Property(x => x.Status).HasConversion<string>().HasMaxLength(16);
            i.Property(x => x.ErrorCode).HasMaxLength(16);
            i.Property(x => x.Message).HasMaxLength(500);
            i.HasIndex(x => new { x.Status, x.LeaseUntil });
        });

        builder.Entity<GatewayNotification>(n =>
        {
            n.ToTable("GatewayNotifications");
            n.Property(x => x.ShopId).HasMaxLength(ShopId.MaxLength);
            n.Property(x => x.FieldsJson).HasMaxLength(4000);
            n.Property(x => x.Status).HasConversion<string>().HasMaxLength(16);
            n.HasIndex(x => new { x.Status, x.NextAttemptAt });
            n.HasIndex(x => new { x.ShopId, x.CreatedAt });
            n.HasMany(x => x.AttemptLog).WithOne().HasForeignKey(a => a.NotificationId);
        });

        builder.Entity<GatewayNotificationAttempt>(a =>
        {
            a.ToTable("GatewayNotificationAttempts");
            a.Property(x => x.Url).HasMaxLength(2000);
            a.Property(x => x.ResponseBody).HasMaxLength(200);
            a.Property(x => x.Error).HasMaxLength(500);
        });
    }
}
