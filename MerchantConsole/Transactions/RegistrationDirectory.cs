using MerchantConsole.Core.Payments;
using MerchantConsole.Core.Shops;
using MerchantConsole.Data;
using MerchantConsole.Gateway;
using MerchantConsole.Shops;
using Microsoft.EntityFrameworkCore;

namespace MerchantConsole.Transactions;

/// <summary>A recurring permission as the registrations page shows it, with this month's usage against the ceiling.</summary>
public sealed record RegistrationRow(
    long Id,
    string ChargePermissionId,
    PaymentType Origin,
    string OriginOrderId,
    TransactionState State,
    string? FrequencyUnit,
    int? FrequencyValue,
    DateTimeOffset? GrantedAt,
    DateTimeOffset? ExpiresAt,
    Yen UsedThisMonth,
    Yen MonthlyCeiling,
    int Payments)
{
    public bool CanEnd => State == TransactionState.Register;

    public bool CanCharge(DateTimeOffset now) => State == TransactionState.Register && (ExpiresAt is null || ExpiresAt > now);
}

/// <summary>The current shop's registrations (利用承諾); scoped to a shop the actor may view.</summary>
public sealed class RegistrationDirectory(IDbContextFactory<ApplicationDbContext> dbFactory, TimeProvider clock)
{
    public async Task<IReadOnlyList<RegistrationRow>?> ListAsync(ActorRef actor, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var shopId = await ShopSession.PermittedShopAsync(db, actor, ShopPermission.ViewShop, cancellationToken);
        if (shopId is null)
        {
            return null;
        }

        var ceiling = new Yen(await db.ShopAmazonPaySettings.Where(s => s.ShopId == shopId).Select(s => s.RecurringMonthlyCeiling).SingleOrDefaultAsync(cancellationToken));
        var permissions = await db.GatewayPermissions.AsNoTracking().Include(p => p.Charges)
            .Where(p => p.ShopId == shopId).OrderByDescending(p => p.UpdatedAt).Take(500).ToListAsync(cancellationToken);
        var originIds = permissions.Select(p => p.OriginTransactionId).ToList();
        var orders = await db.GatewayTransactions.AsNoTracking().Where(t => originIds.Contains(t.Id))
            .ToDictionaryAsync(t => t.Id, t => t.OrderId, cancellationToken);
        var month = JstMonth.Of(clock.GetUtcNow());
        return permissions.Select(p => new RegistrationRow(
            p.Id, p.ChargePermissionId, p.Origin, orders.GetValueOrDefault(p.OriginTransactionId, ""), p.State, p.FrequencyUnit, p.FrequencyValue,
            p.GrantedAt, p.ExpiresAt, p.ToSnapshot().AuthorizedIn(month), ceiling, p.Charges.Count)).ToList();
    }
}
