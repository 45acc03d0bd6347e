using MerchantConsole.Core;
using MerchantConsole.Core.AmazonPay;
using MerchantConsole.Core.Shops;
using MerchantConsole.Data;
using MerchantConsole.Shops;
using Microsoft.EntityFrameworkCore;

namespace MerchantConsole.Settings;

public sealed record KeyView(string Fingerprint, DateTimeOffset UploadedAt, string UploadedBy);

/// <summary>What the settings screen shows. Never any key material: the fingerprint identifies a key.</summary>
public sealed record SettingsView(
    string ShopId, string ShopName, string? StoreName, bool UseAddress, string? PublicKeyId, string? MerchantId, string? StoreId,
    AmazonPayEnvironment Environment, KeyView? ActiveKey, KeyView? PendingKey, string? NotificationUrl, long RecurringMonthlyCeiling,
    DateTimeOffset? LastConnectionTestAt, bool? LastConnectionTestPassed, bool CanEdit, long Version);

public sealed record SettingsInput(
    string? StoreName, bool UseAddress, string? PublicKeyId, string? MerchantId, string? StoreId,
    AmazonPayEnvironment Environment, string? NotificationUrl, long RecurringMonthlyCeiling, long Version);

/// <summary>The outcome of a save or upload: null refusal means it was done.</summary>
public sealed record SettingsResult(Refusal? Refusal)
{
    public static readonly SettingsResult Done = new((Refusal?)null);

    public bool Succeeded => Refusal is null;

    public static implicit operator SettingsResult(Refusal refusal) => new(refusal);
}

/// <summary>
/// The settings screen's service. Reading needs any role in the shop; every change needs an Owner, checked
/// here on the server. Every change is journaled with who made it — never with the key.
/// </summary>
public sealed class AmazonPaySettingsService(IDbContextFactory<ApplicationDbContext> dbFactory, AmazonPayConnection connection, TimeProvider clock)
{
    public async Task<SettingsView?> GetAsync(ActorRef actor, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var session = await ShopSession.LoadAsync(db, actor.Id, cancellationToken);
        if (session?.Current is null)
        {
            return null;
        }

        var settings = await db.ShopAmazonPaySettings.AsNoTracking().SingleOrDefaultAsync(s => s.ShopId == session.Current.Id, cancellationToken)
            ?? new ShopAmazonPaySettings { ShopId = session.Current.Id };
        return View(settings, session.Current.Name, session.Can(ShopPermission.EditSettings));
    }

    public async Task<SettingsResult> SaveAsync(ActorRef actor, SettingsInput input, CancellationToken cancellationToken = default)
    {
        var refusal = Validate(input, out var cleaned);
        if (refusal is not null)
        {
            return refusal;
        }

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var (settings, shopId) = await OwnedAsync(db, actor, cancellationToken);
        if (settings is null)
        {
            return SettingsRefusals.NotPermitted;
        }

        if (settings.Version != input.Version)
        {
            return SettingsRefusals.ChangedMeanwhile;
        }

        var before = Describe(settings);
        settings.StoreName = cleaned.StoreName;
        settings.UseAddress = cleaned.UseAddress;
        settings.PublicKeyId = cleaned.PublicKeyId;
        settings.MerchantId = cleaned.MerchantId;
        settings.StoreId = cleaned.StoreId;
        settings.Environment = cleaned.Environment;
        settings.NotificationUrl = cleaned.NotificationUrl;
        settings.RecurringMonthlyCeiling = cleaned.RecurringMonthlyCeiling;
        return await CommitAsync(db, settings, shopId!, actor, "settings.save", $"{before} -> {Describe(settings)}", cancellationToken);
    }

    /// <summary>
    /// Checks the file with the wire's loader and keeps it encrypted as the pending key. The key in use stays in
    /// use until a connection test passes with the new one.
    /// </summary>
    public async Task<SettingsResult> UploadKeyAsync(ActorRef actor, byte[] file, long version, CancellationToken cancellationToken = default)
    {
        var loaded = PrivateKeyPem.Load(file);
        if (!loaded.IsOk)
        {
            return loaded.Refusal;
        }

        using var key = loaded.Value;
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var (settings, shopId) = await OwnedAsync(db, actor, cancellationToken);
        if (settings is null)
        {
            return SettingsRefusals.NotPermitted;
        }

        if (settings.Version != version)
        {
            return SettingsRefusals.ChangedMeanwhile;
        }

        // Re-encoded from the parsed key (PKCS#8), so whitespace or line endings of the upload do not matter.
        settings.PendingProtectedPrivateKey = connection.Protect(key.Rsa.ExportPkcs8PrivateKeyPem());
        settings.PendingKeyFingerprint = key.Fingerprint;
        settings.PendingKeyUploadedAt = clock.GetUtcNow();
        settings.PendingKeyUploadedBy = actor.Name;
        return await CommitAsync(db, settings, shopId!, actor, "settings.key.upload", $"pending fingerprint={key.Fingerprint}", cancellationToken);
    }

    internal static async Task<(ShopAmazonPaySettings? Settings, string? ShopId)> OwnedAsync(ApplicationDbContext db, ActorRef actor, CancellationToken cancellationToken)
    {
        var shopId = await ShopSession.PermittedShopAsync(db, actor, ShopPermission.EditSettings, cancellationToken);
        if (shopId is null)
        {
            return (null, null);
        }

        var settings = await db.ShopAmazonPaySettings.SingleOrDefaultAsync(s => s.ShopId == shopId, cancellationToken);
        if (settings is null)
        {
            settings = new ShopAmazonPaySettings { ShopId = shopId };
            db.ShopAmazonPaySettings.Add(settings);
        }

        return (settings, shopId);
    }

    internal async Task<SettingsResult> CommitAsync(ApplicationDbContext db, ShopAmazonPaySettings settings, string shopId, ActorRef actor, string action, string detail, CancellationToken cancellationToken)
    {
        settings.Version++;
        settings.UpdatedAt = clock.GetUtcNow();
        settings.UpdatedBy = actor.Name;
        db.Journal(clock, shopId, actor, action, shopId, detail);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
            return SettingsResult.Done;
        }
        catch (DbUpdateConcurrencyException)
        {
            return SettingsRefusals.ChangedMeanwhile;
        }
    }

    internal static SettingsView View(ShopAmazonPaySettings s, string shopName, bool canEdit) => new(
        s.ShopId, shopName, s.StoreName, s.UseAddress, s.PublicKeyId, s.MerchantId, s.StoreId, s.Environment,
        s.KeyFingerprint is null ? null : new KeyView(s.KeyFingerprint, s.KeyUploadedAt!.Value, s.KeyUploadedBy ?? ""),
        s.PendingKeyFingerprint is null ? null : new KeyView(s.PendingKeyFingerprint, s.PendingKeyUploadedAt!.Value, s.PendingKeyUploadedBy ?? ""),
        s.NotificationUrl, s.RecurringMonthlyCeiling, s.LastConnectionTestAt, s.LastConnectionTestPassed, canEdit, s.Version);

    private static Refusal? Validate(SettingsInput input, out SettingsInput cleaned)
    {
        cleaned = input with
        {
            StoreName = string.IsNullOrWhiteSpace(input.StoreName) ? null : input.StoreName.Trim(),
            PublicKeyId = string.IsNullOrWhiteSpace(input.PublicKeyId) ? null : input.PublicKeyId.Trim(),
            MerchantId = string.IsNullOrWhiteSpace(input.MerchantId) ? null : input.MerchantId.Trim(),
            StoreId = string.IsNullOrWhiteSpace(input.StoreId) ? null : input.StoreId.Trim(),
            NotificationUrl = string.IsNullOrWhiteSpace(input.NotificationUrl) ? null : input.NotificationUrl.Trim(),
        };
        if (cleaned.StoreName is { Length: > ShopAmazonPaySettings.StoreNameMaxLength })
        {
            return SettingsRefusals.StoreNameTooLong;
        }

        // Shown to buyers on Amazon's pages; a NUL cannot even be stored on PostgreSQL.
        if (cleaned.StoreName is { } storeName && storeName.Any(char.IsControl))
        {
            return SettingsRefusals.StoreNameHasControlCharacters;
        }

        foreach (var check in new[]
                 {
                     cleaned.PublicKeyId is null ? null : AmazonPayIds.CheckPublicKeyId(cleaned.PublicKeyId).Refusal,
                     cleaned.MerchantId is null ? null : AmazonPayIds.CheckMerchantId(cleaned.MerchantId).Refusal,
                     cleaned.StoreId is null ? null : AmazonPayIds.CheckStoreId(cleaned.StoreId).Refusal,
                 })
        {
            if (check is not null)
            {
                return check;
            }
        }

        if (!Enum.IsDefined(cleaned.Environment))
        {
            return SettingsRefusals.EnvironmentInvalid;
        }

        if (cleaned.NotificationUrl is not null
            && (!Uri.TryCreate(cleaned.NotificationUrl, UriKind.Absolute, out var url) || url.Scheme is not ("https" or "http")
                || (url.Scheme == "http" && cleaned.Environment == AmazonPayEnvironment.Live)))
        {
            return SettingsRefusals.NotificationUrlInvalid;
        }

        return cleaned.RecurringMonthlyCeiling is < 1 or > 9_999_999 ? SettingsRefusals.CeilingOutOfRange : null;
    }

    private static string Describe(ShopAmazonPaySettings s) =>
        $"storeName={s.StoreName}; publicKeyId={s.PublicKeyId}; merchantId={s.MerchantId}; storeId={s.StoreId}; env={s.Environment}; "
        + $"notificationUrl={s.NotificationUrl}; ceiling={s.RecurringMonthlyCeiling}; useAddress={s.UseAddress}";
}

/// <summary>The settings screen's own refusals, in both languages.</summary>
public static class SettingsRefusals
{
    public static readonly Refusal NotPermitted = new("SETTINGS_NOT_PERMITTED",
        "設定を変更できるのはショップのオーナーだけです。", "Only an Owner of the shop can change its settings.");

    public static readonly Refusal ChangedMeanwhile = new("SETTINGS_CHANGED_MEANWHILE",
        "他の人が先に設定を変更しました。画面を読み込み直してから、もう一度操作してください。",
        "Someone else changed the settings first. Reload the screen and try again.");

    public static readonly Refusal StoreNameTooLong = new("STORE_NAME_TOO_LONG",
        $"AmazonPayストア名は{ShopAmazonPaySettings.StoreNameMaxLength}文字以内で入力してください。",
        $"The store name must be at most {ShopAmazonPaySettings.StoreNameMaxLength} characters.");

    public static readonly Refusal StoreNameHasControlCharacters = new("STORE_NAME_CONTROL_CHARACTERS",
        "AmazonPayストア名に改行などの制御文字は使えません。", "The store name cannot contain line breaks or other control characters.");

    public static readonly Refusal EnvironmentInvalid = new("ENVIRONMENT_INVALID",
        "接続先はサンドボックスか本番を選んでください。", "Choose sandbox or live.");

    public static readonly Refusal NotificationUrlInvalid = new("NOTIFICATION_URL_INVALID",
        "結果通知URLは https:// で始まる絶対URLで入力してください(サンドボックスでは http:// も可)。",
        "The notification URL must be an absolute https:// URL (http:// is allowed in sandbox only).");

    public static readonly Refusal CeilingOutOfRange = new("RECURRING_CEILING_OUT_OF_RANGE",
        "随時決済の月間上限額は 1〜9,999,999 円で入力してください。", "The monthly recurring ceiling must be 1 to 9,999,999 yen.");

    public static readonly Refusal NoKey = new("NO_PRIVATE_KEY",
        "プライベートキーがまだアップロードされていません。", "No private key has been uploaded yet.");

    public static readonly Refusal IdsMissing = new("AMAZON_PAY_IDS_MISSING",
        "パブリックキーID、マーチャントID、ストアIDを先に保存してください。", "Save the public key ID, merchant ID and store ID first.");
}
