using MerchantConsole.Core.Payments;
using MerchantConsole.Core.Shops;
using MerchantConsole.Data;
using MerchantConsole.Gateway;
using MerchantConsole.Shops;
using Microsoft.EntityFrameworkCore;

namespace MerchantConsole.Settings;

public sealed record NotificationAttemptView(
    DateTimeOffset At, string Url, int? HttpStatus, string? ResponseBody, string? Error, bool Received, int DurationMilliseconds);

public sealed record NotificationView(
    long Id, bool IsTest, string OrderId, NotificationStatus Status, int Attempts, DateTimeOffset CreatedAt, DateTimeOffset? DeliveredAt,
    IReadOnlyList<NotificationAttemptView> AttemptLog);

/// <summary>
/// The settings screen's side of result notifications: the test notification (Owner only, checked here) and
/// the shop's recent notifications with every attempt (any member of the shop).
/// </summary>
public sealed class NotificationService(
    IDbContextFactory<ApplicationDbContext> dbFactory, ResultNotifications notifications, ResultNotifier notifier, TimeProvider clock)
{
    public const int RecentCount = 10;

    public const string TestOrderId = "TEST";

    /// <summary>
    /// The catalogue's "not permitted" code (E01990001), so that no code outside docs/api.md is ever shown,
    /// with the settings screen's wording: test notifications are an Owner's action.
    /// </summary>
    public static readonly GatewayError NotPermitted = GatewayErrors.NotPermitted with
    {
        Japanese = SettingsRefusals.NotPermitted.Japanese,
        English = SettingsRefusals.NotPermitted.English,
    };

    /// <summary>ErrCode E00 / ErrInfo E00000000: the merchant's program can tell a test from a real result.</summary>
    private static readonly GatewayError TestMarker = new(GatewayErrors.TestNotificationInfo, GatewayErrorKind.Request, "テスト通知", "Test notification");

    /// <summary>Queues a test notification and makes its first attempt at once. The value is the notification's ID.</summary>
    public async Task<GatewayResult<long>> SendTestAsync(ActorRef actor, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(actor);
        long id;
        await using (var db = await dbFactory.CreateDbContextAsync(cancellationToken))
        {
            var shopId = await ShopSession.PermittedShopAsync(db, actor, ShopPermission.EditSettings, cancellationToken);
            if (shopId is null)
            {
                return NotPermitted;
            }

            var url = await db.ShopAmazonPaySettings.Where(s => s.ShopId == shopId).Select(s => s.NotificationUrl).SingleOrDefaultAsync(cancellationToken);
            if (string.IsNullOrWhiteSpace(url))
            {
                return GatewayErrors.NotificationUrlMissing;
            }

            // A placeholder transaction, never saved: the form has every field a real notification has.
            var placeholder = new GatewayTransaction
            {
                ShopId = shopId,
                OrderId = TestOrderId,
                AccessId = "",
                ProtectedAccessPass = "",
                PaymentType = PaymentType.OneTime,
                JobCd = JobCd.Auth,
                State = TransactionState.Unprocessed,
            };
            var now = clock.GetUtcNow();
            notifications.Enqueue(db, placeholder, TestMarker, now, isTest: true);
            db.Journal(clock, shopId, actor, "settings.test-notification", shopId, $"url={url}");
            await db.SaveChangesAsync(cancellationToken);
            id = db.ChangeTracker.Entries<GatewayNotification>().Single().Entity.Id;
        }

        await notifier.DeliverAsync(id, cancellationToken);
        return id;
    }

    /// <summary>The current shop's last notifications, newest first, each with its attempts in order.</summary>
    public async Task<IReadOnlyList<NotificationView>> RecentAsync(ActorRef actor, int count = RecentCount, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(actor);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var shopId = await ShopSession.PermittedShopAsync(db, actor, ShopPermission.ViewShop, cancellationToken);
        if (shopId is null)
        {
            return [];
        }

        var rows = await db.GatewayNotifications.AsNoTracking()
            .Where(n => n.ShopId == shopId)
            .OrderByDescending(n => n.CreatedAt).ThenByDescending(n => n.Id)
            .Take(count)
            .Include(n => n.AttemptLog)
            .ToListAsync(cancellationToken);
        return rows.Select(n => new NotificationView(
            n.Id, n.IsTest, ResultNotifications.Read(n).FirstOrDefault(f => f.Key == "OrderID").Value ?? "", n.Status, n.Attempts, n.CreatedAt, n.DeliveredAt,
            n.AttemptLog.OrderBy(a => a.Id).Select(a => new NotificationAttemptView(a.At, a.Url, a.HttpStatus, a.ResponseBody, a.Error, a.Received, a.DurationMilliseconds)).ToList()))
            .ToList();
    }
}
