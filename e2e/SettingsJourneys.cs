using System.Security.Cryptography;
using MerchantConsole.Core.AmazonPay;
using Microsoft.Playwright;

namespace MerchantConsole.E2E;

/// <summary>
/// The settings screen as an Owner uses it: IDs from Seller Central, the private key uploaded as a file, the
/// connection test, and the button snippet copied to the clipboard; and a wrong key that cannot take the shop down.
/// </summary>
[Collection(E2ECollection.Name)]
public sealed class SettingsJourneys(Browser browser) : IAsyncLifetime
{
    private const string OwnerEmail = "owner@example.test";
    private const string OwnerPassword = "owner passphrase for e2e";
    private ConsoleServer server = null!;

    /// <summary>
    /// The preview's purchase must reach a review page that exists: no other host resolves here (and Chromium does
    /// not route an iframe's cross-site redirect through Playwright), so the "merchant" is this very server, whose
    /// not-found page stands in for the review page.
    /// </summary>
    private string ReviewUrl => new Uri(server.Address, "/merchant/review").ToString();
    private readonly string folder = Directory.CreateTempSubdirectory("mc-e2e-keys-").FullName;

    public async Task InitializeAsync() => server = await ConsoleServer.StartAsync(new Dictionary<string, string>
    {
        ["Bootstrap:ShopId"] = "e2esettings",
        ["Bootstrap:ShopName"] = "E2E設定商店",
        ["Bootstrap:OwnerEmail"] = OwnerEmail,
        ["Bootstrap:OwnerPassword"] = OwnerPassword,
    });

    public async Task DisposeAsync()
    {
        await server.DisposeAsync();
        Directory.Delete(folder, recursive: true);
    }

    [Fact]
    public async Task An_Owner_configures_the_key_passes_the_connection_test_and_copies_a_button_snippet_while_a_wrong_key_changes_nothing()
    {
        await using var context = await browser.NewContextAsync(server.Address);
        await context.GrantPermissionsAsync(["clipboard-read", "clipboard-write"]);
        var page = await context.NewPageAsync();
        var seller = await page.GenerateSandboxKeyAsync(OwnerEmail, OwnerPassword);
        string fingerprint;
        using (var key = PrivateKeyPem.Load(seller.Pem).Value!)
        {
            fingerprint = key.Fingerprint;
        }

        await page.ConfigureAmazonPayAsync(seller, Save("sandbox.pem", seller.Pem));
        await Assertions.Expect(page.GetByTestId("active-key")).ToContainTextAsync(fingerprint);

        await page.GetByLabel("確認ページURL(checkoutReviewReturnUrl)").FillAsync(ReviewUrl);
        await page.GetByRole(AriaRole.Button, new() { Name = "作成する" }).ClickAsync();
        await Assertions.Expect(page.GetByTestId("snippet")).ToContainTextAsync("amazon.Pay.renderButton");
        await page.GetByRole(AriaRole.Button, new() { Name = "コピー: HTML スニペット" }).ClickAsync();
        await Assertions.Expect(page.GetByText("クリップボードにコピーしました。")).ToBeVisibleAsync();
        var copied = await page.EvaluateAsync<string>("() => navigator.clipboard.readText()");
        Assert.Equal(await page.GetByTestId("snippet").TextContentAsync(), copied);
        await page.GetByTestId("snippet").ScrollIntoViewIfNeededAsync();
        await page.ScreenshotWithoutNoticesAsync(Path.Combine(ConsoleServer.RepositoryRoot, "docs", "screenshots", "settings-snippet.png"));
        await page.EvaluateAsync("() => window.scrollTo(0, 0)");
        await page.ScreenshotWithoutNoticesAsync(Path.Combine(ConsoleServer.RepositoryRoot, "docs", "screenshots", "settings.png"));

        // The live preview runs the exact snippet: its button starts a sandbox checkout inside the frame.
        var preview = page.FrameLocator("[data-testid=snippet-preview]");
        await preview.GetByRole(AriaRole.Button, new() { Name = "Amazon Pay" }).ClickAsync();
        await Assertions.Expect(preview.GetByRole(AriaRole.Heading, new() { Name = "お支払い方法の選択" })).ToBeVisibleAsync();
        await Assertions.Expect(preview.GetByLabel("佐藤 花子 · Mastercard ****4444")).ToBeVisibleAsync();

        // The buyer chooses and continues: the frame reaches the shop's review URL with the checkout session's ID.
        await preview.GetByLabel("佐藤 花子 · Mastercard ****4444").CheckAsync();
        await preview.GetByRole(AriaRole.Button, new() { Name = "続ける" }).ClickAsync();
        await Assertions.Expect(preview.GetByRole(AriaRole.Heading, new() { Name = "ページが見つかりません" })).ToBeVisibleAsync();
        var review = page.Frames.Single(f => f.Url.StartsWith(ReviewUrl, StringComparison.Ordinal));
        Assert.Matches("amazonCheckoutSessionId=[^&]+", review.Url);

        // The Owner's choices are the shop's preset: a fresh visit starts from them.
        await page.ReloadAsync();
        await page.WaitForInteractiveAsync();
        await Assertions.Expect(page.GetByLabel("確認ページURL(checkoutReviewReturnUrl)")).ToHaveValueAsync(ReviewUrl);

        using var stranger = RSA.Create(2048);
        await page.UploadKeyFileAsync(Save("stranger.pem", stranger.ExportPkcs8PrivateKeyPem()));
        await page.GetByRole(AriaRole.Dialog).GetByRole(AriaRole.Button, new() { Name = "アップロードする" }).ClickAsync();
        await Assertions.Expect(page.GetByTestId("pending-key")).ToBeVisibleAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "接続テストを実行" }).ClickAsync();
        await Assertions.Expect(page.GetByTestId("connection-result")).ToContainTextAsync("キーペアのものではありません");
        await Assertions.Expect(page.GetByTestId("active-key")).ToContainTextAsync(fingerprint);
    }

    [Fact]
    public async Task A_file_that_is_not_a_key_is_refused_with_a_clear_message_and_nothing_changes()
    {
        await using var context = await browser.NewContextAsync(server.Address);
        var page = await context.NewPageAsync();
        await page.SignInAsync(OwnerEmail, OwnerPassword);
        await page.WaitForInteractiveAsync();
        await page.GetByRole(AriaRole.Link, new() { Name = "設定" }).ClickAsync();
        // The key card shows its state once the shop's settings have loaded; a file set before that can land on an
        // input the loaded page then replaces (seen under load: the upload never reached the server).
        await Assertions.Expect(page.GetByTestId("active-key")).ToContainTextAsync("まだ使用されていません");

        await page.UploadKeyFileAsync(Save("notes.txt", "これは鍵ではありません"));

        await Assertions.Expect(page.Locator(".mud-snackbar")).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByTestId("pending-key")).ToHaveCountAsync(0);
        await Assertions.Expect(page.GetByTestId("active-key")).ToContainTextAsync("まだ使用されていません");
    }

    [Fact]
    public async Task In_English_the_settings_screen_speaks_English()
    {
        await using var context = await browser.NewContextAsync(server.Address);
        var page = await context.NewPageAsync();
        await page.SignInAsync(OwnerEmail, OwnerPassword);
        await page.WaitForInteractiveAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "English" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Link, new() { Name = "Settings" })).ToBeVisibleAsync();
        await page.WaitForInteractiveAsync();

        await page.GetByRole(AriaRole.Link, new() { Name = "Settings" }).ClickAsync();

        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Amazon Pay settings" })).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByLabel("Public key ID")).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByLabel("Upload key file")).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Button, new() { Name = "Run connection test" })).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Tab, new() { Name = "Recurring" })).ToBeVisibleAsync();
    }

    private string Save(string name, string text)
    {
        var path = Path.Combine(folder, name);
        File.WriteAllText(path, text);
        return path;
    }
}
