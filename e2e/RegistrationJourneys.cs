using System.Text.RegularExpressions;
using Microsoft.Playwright;

namespace MerchantConsole.E2E;

/// <summary>
/// 利用承諾 as an Operator works it: a customer's recurring permission is charged now (随時決済) from the registrations
/// page, which counts it against the month's ceiling, then ended (利用承諾終了) after a confirmation; from then on its
/// row offers nothing, here and in the grid, while the payment it took stays an ordinary authorization.
/// </summary>
[Collection(E2ECollection.Name)]
public sealed partial class RegistrationJourneys(Browser browser) : IAsyncLifetime
{
    private const string ShopId = "e2eregister";
    private const string ShopPass = "E2eRegisterShopPass01";
    private const string OwnerEmail = "owner@example.test";
    private const string OwnerPassword = "owner passphrase for e2e";
    private const string OperatorEmail = "operator@example.test";
    private const string StaffPassword = "staff passphrase for e2e";
    private ConsoleServer server = null!;
    private readonly string folder = Directory.CreateTempSubdirectory("mc-e2e-register-").FullName;

    public async Task InitializeAsync() => server = await ConsoleServer.StartAsync(new Dictionary<string, string>
    {
        ["Bootstrap:ShopId"] = ShopId,
        ["Bootstrap:ShopName"] = "E2E定期便商店",
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
    public async Task An_Operator_charges_a_registration_now_then_ends_it_and_its_row_offers_nothing()
    {
        await using var ownerContext = await browser.NewContextAsync(server.Address);
        var owner = await ownerContext.NewPageAsync();
        var seller = await owner.SetUpSandboxShopAsync(OwnerEmail, OwnerPassword, folder);
        await owner.AddStaffAsync(OperatorEmail, "オペレーター", StaffPassword);
        using var orders = new SandboxOrders(server.Address, ShopId, ShopPass, seller);
        var registration = await orders.RegisterAsync("REG-0001");
        Assert.Equal("REGISTER", registration.Status);
        var permissionId = registration.ChargePermissionId;
        Assert.False(string.IsNullOrEmpty(permissionId));

        await using var operatorContext = await browser.NewContextAsync(server.Address);
        var page = await operatorContext.NewPageAsync();
        await page.SignInAsync(OperatorEmail, StaffPassword);
        await page.WaitForInteractiveAsync();
        await page.GetByRole(AriaRole.Link, new() { Name = "利用承諾" }).ClickAsync();
        var row = page.GetByRole(AriaRole.Row).Filter(new() { HasText = permissionId });
        await Assertions.Expect(row.Locator("[data-state]")).ToHaveAttributeAsync("data-state", "REGISTER");
        await Assertions.Expect(row).ToContainTextAsync("REG-0001");
        await Assertions.Expect(row).ToContainTextAsync("¥0 / ¥100,000");

        // 随時決済: ¥5,000 + ¥500 as an authorization.
        await row.GetByRole(AriaRole.Button, new() { Name = "随時決済", Exact = true }).ClickAsync();
        var dialog = page.GetByRole(AriaRole.Dialog);
        await Assertions.Expect(dialog.GetByTestId("month-room")).ToHaveTextAsync("今月あと ¥100,000 まで決済できます(上限 ¥100,000)。");
        await dialog.GetByLabel("利用金額", new() { Exact = true }).FillAsync("5000");
        await dialog.GetByLabel("税送料", new() { Exact = true }).FillAsync("500");
        await Assertions.Expect(dialog.GetByTestId("action-refusal")).ToHaveCountAsync(0);
        await dialog.GetByText("内容を確認しました。随時決済を実行します。").ClickAsync();
        await page.ScreenshotWithoutNoticesAsync(PageSteps.Artifact("registration-charge.png"));
        await dialog.GetByRole(AriaRole.Button, new() { Name = "随時決済を実行" }).ClickAsync();
        await Assertions.Expect(dialog).ToHaveCountAsync(0);
        // The notice names the order the console made up for the payment (read as soon as it appears: notices time out).
        var chargeOrderId = ChargedNotice().Match((await page.GetByText(ChargedNotice()).TextContentAsync())!).Groups[1].Value;
        await Assertions.Expect(row).ToContainTextAsync("¥5,500 / ¥100,000");
        await Assertions.Expect(row.Locator("[data-state]")).ToHaveAttributeAsync("data-state", "REGISTER");

        // 利用承諾終了, confirmed in a message box.
        await row.GetByRole(AriaRole.Button, new() { Name = "利用承諾終了", Exact = true }).ClickAsync();
        var confirm = page.GetByRole(AriaRole.Dialog);
        await Assertions.Expect(confirm).ToContainTextAsync($"利用承諾 {permissionId} を終了します。");
        await confirm.GetByRole(AriaRole.Button, new() { Name = "利用承諾終了", Exact = true }).ClickAsync();
        await Assertions.Expect(confirm).ToHaveCountAsync(0);
        await Assertions.Expect(page.GetByText($"利用承諾終了: {permissionId} は END になりました。")).ToBeVisibleAsync();
        await Assertions.Expect(row.Locator("[data-state]")).ToHaveAttributeAsync("data-state", "END");
        await Assertions.Expect(row.GetByRole(AriaRole.Button)).ToHaveCountAsync(0);
        await page.ScreenshotWithoutNoticesAsync(PageSteps.Artifact("registration-ended.png"));

        // The grid agrees: the registration's own row is over, the payment it took is an authorization to capture.
        await page.GetByRole(AriaRole.Link, new() { Name = "取引一覧" }).ClickAsync();
        var registrationRow = page.GetByRole(AriaRole.Row).Filter(new() { HasText = "REG-0001" });
        await Assertions.Expect(registrationRow.Locator("[data-state]")).ToHaveAttributeAsync("data-state", "END");
        await Assertions.Expect(registrationRow.GetByRole(AriaRole.Button)).ToHaveCountAsync(0);
        var chargeRow = page.GetByRole(AriaRole.Row).Filter(new() { HasText = chargeOrderId });
        await Assertions.Expect(chargeRow.Locator("[data-state]")).ToHaveAttributeAsync("data-state", "AUTH");
        await Assertions.Expect(chargeRow).ToContainTextAsync("随時決済");
        await Assertions.Expect(chargeRow).ToContainTextAsync("¥5,000");
    }

    [GeneratedRegex(@"随時決済: (\S+) は AUTH になりました。")]
    private static partial Regex ChargedNotice();
}
