using System.Security.Cryptography;
using System.Text;
using MerchantConsole.Core.AmazonPay;
using MerchantConsole.Core.Shops;
using MerchantConsole.Data;
using MerchantConsole.Sandbox;
using MerchantConsole.Settings;
using MerchantConsole.Shops;
using MerchantConsole.Tests.Sandbox;
using MerchantConsole.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace MerchantConsole.Tests.Settings;

/// <summary>The settings screen's service and connection test against the real app and its sandbox.</summary>
public sealed class SettingsTests : IAsyncLifetime
{
    private TestConsole console = null!;
    private ActorRef owner = null!;

    public async Task InitializeAsync()
    {
        console = await TestConsole.StartAsync();
        owner = await SandboxHarness.OwnerAsync(console, TestConsole.OwnerEmail);
    }

    public async Task DisposeAsync() => await console.DisposeAsync();

    private T Service<T>()
        where T : notnull => console.Services.CreateScope().ServiceProvider.GetRequiredService<T>();

    private async Task<GeneratedSandboxKey> SandboxKeyAsync() => (await Service<SandboxSellerCentral>().GenerateKeyAsync(owner))!;

    private async Task<SettingsView> ViewAsync(ActorRef? actor = null) => (await Service<AmazonPaySettingsService>().GetAsync(actor ?? owner))!;

    private async Task<SettingsResult> SaveIdsAsync(GeneratedSandboxKey key, string? storeId = null, string? publicKeyId = null)
    {
        var view = await ViewAsync();
        return await Service<AmazonPaySettingsService>().SaveAsync(owner, new SettingsInput(
            "テスト商店 本店", false, publicKeyId ?? key.PublicKeyId, key.MerchantId, storeId ?? key.StoreId,
            AmazonPayEnvironment.Sandbox, "https://merchant.example/notify", 100_000, view.Version));
    }

    private async Task<SettingsResult> UploadAsync(string pem)
    {
        // A refused key is never stored, so the scan would not find it in the database: it is registered here.
        if (pem.Contains("PRIVATE KEY", StringComparison.Ordinal))
        {
            SecretScan.RegisterPrivateKey(pem);
        }

        return await Service<AmazonPaySettingsService>().UploadKeyAsync(owner, Encoding.UTF8.GetBytes(pem), (await ViewAsync()).Version);
    }

    [Fact]
    public async Task An_Owner_saves_the_settings_and_the_change_is_journaled()
    {
        var key = await SandboxKeyAsync();

        var saved = await SaveIdsAsync(key);
        var view = await ViewAsync();

        Assert.True(saved.Succeeded, saved.Refusal?.English);
        Assert.Equal(("テスト商店 本店", key.PublicKeyId, key.StoreId), (view.StoreName, view.PublicKeyId, view.StoreId));
        await using var db = await console.Services.GetRequiredService<IDbContextFactory<ApplicationDbContext>>().CreateDbContextAsync();
        Assert.Contains(await db.AuditEntries.ToListAsync(), e => e.Action == "settings.save" && e.ActorName == TestConsole.OwnerEmail);
    }

    [Theory]
    [InlineData("publicKeyId", "SANDBOX-abc")]
    [InlineData("storeId", "amzn1.application-oa2-client.XYZ")]
    public async Task Bad_identifiers_are_refused_with_a_clear_message_and_nothing_changes(string field, string value)
    {
        var key = await SandboxKeyAsync();

        var saved = field == "publicKeyId" ? await SaveIdsAsync(key, publicKeyId: value) : await SaveIdsAsync(key, storeId: value);

        Assert.False(saved.Succeeded);
        Assert.False(string.IsNullOrEmpty(saved.Refusal!.Japanese));
        Assert.DoesNotContain(value, saved.Refusal.English, StringComparison.Ordinal);
        Assert.Null((await ViewAsync()).PublicKeyId);
    }

    [Theory]
    [InlineData("店\u0000名")]
    [InlineData("二行の\n店名")]
    [InlineData("タブ\t入り")]
    public async Task A_store_name_with_control_characters_is_refused_in_both_languages_and_nothing_changes(string storeName)
    {
        var key = await SandboxKeyAsync();
        await SaveIdsAsync(key);
        var view = await ViewAsync();

        var saved = await Service<AmazonPaySettingsService>().SaveAsync(owner, new SettingsInput(
            storeName, false, key.PublicKeyId, key.MerchantId, key.StoreId, AmazonPayEnvironment.Sandbox, "https://merchant.example/notify", 100_000, view.Version));

        Assert.Equal(SettingsRefusals.StoreNameHasControlCharacters, saved.Refusal);
        Assert.Contains("制御文字", saved.Refusal!.Japanese, StringComparison.Ordinal);
        Assert.Contains("control characters", saved.Refusal.English, StringComparison.Ordinal);
        var after = await ViewAsync();
        Assert.Equal(("テスト商店 本店", view.Version), (after.StoreName, after.Version));
    }

    [Theory]
    [InlineData(ShopRole.Operator)]
    [InlineData(ShopRole.Viewer)]
    public async Task Operators_and_Viewers_read_the_settings_but_the_server_refuses_their_changes(ShopRole role)
    {
        var key = await SandboxKeyAsync();
        await SaveIdsAsync(key);
        await Service<StaffDirectory>().AddAsync(owner, "member@example.test", role, "member passphrase long");
        var member = await SandboxHarness.OwnerAsync(console, "member@example.test");

        var view = await ViewAsync(member);
        var save = await Service<AmazonPaySettingsService>().SaveAsync(member, new SettingsInput(
            "乗っ取り", false, null, null, null, AmazonPayEnvironment.Live, null, 1, view.Version));
        var upload = await Service<AmazonPaySettingsService>().UploadKeyAsync(member, Encoding.UTF8.GetBytes(key.PrivateKeyPem), view.Version);
        var test = await Service<ConnectionTester>().RunAsync(member);

        Assert.False(view.CanEdit);
        Assert.Equal(key.PublicKeyId, view.PublicKeyId);
        Assert.Equal(SettingsRefusals.NotPermitted, save.Refusal);
        Assert.Equal(SettingsRefusals.NotPermitted, upload.Refusal);
        Assert.Null(test);
        Assert.Equal("テスト商店 本店", (await ViewAsync()).StoreName);
    }

    [Fact]
    public async Task A_non_key_file_and_an_oversized_file_are_refused_and_nothing_changes()
    {
        var random = await Service<AmazonPaySettingsService>().UploadKeyAsync(owner, RandomNumberGenerator.GetBytes(2_000), 0);
        var oversized = await Service<AmazonPaySettingsService>().UploadKeyAsync(owner, new byte[16 * 1024 + 1], 0);

        Assert.Equal("KeyNotPem", random.Refusal!.Code);
        Assert.Equal("KeyTooLarge", oversized.Refusal!.Code);
        var view = await ViewAsync();
        Assert.Null(view.PendingKey);
        Assert.Null(view.ActiveKey);
    }

    [Fact]
    public async Task A_good_key_becomes_the_key_in_use_once_the_connection_test_passes()
    {
        var key = await SandboxKeyAsync();
        await SaveIdsAsync(key);

        var uploaded = await UploadAsync(key.PrivateKeyPem);
        var pending = await ViewAsync();
        var report = await Service<ConnectionTester>().RunAsync(owner);
        var after = await ViewAsync();

        Assert.True(uploaded.Succeeded, uploaded.Refusal?.English);
        Assert.Equal((key.Fingerprint, (string?)null), (pending.PendingKey!.Fingerprint, pending.ActiveKey?.Fingerprint));
        Assert.True(report!.Passed, report.English + " " + report.Technical);
        Assert.True(report.PromotedNewKey);
        Assert.Equal(key.Fingerprint, after.ActiveKey!.Fingerprint);
        Assert.Null(after.PendingKey);
        Assert.True(after.LastConnectionTestPassed);
    }

    [Fact]
    public async Task A_key_from_another_pair_fails_the_test_in_plain_words_and_the_previous_key_stays_in_use()
    {
        var key = await SandboxKeyAsync();
        await SaveIdsAsync(key);
        await UploadAsync(key.PrivateKeyPem);
        await Service<ConnectionTester>().RunAsync(owner);
        using var stranger = RSA.Create(2048);

        await UploadAsync(stranger.ExportPkcs8PrivateKeyPem());
        var report = await Service<ConnectionTester>().RunAsync(owner);
        var view = await ViewAsync();

        Assert.False(report!.Passed);
        Assert.Equal("InvalidRequestSignature", report.ReasonCode);
        Assert.Contains("プライベートキーが、このパブリックキーIDのキーペアのものではありません", report.Japanese, StringComparison.Ordinal);
        Assert.Contains("String-to-Sign", report.Technical, StringComparison.Ordinal);
        Assert.Equal(key.Fingerprint, view.ActiveKey!.Fingerprint);
        Assert.NotNull(view.PendingKey);
    }

    [Fact]
    public async Task An_unknown_public_key_id_and_a_wrong_store_id_are_explained()
    {
        var key = await SandboxKeyAsync();
        await UploadAsync(key.PrivateKeyPem);

        await SaveIdsAsync(key, publicKeyId: "SANDBOX-ABCDEFGHIJKLMNOPQRSTUVWX");
        var unknown = await Service<ConnectionTester>().RunAsync(owner);
        await SaveIdsAsync(key, storeId: "amzn1.application-oa2-client." + new string('0', 32));
        var wrongStore = await Service<ConnectionTester>().RunAsync(owner);

        Assert.Equal(("UnauthorizedAccess", false), (unknown!.ReasonCode, unknown.Passed));
        Assert.Contains("ストアID", wrongStore!.Japanese, StringComparison.Ordinal);
        Assert.False(wrongStore.Passed);
    }

    [Fact]
    public async Task A_save_based_on_a_stale_screen_is_refused()
    {
        var key = await SandboxKeyAsync();
        var stale = await ViewAsync();
        await SaveIdsAsync(key);

        var late = await Service<AmazonPaySettingsService>().SaveAsync(owner, new SettingsInput(
            "古い画面", false, null, null, null, AmazonPayEnvironment.Sandbox, null, 100_000, stale.Version));

        Assert.Equal(SettingsRefusals.ChangedMeanwhile, late.Refusal);
        Assert.Equal("テスト商店 本店", (await ViewAsync()).StoreName);
    }

    [Fact]
    public async Task The_stored_key_is_encrypted_at_rest()
    {
        var key = await SandboxKeyAsync();
        await UploadAsync(key.PrivateKeyPem);

        await using var db = await console.Services.GetRequiredService<IDbContextFactory<ApplicationDbContext>>().CreateDbContextAsync();
        var stored = await db.ShopAmazonPaySettings.SingleAsync();

        Assert.DoesNotContain("PRIVATE KEY", stored.PendingProtectedPrivateKey, StringComparison.Ordinal);
        var body = key.PrivateKeyPem.Split('\n')[1];
        Assert.DoesNotContain(body, stored.PendingProtectedPrivateKey, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Snippets_are_signed_with_the_key_in_use_and_verify_with_its_public_key()
    {
        var key = await SandboxKeyAsync();
        await SaveIdsAsync(key);
        await UploadAsync(key.PrivateKeyPem);
        var before = await Service<ButtonSnippets>().GenerateAsync(owner, new ButtonOptions(ButtonKind.OneTime, "https://merchant.example/review"), console.Address);
        await Service<ConnectionTester>().RunAsync(owner);

        var (output, refusal) = await Service<ButtonSnippets>().GenerateAsync(owner,
            new ButtonOptions(ButtonKind.OneTime, "https://merchant.example/review", AmountChangeEnabled: true), console.Address);

        Assert.Equal(SettingsRefusals.NoKey, before.Refusal);
        Assert.Null(refusal);
        Assert.Contains("\"merchantStoreName\":\"テスト商店 本店\"", output!.PayloadJson, StringComparison.Ordinal);
        Assert.Contains(output.Signature, output.Snippet, StringComparison.Ordinal);
        Assert.Contains(new Uri(console.Address, "/sandbox/checkout.js").ToString(), output.Snippet, StringComparison.Ordinal);
        Assert.Contains("\"allowOvercharge\":true", output.PayloadJson, StringComparison.Ordinal);
        using var publicKey = RSA.Create();
        publicKey.ImportFromPem(PublicPem(key));
        Assert.True(RsaPss.Verify(output.StringToSign, output.Signature, publicKey, SignatureAlgorithm.V2));
    }

    [Fact]
    public async Task A_recurring_button_needs_its_frequency()
    {
        var key = await SandboxKeyAsync();
        await SaveIdsAsync(key);
        await UploadAsync(key.PrivateKeyPem);
        await Service<ConnectionTester>().RunAsync(owner);

        var (output, refusal) = await Service<ButtonSnippets>().GenerateAsync(owner, new ButtonOptions(ButtonKind.Recurring, "https://merchant.example/review"), console.Address);
        var (monthly, none) = await Service<ButtonSnippets>().GenerateAsync(owner,
            new ButtonOptions(ButtonKind.Recurring, "https://merchant.example/review", FrequencyUnit: FrequencyUnit.Month, FrequencyValue: 1), console.Address);

        Assert.Null(output);
        Assert.NotNull(refusal);
        Assert.Null(none);
        Assert.Contains("\"chargePermissionType\":\"Recurring\"", monthly!.PayloadJson, StringComparison.Ordinal);
    }

    private static string PublicPem(GeneratedSandboxKey key)
    {
        using var rsa = RSA.Create();
        rsa.ImportFromPem(key.PrivateKeyPem);
        return rsa.ExportSubjectPublicKeyInfoPem();
    }

    [Fact]
    public async Task An_Owners_button_choices_become_the_shops_preset_and_an_Operators_do_not()
    {
        var key = await SandboxKeyAsync();
        await SaveIdsAsync(key);
        await UploadAsync(key.PrivateKeyPem);
        await Service<ConnectionTester>().RunAsync(owner);
        await Service<StaffDirectory>().AddAsync(owner, "operator@example.test", ShopRole.Operator, "operator passphrase long");
        var operatorUser = await SandboxHarness.OwnerAsync(console, "operator@example.test");

        await Service<ButtonSnippets>().GenerateAsync(owner,
            new ButtonOptions(ButtonKind.OneTime, "https://merchant.example/review", ProductType.PayOnly, AmountChangeEnabled: true), console.Address);
        var (made, _) = await Service<ButtonSnippets>().GenerateAsync(operatorUser,
            new ButtonOptions(ButtonKind.OneTime, "https://merchant.example/other"), console.Address);
        var presets = await Service<ButtonSnippets>().PresetsAsync(operatorUser);

        Assert.NotNull(made);
        Assert.Equal(("https://merchant.example/review", ProductType.PayOnly, true),
            (presets[ButtonKind.OneTime].ReturnUrl, presets[ButtonKind.OneTime].ProductType, presets[ButtonKind.OneTime].AmountChangeEnabled));
        Assert.False(presets.ContainsKey(ButtonKind.SignIn));
    }
}
