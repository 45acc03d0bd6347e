using Bunit;
using MerchantConsole.Components.Pages.Settings;
using MerchantConsole.Core.AmazonPay;
using MerchantConsole.Data;
using MerchantConsole.Sandbox;
using MerchantConsole.Settings;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace MerchantConsole.Tests.Components;

/// <summary>The settings cards render what the role allows and never any key material.</summary>
public class SettingsComponentTests : ComponentTestContext
{
    public SettingsComponentTests()
        : base("ja-JP")
    {
        // Rendering only: saving and testing are covered against the real app in SettingsTests.
        Context.AddAuthorization().SetAuthorized("owner@example.test");
        Context.Services.AddDbContextFactory<ApplicationDbContext>(o => o.UseSqlite("DataSource=:memory:"));
        Context.Services.AddSingleton(TimeProvider.System);
        Context.Services.AddSingleton<IDataProtectionProvider>(new EphemeralDataProtectionProvider());
        Context.Services.AddSingleton(Options.Create(new AmazonPayOptions()));
        Context.Services.AddSingleton(sp => new AmazonPayConnection(sp.GetRequiredService<IDataProtectionProvider>(), sp.GetRequiredService<IOptions<AmazonPayOptions>>(), null!, TimeProvider.System));
        Context.Services.AddScoped<AmazonPaySettingsService>();
        Context.Services.AddHttpClient<AmazonPayClient>();
        Context.Services.AddScoped<ConnectionTester>();
    }

    private static SettingsView View(bool canEdit, KeyView? active = null) => new(
        "tshop1", "テスト商店", "本店", false, "SANDBOX-ABCDEFGHIJKLMNOPQRSTUVWX", "A1B2C3D4E5F6G7", "amzn1.application-oa2-client." + new string('a', 32),
        AmazonPayEnvironment.Sandbox, active, null, null, 100_000, null, null, canEdit, 3);

    [Fact]
    public void A_reader_sees_the_settings_read_only_without_save_upload_or_test()
    {
        var form = Context.Render<AmazonPayForm>(p => p.Add(f => f.View, View(canEdit: false)));
        var key = Context.Render<PrivateKeyCard>(p => p.Add(f => f.View, View(canEdit: false)));
        var test = Context.Render<ConnectionTestCard>(p => p.Add(f => f.View, View(canEdit: false)));

        Assert.DoesNotContain(form.FindAll("button"), b => b.TextContent.Contains("保存する", StringComparison.Ordinal));
        Assert.All(form.FindAll("input[type=text]"), input => Assert.True(input.HasAttribute("readonly")));
        Assert.Empty(key.FindAll("input[type=file]"));
        Assert.Empty(test.FindAll("button"));
    }

    [Fact]
    public void An_Owner_gets_save_upload_and_test()
    {
        var form = Context.Render<AmazonPayForm>(p => p.Add(f => f.View, View(canEdit: true)));
        var key = Context.Render<PrivateKeyCard>(p => p.Add(f => f.View, View(canEdit: true)));

        Assert.Contains(form.FindAll("button"), b => b.TextContent.Contains("保存する", StringComparison.Ordinal));
        Assert.Single(key.FindAll("input[type=file]"));
    }

    [Fact]
    public void The_key_card_shows_the_fingerprint_and_nothing_of_the_key()
    {
        var key = Context.Render<PrivateKeyCard>(p => p.Add(f => f.View,
            View(canEdit: true, new KeyView(new string('f', 64), new DateTimeOffset(2026, 11, 28, 0, 0, 0, TimeSpan.Zero), "owner@example.test"))));

        Assert.Contains(new string('f', 64), key.Markup, StringComparison.Ordinal);
        Assert.Contains("2026/11/28 09:00:00 JST", key.Markup, StringComparison.Ordinal);
        Assert.DoesNotContain("PRIVATE KEY", key.Markup, StringComparison.Ordinal);
    }

    [Fact]
    public void An_identifier_is_checked_as_it_is_typed()
    {
        var form = Context.Render<AmazonPayForm>(p => p.Add(f => f.View, View(canEdit: true)));

        form.FindAll("input[type=text]")[1].Input("SANDBOX-short");

        Assert.Contains(AmazonPayIds.CheckPublicKeyId("SANDBOX-short").Refusal!.Japanese, form.Markup, StringComparison.Ordinal);
    }
}
