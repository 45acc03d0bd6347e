using MerchantConsole.Core.AmazonPay;

namespace MerchantConsole.Data;

/// <summary>
/// A shop's Amazon Pay settings (ショップ管理画面 > 都度決済 > Amazon Pay > 設定). The private key is stored only
/// encrypted with ASP.NET Data Protection (its key ring is in this database); a newly uploaded key waits as
/// "pending" until a connection test proves it, so a bad upload cannot take a working shop down.
/// </summary>
public class ShopAmazonPaySettings
{
    public const int StoreNameMaxLength = 50;

    public const long DefaultRecurringMonthlyCeiling = 100_000;

    public required string ShopId { get; set; }

    /// <summary>AmazonPayストア名: shown to buyers and in Amazon's e-mails; the shop name when empty.</summary>
    public string? StoreName { get; set; }

    /// <summary>AmazonPay住所使用フラグ: kept from the manual's settings; Amazon Pay V2 does not use it.</summary>
    public bool UseAddress { get; set; }

    public string? PublicKeyId { get; set; }

    public string? MerchantId { get; set; }

    public string? StoreId { get; set; }

    public AmazonPayEnvironment Environment { get; set; } = AmazonPayEnvironment.Sandbox;

    public string? ProtectedPrivateKey { get; set; }

    public string? KeyFingerprint { get; set; }

    public DateTimeOffset? KeyUploadedAt { get; set; }

    public string? KeyUploadedBy { get; set; }

    public string? PendingProtectedPrivateKey { get; set; }

    public string? PendingKeyFingerprint { get; set; }

    public DateTimeOffset? PendingKeyUploadedAt { get; set; }

    public string? PendingKeyUploadedBy { get; set; }

    /// <summary>結果通知プログラムURL: where the gateway posts result notifications.</summary>
    public string? NotificationUrl { get; set; }

    /// <summary>The 随時決済 ceiling per permission per calendar month (JST), in yen.</summary>
    public long RecurringMonthlyCeiling { get; set; } = DefaultRecurringMonthlyCeiling;

    public DateTimeOffset? LastConnectionTestAt { get; set; }

    public bool? LastConnectionTestPassed { get; set; }

    /// <summary>The last choices on each snippet tab (JSON keyed by button kind), so staff need not retype them.</summary>
    public string? ButtonPresetsJson { get; set; }

    public DateTimeOffset UpdatedAt { get; set; }

    public string? UpdatedBy { get; set; }

    /// <summary>Optimistic concurrency: two Owners saving at once do not silently overwrite each other.</summary>
    public long Version { get; set; }
}
