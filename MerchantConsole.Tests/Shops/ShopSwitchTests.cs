using System.Security.Claims;
using MerchantConsole.Core.Shops;
using MerchantConsole.Data;
using MerchantConsole.Shops;
using MerchantConsole.Tests.Support;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace MerchantConsole.Tests.Shops;

public class ShopSwitchTests
{
    private sealed class SignedIn(string userId, string name) : AuthenticationStateProvider
    {
        public override Task<AuthenticationState> GetAuthenticationStateAsync() =>
            Task.FromResult(new AuthenticationState(new ClaimsPrincipal(new ClaimsIdentity(
                [new Claim(ClaimTypes.NameIdentifier, userId), new Claim(ClaimTypes.Name, name)], "test"))));
    }

    [Fact]
    public async Task A_member_of_two_shops_switches_between_them_and_only_to_their_own()
    {
        await using var console = await TestConsole.StartAsync();
        var dbFactory = console.Services.GetRequiredService<IDbContextFactory<ApplicationDbContext>>();
        string adminId;
        await using (var db = await dbFactory.CreateDbContextAsync())
        {
            adminId = (await db.Users.SingleAsync()).Id;
        }

        var admin = new ActorRef(adminId, TestConsole.OwnerEmail);
        var shops = console.Services.GetRequiredService<ShopAdministration>();
        await shops.CreateShopAsync(new NewShop("shop2", "二号店", TestConsole.OwnerEmail, "ignored for an existing account"), admin);
        await shops.CreateShopAsync(new NewShop("other", "他店", "other@example.test", "other owner long password"), admin);
        await using (var db = await dbFactory.CreateDbContextAsync())
        {
            // The admin created "other" for someone else and is not its member.
            var otherOwner = await db.Users.SingleAsync(u => u.Email == "other@example.test");
            Assert.False(await db.ShopMembers.AnyAsync(m => m.ShopId == "other" && m.UserId == adminId));
            Assert.True(await db.ShopMembers.AnyAsync(m => m.ShopId == "other" && m.UserId == otherOwner.Id));
        }

        var current = new CurrentShop(new SignedIn(adminId, TestConsole.OwnerEmail), dbFactory, TimeProvider.System);
        var before = await current.GetAsync();
        var switched = await current.SwitchAsync("shop2");
        var after = await current.GetAsync();
        var foreign = await current.SwitchAsync("other");
        var still = await current.GetAsync();

        Assert.Equal(TestConsole.ShopId, before!.Current!.Id);
        Assert.Equal(["shop2", TestConsole.ShopId], before.Shops.Select(s => s.Id).Order());
        Assert.True(switched.Succeeded);
        Assert.Equal(("shop2", ShopRole.Owner), (after!.Current!.Id, after.Role!.Value));
        Assert.Equal(ShopErrors.NotMember, foreign.ErrorKey);
        Assert.Equal("shop2", still!.Current!.Id);
    }
}
