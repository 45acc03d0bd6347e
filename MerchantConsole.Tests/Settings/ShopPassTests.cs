using MerchantConsole.Core.Shops;
using MerchantConsole.Data;
using MerchantConsole.Gateway;
using MerchantConsole.Settings;
using MerchantConsole.Shops;
using MerchantConsole.Tests.Sandbox;
using MerchantConsole.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace MerchantConsole.Tests.Settings;

/// <summary>Revealing and regenerating the ShopPass against the real app: Owner only, journaled without the value.</summary>
public sealed class ShopPassTests : IAsyncLifetime
{
    private TestConsole console = null!;
    private ActorRef owner = null!;

    public async Task InitializeAsync()
    {
        console = await TestConsole.StartAsync();
        owner = await SandboxHarness.OwnerAsync(console, TestConsole.OwnerEmail);
    }

    public async Task DisposeAsync() => await console.DisposeAsync();

    private ShopPassService Service => console.Services.CreateScope().ServiceProvider.GetRequiredService<ShopPassService>();

    private Task<ApplicationDbContext> DbAsync() => console.Services.GetRequiredService<IDbContextFactory<ApplicationDbContext>>().CreateDbContextAsync();

    private async Task<Shop> ShopAsync()
    {
        await using var db = await DbAsync();
        return await db.Shops.AsNoTracking().SingleAsync(s => s.Id == TestConsole.ShopId);
    }

    [Fact]
    public async Task An_Owner_reveals_the_ShopPass_and_the_journal_records_who_but_not_the_value()
    {
        var revealed = await Service.RevealAsync(owner);

        Assert.Equal(TestConsole.ShopPass, revealed.ShopPass);
        await using var db = await DbAsync();
        var entry = Assert.Single(await db.AuditEntries.Where(e => e.Action == "settings.shoppass.reveal").ToListAsync());
        Assert.Equal(TestConsole.OwnerEmail, entry.ActorName);
        Assert.DoesNotContain(TestConsole.ShopPass, entry.Detail ?? "", StringComparison.Ordinal);
    }

    [Fact]
    public async Task Regenerating_makes_the_old_ShopPass_fail_at_once()
    {
        var passwords = console.Services.GetRequiredService<ShopPasswords>();

        var regenerated = await Service.RegenerateAsync(owner);

        var shop = await ShopAsync();
        Assert.True(regenerated.Succeeded);
        Assert.NotEqual(TestConsole.ShopPass, regenerated.ShopPass);
        Assert.Equal(ShopPasswords.Length, regenerated.ShopPass!.Length);
        Assert.False(passwords.Verify(shop, TestConsole.ShopPass));
        Assert.True(passwords.Verify(shop, regenerated.ShopPass));
        Assert.NotNull(shop.ShopPassChangedAt);
        Assert.Equal(regenerated.ShopPass, (await Service.RevealAsync(owner)).ShopPass);
        await using var db = await DbAsync();
        var entry = Assert.Single(await db.AuditEntries.Where(e => e.Action == "settings.shoppass.regenerate").ToListAsync());
        Assert.DoesNotContain(regenerated.ShopPass, entry.Detail ?? "", StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(ShopRole.Operator)]
    [InlineData(ShopRole.Viewer)]
    public async Task Operators_and_Viewers_can_neither_reveal_nor_regenerate(ShopRole role)
    {
        var staff = console.Services.CreateScope().ServiceProvider.GetRequiredService<StaffDirectory>();
        await staff.AddAsync(owner, "member@example.test", role, "member passphrase long");
        var member = await SandboxHarness.OwnerAsync(console, "member@example.test");

        var reveal = await Service.RevealAsync(member);
        var regenerate = await Service.RegenerateAsync(member);

        Assert.Equal((null, SettingsRefusals.NotPermitted), (reveal.ShopPass, reveal.Refusal));
        Assert.Equal((null, SettingsRefusals.NotPermitted), (regenerate.ShopPass, regenerate.Refusal));
        Assert.True(console.Services.GetRequiredService<ShopPasswords>().Verify(await ShopAsync(), TestConsole.ShopPass));
        await using var db = await DbAsync();
        Assert.DoesNotContain(await db.AuditEntries.ToListAsync(), e => e.Action.StartsWith("settings.shoppass", StringComparison.Ordinal));
    }
}
