using System.Net.Http.Json;
using System.Text.Json.Nodes;
using MerchantConsole.Core.AmazonPay;
using Microsoft.Playwright;

namespace MerchantConsole.E2E;

/// <summary>
/// Crash safety with a real process: the console dies (Environment.FailFast through the test-only hook) right after
/// Amazon captured and before the outcome was committed; started again on the same database, its recovery finishes
/// the capture — exactly once at the sandbox, and the transaction is SALES.
/// </summary>
[Collection(E2ECollection.Name)]
public sealed class CrashJourneys(Browser browser) : IAsyncLifetime
{
    private const string ShopId = "e2ecrash";
    private const string ShopPass = "E2eCrashShopPass01";
    private const string OwnerEmail = "owner@example.test";
    private const string OwnerPassword = "owner passphrase for e2e";
    private readonly string folder = Directory.CreateTempSubdirectory("mc-e2e-crash-").FullName;

    private static Dictionary<string, string> Settings(bool crashOnCapture)
    {
        var settings = new Dictionary<string, string>
        {
            ["Bootstrap:ShopId"] = ShopId,
            ["Bootstrap:ShopName"] = "E2Eクラッシュ商店",
            ["Bootstrap:OwnerEmail"] = OwnerEmail,
            ["Bootstrap:OwnerPassword"] = OwnerPassword,
            ["Bootstrap:ShopPass"] = ShopPass,
            ["Gateway:OperationLeaseSeconds"] = "2",
            ["Gateway:Sync:IntervalSeconds"] = "1",
        };
        if (crashOnCapture)
        {
            settings["Gateway:Testing:CrashAfterAmazonCall"] = "Capture";
        }

        return settings;
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync()
    {
        Directory.Delete(folder, recursive: true);
        return Task.CompletedTask;
    }

    [Fact]
    public async Task A_capture_interrupted_by_a_crash_after_Amazon_answered_is_completed_exactly_once_after_restart()
    {
        string orderId;
        SellerAccount seller;
        await using (var first = await ConsoleServer.StartAsync(Settings(crashOnCapture: true), folder))
        {
            await using var context = await browser.NewContextAsync(first.Address);
            var page = await context.NewPageAsync();
            seller = await page.SetUpSandboxShopAsync(OwnerEmail, OwnerPassword, folder);
            orderId = await page.BuyInDemoStoreAsync(ShopId);

            using var http = new HttpClient { BaseAddress = first.Address };
            var trade = await CallAsync(http, "SearchTradeMulti", new() { ["orderID"] = orderId, ["payType"] = "38" });
            Assert.Equal("AUTH", Field(trade, "status"));
            var sales = new Dictionary<string, string>
            {
                ["shopID"] = ShopId,
                ["shopPass"] = ShopPass,
                ["accessID"] = Field(trade, "accessID")!,
                ["accessPass"] = Field(trade, "accessPass")!,
                ["orderID"] = orderId,
                ["amount"] = "3000",
                ["tax"] = "300",
            };

            // The process dies while answering: the merchant gets no answer at all.
            await Assert.ThrowsAnyAsync<HttpRequestException>(() => http.PostAsJsonAsync("/payment/AmazonpaySales.json", sales));
            Assert.True(await first.WaitForExitAsync(TimeSpan.FromSeconds(30)), "the crash hook did not stop the process");
            Assert.NotEqual(0, first.ExitCode);
        }

        await using var second = await ConsoleServer.StartAsync(Settings(crashOnCapture: false), folder);
        using (var http = new HttpClient { BaseAddress = second.Address })
        {
            // Recovery runs once the dead process's lease (2 s) has passed; the sync worker looks every second.
            var status = await WaitForStatusAsync(http, orderId, "SALES", TimeSpan.FromSeconds(30));
            Assert.Equal("SALES", status);
        }

        await using var staff = await browser.NewContextAsync(second.Address);
        var detail = await staff.NewPageAsync();
        await detail.SignInAsync(OwnerEmail, OwnerPassword);
        await detail.GotoAsync($"/transactions?q={orderId}");
        await detail.GetByRole(AriaRole.Link, new() { Name = orderId }).ClickAsync();
        var timeline = detail.GetByTestId("timeline");
        await Assertions.Expect(timeline.Locator("tr", new() { HasText = "実売上 · 成功" })).ToHaveCountAsync(1);
        await Assertions.Expect(timeline.Locator("tr", new() { HasText = "実売上 · 依頼" })).ToHaveCountAsync(1);
        var chargeId = (await detail.Locator("tr", new() { HasText = "ChargeId" }).Locator("code").TextContentAsync())!.Trim();

        // Amazon's side, asked with the shop's own key: one capture of the authorized amount, not two.
        using var key = PrivateKeyPem.Load(seller.Pem).Value!;
        using var client = new HttpClient();
        var charge = await new AmazonPayClient(client, TimeProvider.System).GetChargeAsync(
            new AmazonPayCredentials(key, seller.PublicKeyId, AmazonPayEnvironment.Sandbox, new Uri(second.Address, "/sandbox/amazonpay")), chargeId);
        Assert.True(charge.IsSuccess, charge.Error?.Message);
        Assert.Equal(ChargeState.Captured, charge.Value.StatusDetails.State);
        Assert.Equal(3300, charge.Value.CaptureAmount?.Value);
    }

    private static async Task<string?> WaitForStatusAsync(HttpClient http, string orderId, string wanted, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        string? status = null;
        while (DateTime.UtcNow < deadline)
        {
            status = Field(await CallAsync(http, "SearchTradeMulti", new() { ["orderID"] = orderId, ["payType"] = "38" }), "status");
            if (status == wanted)
            {
                return status;
            }

            await Task.Delay(250);
        }

        return status;
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
