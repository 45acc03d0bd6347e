using Bunit;
using MerchantConsole.Components.Layout;
using MerchantConsole.Core.Shops;
using MerchantConsole.Data;
using MerchantConsole.Shops;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace MerchantConsole.Tests.Components;

public class ShopSwitcherTests : ComponentTestContext
{
    public ShopSwitcherTests()
        : base("ja-JP")
    {
        // Rendering does not touch the database; switching is covered against the real app in ShopSwitchTests.
        Context.AddAuthorization().SetAuthorized("u@example.test");
        Context.Services.AddDbContextFactory<ApplicationDbContext>(o => o.UseSqlite("DataSource=:memory:"));
        Context.Services.AddSingleton(TimeProvider.System);
        Context.Services.AddScoped<CurrentShop>();
    }

    [Fact]
    public void One_shop_is_shown_as_text_with_the_role()
    {
        var shop = new ShopRef("tshop1", "テスト商店", ShopRole.Operator);

        var switcher = Context.Render<ShopSwitcher>(p => p.Add(s => s.Session, new ShopSession("u", "u@example.test", false, [shop], shop)));

        Assert.Equal("テスト商店 (tshop1) · オペレーター", switcher.Find("[data-testid=current-shop]").TextContent.Trim());
        Assert.Empty(switcher.FindAll("[data-testid=shop-switcher]"));
    }

    [Fact]
    public void Several_shops_offer_a_switcher_labelled_with_the_current_one()
    {
        var first = new ShopRef("a1", "一号店", ShopRole.Owner);
        var second = new ShopRef("b2", "二号店", ShopRole.Viewer);

        var switcher = Context.Render<ShopSwitcher>(p => p.Add(s => s.Session, new ShopSession("u", "u@example.test", false, [first, second], second)));

        Assert.Contains("二号店 (b2) · 閲覧者", switcher.Find("[data-testid=shop-switcher]").TextContent, StringComparison.Ordinal);
    }
}
