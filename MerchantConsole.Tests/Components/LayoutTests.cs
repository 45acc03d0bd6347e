using Bunit;
using MerchantConsole.Components.Layout;
using MerchantConsole.Core.Shops;
using MerchantConsole.Sandbox;
using MerchantConsole.Shops;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;

namespace MerchantConsole.Tests.Components;

public class LayoutTests() : ComponentTestContext("ja-JP")
{
    private static ShopSession SessionAs(ShopRole? role, bool gatewayAdmin = false)
    {
        var shops = role is null ? [] : new[] { new ShopRef("tshop1", "テスト商店", role.Value) };
        return new ShopSession("user-1", "user@example.test", gatewayAdmin, shops, shops.FirstOrDefault());
    }

    private List<string> DrawerItems(ShopSession session, AmazonPayMode mode = AmazonPayMode.Live) =>
        Context.Render<NavMenu>(p => p.Add(m => m.Session, session).Add(m => m.AmazonPayMode, mode))
            .FindAll("a").Select(a => a.TextContent.Trim()).ToList();

    [Theory]
    [InlineData(ShopRole.Owner, new[] { "取引一覧", "利用承諾", "設定", "スタッフ", "監査ログ" })]
    [InlineData(ShopRole.Operator, new[] { "取引一覧", "利用承諾", "設定" })]
    [InlineData(ShopRole.Viewer, new[] { "取引一覧", "利用承諾", "設定" })]
    public void The_drawer_shows_Staff_and_the_audit_log_only_to_Owners(ShopRole role, string[] expected) =>
        Assert.Equal(expected, DrawerItems(SessionAs(role)));

    [Theory]
    [InlineData(ShopRole.Owner, new[] { "取引一覧", "利用承諾", "設定", "スタッフ", "監査ログ", "サンドボックス Seller Central" })]
    [InlineData(ShopRole.Operator, new[] { "取引一覧", "利用承諾", "設定" })]
    [InlineData(ShopRole.Viewer, new[] { "取引一覧", "利用承諾", "設定" })]
    public void In_sandbox_mode_the_drawer_offers_Seller_Central_to_Owners_only(ShopRole role, string[] expected) =>
        Assert.Equal(expected, DrawerItems(SessionAs(role), AmazonPayMode.Sandbox));

    [Fact]
    public void In_live_mode_not_even_an_Owner_sees_Seller_Central()
    {
        Assert.DoesNotContain("サンドボックス Seller Central", DrawerItems(SessionAs(ShopRole.Owner), AmazonPayMode.Live));
    }

    [Fact]
    public void The_Seller_Central_link_leads_to_the_sandbox_page()
    {
        var menu = Context.Render<NavMenu>(p => p.Add(m => m.Session, SessionAs(ShopRole.Owner)).Add(m => m.AmazonPayMode, AmazonPayMode.Sandbox));

        Assert.Equal("sandbox/seller-central", menu.FindAll("a").Single(a => a.TextContent.Trim() == "サンドボックス Seller Central").GetAttribute("href"));
    }

    [Fact]
    public void A_gateway_admin_without_a_shop_sees_only_the_Shops_page()
    {
        Assert.Equal(["ショップ管理"], DrawerItems(SessionAs(null, gatewayAdmin: true), AmazonPayMode.Sandbox));
    }

    [Fact]
    public void A_gateway_admin_who_owns_a_shop_sees_both()
    {
        Assert.Equal(["取引一覧", "利用承諾", "設定", "スタッフ", "監査ログ", "サンドボックス Seller Central", "ショップ管理"],
            DrawerItems(SessionAs(ShopRole.Owner, gatewayAdmin: true), AmazonPayMode.Sandbox));
    }

    [Fact]
    public void The_language_switch_goes_to_English_and_comes_back_to_the_same_page()
    {
        var navigation = Context.Services.GetRequiredService<NavigationManager>();
        navigation.NavigateTo("/transactions?state=AUTH");
        var languageSwitch = Context.Render<LanguageSwitch>();

        languageSwitch.FindAll("button").Single(b => b.TextContent.Trim() == "English").Click();

        Assert.Equal("http://localhost/culture/set?culture=en-US&redirectUri=%2Ftransactions%3Fstate%3DAUTH", navigation.Uri);
    }

    [Fact]
    public void The_current_language_button_is_disabled()
    {
        var languageSwitch = Context.Render<LanguageSwitch>();

        var japanese = languageSwitch.FindAll("button").Single(b => b.TextContent.Trim() == "日本語");

        Assert.True(japanese.HasAttribute("disabled"));
    }
}

public class EnglishLayoutTests() : ComponentTestContext("en-US")
{
    [Fact]
    public void In_English_the_drawer_speaks_English()
    {
        var shops = new[] { new ShopRef("tshop1", "Test shop", ShopRole.Owner) };
        var menu = Context.Render<NavMenu>(p => p
            .Add(m => m.Session, new ShopSession("u", "u@example.test", false, shops, shops[0]))
            .Add(m => m.AmazonPayMode, AmazonPayMode.Sandbox));

        Assert.Equal(["Transactions", "Registrations", "Settings", "Staff", "Audit log", "Sandbox Seller Central"], menu.FindAll("a").Select(a => a.TextContent.Trim()));
    }

    [Fact]
    public void The_switch_back_to_Japanese_is_offered_in_English()
    {
        var navigation = Context.Services.GetRequiredService<NavigationManager>();
        var languageSwitch = Context.Render<LanguageSwitch>();

        languageSwitch.FindAll("button").Single(b => b.TextContent.Trim() == "日本語").Click();

        Assert.StartsWith("http://localhost/culture/set?culture=ja-JP", navigation.Uri, StringComparison.Ordinal);
    }
}
