using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using MerchantConsole.Core.Payments;
using MerchantConsole.Data;
using MerchantConsole.Gateway;
using MerchantConsole.Settings;
using Microsoft.EntityFrameworkCore;

namespace MerchantConsole.Sandbox;

/// <summary>A shop whose demo storefront can take payments: Amazon Pay is set up and a key is in use.</summary>
public sealed record DemoShop(string Id, string Name);

public sealed record DemoStoreView(DemoShop? Shop, IReadOnlyList<DemoShop> Shops, string? Snippet, string? Problem, bool AmountChangeEnabled = false);

public sealed record DemoCheckout(string OrderId, string AccessId, string Token, Uri StartUrl, string StartLimit);

public sealed record DemoResult(
    string OrderId, string? Status, string? ErrCode, string? ErrInfo, string CheckString, bool CheckStringVerified, string? AmazonChargePermissionId, string? TradeStatus);

/// <summary>
/// The sandbox's demo storefront plays a merchant: its page shows the shop's real Amazon Pay button, and its
/// "server side" calls the merchant API over HTTP with the shop's ShopID and ShopPass, exactly as a merchant's
/// server would — so a person can buy, see the RetURL result verified, and find the order in the console.
/// </summary>
public sealed class DemoStore(IDbContextFactory<ApplicationDbContext> dbFactory, ShopPasswords shopPasswords, ButtonSnippets snippets, IHttpClientFactory httpFactory)
{
    public const string Path = "/sandbox/store";
    public const string ReviewPath = Path + "/review";
    public const string ResultPath = Path + "/result";

    public const string ProductName = "オリジナル手ぬぐい / Original tenugui";
    public static readonly Yen ProductAmount = new(3000);
    public static readonly Yen ProductTax = new(300);

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>
    /// The product page's button. With <paramref name="amountChange"/> it is made as a shop that re-amounts orders
    /// would make it (金額変更 enabled), so staff can try 金額変更 and the one-click deadline extension on a demo order.
    /// </summary>
    public async Task<DemoStoreView> ViewAsync(string? shopId, Uri origin, CancellationToken cancellationToken, bool amountChange = false)
    {
        var shops = await ShopsAsync(cancellationToken);
        var shop = shops.FirstOrDefault(s => s.Id == shopId) ?? (shopId is null && shops.Count == 1 ? shops[0] : null);
        if (shop is null)
        {
            return new DemoStoreView(null, shops, null, null);
        }

        var review = new Uri(origin, $"{ReviewPath}?shop={Uri.EscapeDataString(shop.Id)}").AbsoluteUri;
        var (output, refusal) = await snippets.GenerateForShopAsync(
            shop.Id, new ButtonOptions(ButtonKind.OneTime, review, Core.AmazonPay.ProductType.PayAndShip, AmountChangeEnabled: amountChange), origin, cancellationToken);
        return new DemoStoreView(shop, shops, output?.Snippet, refusal?.Japanese + " / " + refusal?.English, amountChange);
    }

    /// <summary>取引登録 and 決済実行 for the session the button created; the page then sends the buyer to the start URL.</summary>
    public async Task<(DemoCheckout? Checkout, string? Problem)> CheckoutAsync(string shopId, string checkoutSessionId, Uri origin, CancellationToken cancellationToken)
    {
        var shopPass = await ShopPassAsync(shopId, cancellationToken);
        if (shopPass is null)
        {
            return (null, "Unknown shop / ショップがありません");
        }

        var orderId = "DEMO-" + DateTimeOffset.UtcNow.ToString("yyMMddHHmmss", System.Globalization.CultureInfo.InvariantCulture) + "-" + RandomNumberGenerator.GetHexString(4);
        var entry = await CallAsync(origin, "EntryTranAmazonpay", new()
        {
            ["shopID"] = shopId,
            ["shopPass"] = shopPass,
            ["orderID"] = orderId,
            ["jobCd"] = "AUTH",
            ["amount"] = ProductAmount.Value.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["tax"] = ProductTax.Value.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["amazonpayType"] = "3",
        }, cancellationToken);
        if (Problem(entry) is { } entryProblem)
        {
            return (null, entryProblem);
        }

        var accessId = Field(entry, "accessID")!;
        var exec = await CallAsync(origin, "ExecTranAmazonpay", new()
        {
            ["shopID"] = shopId,
            ["shopPass"] = shopPass,
            ["accessID"] = accessId,
            ["accessPass"] = Field(entry, "accessPass")!,
            ["orderID"] = orderId,
            ["retURL"] = new Uri(origin, ResultPath).AbsoluteUri,
            ["amazonCheckoutSessionID"] = checkoutSessionId,
            ["description"] = "デモストアでのご注文ありがとうございます。",
        }, cancellationToken);
        if (Problem(exec) is { } execProblem)
        {
            return (null, execProblem);
        }

        return (new DemoCheckout(orderId, accessId, Field(exec, "token")!, new Uri(Field(exec, "startURL")!), Field(exec, "startLimitDate") ?? ""), null);
    }

    /// <summary>The RetURL: recompute the CheckString as a merchant must, and read the transaction's state back.</summary>
    public async Task<DemoResult> ResultAsync(IFormCollection form, Uri origin, CancellationToken cancellationToken)
    {
        string Get(string name) => form[name].ToString();
        var shopId = Get("ShopID");
        var shopPass = await ShopPassAsync(shopId, cancellationToken) ?? "";
        var orderId = Get("OrderID");
        var permissionId = Get("AmazonChargePermissionID");
        string? tradeStatus = null;
        var trade = await CallAsync(origin, "SearchTradeMulti", new()
        {
            ["shopID"] = shopId,
            ["shopPass"] = shopPass,
            ["orderID"] = orderId,
            ["payType"] = "38",
        }, cancellationToken);
        var accessId = Field(trade, "accessID") ?? "";
        if (Problem(trade) is null)
        {
            tradeStatus = Field(trade, "status");
        }

        var expected = CheckString(orderId, accessId, shopId, shopPass, permissionId);
        var verified = shopPass.Length > 0 && accessId.Length > 0
            && CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(expected), Encoding.ASCII.GetBytes(Get("CheckString")));
        return new DemoResult(orderId, Get("Status"), Get("ErrCode"), Get("ErrInfo"), Get("CheckString"), verified, permissionId, tradeStatus);
    }

    /// <summary>gateway-api.md: lowercase hex SHA-256 of OrderID + AccessID + ShopID + ShopPass + AmazonChargePermissionID.</summary>
    public static string CheckString(string orderId, string accessId, string shopId, string shopPass, string? chargePermissionId) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(orderId + accessId + shopId + shopPass + (chargePermissionId ?? ""))));

    private async Task<List<DemoShop>> ShopsAsync(CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await db.Shops.AsNoTracking()
            .Join(db.ShopAmazonPaySettings.Where(s => s.ProtectedPrivateKey != null && s.StoreId != null && s.MerchantId != null), shop => shop.Id, s => s.ShopId, (shop, _) => shop)
            .OrderBy(s => s.Id)
            .Select(s => new DemoShop(s.Id, s.Name))
            .ToListAsync(cancellationToken);
    }

    /// <summary>The demo plays the merchant's server, which keeps its ShopPass in its own configuration.</summary>
    private async Task<string?> ShopPassAsync(string shopId, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var shop = await db.Shops.AsNoTracking().SingleOrDefaultAsync(s => s.Id == shopId, cancellationToken);
        return shop is null ? null : shopPasswords.Reveal(shop);
    }

    private async Task<JsonObject> CallAsync(Uri origin, string api, Dictionary<string, string> fields, CancellationToken cancellationToken)
    {
        using var http = httpFactory.CreateClient(nameof(DemoStore));
        using var response = await http.PostAsJsonAsync(new Uri(origin, $"/payment/{api}.json"), fields, Json, cancellationToken);
        var text = await response.Content.ReadAsStringAsync(cancellationToken);
        try
        {
            return JsonNode.Parse(text) as JsonObject ?? new JsonObject { ["errInfo"] = $"HTTP {(int)response.StatusCode}" };
        }
        catch (JsonException)
        {
            return new JsonObject { ["errInfo"] = $"HTTP {(int)response.StatusCode}" };
        }
    }

    private static string? Field(JsonObject answer, string name) =>
        answer.FirstOrDefault(p => string.Equals(p.Key, name, StringComparison.OrdinalIgnoreCase)).Value?.ToString();

    private static string? Problem(JsonObject answer)
    {
        var info = Field(answer, "errInfo");
        if (string.IsNullOrEmpty(info))
        {
            return null;
        }

        var messages = answer["errors"] is JsonArray errors
            ? string.Join(" ", errors.Select(e => e?["message"]?["ja"] + " / " + e?["message"]?["en"]))
            : "";
        return $"{info} {messages}".Trim();
    }
}
