using Microsoft.Playwright;

namespace MerchantConsole.E2E;

/// <summary>
/// 取引一覧 as staff use it all day: an order bought in the demo store appears as 仮売上; an Operator captures it,
/// cancels part of it twice and the rest, and the row follows Amazon's asynchronous answers without a reload;
/// a Viewer sees the same grid without a single button.
/// </summary>
[Collection(E2ECollection.Name)]
public sealed class GridJourneys(Browser browser) : IAsyncLifetime
{
    private const string ShopId = "e2egrid";
    private const string OwnerEmail = "owner@example.test";
    private const string OwnerPassword = "owner passphrase for e2e";
    private const string OperatorEmail = "operator@example.test";
    private const string ViewerEmail = "viewer@example.test";
    private const string StaffPassword = "staff passphrase for e2e";
    private ConsoleServer server = null!;
    private readonly string folder = Directory.CreateTempSubdirectory("mc-e2e-grid-").FullName;

    public async Task InitializeAsync() => server = await ConsoleServer.StartAsync(new Dictionary<string, string>
    {
        ["Bootstrap:ShopId"] = ShopId,
        ["Bootstrap:ShopName"] = "E2E取引商店",
        ["Bootstrap:OwnerEmail"] = OwnerEmail,
        ["Bootstrap:OwnerPassword"] = OwnerPassword,
        // Refunds stay RefundInitiated for 2 s; the sync asks again every second, so rows move while watched.
        ["AmazonPay:Sandbox:RefundSettleSeconds"] = "2",
        ["Gateway:Sync:IntervalSeconds"] = "1",
        ["Gateway:Sync:FirstDelaySeconds"] = "1",
    });

    public async Task DisposeAsync()
    {
        await server.DisposeAsync();
        Directory.Delete(folder, recursive: true);
    }

    [Fact]
    public async Task An_Operator_captures_refunds_twice_and_cancels_the_rest_while_the_row_follows_Amazon_and_a_Viewer_sees_no_buttons()
    {
        await using var ownerContext = await browser.NewContextAsync(server.Address);
        var owner = await ownerContext.NewPageAsync();
        await owner.SetUpSandboxShopAsync(OwnerEmail, OwnerPassword, folder);
        await owner.AddStaffAsync(OperatorEmail, "オペレーター", StaffPassword);
        await owner.AddStaffAsync(ViewerEmail, "閲覧者", StaffPassword);
        var orderId = await owner.BuyInDemoStoreAsync(ShopId);

        await using var operatorContext = await browser.NewContextAsync(server.Address);
        var page = await operatorContext.NewPageAsync();
        await page.SignInAsync(OperatorEmail, StaffPassword);
        await page.WaitForInteractiveAsync();
        await page.GetByRole(AriaRole.Link, new() { Name = "取引一覧" }).ClickAsync();
        var row = page.GetByRole(AriaRole.Row).Filter(new() { HasText = orderId });
        await Assertions.Expect(row.Locator("[data-state]")).ToHaveAttributeAsync("data-state", "AUTH");
        await Assertions.Expect(row).ToContainTextAsync("仮売上");

        await RunAsync(page, row, "実売上");
        await Assertions.Expect(row.Locator("[data-state]")).ToHaveAttributeAsync("data-state", "SALES");

        await RunAsync(page, row, "キャンセル(一部)", amount: "1000");
        await Assertions.Expect(row.Locator("[data-state]")).ToHaveAttributeAsync("data-state", "REQRETURN");
        await Assertions.Expect(row.Locator("[data-state]")).ToHaveAttributeAsync("data-state", "SALES", new() { Timeout = 15_000 });
        await Assertions.Expect(row).ToContainTextAsync("1/10");

        await RunAsync(page, row, "キャンセル(一部)", amount: "500", screenshot: "grid-dialog.png");
        await Assertions.Expect(row.Locator("[data-state]")).ToHaveAttributeAsync("data-state", "SALES", new() { Timeout = 15_000 });
        await Assertions.Expect(row).ToContainTextAsync("2/10");
        await Assertions.Expect(row).ToContainTextAsync("¥1,500");

        await RunAsync(page, row, "キャンセル(全額)");
        // The last refund is confirmed by the sync while the page stays as it is.
        await Assertions.Expect(row.Locator("[data-state]")).ToHaveAttributeAsync("data-state", "RETURN", new() { Timeout = 15_000 });
        await Assertions.Expect(row.GetByRole(AriaRole.Button)).ToHaveCountAsync(0);
        await Assertions.Expect(row).ToContainTextAsync("¥3,300");
        await page.ScreenshotWithoutNoticesAsync(Path.Combine(ConsoleServer.RepositoryRoot, "docs", "screenshots", "grid.png"));

        await using var viewerContext = await browser.NewContextAsync(server.Address);
        var viewer = await viewerContext.NewPageAsync();
        await viewer.SignInAsync(ViewerEmail, StaffPassword);
        await viewer.WaitForInteractiveAsync();
        await viewer.GetByRole(AriaRole.Link, new() { Name = "取引一覧" }).ClickAsync();
        var seen = viewer.GetByRole(AriaRole.Row).Filter(new() { HasText = orderId });
        await Assertions.Expect(seen.Locator("[data-state]")).ToHaveAttributeAsync("data-state", "RETURN");
        await Assertions.Expect(viewer.Locator(".transactions-grid").GetByRole(AriaRole.Button, new() { Name = "実売上" })).ToHaveCountAsync(0);
        await Assertions.Expect(viewer.Locator(".transactions-grid tbody").GetByRole(AriaRole.Button)).ToHaveCountAsync(0);
    }

    [Fact]
    public async Task Staff_narrow_the_grid_to_one_order_and_the_browser_s_back_and_forward_buttons_walk_the_views()
    {
        await using var context = await browser.NewContextAsync(server.Address);
        var page = await context.NewPageAsync();
        await page.SetUpSandboxShopAsync(OwnerEmail, OwnerPassword, folder);
        var wanted = await page.BuyInDemoStoreAsync(ShopId);
        var other = await page.BuyInDemoStoreAsync(ShopId);

        await page.GotoAsync(server.Address + "transactions");
        await page.WaitForInteractiveAsync();
        var grid = page.Locator(".transactions-grid tbody");
        var search = page.GetByLabel("検索");
        await Assertions.Expect(grid.GetByRole(AriaRole.Row).Filter(new() { HasText = other })).ToHaveCountAsync(1);

        await search.FillAsync(wanted);
        await search.PressAsync("Enter");
        await Assertions.Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("q=" + wanted));
        await Assertions.Expect(grid.GetByRole(AriaRole.Row).Filter(new() { HasText = wanted })).ToHaveCountAsync(1);
        await Assertions.Expect(grid.GetByRole(AriaRole.Row).Filter(new() { HasText = other })).ToHaveCountAsync(0);

        // The browser's history is the views' history: back shows every order and an empty search again, forward the one.
        await page.GoBackAsync();
        await Assertions.Expect(grid.GetByRole(AriaRole.Row).Filter(new() { HasText = other })).ToHaveCountAsync(1);
        await Assertions.Expect(search).ToHaveValueAsync("");
        await page.GoForwardAsync();
        await Assertions.Expect(grid.GetByRole(AriaRole.Row).Filter(new() { HasText = other })).ToHaveCountAsync(0);
        await Assertions.Expect(search).ToHaveValueAsync(wanted);

        await page.GetByRole(AriaRole.Button, new() { Name = "条件をクリア" }).ClickAsync();
        await Assertions.Expect(grid.GetByRole(AriaRole.Row).Filter(new() { HasText = other })).ToHaveCountAsync(1);
        await Assertions.Expect(grid.GetByRole(AriaRole.Row).Filter(new() { HasText = wanted })).ToHaveCountAsync(1);
    }

    private static async Task RunAsync(IPage page, ILocator row, string action, string? amount = null, string? screenshot = null)
    {
        await row.GetByRole(AriaRole.Button, new() { Name = action, Exact = true }).ClickAsync();
        var dialog = page.GetByRole(AriaRole.Dialog);
        await Assertions.Expect(dialog).ToBeVisibleAsync();
        if (amount is not null)
        {
            await dialog.GetByLabel("キャンセル金額(利用金額)").FillAsync(amount);
            await dialog.GetByLabel("キャンセル金額(税送料)").FillAsync("0");
        }

        await dialog.GetByText($"内容を確認しました。{action}を実行します。").ClickAsync();
        if (screenshot is not null)
        {
            await Assertions.Expect(dialog.GetByRole(AriaRole.Button, new() { Name = $"{action}を実行" })).ToBeEnabledAsync();
            await page.ScreenshotWithoutNoticesAsync(Path.Combine(ConsoleServer.RepositoryRoot, "docs", "screenshots", screenshot));
        }

        await dialog.GetByRole(AriaRole.Button, new() { Name = $"{action}を実行" }).ClickAsync();
        await Assertions.Expect(dialog).ToHaveCountAsync(0);
        await Assertions.Expect(page.GetByText($"{action}: ").Last).ToBeVisibleAsync();
    }
}
