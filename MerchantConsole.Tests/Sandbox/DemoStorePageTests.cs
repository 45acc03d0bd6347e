using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using MerchantConsole.Sandbox;
using MerchantConsole.Tests.Hosting;
using MerchantConsole.Tests.Support;

namespace MerchantConsole.Tests.Sandbox;

/// <summary>
/// The demo store's product page hands out the shop's real one-time button; on request, one that enables 金額変更, so
/// staff can try a re-amount and the one-click deadline extension on a demo order.
/// </summary>
public sealed partial class DemoStorePageTests(ConfiguredConsole fixture) : IClassFixture<ConfiguredConsole>
{
    private async Task<(string Html, JsonObject Payload)> ProductPageAsync(string query)
    {
        using var client = fixture.Console.CreateClient();
        var html = await client.GetStringAsync(DemoStore.Path + "?shop=" + TestConsole.ShopId + query);
        var literal = PayloadLiteral().Match(html);
        Assert.True(literal.Success, "no payloadJSON in the product page");
        return (html, JsonNode.Parse(Regex.Unescape(literal.Groups[1].Value))!.AsObject());
    }

    [Fact]
    public async Task The_usual_button_does_not_enable_amount_change_and_offers_the_one_that_does()
    {
        var (html, payload) = await ProductPageAsync("");

        Assert.Null(payload["paymentDetails"]?["allowOvercharge"]);
        Assert.Contains("このボタンの注文は金額変更ができません。", html, StringComparison.Ordinal);
        Assert.Contains($"href=\"{DemoStore.Path}?shop={TestConsole.ShopId}&amp;amountChange=1\"", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task On_request_the_button_enables_amount_change_and_a_longer_permission_and_offers_the_way_back()
    {
        var (html, payload) = await ProductPageAsync("&amountChange=1");

        Assert.True(payload["paymentDetails"]!["allowOvercharge"]!.GetValue<bool>());
        Assert.True(payload["paymentDetails"]!["extendExpiration"]!.GetValue<bool>());
        Assert.Contains("このボタンの注文は金額変更ができます", html, StringComparison.Ordinal);
        Assert.Contains($"href=\"{DemoStore.Path}?shop={TestConsole.ShopId}\"", html, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("&amountChange=0")]
    [InlineData("&amountChange=yes")]
    [InlineData("&amountChange=")]
    public async Task Anything_but_1_gives_the_usual_button(string query)
    {
        var (_, payload) = await ProductPageAsync(query);

        Assert.Null(payload["paymentDetails"]?["allowOvercharge"]);
    }

    [GeneratedRegex(@"payloadJSON: '((?:[^'\\]|\\.)*)'")]
    private static partial Regex PayloadLiteral();
}
