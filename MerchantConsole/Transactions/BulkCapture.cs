using MerchantConsole.Core.Payments;
using MerchantConsole.Core.Shops;
using MerchantConsole.Data;
using MerchantConsole.Gateway;
using MerchantConsole.Shops;
using Microsoft.EntityFrameworkCore;

namespace MerchantConsole.Transactions;

public sealed record BulkCapturePreview(int Count, Yen Total, IReadOnlyList<long> Ids);

/// <summary>
/// 一括実売上: staff pick AUTH rows (or every AUTH row matching the grid's filter), confirm the count and total, and a
/// background worker captures them one by one through the gateway as that staff member. Each row's result is kept.
/// </summary>
public sealed class BulkCapture(IDbContextFactory<ApplicationDbContext> dbFactory, TransactionDirectory directory, TimeProvider clock)
{
    public const int MaximumRows = 5000;

    /// <summary>What would be captured: only rows in AUTH of the actor's shop, however they were picked.</summary>
    public async Task<BulkCapturePreview?> PreviewAsync(ActorRef actor, IReadOnlyCollection<long>? ids, TransactionFilter? filter, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var shopId = await ShopSession.PermittedShopAsync(db, actor, ShopPermission.OperatePayments, cancellationToken);
        if (shopId is null)
        {
            return null;
        }

        var query = filter is not null ? directory.Filtered(db, shopId, filter) : db.GatewayTransactions.AsNoTracking().Where(t => t.ShopId == shopId && ids!.Contains(t.Id));
        var rows = await query.Where(t => t.State == TransactionState.Auth).OrderBy(t => t.Id).Take(MaximumRows)
            .Select(t => new { t.Id, Total = t.Amount + t.Tax }).ToListAsync(cancellationToken);
        return new BulkCapturePreview(rows.Count, new Yen(rows.Sum(r => r.Total)), rows.Select(r => r.Id).ToList());
    }

    /// <summary>Starts the job for exactly the previewed rows; the worker does the rest.</summary>
    public async Task<long?> StartAsync(ActorRef actor, BulkCapturePreview preview, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(actor);
        ArgumentNullException.ThrowIfNull(preview);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var shopId = await ShopSession.PermittedShopAsync(db, actor, ShopPermission.OperatePayments, cancellationToken);
        if (shopId is null || preview.Count == 0)
        {
            return null;
        }

        // The preview came back from the browser's circuit: count only this shop's rows still in AUTH, never its figures.
        var orders = await db.GatewayTransactions.AsNoTracking()
            .Where(t => t.ShopId == shopId && t.State == TransactionState.Auth && preview.Ids.Contains(t.Id))
            .OrderBy(t => t.Id).Take(MaximumRows)
            .Select(t => new { t.Id, t.OrderId, Total = t.Amount + t.Tax }).ToListAsync(cancellationToken);
        if (orders.Count == 0)
        {
            return null;
        }

        var job = new BulkCaptureJob
        {
            ShopId = shopId,
            CreatedById = actor.Id,
            CreatedByName = actor.Name,
            CreatedAt = clock.GetUtcNow(),
            Total = orders.Count,
            TotalYen = orders.Sum(o => o.Total),
            Items = [.. orders.Select(o => new BulkCaptureItem { TransactionId = o.Id, OrderId = o.OrderId, Status = BulkItemStatus.Waiting })],
        };
        db.BulkCaptureJobs.Add(job);
        await db.SaveChangesAsync(cancellationToken);
        return job.Id;
    }

    public async Task<BulkCaptureJob?> JobAsync(ActorRef actor, long jobId, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var shopId = await ShopSession.PermittedShopAsync(db, actor, ShopPermission.ViewShop, cancellationToken);
        return shopId is null ? null
            : await db.BulkCaptureJobs.AsNoTracking().Include(j => j.Items.OrderBy(i => i.Id)).SingleOrDefaultAsync(j => j.Id == jobId && j.ShopId == shopId, cancellationToken);
    }

    public async Task<IReadOnlyList<BulkCaptureJob>> RecentAsync(ActorRef actor, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var shopId = await ShopSession.PermittedShopAsync(db, actor, ShopPermission.ViewShop, cancellationToken);
        return shopId is null ? []
            : await db.BulkCaptureJobs.AsNoTracking().Include(j => j.Items).Where(j => j.ShopId == shopId)
                .OrderByDescending(j => j.CreatedAt).Take(10).ToListAsync(cancellationToken);
    }
}
