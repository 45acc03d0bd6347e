using Microsoft.Playwright;

namespace MerchantConsole.E2E;

[CollectionDefinition(Name)]
public sealed class E2ECollection : ICollectionFixture<Browser>
{
    // One collection: the journeys run one after another, which suits a 2-core machine.
    public const string Name = "browser";
}

internal static class PageSteps
{
    public static async Task SignInAsync(this IPage page, string email, string password)
    {
        await page.GotoAsync("/Account/Login");
        await page.GetByLabel("メールアドレス").FillAsync(email);
        await page.GetByLabel("パスワード", new() { Exact = true }).FillAsync(password);
        await page.GetByRole(AriaRole.Button, new() { Name = "サインイン", Exact = true }).ClickAsync();
    }

    /// <summary>The Owner adds a staff member with a role (its Japanese label) and an initial password.</summary>
    public static async Task AddStaffAsync(this IPage owner, string email, string roleLabel, string password)
    {
        await owner.GetByRole(AriaRole.Link, new() { Name = "スタッフ" }).ClickAsync();
        await owner.GetByLabel("メールアドレス").FillAsync(email);
        var role = owner.GetByRole(AriaRole.Combobox, new() { Name = "権限", Exact = true });
        await role.ClickAsync();
        await Assertions.Expect(owner.GetByRole(AriaRole.Listbox)).ToBeVisibleAsync();
        await owner.GetByRole(AriaRole.Option, new() { Name = roleLabel }).ClickAsync();
        await Assertions.Expect(role).ToHaveTextAsync(roleLabel);
        await owner.GetByLabel("初期パスワード").FillAsync(password);
        await owner.GetByRole(AriaRole.Button, new() { Name = "追加する" }).ClickAsync();
        await Assertions.Expect(owner.GetByText($"{email} を追加しました。")).ToBeVisibleAsync();
        await Assertions.Expect(owner.GetByRole(AriaRole.Cell, new() { Name = email })).ToBeVisibleAsync();
    }

    /// <summary>
    /// A screenshot of the page without the snackbars stacked over it (they would otherwise cover the cards). The
    /// notices are hidden by a style for the moment of the screenshot only, not closed: closing races their timeout.
    /// </summary>
    public static async Task ScreenshotWithoutNoticesAsync(this IPage page, string path)
    {
        var style = await page.AddStyleTagAsync(new() { Content = "#mud-snackbar-container, .mud-snackbar { visibility: hidden !important; }" });
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = path });
        await style.EvaluateAsync("element => element.remove()");
    }

    /// <summary>Where a journey keeps the screenshots that are evidence rather than documentation: e2e/artifacts, which git ignores.</summary>
    public static string Artifact(string name)
    {
        var folder = Path.Combine(ConsoleServer.RepositoryRoot, "e2e", "artifacts");
        Directory.CreateDirectory(folder);
        return Path.Combine(folder, name);
    }

    /// <summary>Prerendered buttons exist before the circuit; clicks count only once it is connected.</summary>
    public static Task WaitForInteractiveAsync(this IPage page) =>
        page.Locator("[data-interactive=true]").WaitForAsync();

    /// <summary>
    /// Sets the settings screen's key file once Blazor's InputFile listens for it. Its script starts listening after the
    /// render that shows the input, one round trip later; a file set in between fires a change nobody hears (seen in a
    /// fresh-clone run: no upload, no message). The script marks the input it took over with a file counter.
    /// </summary>
    public static async Task UploadKeyFileAsync(this IPage page, string path)
    {
        await page.WaitForFunctionAsync("() => document.getElementById('private-key-file')?._blazorInputFileNextFileId !== undefined");
        await page.GetByLabel("キーファイルをアップロード").SetInputFilesAsync(path);
    }
}

[Collection(E2ECollection.Name)]
public sealed class FirstRunJourney(Browser browser)
{
    [Fact]
    public async Task First_run_creates_the_shop_and_owner_who_signs_in_and_sees_the_shop()
    {
        await using var server = await ConsoleServer.StartAsync();
        await using var context = await browser.NewContextAsync(server.Address);
        var page = await context.NewPageAsync();

        await page.GotoAsync("/");
        Assert.EndsWith("/setup", page.Url, StringComparison.Ordinal);
        await page.GetByLabel("ショップID").FillAsync("e2eshop01");
        await page.GetByLabel("ショップ名").FillAsync("はじめて商店");
        await page.GetByLabel("メールアドレス").FillAsync("first@example.test");
        await page.GetByLabel("パスワード", new() { Exact = true }).FillAsync("first owner passphrase");
        await page.GetByLabel("パスワード(確認)").FillAsync("first owner passphrase");
        await page.GetByRole(AriaRole.Button, new() { Name = "作成する" }).ClickAsync();

        await Assertions.Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("ショップとオーナーを作成しました");
        await page.SignInAsync("first@example.test", "first owner passphrase");
        await page.WaitForInteractiveAsync();

        await Assertions.Expect(page.GetByTestId("current-shop")).ToHaveTextAsync("はじめて商店 (e2eshop01) · オーナー");
        // Console:ProductName comes only from the root appsettings.json, read beside the dll started from another folder.
        await Assertions.Expect(page.GetByTestId("product-name")).ToHaveTextAsync("MerchantConsole");
        await Assertions.Expect(page.GetByRole(AriaRole.Link, new() { Name = "スタッフ" })).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Link, new() { Name = "ショップ管理" })).ToBeVisibleAsync();
        await page.ScreenshotAsync(new PageScreenshotOptions
        {
            Path = Path.Combine(ConsoleServer.RepositoryRoot, "docs", "screenshots", "console.png"),
        });

        var setupAgain = await page.GotoAsync("/setup");
        Assert.Equal(404, setupAgain!.Status);
    }
}

[Collection(E2ECollection.Name)]
public sealed class SignedInJourneys(Browser browser) : IAsyncLifetime
{
    private const string OwnerEmail = "owner@example.test";
    private const string OwnerPassword = "owner passphrase for e2e";
    private ConsoleServer server = null!;

    public async Task InitializeAsync() => server = await ConsoleServer.StartAsync(new Dictionary<string, string>
    {
        ["Bootstrap:ShopId"] = "e2eshop",
        ["Bootstrap:ShopName"] = "E2E商店",
        ["Bootstrap:OwnerEmail"] = OwnerEmail,
        ["Bootstrap:OwnerPassword"] = OwnerPassword,
    });

    public async Task DisposeAsync() => await server.DisposeAsync();

    [Fact]
    public async Task A_wrong_password_shows_an_error_and_keeps_the_user_out()
    {
        await using var context = await browser.NewContextAsync(server.Address);
        var page = await context.NewPageAsync();

        await page.SignInAsync(OwnerEmail, "not the password at all");

        await Assertions.Expect(page.GetByRole(AriaRole.Alert)).ToHaveTextAsync("メールアドレスまたはパスワードが正しくありません。");
        Assert.Contains("/Account/Login", page.Url, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_Owner_adds_a_Viewer_who_does_not_see_Staff_and_gets_403_by_URL()
    {
        await using var ownerContext = await browser.NewContextAsync(server.Address);
        var owner = await ownerContext.NewPageAsync();
        await owner.SignInAsync(OwnerEmail, OwnerPassword);
        await owner.WaitForInteractiveAsync();
        await owner.AddStaffAsync("viewer@example.test", "閲覧者", "viewer passphrase for e2e");

        await using var viewerContext = await browser.NewContextAsync(server.Address);
        var viewer = await viewerContext.NewPageAsync();
        await viewer.SignInAsync("viewer@example.test", "viewer passphrase for e2e");
        await viewer.WaitForInteractiveAsync();
        await Assertions.Expect(viewer.GetByTestId("current-shop")).ToHaveTextAsync("E2E商店 (e2eshop) · 閲覧者");
        await Assertions.Expect(viewer.GetByRole(AriaRole.Link, new() { Name = "取引一覧" })).ToBeVisibleAsync();
        await Assertions.Expect(viewer.GetByRole(AriaRole.Link, new() { Name = "スタッフ" })).ToHaveCountAsync(0);

        var staff = await viewer.GotoAsync("/staff");

        Assert.Equal(403, staff!.Status);
        await Assertions.Expect(viewer.GetByRole(AriaRole.Heading, new() { Name = "権限がありません" })).ToBeVisibleAsync();
    }

    [Fact]
    public async Task The_language_switch_changes_the_UI_to_English_and_back()
    {
        await using var context = await browser.NewContextAsync(server.Address);
        var page = await context.NewPageAsync();
        await page.SignInAsync(OwnerEmail, OwnerPassword);
        await page.WaitForInteractiveAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Link, new() { Name = "取引一覧" })).ToBeVisibleAsync();

        await page.GetByRole(AriaRole.Button, new() { Name = "English" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Link, new() { Name = "Transactions" })).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Transactions" })).ToBeVisibleAsync();
        Assert.EndsWith("/transactions", page.Url, StringComparison.Ordinal);
        await page.WaitForInteractiveAsync();

        await page.GetByRole(AriaRole.Button, new() { Name = "日本語" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Link, new() { Name = "取引一覧" })).ToBeVisibleAsync();
    }
}
