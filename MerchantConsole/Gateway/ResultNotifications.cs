using System.Text.Json;
using MerchantConsole.Core.Payments;
using MerchantConsole.Data;

namespace MerchantConsole.Gateway;

/// <summary>
/// The result notification (結果通知) form of gateway-api.md, queued in the same unit of work as the state change
/// it reports. Secrets are masked before the form is stored: the outbox never holds ShopPass or AccessPass.
/// </summary>
public sealed class ResultNotifications(TimeProvider clock)
{
    public const string MaskedShopPass = "**********";

    public static readonly string MaskedAccessPass = new('*', 32);

    /// <summary>The fields in the order they are sent.</summary>
    public static IReadOnlyList<KeyValuePair<string, string>> Fields(GatewayTransaction row, GatewayError? error, DateTimeOffset at)
    {
        ArgumentNullException.ThrowIfNull(row);
        return
        [
            new("ShopID", row.ShopId),
            new("ShopPass", MaskedShopPass),
            new("AccessID", row.AccessId),
            new("AccessPass", MaskedAccessPass),
            new("OrderID", row.OrderId),
            new("Status", row.State.Code()),
            new("JobCd", row.PaymentType == PaymentType.RegistrationOnly ? "" : row.JobCd.Code()),
            new("Amount", row.Amount.ToString(System.Globalization.CultureInfo.InvariantCulture)),
            new("Tax", row.Tax.ToString(System.Globalization.CultureInfo.InvariantCulture)),
            new("Currency", "JPN"),
            new("TranDate", Jst.Compact(at)),
            new("ErrCode", error?.ErrCode ?? ""),
            new("ErrInfo", error?.ErrInfo ?? ""),
            new("PayType", "38"),
            new("AmazonChargePermissionID", row.ChargePermissionId ?? ""),
        ];
    }

    /// <summary>Queues the notification of the row's current state; the notifier delivers it.</summary>
    public void Enqueue(ApplicationDbContext db, GatewayTransaction row, GatewayError? error, DateTimeOffset at, bool isTest = false)
    {
        ArgumentNullException.ThrowIfNull(db);
        var now = clock.GetUtcNow();
        db.GatewayNotifications.Add(new GatewayNotification
        {
            ShopId = row.ShopId,
            TransactionId = row.Id == 0 ? null : row.Id,
            FieldsJson = JsonSerializer.Serialize(Fields(row, error, at).Select(f => new[] { f.Key, f.Value })),
            IsTest = isTest,
            Status = NotificationStatus.Pending,
            CreatedAt = now,
            NextAttemptAt = now,
        });
    }

    /// <summary>The stored form, in order.</summary>
    public static IReadOnlyList<KeyValuePair<string, string>> Read(GatewayNotification notification)
    {
        ArgumentNullException.ThrowIfNull(notification);
        return JsonSerializer.Deserialize<string[][]>(notification.FieldsJson)!.Select(pair => new KeyValuePair<string, string>(pair[0], pair[1])).ToList();
    }
}
