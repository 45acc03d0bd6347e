using System.Net;
using MerchantConsole.Data;
using MerchantConsole.Shops;
using MerchantConsole.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace MerchantConsole.Tests.Shops;

public class FirstRunTests
{
    [Fact]
    public async Task An_empty_database_sends_every_page_to_the_first_run_page()
    {
        await using var console = await TestConsole.StartAsync(bootstrap: false);
        using var client = console.CreateClient();

        var home = await client.GetAsync(new Uri("/", UriKind.Relative));
        var login = await client.GetAsync(new Uri("/Account/Login", UriKind.Relative));
        var setup = await client.GetAsync(new Uri("/setup", UriKind.Relative));

        Assert.Equal("/setup", home.Headers.Location!.OriginalString);
        Assert.Equal("/setup", login.Headers.Location!.OriginalString);
        Assert.Equal(HttpStatusCode.OK, setup.StatusCode);
    }

    [Fact]
    public async Task First_run_creates_the_shop_and_its_Owner_who_is_gateway_admin_and_the_page_is_then_gone()
    {
        await using var console = await TestConsole.StartAsync(bootstrap: false);
        var shops = console.Services.GetRequiredService<ShopAdministration>();

        var created = await shops.CreateFirstShopAsync(new NewShop("shop01", "一号店", "first@example.test", "a long first password"), ActorRef.FirstRun("first@example.test"));
        var again = await shops.CreateFirstShopAsync(new NewShop("shop02", "二号店", "second@example.test", "a long second password"), ActorRef.FirstRun("second@example.test"));
        using var client = console.CreateClient();
        var setup = await client.GetAsync(new Uri("/setup", UriKind.Relative));

        Assert.True(created.Succeeded);
        Assert.Equal(ShopErrors.AlreadySetUp, again.ErrorKey);
        Assert.Equal(HttpStatusCode.NotFound, setup.StatusCode);
        await using var db = await console.Services.GetRequiredService<IDbContextFactory<ApplicationDbContext>>().CreateDbContextAsync();
        var owner = await db.Users.SingleAsync();
        Assert.True(owner.IsGatewayAdmin);
        var member = await db.ShopMembers.SingleAsync();
        Assert.Equal(("shop01", MerchantConsole.Core.Shops.ShopRole.Owner), (member.ShopId, member.Role));
        Assert.Single(await db.Shops.ToListAsync());
        Assert.Contains(await db.AuditEntries.ToListAsync(), e => e.Action == "shop.first-run" && e.ActorName == "first@example.test");
    }

    [Fact]
    public async Task Two_simultaneous_first_runs_create_exactly_one_shop()
    {
        await using var console = await TestConsole.StartAsync(bootstrap: false);
        var shops = console.Services.GetRequiredService<ShopAdministration>();

        var results = await Task.WhenAll(Enumerable.Range(0, 4).Select(i =>
            shops.CreateFirstShopAsync(new NewShop($"race{i}", "Race", $"race{i}@example.test", "a long race password"), ActorRef.FirstRun($"race{i}@example.test"))));

        Assert.Single(results, r => r.Succeeded);
        await using var db = await console.Services.GetRequiredService<IDbContextFactory<ApplicationDbContext>>().CreateDbContextAsync();
        Assert.Equal(1, await db.Users.CountAsync());
    }

    [Theory]
    [InlineData("shop-01", "Name", "a@example.test", "a long enough password", ShopErrors.ShopIdInvalid)]
    [InlineData("shop01234567890", "Name", "a@example.test", "a long enough password", ShopErrors.ShopIdInvalid)]
    [InlineData("shop01", " ", "a@example.test", "a long enough password", ShopErrors.ShopNameRequired)]
    [InlineData("shop01", "Name", "not-an-email", "a long enough password", ShopErrors.EmailInvalid)]
    [InlineData("shop01", "店\u0000名", "a@example.test", "a long enough password", ShopErrors.ShopNameRequired)]
    [InlineData("shop01", "Two\nlines", "a@example.test", "a long enough password", ShopErrors.ShopNameRequired)]
    [InlineData("shop01", "Name", "a\u0000b@example.test", "a long enough password", ShopErrors.EmailInvalid)]
    [InlineData("shop01", "Name", "a@example.test", "short", ShopErrors.PasswordRejected)]
    [InlineData("shop01", "Name", "a@example.test", "aaaaaaaaaaaaaaaa", ShopErrors.PasswordRejected)]
    public async Task Bad_first_run_input_is_refused_and_changes_nothing(string shopId, string name, string email, string password, string error)
    {
        await using var console = await TestConsole.StartAsync(bootstrap: false);
        var shops = console.Services.GetRequiredService<ShopAdministration>();

        var result = await shops.CreateFirstShopAsync(new NewShop(shopId, name, email, password), ActorRef.FirstRun(email));

        Assert.Equal(error, result.ErrorKey);
        Assert.False(await shops.HasAnyUserAsync());
        await using var db = await console.Services.GetRequiredService<IDbContextFactory<ApplicationDbContext>>().CreateDbContextAsync();
        Assert.Empty(await db.Shops.ToListAsync());
    }

    [Fact]
    public async Task Bootstrap_configuration_sets_up_an_empty_database_and_is_ignored_afterwards()
    {
        await using var console = await TestConsole.StartAsync(bootstrap: true);
        await using var db = await console.Services.GetRequiredService<IDbContextFactory<ApplicationDbContext>>().CreateDbContextAsync();

        var shop = await db.Shops.SingleAsync();

        Assert.Equal((TestConsole.ShopId, TestConsole.ShopName), (shop.Id, shop.Name));
        Assert.Equal(TestConsole.OwnerEmail, (await db.Users.SingleAsync()).Email);
    }
}
