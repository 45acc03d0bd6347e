using Microsoft.Playwright;

namespace MerchantConsole.E2E;

/// <summary>
/// 金額変更 from the grid on a one-time payment whose button enabled it: the ceiling (before + after at most
/// max(¥70,000, 9 × the first payment)) refuses a change with its reason before anything is sent; a change to the same
/// amount re-authorizes and moves the capture deadline to 30 days from now; a change up to the ceiling succeeds.
/// </summary>
[Collection(E2ECollection.Name)]
public sealed class AmountChangeJourneys(Browser browser) : IAsyncLifetime
{
    private const string ShopId = "e2echange";
    private const string ShopPass = "E2eChangeShopPass01";
    private const string OwnerEmail = "owner@example.test";
    private const string OwnerPassword = "owner passphrase for e2e";
    private const string OperatorEmail = "operator@example.test";
    private const string StaffPassword = "staff passphrase for e2e";
    private ConsoleServer server = null!;
    private readonly string folder = Directory.CreateTempSubdirectory("mc-e2e-change-").FullName;

    public async Task InitializeAsync() => server = await ConsoleServer.StartAsync(new Dictionary<string, string>
    {
        ["Bootstrap:ShopId"] = ShopId,
        ["Bootstrap:ShopName"] = "E2E金額変更商店",
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
    public async Task A_change_over_the_ceiling_is_refused_with_the_reason_a_same_amount_change_moves_the_deadline_and_one_up_to_the_ceiling_succeeds()
    {
        await using var ownerContext = await browser.NewContextAsync(server.Address);
        var owner = await ownerContext.NewPageAsync();
        var seller = await owner.SetUpSandboxShopAsync(OwnerEmail, OwnerPassword, folder);
        using var orders = new SandboxOrders(server.Address, ShopId, ShopPass, seller);
        // ¥3,000 + ¥300: the ceiling is max(¥70,000, 9 × ¥3,300) = ¥70,000, so the new total may be at most ¥66,700.
        var order = await orders.PayAsync("CHG-0001", 3000, 300, amountChangeEnabled: true);
        Assert.Equal("AUTH", order.Status);
        // The operator is added after the payment: between the authorization and the same-amount change lie several
        // seconds, more than the deadline's display precision.
        await owner.AddStaffAsync(OperatorEmail, "オペレーター", StaffPassword);

        await using var operatorContext = await browser.NewContextAsync(server.Address);
        var page = await operatorContext.NewPageAsync();
        await page.SignInAsync(OperatorEmail, StaffPassword);
        await page.WaitForInteractiveAsync();
        await page.GetByRole(AriaRole.Link, new() { Name = "取引一覧" }).ClickAsync();
        var row = page.GetByRole(AriaRole.Row).Filter(new() { HasText = order.OrderId });
        await Assertions.Expect(row.Locator("[data-state]")).ToHaveAttributeAsync("data-state", "AUTH");
        var deadline = row.GetByTestId("capture-deadline");
        var authorizedUntil = JstText.Parse(await deadline.TextContentAsync());

        // Over the ceiling: ¥3,300 before + ¥66,701 after.
        var dialog = await OpenChangeAsync(page, row);
        await Assertions.Expect(dialog.GetByTestId("change-ceiling")).ToContainTextAsync("¥70,000");
        await Assertions.Expect(dialog.GetByTestId("change-ceiling")).ToContainTextAsync("¥66,700");
        await dialog.GetByLabel("変更後の利用金額").FillAsync("66401");
        await Assertions.Expect(dialog.GetByTestId("action-refusal")).ToContainTextAsync("合計 ¥70,001 が上限 ¥70,000");
        await Assertions.Expect(dialog.GetByRole(AriaRole.Button, new() { Name = "金額変更を実行" })).ToBeDisabledAsync();
        await Assertions.Expect(dialog.GetByRole(AriaRole.Checkbox)).ToBeDisabledAsync();
        await page.ScreenshotWithoutNoticesAsync(PageSteps.Artifact("change-over-ceiling.png"));
        await dialog.GetByRole(AriaRole.Button, new() { Name = "キャンセル", Exact = true }).ClickAsync();
        await Assertions.Expect(dialog).ToHaveCountAsync(0);
        await Assertions.Expect(row).ToContainTextAsync("¥3,000");
        Assert.Equal(authorizedUntil, JstText.Parse(await deadline.TextContentAsync()));

        // The same amount: the dialog starts from it; Amazon re-authorizes and the 30 days start again.
        dialog = await OpenChangeAsync(page, row);
        await Assertions.Expect(dialog.GetByTestId("action-refusal")).ToHaveCountAsync(0);
        var shown = await deadline.TextContentAsync() ?? "";
        var requested = JstText.ToDisplayPrecision(DateTimeOffset.UtcNow);
        await RunAsync(page, dialog, order.OrderId);
        await Assertions.Expect(deadline).Not.ToHaveTextAsync(shown);
        var movedTo = JstText.Parse(await deadline.TextContentAsync());
        Assert.True(movedTo > authorizedUntil, $"the deadline stayed at {authorizedUntil:O} (now {movedTo:O})");
        Assert.InRange(movedTo, requested.AddDays(30), DateTimeOffset.UtcNow.AddDays(30));
        await Assertions.Expect(row.Locator("[data-state]")).ToHaveAttributeAsync("data-state", "AUTH");
        await Assertions.Expect(row).ToContainTextAsync("¥3,000");

        // Up to the ceiling exactly: ¥3,300 before + ¥66,700 after = ¥70,000.
        dialog = await OpenChangeAsync(page, row);
        await dialog.GetByLabel("変更後の利用金額").FillAsync("66400");
        await Assertions.Expect(dialog.GetByTestId("action-refusal")).ToHaveCountAsync(0);
        await RunAsync(page, dialog, order.OrderId);
        await Assertions.Expect(row).ToContainTextAsync("¥66,400");
        await Assertions.Expect(row.Locator("[data-state]")).ToHaveAttributeAsync("data-state", "AUTH");
        await page.ScreenshotWithoutNoticesAsync(PageSteps.Artifact("change-done.png"));
    }

    private static async Task<ILocator> OpenChangeAsync(IPage page, ILocator row)
    {
        await row.GetByRole(AriaRole.Button, new() { Name = "金額変更", Exact = true }).ClickAsync();
        var dialog = page.GetByRole(AriaRole.Dialog);
        await Assertions.Expect(dialog).ToBeVisibleAsync();
        await Assertions.Expect(dialog.GetByLabel("変更後の利用金額")).ToHaveValueAsync("3000");
        return dialog;
    }

    private static async Task RunAsync(IPage page, ILocator dialog, string orderId)
    {
        await dialog.GetByText("内容を確認しました。金額変更を実行します。").ClickAsync();
        await dialog.GetByRole(AriaRole.Button, new() { Name = "金額変更を実行" }).ClickAsync();
        await Assertions.Expect(dialog).ToHaveCountAsync(0);
        await Assertions.Expect(page.GetByText($"金額変更: {orderId} は AUTH になりました。").Last).ToBeVisibleAsync();
    }
}
