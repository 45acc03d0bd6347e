using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using AngleSharp.Dom;
using MerchantConsole.Core.AmazonPay;
using MerchantConsole.Data;
using MerchantConsole.Gateway;
using MerchantConsole.Sandbox;
using MerchantConsole.Settings;
using MerchantConsole.Tests.Api;
using MerchantConsole.Tests.Gateway;
using MerchantConsole.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using static MerchantConsole.Tests.Hosting.PageInspection;

namespace MerchantConsole.Tests.Hosting;

/// <summary>
/// Markup, script and spreadsheet formulas in every text a shop or a merchant's server can set — shop name, Amazon Pay
/// store name, description, free fields, APB address — go through the real paths into the database and come out
/// everywhere they are shown as text: the grid, the detail page, the settings screen, the demo store with its
/// snippet, the buyer pages, the APB page, the API's answers and the CSV. Order IDs cannot carry them: the API
/// refuses such an OrderID and records nothing.
/// </summary>
public sealed class HostileTextTests : IAsyncLifetime
{
    private const string Script = "<script>alert('xss')</script>";
    private const string Img = "\"><img src=x onerror=alert(1)>";
    private const string Formula = "=cmd|' /C calc'!A0";
    private const string Svg = "</textarea><svg onload=alert(2)>";

    private GatewayHarness harness = null!;
    private HttpClient staff = null!;

    private TestConsole Console => harness.Console;

    public async Task InitializeAsync()
    {
        harness = await GatewayHarness.StartAsync();
        staff = Console.CreateClient();
        await Console.SignInAsync(staff, TestConsole.OwnerEmail, TestConsole.OwnerPassword);
    }

    public async Task DisposeAsync()
    {
        staff.Dispose();
        await harness.DisposeAsync();
    }

    [Theory]
    [InlineData(Script)]
    [InlineData(Img)]
    [InlineData("order<1>")]
    [InlineData("=1+1")]
    [InlineData("order 1")]
    [InlineData("注文1")]
    public async Task An_OrderID_with_anything_but_letters_digits_and_dashes_is_refused_and_nothing_is_recorded(string orderId)
    {
        var api = new ApiClient(Console.CreateClient());

        var idPass = await api.IdPassAsync("EntryTranAmazonpay", ("OrderID", orderId), ("JobCd", "AUTH"), ("Amount", "1000"));
        var json = await api.JsonAsync("EntryTranAmazonpay", new JsonObject { ["orderID"] = orderId, ["jobCd"] = "AUTH", ["amount"] = 1000 });

        Assert.Equal(GatewayErrors.OrderIdInvalid.ErrInfo, idPass.ErrInfo);
        Assert.Equal((HttpStatusCode.BadRequest, GatewayErrors.OrderIdInvalid.ErrInfo), (json.Status, json["errInfo"]));
        await using var db = await harness.DbAsync();
        Assert.False(await db.GatewayTransactions.AnyAsync(t => t.OrderId == orderId));
    }

    [Fact]
    public async Task Markup_and_formulas_in_names_descriptions_and_free_fields_are_shown_as_text_everywhere()
    {
        var pages = new[] { "/transactions", "/settings", DemoStore.Path + "?shop=" + TestConsole.ShopId };
        var scriptsBefore = new Dictionary<string, int>();
        foreach (var path in pages)
        {
            scriptsBefore[path] = (await PageAsync(path)).QuerySelectorAll("script").Length;
        }

        var shopName = "<b>" + Script + Img + "</b>";
        // Amazon allows 50 characters here; "</script>" is the one text that could end the snippet's script early.
        var storeName = Img + "</script>";
        await using (var db = await harness.DbAsync())
        {
            // Shop names are set by an administrator or the first run; here the row is changed directly to put one in.
            (await db.Shops.SingleAsync(s => s.Id == TestConsole.ShopId)).Name = shopName;
            await db.SaveChangesAsync();
        }

        await SaveStoreNameAsync(storeName);
        var description = Formula + Script + Img;
        var clientField = Svg + Img;
        var (orderId, accessId) = await PaymentWithTextAsync(description, clientField);

        // The grid, the settings screen and the demo store: no markup got in, and the text shows as text.
        foreach (var path in pages)
        {
            var page = await PageAsync(path);
            Assert.Equal(scriptsBefore[path], page.QuerySelectorAll("script").Length);
            AssertNothingInjected(page);
            Assert.Contains(shopName, page.Body!.TextContent, StringComparison.Ordinal);
        }

        var settings = await PageAsync("/settings");
        Assert.Contains(settings.QuerySelectorAll("input"), input => input.GetAttribute("value") == storeName);
        var store = await PageAsync(DemoStore.Path + "?shop=" + TestConsole.ShopId);
        var payload = AssertSnippetHoldsTextOnlyInLiterals(store);
        Assert.Equal(storeName, payload["merchantMetadata"]!["merchantStoreName"]!.ToString());

        // The detail page shows the description and the free fields as text.
        long id;
        await using (var db = await harness.DbAsync())
        {
            id = await db.GatewayTransactions.Where(t => t.OrderId == orderId).Select(t => t.Id).SingleAsync();
        }

        var detail = await PageAsync($"/transactions/{id}");
        AssertNothingInjected(detail);
        Assert.Equal(scriptsBefore["/transactions"], detail.QuerySelectorAll("script").Length);
        Assert.Contains(description, detail.Body!.TextContent, StringComparison.Ordinal);
        Assert.Contains(clientField + " / " + Formula, detail.Body.TextContent, StringComparison.Ordinal);

        // The buyer presses the shop's real button: the sandbox's page shows the store name as text.
        var (made, _) = await Console.Services.CreateScope().ServiceProvider.GetRequiredService<ButtonSnippets>()
            .GenerateAsync(harness.Sandbox.Owner, new ButtonOptions(ButtonKind.OneTime, "https://merchant.example/review"), Console.Address);
        var pressed = await harness.Sandbox.Buyers.StartAsync(made!.PayloadJson, made.Signature, harness.Sandbox.Key.PublicKeyId, "AMZN-PAY-RSASSA-PSS-V2", "PayAndShip", Console.Address);
        Assert.True(pressed.Succeeded, pressed.ErrorKey);
        var buyer = Parse(await staff.GetStringAsync(new Uri(new Uri(pressed.RedirectUrl!).PathAndQuery, UriKind.Relative)));
        AssertNothingInjected(buyer);
        Assert.Equal(storeName, buyer.QuerySelector("[data-testid=store-name]")?.TextContent);

        // The CSV: the description's formula cannot run; the cell reads back as the text with a leading apostrophe.
        var csv = Encoding.UTF8.GetString(await staff.GetByteArrayAsync(new Uri("/transactions/export.csv", UriKind.Relative)))[1..];
        var row = csv.Split("\r\n").Single(line => line.StartsWith(orderId + ",", StringComparison.Ordinal));
        Assert.EndsWith(",\"'" + description.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"", row, StringComparison.Ordinal);

        // The API's answers carry the fields back encoded, never as markup.
        var api = new ApiClient(Console.CreateClient());
        var trade = await api.IdPassAsync("SearchTradeMulti", ("OrderID", orderId), ("PayType", "38"));
        Assert.Equal((accessId, clientField, Formula), (trade["AccessID"], trade["ClientField1"], trade["ClientField2"]));
        Assert.DoesNotContain("<", trade.Raw, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Markup_in_an_APB_shipping_address_stays_inside_the_buttons_script_literals()
    {
        using var http = Console.CreateClient();
        var api = new ApiClient(http);
        var entry = await api.IdPassAsync("EntryTranAmazonpay", ("OrderID", "xss-apb-1"), ("JobCd", "AUTH"), ("Amount", "1000"), ("AmazonpayType", "4"));
        var exec = await api.IdPassAsync("ExecTranAmazonpay", ("AccessID", entry["AccessID"]), ("AccessPass", entry["AccessPass"]), ("OrderID", "xss-apb-1"),
            ("RetURL", "https://merchant.example/result"), ("Description", Script), ("APBType", "PayAndShip"), ("APBName", Img), ("APBAddressLine1", Svg),
            ("APBStateOrRegion", "東京都"), ("APBPostalCode", "1000001"), ("APBCountryCode", "JP"), ("APBPhoneNumber", "0312345678"));
        Assert.Equal("REQSUCCESS", exec["Status"]);

        using var start = await http.SendAsync(Post(PaymentGateway.StartPath, [new("AccessID", entry["AccessID"]), new("Token", exec.Token)]));
        var page = Parse(await start.Content.ReadAsStringAsync());

        Assert.Equal(HttpStatusCode.OK, start.StatusCode);
        var payload = AssertSnippetHoldsTextOnlyInLiterals(page);
        Assert.Equal((Img, Svg), (payload["addressDetails"]!["name"]!.ToString(), payload["addressDetails"]!["addressLine1"]!.ToString()));
        Assert.Equal(Script, payload["merchantMetadata"]!["noteToBuyer"]!.ToString());
    }

    private async Task<IDocument> PageAsync(string path)
    {
        using var response = await staff.GetAsync(new Uri(path, UriKind.Relative));
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{path}: {(int)response.StatusCode}");
        return Parse(await response.Content.ReadAsStringAsync());
    }

    private async Task SaveStoreNameAsync(string storeName)
    {
        using var scope = Console.Services.CreateScope();
        var settings = scope.ServiceProvider.GetRequiredService<AmazonPaySettingsService>();
        var view = (await settings.GetAsync(harness.Sandbox.Owner))!;
        var saved = await settings.SaveAsync(harness.Sandbox.Owner, new SettingsInput(
            storeName, view.UseAddress, view.PublicKeyId, view.MerchantId, view.StoreId, view.Environment, view.NotificationUrl, view.RecurringMonthlyCeiling, view.Version));
        Assert.True(saved.Succeeded, saved.Refusal?.English);
    }

    /// <summary>A one-time payment registered and executed through the JSON API with the given texts (REQSUCCESS).</summary>
    private async Task<(string OrderId, string AccessId)> PaymentWithTextAsync(string description, string clientField)
    {
        var api = new ApiClient(Console.CreateClient());
        var orderId = GatewayHarness.NewOrderId();
        var entry = await api.IdPassAsync("EntryTranAmazonpay", ("OrderID", orderId), ("JobCd", "AUTH"), ("Amount", "1200"));
        var exec = await api.JsonAsync("ExecTranAmazonpay", new JsonObject
        {
            ["accessID"] = entry["AccessID"],
            ["accessPass"] = entry["AccessPass"],
            ["orderID"] = orderId,
            ["retURL"] = "https://merchant.example/result",
            ["amazonCheckoutSessionID"] = await harness.ButtonSessionAsync(),
            ["description"] = description,
            ["clientField1"] = clientField,
            ["clientField2"] = Formula,
        });
        Assert.True(exec.Status == HttpStatusCode.OK, exec.Body.ToJsonString());
        return (orderId, entry["AccessID"]);
    }

    /// <summary>
    /// The snippet's two scripts are the page's only scripts, the inline one holds no '&lt;' at all (text reaches it
    /// only as an escaped literal), and nothing was injected around it. Returns the signed payload it carries.
    /// </summary>
    private static JsonNode AssertSnippetHoldsTextOnlyInLiterals(IDocument page)
    {
        var scripts = page.QuerySelectorAll("script").ToList();
        Assert.Equal(2, scripts.Count);
        Assert.EndsWith(SandboxBuyerEndpoints.ScriptPath, scripts[0].GetAttribute("src"), StringComparison.Ordinal);
        Assert.StartsWith("amazon.Pay.renderButton(", scripts[1].TextContent.Trim(), StringComparison.Ordinal);
        Assert.DoesNotContain("<", scripts[1].TextContent, StringComparison.Ordinal);
        AssertNothingInjected(page);
        return JsonNode.Parse(ApbFlowTests.Literal(scripts[1].TextContent, "payloadJSON"))!;
    }

    /// <summary>
    /// What the hostile texts would leave if they were markup: an attribute that runs code (the app writes none), the
    /// image and SVG they carry, a script of their own, or the bold wrapper around the shop name.
    /// </summary>
    private static void AssertNothingInjected(IDocument page)
    {
        Assert.DoesNotContain(page.All, e => e.Attributes.Any(a => a.Name.StartsWith("on", StringComparison.Ordinal)));
        Assert.DoesNotContain(page.All, e => e.LocalName == "img" && e.GetAttribute("src") == "x");
        Assert.DoesNotContain(page.All, e => e.LocalName == "script" && e.TextContent.StartsWith("alert", StringComparison.Ordinal));
        Assert.DoesNotContain(page.All, e => e.LocalName == "b" && e.TextContent.Contains("alert", StringComparison.Ordinal));
    }
}
