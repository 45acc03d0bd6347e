using System.Web;
using MerchantConsole.Core.AmazonPay;
using Microsoft.Playwright;

namespace MerchantConsole.E2E;

/// <summary>
/// The embedded sandbox end to end, as an integrator meets it: the Owner makes a key pair in Sandbox Seller Central,
/// a merchant page on another origin renders the wire's signed snippet with the sandbox's checkout.js, and a buyer
/// clicks through to the merchant's review URL, where the API returns the session the buyer filled in.
/// </summary>
[Collection(E2ECollection.Name)]
public sealed class SandboxJourneys(Browser browser) : IAsyncLifetime
{
    private const string OwnerEmail = "owner@example.test";
    private const string OwnerPassword = "owner passphrase for e2e";
    private const string ShopName = "E2Eサンドボックス商店";
    private const string CartUrl = "https://merchant.example/cart";
    private const string ReviewUrl = "https://merchant.example/review";
    private ConsoleServer server = null!;

    public async Task InitializeAsync() => server = await ConsoleServer.StartAsync(new Dictionary<string, string>
    {
        ["Bootstrap:ShopId"] = "e2esandbox",
        ["Bootstrap:ShopName"] = ShopName,
        ["Bootstrap:OwnerEmail"] = OwnerEmail,
        ["Bootstrap:OwnerPassword"] = OwnerPassword,
    });

    public async Task DisposeAsync() => await server.DisposeAsync();

    [Fact]
    public async Task A_buyer_clicks_a_signed_button_on_the_merchants_page_and_returns_to_review_with_a_session_the_API_returns()
    {
        await using var context = await BuyerContextAsync();
        var page = await context.NewPageAsync();
        var seller = await page.GenerateSandboxKeyAsync(OwnerEmail, OwnerPassword);
        using var key = PrivateKeyPem.Load(seller.Pem).Value!;
        var button = SignedButton(seller, key);
        await ServeMerchantPageAsync(page, Snippet(seller, button));

        await page.GotoAsync(CartUrl);
        await page.GetByRole(AriaRole.Button, new() { Name = "Amazon Pay" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "お支払い方法の選択" })).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByTestId("store-name")).ToHaveTextAsync(ShopName);
        await page.GetByLabel("佐藤 花子 · Mastercard ****4444").CheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "続ける" }).ClickAsync();
        await page.WaitForURLAsync(ReviewUrl + "?**");

        var sessionId = HttpUtility.ParseQueryString(new Uri(page.Url).Query)["amazonCheckoutSessionId"];
        Assert.False(string.IsNullOrEmpty(sessionId), page.Url);
        using var http = new HttpClient();
        var session = await new AmazonPayClient(http, TimeProvider.System).GetCheckoutSessionAsync(
            new AmazonPayCredentials(key, seller.PublicKeyId, AmazonPayEnvironment.Sandbox, new Uri(server.Address, "/sandbox/amazonpay")),
            sessionId);
        Assert.True(session.IsSuccess, session.Error?.Message);
        Assert.Equal(CheckoutSessionState.Open, session.Value.StatusDetails.State);
        Assert.Equal(("amzn1.account.SANDBOXBUYER0002", "佐藤 花子"), (session.Value.Buyer?.BuyerId, session.Value.Buyer?.Name));
        Assert.Equal("Mastercard ****4444", session.Value.PaymentPreferences?.Single().PaymentDescriptor);
    }

    [Fact]
    public async Task A_payload_changed_after_signing_shows_the_signature_error_with_the_string_the_sandbox_signed()
    {
        await using var context = await BuyerContextAsync();
        var page = await context.NewPageAsync();
        var seller = await page.GenerateSandboxKeyAsync(OwnerEmail, OwnerPassword);
        using var key = PrivateKeyPem.Load(seller.Pem).Value!;
        var button = SignedButton(seller, key);
        var snippet = Snippet(seller, button);
        // One character of payloadJSON changes in the page; the signature stays the one made for the original.
        var tampered = snippet.Replace("merchant.example/review", "merchant.example/reviex", StringComparison.Ordinal);
        Assert.NotEqual(snippet, tampered);
        await ServeMerchantPageAsync(page, tampered);

        await page.GotoAsync(CartUrl);
        await page.GetByRole(AriaRole.Button, new() { Name = "Amazon Pay" }).ClickAsync();

        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Amazon Pay ボタンのエラー" })).ToBeVisibleAsync();
        var expected = CanonicalRequest.StringToSign(SignatureAlgorithm.V2, button.PayloadJson.Replace("/review", "/reviex", StringComparison.Ordinal));
        await Assertions.Expect(page.GetByTestId("signature-error")).ToContainTextAsync("InvalidSignatureError");
        await Assertions.Expect(page.GetByTestId("signature-error")).ToContainTextAsync("signedString " + expected.Replace('\n', ' '));
    }

    [Fact]
    public async Task The_Owner_sets_and_removes_a_fault_and_revokes_a_key_after_confirming_which_the_API_then_refuses()
    {
        await using var context = await BuyerContextAsync();
        var page = await context.NewPageAsync();
        var seller = await page.GenerateSandboxKeyAsync(OwnerEmail, OwnerPassword);

        var kind = page.GetByRole(AriaRole.Combobox, new() { Name = "種類", Exact = true });
        await kind.ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Listbox)).ToBeVisibleAsync();
        await page.GetByRole(AriaRole.Option, new() { Name = "503 エラーを返す" }).ClickAsync();
        await Assertions.Expect(kind).ToHaveTextAsync("503 エラーを返す");
        await page.GetByLabel("回数").FillAsync("3");
        await page.GetByRole(AriaRole.Button, new() { Name = "障害を追加" }).ClickAsync();
        await Assertions.Expect(page.GetByText("障害「503 エラーを返す」を追加しました。")).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Cell, new() { Name = "次の 3 回" })).ToBeVisibleAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "障害「503 エラーを返す」を削除" }).ClickAsync();
        await Assertions.Expect(page.GetByText("障害の設定はありません。サンドボックスは正常に応答します。")).ToBeVisibleAsync();

        await page.GetByRole(AriaRole.Button, new() { Name = $"公開鍵ID {seller.PublicKeyId} を無効化" }).ClickAsync();
        var dialog = page.GetByRole(AriaRole.Dialog);
        await Assertions.Expect(dialog).ToContainTextAsync("元に戻すことはできません");
        await dialog.GetByRole(AriaRole.Button, new() { Name = "無効化する" }).ClickAsync();
        await Assertions.Expect(page.GetByText($"公開鍵ID {seller.PublicKeyId} を無効化しました。")).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Button, new() { Name = $"公開鍵ID {seller.PublicKeyId} を無効化" })).ToHaveCountAsync(0);

        using var key = PrivateKeyPem.Load(seller.Pem).Value!;
        using var http = new HttpClient();
        var refused = await new AmazonPayClient(http, TimeProvider.System).GetCheckoutSessionAsync(
            new AmazonPayCredentials(key, seller.PublicKeyId, AmazonPayEnvironment.Sandbox, new Uri(server.Address, "/sandbox/amazonpay")),
            "any-session");
        Assert.Equal((401, "UnauthorizedAccess"), (refused.HttpStatus, refused.Error?.ReasonCode));
    }

    /// <summary>
    /// Chromium asks before a public page (the merchant's, here https://merchant.example) reaches a loopback address
    /// (the sandbox on 127.0.0.1); the buyer in these journeys has said yes, as a developer testing locally would.
    /// </summary>
    private async Task<IBrowserContext> BuyerContextAsync()
    {
        var context = await browser.NewContextAsync(server.Address);
        await context.GrantPermissionsAsync(["local-network-access"]);
        return context;
    }

    private static SignedButton SignedButton(SellerAccount seller, AmazonPayPrivateKey key)
    {
        var signed = ButtonBuilder.OneTime(
            new ButtonShop(seller.StoreId, seller.PublicKeyId, ShopName, Sandbox: true),
            new OneTimeButton(ProductType.PayAndShip, ReviewUrl),
            key.Rsa);
        Assert.True(signed.IsOk, signed.Refusal?.ToString());
        return signed.Value;
    }

    /// <summary>The wire's snippet, unchanged, with the sandbox's checkout.js as its script.</summary>
    private string Snippet(SellerAccount seller, SignedButton button)
    {
        var snippet = ButtonSnippet.Render(button, new SnippetSettings(seller.MerchantId, Sandbox: true, ScriptUrl: new Uri(server.Address, "/sandbox/checkout.js").ToString()));
        Assert.True(snippet.IsOk, snippet.Refusal?.ToString());
        return snippet.Value;
    }

    /// <summary>A merchant on another origin: its cart shows the button; its review page only needs to exist.</summary>
    private static async Task ServeMerchantPageAsync(IPage page, string snippet)
    {
        await page.RouteAsync(CartUrl, route => route.FulfillAsync(new RouteFulfillOptions
        {
            ContentType = "text/html; charset=utf-8",
            Body = $"<!DOCTYPE html><html lang=\"ja\"><head><meta charset=\"utf-8\"><title>Cart</title></head><body><h1>カート</h1>\n{snippet}</body></html>",
        }));
        await page.RouteAsync(ReviewUrl + "*", route => route.FulfillAsync(new RouteFulfillOptions
        {
            ContentType = "text/html; charset=utf-8",
            Body = "<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>Review</title></head><body><h1>Review</h1></body></html>",
        }));
    }
}
