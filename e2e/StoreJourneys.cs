using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.Playwright;

namespace MerchantConsole.E2E;

/// <summary>
/// The whole one-time flow as a customer and a merchant meet it: the demo storefront shows the shop's real button,
/// the buyer pays on the sandbox's Amazon pages through the gateway's start URL, the gateway's RetURL form reaches
/// the store with a CheckString the test recomputes, and the merchant's server then captures through the API.
/// </summary>
[Collection(E2ECollection.Name)]
public sealed class StoreJourneys(Browser browser) : IAsyncLifetime
{
    private const string ShopId = "e2estore";
    private const string ShopPass = "E2eStoreShopPass01";
    private const string OwnerEmail = "owner@example.test";
    private const string OwnerPassword = "owner passphrase for e2e";
    private ConsoleServer server = null!;
    private readonly string folder = Directory.CreateTempSubdirectory("mc-e2e-store-").FullName;

    public async Task InitializeAsync() => server = await ConsoleServer.StartAsync(new Dictionary<string, string>
    {
        ["Bootstrap:ShopId"] = ShopId,
        ["Bootstrap:ShopName"] = "E2E手ぬぐい商店",
        ["Bootstrap:OwnerEmail"] = OwnerEmail,
        ["Bootstrap:OwnerPassword"] = OwnerPassword,
        ["Bootstrap:ShopPass"] = ShopPass,
    });

    public async Task DisposeAsync()
    {
        await server.DisposeAsync();
        Directory.Delete(folder, recursive: true);
    }

    [Fact]
    public async Task A_customer_buys_in_the_demo_store_the_RetURL_CheckString_verifies_and_the_merchant_captures_through_the_API()
    {
        await using var context = await browser.NewContextAsync(server.Address);
        var page = await context.NewPageAsync();
        await page.SetUpSandboxShopAsync(OwnerEmail, OwnerPassword, folder);

        var orderId = await page.BuyInDemoStoreAsync(ShopId);
        await Assertions.Expect(page.GetByTestId("status")).ToHaveTextAsync("AUTH");
        await Assertions.Expect(page.GetByTestId("checkstring-verdict")).ToHaveTextAsync("検証済み(一致)");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(ConsoleServer.RepositoryRoot, "docs", "screenshots", "store-result.png") });

        // The merchant's own check, done independently of the store's page.
        using var http = new HttpClient { BaseAddress = server.Address };
        var trade = await CallAsync(http, "SearchTradeMulti", new() { ["orderID"] = orderId, ["payType"] = "38" });
        Assert.Equal("AUTH", Field(trade, "status"));
        var accessId = Field(trade, "accessID")!;
        // A one-time payment has a charge permission too (Amazon's order number), so it is part of the CheckString.
        var permissionId = Field(trade, "amazonChargePermissionID") ?? "";
        var expected = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(orderId + accessId + ShopId + ShopPass + permissionId)));
        Assert.Equal(expected, (await page.GetByTestId("checkstring").TextContentAsync())!.Trim());

        var sales = await CallAsync(http, "AmazonpaySales", new()
        {
            ["accessID"] = accessId,
            ["accessPass"] = Field(trade, "accessPass")!,
            ["orderID"] = orderId,
            ["amount"] = "3000",
            ["tax"] = "300",
        });
        Assert.Equal("SALES", Field(sales, "status"));
        Assert.Equal("SALES", Field(await CallAsync(http, "SearchTradeMulti", new() { ["orderID"] = orderId, ["payType"] = "38" }), "status"));
    }

    private static async Task<JsonObject> CallAsync(HttpClient http, string api, Dictionary<string, string> fields)
    {
        fields["shopID"] = ShopId;
        fields["shopPass"] = ShopPass;
        using var response = await http.PostAsJsonAsync($"/payment/{api}.json", fields);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"{api}: {(int)response.StatusCode} {text}");
        return (JsonObject)JsonNode.Parse(text)!;
    }

    private static string? Field(JsonObject answer, string name) =>
        answer.FirstOrDefault(p => string.Equals(p.Key, name, StringComparison.OrdinalIgnoreCase)).Value?.ToString();
}
