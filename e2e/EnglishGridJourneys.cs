using Microsoft.Playwright;

namespace MerchantConsole.E2E;

/// <summary>
/// 取引一覧 in English, switched by the language button (the culture cookie): each row offers the English names of
/// exactly the operations its state allows, amounts stay yen (¥1,234) and times stay Japan time, whatever the
/// server's or the browser's time zone.
/// </summary>
[Collection(E2ECollection.Name)]
public sealed class EnglishGridJourneys(Browser browser) : IAsyncLifetime
{
    private const string ShopId = "e2eenglish";
    private const string ShopPass = "E2eEnglishShopPass01";
    private const string OwnerEmail = "owner@example.test";
    private const string OwnerPassword = "owner passphrase for e2e";
    private const string OperatorEmail = "operator@example.test";
    private const string StaffPassword = "staff passphrase for e2e";
    private ConsoleServer server = null!;
    private readonly string folder = Directory.CreateTempSubdirectory("mc-e2e-english-").FullName;

    public async Task InitializeAsync() => server = await ConsoleServer.StartAsync(new Dictionary<string, string>
    {
        ["Bootstrap:ShopId"] = ShopId,
        ["Bootstrap:ShopName"] = "Tenugui Works",
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
    public async Task In_English_the_grid_names_every_allowed_action_in_English_with_yen_amounts_and_Japan_times()
    {
        await using var ownerContext = await browser.NewContextAsync(server.Address);
        var owner = await ownerContext.NewPageAsync();
        var seller = await owner.SetUpSandboxShopAsync(OwnerEmail, OwnerPassword, folder);
        await owner.AddStaffAsync(OperatorEmail, "オペレーター", StaffPassword);
        var placedFrom = JstText.ToDisplayPrecision(DateTimeOffset.UtcNow);
        using (var orders = new SandboxOrders(server.Address, ShopId, ShopPass, seller))
        {
            Assert.Equal("REGISTER", (await orders.RegisterAsync("EN-REGISTER")).Status);
            Assert.Equal("CAPTURE", (await orders.PayAsync("EN-CAPTURED", 2000, 200, jobCd: "CAPTURE")).Status);
            Assert.Equal("AUTH", (await orders.PayAsync("EN-AUTHORIZED", 1234)).Status);
        }

        var placedUntil = DateTimeOffset.UtcNow;

        await using var operatorContext = await browser.NewContextAsync(server.Address);
        var page = await operatorContext.NewPageAsync();
        await page.SignInAsync(OperatorEmail, StaffPassword);
        await page.WaitForInteractiveAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "English" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Link, new() { Name = "Transactions" })).ToBeVisibleAsync();
        await page.WaitForInteractiveAsync();
        await page.GetByRole(AriaRole.Link, new() { Name = "Transactions" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Transactions", Level = 1 })).ToBeVisibleAsync();
        var headers = page.Locator(".transactions-grid thead").GetByRole(AriaRole.Columnheader);
        await Assertions.Expect(headers.Filter(new() { HasText = "Created (JST)" })).ToHaveCountAsync(1);
        await Assertions.Expect(headers.Filter(new() { HasText = "Capture deadline" })).ToHaveCountAsync(1);

        var authorized = Row(page, "EN-AUTHORIZED");
        await Assertions.Expect(authorized.Locator("[data-state]")).ToHaveTextAsync("Authorized AUTH");
        await Assertions.Expect(authorized.GetByRole(AriaRole.Button)).ToHaveTextAsync(["Capture", "Cancel in full", "Change amount"]);
        await Assertions.Expect(authorized.GetByRole(AriaRole.Cell, new() { Name = "¥1,234", Exact = true })).ToHaveCountAsync(1);
        await Assertions.Expect(authorized).ToContainTextAsync("One-time payment");

        var captured = Row(page, "EN-CAPTURED");
        await Assertions.Expect(captured.Locator("[data-state]")).ToHaveTextAsync("Captured (immediate) CAPTURE");
        await Assertions.Expect(captured.GetByRole(AriaRole.Button)).ToHaveTextAsync(["Cancel in full", "Cancel partially"]);
        await Assertions.Expect(captured.GetByRole(AriaRole.Cell, new() { Name = "¥2,000", Exact = true })).ToHaveCountAsync(1);
        await Assertions.Expect(captured.GetByRole(AriaRole.Cell, new() { Name = "¥200", Exact = true })).ToHaveCountAsync(1);

        var registered = Row(page, "EN-REGISTER");
        await Assertions.Expect(registered.Locator("[data-state]")).ToHaveTextAsync("Permission granted REGISTER");
        await Assertions.Expect(registered.GetByRole(AriaRole.Button)).ToHaveTextAsync(["End registration"]);

        // Japan time whatever the machine's zone: created while the orders were placed, and 30 days later the deadline.
        var createdColumn = (await headers.AllTextContentsAsync()).Select(t => t.Trim()).ToList().IndexOf("Created (JST)");
        foreach (var order in new[] { "EN-AUTHORIZED", "EN-CAPTURED", "EN-REGISTER" })
        {
            var created = JstText.Parse(await Row(page, order).GetByRole(AriaRole.Cell).Nth(createdColumn).TextContentAsync());
            Assert.InRange(created, placedFrom, placedUntil);
        }

        var deadline = JstText.Parse(await authorized.GetByTestId("capture-deadline").TextContentAsync());
        Assert.InRange(deadline, placedFrom.AddDays(30), placedUntil.AddDays(30));
        // Wide enough for the actions column, which the documentation picture is about.
        await page.SetViewportSizeAsync(1920, 900);
        await Assertions.Expect(registered.GetByRole(AriaRole.Button)).ToBeInViewportAsync();
        await page.ScreenshotWithoutNoticesAsync(Path.Combine(ConsoleServer.RepositoryRoot, "docs", "screenshots", "grid-en.png"));
    }

    private static ILocator Row(IPage page, string orderId) =>
        page.Locator(".transactions-grid tbody").GetByRole(AriaRole.Row).Filter(new() { Has = page.GetByRole(AriaRole.Link, new() { Name = orderId, Exact = true }) });
}
