using System.Security.Claims;
using Bunit;
using Bunit.TestDoubles;
using MerchantConsole.Components.Pages.Settings;
using MerchantConsole.Core.AmazonPay;
using MerchantConsole.Core.Shops;
using MerchantConsole.Data;
using MerchantConsole.Gateway;
using MerchantConsole.Settings;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Identity;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace MerchantConsole.Tests.Components;

/// <summary>
/// The ShopPass and notification cards against their real services on a temporary SQLite file: what each role
/// sees, and that the ShopPass reaches the markup only after an Owner asks for it.
/// </summary>
public sealed class NotificationAndShopPassCardTests : ComponentTestContext, IAsyncLifetime
{
    private const string ShopId = "tshop1";
    private const string Secret = "CardTestShopPass2345";
    private readonly string databaseFile = Path.Combine(Path.GetTempPath(), $"mc-cards-{Guid.NewGuid():N}.db");
    private readonly BunitAuthorizationContext auth;

    public NotificationAndShopPassCardTests()
        : base("ja-JP")
    {
        auth = Context.AddAuthorization();
        Context.Services.Configure<IdentityOptions>(o => o.Stores.SchemaVersion = IdentitySchemaVersions.Version3);
        Context.Services.AddDbContextFactory<ApplicationDbContext>(o => o.UseSqlite($"DataSource={databaseFile}"));
        Context.Services.AddSingleton(TimeProvider.System);
        Context.Services.AddSingleton<IDataProtectionProvider>(new EphemeralDataProtectionProvider());
        Context.Services.AddSingleton(Options.Create(new GatewayOptions()));
        Context.Services.AddLogging();
        Context.Services.AddHttpClient();
        Context.Services.AddSingleton<ShopPasswords>();
        Context.Services.AddSingleton<ResultNotifications>();
        Context.Services.AddSingleton<ResultNotifier>();
        Context.Services.AddScoped<NotificationService>();
        Context.Services.AddScoped<ShopPassService>();
        Seed();
    }

    private void Seed()
    {
        using var db = Context.Services.GetRequiredService<IDbContextFactory<ApplicationDbContext>>().CreateDbContext();
        db.Database.EnsureCreated();
        var now = DateTimeOffset.UtcNow;
        db.Shops.Add(new Shop { Id = ShopId, Name = "テスト商店", CreatedAt = now, ProtectedShopPass = Context.Services.GetRequiredService<ShopPasswords>().Protect(Secret) });
        foreach (var role in new[] { ShopRole.Owner, ShopRole.Viewer })
        {
            var id = "u-" + role;
            db.Users.Add(new ApplicationUser { Id = id, UserName = id + "@example.test", Email = id + "@example.test", CurrentShopId = ShopId, CreatedAt = now });
            db.ShopMembers.Add(new ShopMember { ShopId = ShopId, UserId = id, Role = role, CreatedAt = now });
        }

        db.GatewayNotifications.Add(new GatewayNotification
        {
            ShopId = ShopId,
            FieldsJson = """[["ShopID","tshop1"],["OrderID","ORDER-77"]]""",
            Status = NotificationStatus.Delivered,
            Attempts = 1,
            CreatedAt = new DateTimeOffset(2026, 11, 28, 0, 0, 0, TimeSpan.Zero),
            AttemptLog =
            [
                new GatewayNotificationAttempt { At = new DateTimeOffset(2026, 11, 28, 0, 0, 1, TimeSpan.Zero), Url = "https://merchant.example/notify", HttpStatus = 200, ResponseBody = "0", Received = true },
            ],
        });
        db.SaveChanges();
    }

    private void SignInAs(ShopRole role) =>
        auth.SetAuthorized($"u-{role}@example.test").SetClaims(new Claim(ClaimTypes.NameIdentifier, "u-" + role));

    private static SettingsView View(bool canEdit, string? notificationUrl = "https://merchant.example/notify") => new(
        ShopId, "テスト商店", null, false, null, null, null, AmazonPayEnvironment.Sandbox, null, null, notificationUrl, 100_000, null, null, canEdit, 1);

    // Re-implements IAsyncLifetime so xunit calls this one, which also deletes the database file.
    public new async Task DisposeAsync()
    {
        await base.DisposeAsync();
        SqliteConnection.ClearAllPools();
        File.Delete(databaseFile);
    }

    [Fact]
    public void An_Owner_sees_the_ShopPass_masked_until_Reveal_is_clicked()
    {
        SignInAs(ShopRole.Owner);
        var card = Context.Render<ShopPassCard>(p => p.Add(c => c.View, View(canEdit: true)));

        Assert.DoesNotContain(Secret, card.Markup, StringComparison.Ordinal);
        Assert.NotNull(card.Find("[data-testid=shoppass-regenerate]"));
        card.Find("[data-testid=shoppass-reveal] ").Click();

        card.WaitForAssertion(() => Assert.Equal(Secret, card.Find("[data-testid=shoppass-value]").TextContent));
        Assert.NotNull(card.Find("[data-testid=shoppass-copy]"));
        card.Find("[data-testid=shoppass-hide]").Click();
        Assert.DoesNotContain(Secret, card.Markup, StringComparison.Ordinal);
    }

    [Fact]
    public void A_Viewer_sees_that_a_ShopPass_exists_but_has_no_way_to_reveal_or_regenerate_it()
    {
        SignInAs(ShopRole.Viewer);
        var card = Context.Render<ShopPassCard>(p => p.Add(c => c.View, View(canEdit: false)));

        Assert.Empty(card.FindAll("button"));
        Assert.NotNull(card.Find("[data-testid=shoppass-owner-only]"));
        Assert.Contains("*", card.Find("[data-testid=shoppass-value]").TextContent, StringComparison.Ordinal);
        Assert.DoesNotContain(Secret, card.Markup, StringComparison.Ordinal);
    }

    [Fact]
    public void An_Owner_gets_the_test_button_and_the_attempts_table_in_Japan_time()
    {
        SignInAs(ShopRole.Owner);
        var card = Context.Render<NotificationCard>(p => p.Add(c => c.View, View(canEdit: true)));

        card.WaitForAssertion(() => Assert.NotNull(card.Find("[data-testid=notification-attempts]")));
        Assert.Equal("https://merchant.example/notify", card.Find("[data-testid=notification-url]").TextContent);
        Assert.False(card.Find("[data-testid=notification-send-test]").HasAttribute("disabled"));
        var table = card.Find("[data-testid=notification-attempts]").TextContent;
        Assert.Contains("2026/11/28 09:00:01 JST", table, StringComparison.Ordinal);
        Assert.Contains("ORDER-77", table, StringComparison.Ordinal);
        Assert.Equal("受信", card.Find("[data-testid=notification-result]").TextContent.Trim());
    }

    [Fact]
    public void A_Viewer_sees_the_attempts_but_no_test_button()
    {
        SignInAs(ShopRole.Viewer);
        var card = Context.Render<NotificationCard>(p => p.Add(c => c.View, View(canEdit: false)));

        card.WaitForAssertion(() => Assert.NotNull(card.Find("[data-testid=notification-attempts]")));
        Assert.Empty(card.FindAll("[data-testid=notification-send-test]"));
    }

    [Fact]
    public void Without_a_URL_the_card_says_so_and_the_test_button_is_disabled()
    {
        SignInAs(ShopRole.Owner);
        var card = Context.Render<NotificationCard>(p => p.Add(c => c.View, View(canEdit: true, notificationUrl: null)));

        Assert.NotNull(card.Find("[data-testid=notification-no-url]"));
        Assert.True(card.Find("[data-testid=notification-send-test]").HasAttribute("disabled"));
    }
}
