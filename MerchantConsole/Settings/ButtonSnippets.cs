using System.Text.Json;
using System.Text.Json.Serialization;
using MerchantConsole.Core;
using MerchantConsole.Core.AmazonPay;
using MerchantConsole.Data;
using MerchantConsole.Sandbox;
using MerchantConsole.Shops;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace MerchantConsole.Settings;

public enum ButtonKind
{
    OneTime,
    Recurring,
    SignIn,
}

/// <summary>What staff choose on a snippet tab.</summary>
public sealed record ButtonOptions(
    ButtonKind Kind,
    string ReturnUrl,
    ProductType ProductType = ProductType.PayAndShip,
    string? CancelUrl = null,
    bool AmountChangeEnabled = false,
    FrequencyUnit? FrequencyUnit = null,
    int? FrequencyValue = null,
    ButtonPlacement Placement = ButtonPlacement.Cart,
    ButtonColor Color = ButtonColor.Gold);

/// <summary>The three texts staff copy, and the string to sign for comparing with a checkout.js error.</summary>
public sealed record ButtonOutput(string PayloadJson, string Signature, string Snippet, string StringToSign);

/// <summary>
/// Signed button payloads and ready-to-paste snippets made with the shop's key in use (never a pending one).
/// Any member of the shop may make them: the output holds no secret (the signature is public by design).
/// </summary>
public sealed class ButtonSnippets(IDbContextFactory<ApplicationDbContext> dbFactory, AmazonPayConnection connection, IOptions<AmazonPayOptions> options)
{
    private static readonly JsonSerializerOptions PresetJson = new(JsonSerializerDefaults.Web) { Converters = { new JsonStringEnumConverter() } };

    /// <summary>The shop's saved choices per tab; empty for a tab never used.</summary>
    public async Task<IReadOnlyDictionary<ButtonKind, ButtonOptions>> PresetsAsync(ActorRef actor, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var session = await ShopSession.LoadAsync(db, actor.Id, cancellationToken);
        if (session?.Current is null)
        {
            return new Dictionary<ButtonKind, ButtonOptions>();
        }

        var json = await db.ShopAmazonPaySettings.Where(s => s.ShopId == session.Current.Id).Select(s => s.ButtonPresetsJson).SingleOrDefaultAsync(cancellationToken);
        return json is null ? new Dictionary<ButtonKind, ButtonOptions>()
            : JsonSerializer.Deserialize<Dictionary<ButtonKind, ButtonOptions>>(json, PresetJson) ?? [];
    }

    public static readonly Refusal NotMember = new("NOT_SHOP_MEMBER",
        "このショップのスタッフではありません。", "You are not staff of this shop.");

    public async Task<(ButtonOutput? Output, Refusal? Refusal)> GenerateAsync(ActorRef actor, ButtonOptions choice, Uri origin, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var session = await ShopSession.LoadAsync(db, actor.Id, cancellationToken);
        if (session?.Current is null)
        {
            return (null, NotMember);
        }

        var made = await SignAsync(db, session.Current.Id, session.Current.Name, choice, origin, cancellationToken);
        if (made.Output is not null && session.Can(Core.Shops.ShopPermission.EditSettings))
        {
            // An Owner's successful choices become the shop's preset for this tab (not journaled: no money or key changes).
            var tracked = await db.ShopAmazonPaySettings.SingleAsync(s => s.ShopId == session.Current.Id, cancellationToken);
            var presets = tracked.ButtonPresetsJson is null ? [] : JsonSerializer.Deserialize<Dictionary<ButtonKind, ButtonOptions>>(tracked.ButtonPresetsJson, PresetJson) ?? [];
            presets[choice.Kind] = choice;
            tracked.ButtonPresetsJson = JsonSerializer.Serialize(presets, PresetJson);
            await db.SaveChangesAsync(cancellationToken);
        }

        return made;
    }

    /// <summary>The snippet for a shop without a staff session: the sandbox's demo storefront shows the shop's real button.</summary>
    public async Task<(ButtonOutput? Output, Refusal? Refusal)> GenerateForShopAsync(string shopId, ButtonOptions choice, Uri origin, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var shopName = await db.Shops.Where(s => s.Id == shopId).Select(s => s.Name).SingleOrDefaultAsync(cancellationToken);
        return shopName is null ? (null, NotMember) : await SignAsync(db, shopId, shopName, choice, origin, cancellationToken);
    }

    private async Task<(ButtonOutput? Output, Refusal? Refusal)> SignAsync(
        ApplicationDbContext db, string shopId, string shopName, ButtonOptions choice, Uri origin, CancellationToken cancellationToken)
    {
        var settings = await db.ShopAmazonPaySettings.AsNoTracking().SingleOrDefaultAsync(s => s.ShopId == shopId, cancellationToken);
        if (settings?.PublicKeyId is null || settings.StoreId is null || settings.MerchantId is null)
        {
            return (null, SettingsRefusals.IdsMissing);
        }

        var credentials = connection.Credentials(settings);
        if (credentials is null)
        {
            return (null, SettingsRefusals.NoKey);
        }

        var sandboxMode = options.Value.Mode == AmazonPayMode.Sandbox;
        var shop = new ButtonShop(settings.StoreId, settings.PublicKeyId, shopName, settings.StoreName, Sandbox: sandboxMode);
        var rsa = credentials.Key.Rsa;
        var signed = choice.Kind switch
        {
            ButtonKind.OneTime => ButtonBuilder.OneTime(shop, new OneTimeButton(choice.ProductType, choice.ReturnUrl, choice.CancelUrl, choice.AmountChangeEnabled), rsa),
            ButtonKind.Recurring => ButtonBuilder.Recurring(shop, new RecurringButton(choice.ProductType, choice.ReturnUrl, choice.FrequencyUnit, choice.FrequencyValue, CancelUrl: choice.CancelUrl), rsa),
            _ => ButtonBuilder.SignIn(shop, new SignInButton(choice.ReturnUrl), rsa),
        };
        if (!signed.IsOk)
        {
            return (null, signed.Refusal);
        }

        var script = sandboxMode ? new Uri(origin, "/sandbox/checkout.js").ToString() : ButtonSnippet.JapanScriptUrl;
        var snippet = ButtonSnippet.Render(signed.Value, new SnippetSettings(
            settings.MerchantId, settings.Environment == AmazonPayEnvironment.Sandbox, script, choice.Placement, choice.Color));
        return snippet.IsOk
            ? (new ButtonOutput(signed.Value.PayloadJson, signed.Value.Signature, snippet.Value, signed.Value.StringToSign), null)
            : (null, snippet.Refusal);
    }
}
