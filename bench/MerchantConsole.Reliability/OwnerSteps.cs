using Microsoft.Playwright;

namespace MerchantConsole.Reliability;

/// <summary>What Sandbox Seller Central gave the Owner: the shop's IDs and its private key.</summary>
public sealed record SellerAccount(string MerchantId, string StoreId, string PublicKeyId, string Pem);

/// <summary>
/// The Owner's and staff's part, in Debian's Chromium (MC_CHROMIUM overrides the path), as the e2e journeys do it:
/// a sandbox key pair from Seller Central, the settings saved and the key uploaded, and a bulk capture started.
/// </summary>
public sealed class OwnerSteps : IAsyncDisposable
{
    private readonly IPlaywright playwright;
    private readonly IBrowser browser;

    private OwnerSteps(IPlaywright playwright, IBrowser browser)
    {
        this.playwright = playwright;
        this.browser = browser;
    }

    public static async Task<OwnerSteps> LaunchAsync()
    {
        var executable = Environment.GetEnvironmentVariable("MC_CHROMIUM") ?? "/usr/bin/chromium";
        var playwright = await Playwright.CreateAsync();
        var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = executable,
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--no-first-run", "--disable-quic"],
        });
        return new OwnerSteps(playwright, browser);
    }

    private async Task<IPage> SignedInAsync(Uri console, string email, string password)
    {
        var context = await browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = console.ToString(),
            ViewportSize = new ViewportSize { Width = 1366, Height = 800 },
        });
        context.SetDefaultTimeout(60_000);
        Assertions.SetDefaultExpectTimeout(60_000);
        var page = await context.NewPageAsync();
        await page.GotoAsync("/Account/Login");
        await page.GetByLabel("メールアドレス").FillAsync(email);
        await page.GetByLabel("パスワード", new() { Exact = true }).FillAsync(password);
        await page.GetByRole(AriaRole.Button, new() { Name = "サインイン", Exact = true }).ClickAsync();
        await page.Locator("[data-interactive=true]").WaitForAsync();
        return page;
    }

    /// <summary>Seller Central's key pair (the private key downloaded once), the IDs saved, the key uploaded, the connection test passed.</summary>
    public async Task<SellerAccount> SetUpShopAsync(Uri console, string email, string password, string folder)
    {
        var page = await SignedInAsync(console, email, password);
        await page.GetByRole(AriaRole.Link, new() { Name = "サンドボックス Seller Central" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "サンドボックス Seller Central", Level = 1 })).ToBeVisibleAsync();
        var merchantId = await page.GetByRole(AriaRole.Textbox, new() { Name = "出品者ID (Merchant ID)" }).InputValueAsync();
        var storeId = await page.GetByRole(AriaRole.Textbox, new() { Name = "ストアID (Store ID)" }).InputValueAsync();
        var download = await page.RunAndWaitForDownloadAsync(() =>
            page.GetByRole(AriaRole.Button, new() { Name = "キーペアを作成" }).ClickAsync());
        var publicKeyId = (await page.GetByTestId("public-key-id").First.TextContentAsync())!.Trim();
        var pemPath = Path.Combine(folder, "key.pem");
        await download.SaveAsAsync(pemPath);
        var seller = new SellerAccount(merchantId, storeId, publicKeyId, await File.ReadAllTextAsync(pemPath));

        await page.GetByRole(AriaRole.Link, new() { Name = "設定" }).ClickAsync();
        await page.GetByLabel("AmazonPayパブリックキーID").FillAsync(seller.PublicKeyId);
        await page.GetByLabel("マーチャントID").FillAsync(seller.MerchantId);
        await page.GetByLabel("ストアID", new() { Exact = true }).FillAsync(seller.StoreId);
        await page.GetByRole(AriaRole.Button, new() { Name = "保存する" }).ClickAsync();
        await Assertions.Expect(page.GetByText("設定を保存しました。")).ToBeVisibleAsync();
        await page.GetByLabel("キーファイルをアップロード").SetInputFilesAsync(pemPath);
        await Assertions.Expect(page.GetByTestId("pending-key")).ToBeVisibleAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "接続テストを実行" }).ClickAsync();
        await Assertions.Expect(page.GetByTestId("connection-result")).ToContainTextAsync("接続できました");
        await page.Context.CloseAsync();
        return seller;
    }

    /// <summary>取引一覧 → 条件に合う仮売上をすべて一括実売上 → the count confirmed → 一括実売上を開始; returns once the job runs.</summary>
    public async Task StartBulkCaptureAsync(Uri console, string email, string password, int expected)
    {
        var page = await SignedInAsync(console, email, password);
        await page.GetByRole(AriaRole.Link, new() { Name = "取引一覧" }).ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "条件に合う仮売上をすべて一括実売上" }).ClickAsync();
        var dialog = page.GetByRole(AriaRole.Dialog);
        await Assertions.Expect(dialog.GetByTestId("bulk-preview")).ToContainTextAsync($"仮売上 {expected} 件");
        await dialog.GetByText($"{expected} 件を実売上することを確認しました。").ClickAsync();
        await dialog.GetByRole(AriaRole.Button, new() { Name = "一括実売上を開始" }).ClickAsync();
        await Assertions.Expect(dialog.GetByTestId("bulk-progress")).ToBeVisibleAsync();
        await page.Context.CloseAsync();
    }

    public async ValueTask DisposeAsync()
    {
        await browser.DisposeAsync();
        playwright.Dispose();
    }
}
