using MerchantConsole.Core.AmazonPay;
using Microsoft.Playwright;

namespace MerchantConsole.E2E;

/// <summary>What Sandbox Seller Central gave the Owner: the shop's IDs and a private key, downloaded once.</summary>
internal sealed record SellerAccount(string MerchantId, string StoreId, string PublicKeyId, string Pem);

internal static class SellerCentralSteps
{
    /// <summary>The Owner's part: sign in, Sandbox Seller Central, a new key pair, its private key as a downloaded PEM file.</summary>
    public static async Task<SellerAccount> GenerateSandboxKeyAsync(this IPage page, string email, string password)
    {
        await page.SignInAsync(email, password);
        await page.WaitForInteractiveAsync();
        await page.GetByRole(AriaRole.Link, new() { Name = "サンドボックス Seller Central" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "サンドボックス Seller Central", Level = 1 })).ToBeVisibleAsync();
        var merchantId = await page.GetByRole(AriaRole.Textbox, new() { Name = "出品者ID (Merchant ID)" }).InputValueAsync();
        var storeId = await page.GetByRole(AriaRole.Textbox, new() { Name = "ストアID (Store ID)" }).InputValueAsync();

        var download = await page.RunAndWaitForDownloadAsync(() =>
            page.GetByRole(AriaRole.Button, new() { Name = "キーペアを作成" }).ClickAsync());

        await Assertions.Expect(page.GetByTestId("private-key-warning")).ToContainTextAsync("再表示も再ダウンロードもできません");
        var publicKeyId = (await page.GetByTestId("public-key-id").First.TextContentAsync())!.Trim();
        Assert.Equal($"AmazonPay_{publicKeyId}.pem", download.SuggestedFilename);
        var pem = await File.ReadAllTextAsync((await download.PathAsync())!);
        Assert.True(PrivateKeyPem.Load(pem).IsOk, "the downloaded file is not a usable private key");
        return new SellerAccount(merchantId, storeId, publicKeyId, pem);
    }

    /// <summary>The Owner's settings: Seller Central's IDs saved, the private key uploaded, the connection test passed.</summary>
    public static async Task ConfigureAmazonPayAsync(this IPage page, SellerAccount seller, string pemPath)
    {
        await page.GetByRole(AriaRole.Link, new() { Name = "設定" }).ClickAsync();
        await page.GetByLabel("AmazonPayパブリックキーID").FillAsync(seller.PublicKeyId);
        await page.GetByLabel("マーチャントID").FillAsync(seller.MerchantId);
        await page.GetByLabel("ストアID", new() { Exact = true }).FillAsync(seller.StoreId);
        await page.GetByRole(AriaRole.Button, new() { Name = "保存する" }).ClickAsync();
        await Assertions.Expect(page.GetByText("設定を保存しました。")).ToBeVisibleAsync();

        await page.UploadKeyFileAsync(pemPath);
        await Assertions.Expect(page.GetByTestId("pending-key")).ToBeVisibleAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "接続テストを実行" }).ClickAsync();
        await Assertions.Expect(page.GetByTestId("connection-result")).ToContainTextAsync("接続できました");
    }

    /// <summary>The Owner's first steps on a new console: a sandbox key pair, saved to <paramref name="folder"/> and uploaded, the connection test passed.</summary>
    public static async Task<SellerAccount> SetUpSandboxShopAsync(this IPage page, string email, string password, string folder)
    {
        var seller = await page.GenerateSandboxKeyAsync(email, password);
        var pem = Path.Combine(folder, "key.pem");
        await File.WriteAllTextAsync(pem, seller.Pem);
        await page.ConfigureAmazonPayAsync(seller, pem);
        return seller;
    }

    /// <summary>The customer's part in the demo store: the shop's button, a sandbox buyer, the start URL, 支払う. Returns the order ID.</summary>
    public static async Task<string> BuyInDemoStoreAsync(this IPage page, string shopId)
    {
        await page.GotoAsync($"/sandbox/store?shop={shopId}");
        await page.GetByRole(AriaRole.Button, new() { Name = "Amazon Pay" }).ClickAsync();
        await page.GetByLabel("佐藤 花子 · Mastercard ****4444").CheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "続ける" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "ご注文内容の確認" })).ToBeVisibleAsync();
        var orderId = (await page.GetByTestId("order-id").TextContentAsync())!.Trim();
        await page.GetByRole(AriaRole.Button, new() { Name = "Amazon Payで支払う" }).ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "支払う", Exact = true }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "ご注文結果" })).ToBeVisibleAsync();
        return orderId;
    }
}
