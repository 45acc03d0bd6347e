using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using Xunit.Abstractions;

namespace MerchantConsole.E2E;

/// <summary>
/// 一括実売上 of 50 authorizations: the preview counts only the AUTH rows among everything matching, the background job
/// works through them while the dialog shows each row's result, and the one capture Amazon declines is reported on
/// its row and left in AUTH while the other 49 become SALES.
/// </summary>
[Collection(E2ECollection.Name)]
public sealed partial class BulkCaptureJourneys(Browser browser, ITestOutputHelper output) : IAsyncLifetime
{
    private const string ShopId = "e2ebulk";
    private const string ShopPass = "E2eBulkShopPass01";
    private const string OwnerEmail = "owner@example.test";
    private const string OwnerPassword = "owner passphrase for e2e";
    private const string OperatorEmail = "operator@example.test";
    private const string StaffPassword = "staff passphrase for e2e";
    private const int Count = 50;
    private ConsoleServer server = null!;
    private readonly string folder = Directory.CreateTempSubdirectory("mc-e2e-bulk-").FullName;

    public async Task InitializeAsync() => server = await ConsoleServer.StartAsync(new Dictionary<string, string>
    {
        ["Bootstrap:ShopId"] = ShopId,
        ["Bootstrap:ShopName"] = "E2E一括商店",
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
    public async Task Bulk_capture_of_50_authorizations_reports_every_row_and_leaves_the_one_Amazon_declined_in_AUTH()
    {
        await using var ownerContext = await browser.NewContextAsync(server.Address);
        var owner = await ownerContext.NewPageAsync();
        var seller = await owner.SetUpSandboxShopAsync(OwnerEmail, OwnerPassword, folder);
        await owner.AddStaffAsync(OperatorEmail, "オペレーター", StaffPassword);

        // ¥1,001 … ¥1,050: ¥51,275 in all. One immediate capture matches the grid's (empty) filter but is no authorization.
        var placing = Stopwatch.StartNew();
        using var orders = new SandboxOrders(server.Address, ShopId, ShopPass, seller);
        var placed = await orders.PayAllAsync([.. Enumerable.Range(1, Count).Select(i => ($"BULK-{i:D3}", 1000L + i))]);
        Assert.All(placed, order => Assert.Equal("AUTH", order.Status));
        Assert.Equal("CAPTURE", (await orders.PayAsync("BULK-CAPTURED", 7000, jobCd: "CAPTURE")).Status);
        output.WriteLine($"{Count + 1} orders placed over HTTP in {placing.Elapsed.TotalSeconds:F1} s");

        // Amazon will decline the next capture, whichever row the job takes first.
        await owner.GetByRole(AriaRole.Link, new() { Name = "サンドボックス Seller Central" }).ClickAsync();
        var kind = owner.GetByRole(AriaRole.Combobox, new() { Name = "種類", Exact = true });
        await kind.ClickAsync();
        await Assertions.Expect(owner.GetByRole(AriaRole.Listbox)).ToBeVisibleAsync();
        await owner.GetByRole(AriaRole.Option, new() { Name = "売上確定を拒否" }).ClickAsync();
        await Assertions.Expect(kind).ToHaveTextAsync("売上確定を拒否");
        await owner.GetByLabel("回数").FillAsync("1");
        await owner.GetByRole(AriaRole.Button, new() { Name = "障害を追加" }).ClickAsync();
        await Assertions.Expect(owner.GetByText("障害「売上確定を拒否」を追加しました。")).ToBeVisibleAsync();

        await using var operatorContext = await browser.NewContextAsync(server.Address);
        var page = await operatorContext.NewPageAsync();
        await page.SignInAsync(OperatorEmail, StaffPassword);
        await page.WaitForInteractiveAsync();
        await page.GetByRole(AriaRole.Link, new() { Name = "取引一覧" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Row).Filter(new() { HasText = "BULK-CAPTURED" })).ToBeVisibleAsync();

        await page.GetByRole(AriaRole.Button, new() { Name = "条件に合う仮売上をすべて一括実売上" }).ClickAsync();
        var dialog = page.GetByRole(AriaRole.Dialog);
        await Assertions.Expect(dialog.GetByTestId("bulk-preview")).ToHaveTextAsync("仮売上 50 件、合計 ¥51,275 を実売上します。");
        await dialog.GetByText("50 件を実売上することを確認しました。").ClickAsync();
        var capturing = Stopwatch.StartNew();
        await dialog.GetByRole(AriaRole.Button, new() { Name = "一括実売上を開始" }).ClickAsync();

        await Assertions.Expect(dialog.GetByTestId("bulk-progress")).ToContainTextAsync("50 / 50 件処理済み(成功 49、失敗 1)", new() { Timeout = 90_000 });
        output.WriteLine($"{Count} captures done in {capturing.Elapsed.TotalSeconds:F1} s");
        var results = dialog.Locator("tbody tr");
        await Assertions.Expect(results).ToHaveCountAsync(Count);
        await Assertions.Expect(results.Filter(new() { HasText = "成功" })).ToHaveCountAsync(Count - 1);
        var failed = results.Filter(new() { HasText = "失敗" });
        await Assertions.Expect(failed).ToHaveCountAsync(1);
        await Assertions.Expect(failed).ToContainTextAsync("E30");
        var listed = await results.Locator("td:first-child").AllTextContentsAsync();
        Assert.Equal(placed.Select(o => o.OrderId).Order(), listed.Select(id => id.Trim()).Order());
        var declinedId = (await failed.Locator("td:first-child").TextContentAsync())!.Trim();
        await page.ScreenshotWithoutNoticesAsync(PageSteps.Artifact("bulk-capture.png"));
        await dialog.GetByRole(AriaRole.Button, new() { Name = "閉じる" }).ClickAsync();
        await Assertions.Expect(dialog).ToHaveCountAsync(0);
        await Assertions.Expect(page.GetByText(JobChip())).ToBeVisibleAsync();

        // The grid after the job: only the declined row is still an authorization.
        await page.GotoAsync("/transactions?state=AUTH");
        var authorized = page.Locator(".transactions-grid tbody").GetByRole(AriaRole.Row).Filter(new() { Has = page.Locator("[data-state]") });
        await Assertions.Expect(authorized).ToHaveCountAsync(1);
        await Assertions.Expect(authorized).ToContainTextAsync(declinedId);

        // And the merchant's view of each order agrees.
        using var http = new HttpClient { BaseAddress = server.Address };
        foreach (var order in placed)
        {
            Assert.Equal(order.OrderId == declinedId ? "AUTH" : "SALES", await StatusAsync(http, order.OrderId));
        }
    }

    [GeneratedRegex(@"^一括実売上 .+: 50/50$")]
    private static partial Regex JobChip();

    private static async Task<string?> StatusAsync(HttpClient http, string orderId)
    {
        using var response = await http.PostAsJsonAsync("/payment/SearchTradeMulti.json", new Dictionary<string, string>
        {
            ["shopID"] = ShopId,
            ["shopPass"] = ShopPass,
            ["orderID"] = orderId,
            ["payType"] = "38",
        });
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, text);
        return JsonNode.Parse(text)!["status"]?.ToString();
    }
}
