using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using MerchantConsole.Core.Payments;
using MerchantConsole.Sandbox;
using MerchantConsole.Tests.Sandbox;
using MerchantConsole.Tests.Support;

namespace MerchantConsole.Tests.Api;

/// <summary>
/// AmazonpayType 4, the additional payment button: ExecTran carries the APB type and address instead of a session;
/// the start URL shows a button signed for this order; its press creates the session, which the gateway accepts on
/// the way back only when it leads to this transaction.
/// </summary>
public sealed partial class ApbFlowTests : SandboxTest
{
    private const string RetUrl = "https://merchant.example/result";

    [Fact]
    public async Task An_APB_PayAndShip_order_is_paid_from_the_start_page_button_and_returns_AUTH_with_the_address_sent()
    {
        await ApiShop.ConfigureAsync(Sandbox);
        using var http = Sandbox.Console.CreateClient();
        var api = new ApiClient(http);
        var entry = await api.IdPassAsync("EntryTranAmazonpay", ("OrderID", "apb-0001"), ("JobCd", "AUTH"), ("Amount", "2500"), ("Tax", "250"), ("AmazonpayType", "4"));

        var missing = await api.IdPassAsync("ExecTranAmazonpay", ("AccessID", entry["AccessID"]), ("AccessPass", entry["AccessPass"]), ("OrderID", "apb-0001"),
            ("RetURL", RetUrl), ("APBType", "PayAndShip"), ("APBName", "山田 太郎"));
        Assert.Equal("E01190001", missing["ErrInfo"]);

        var exec = await api.IdPassAsync("ExecTranAmazonpay", ("AccessID", entry["AccessID"]), ("AccessPass", entry["AccessPass"]), ("OrderID", "apb-0001"),
            ("RetURL", RetUrl), ("Description", "APBのご注文"), ("APBType", "PayAndShip"), ("APBName", "山田 太郎"), ("APBAddressLine1", "千代田1-1"),
            ("APBCity", "千代田区"), ("APBStateOrRegion", "東京都"), ("APBPostalCode", "1000001"), ("APBCountryCode", "JP"), ("APBPhoneNumber", "0312345678"));
        Assert.Equal("REQSUCCESS", exec["Status"]);

        using var start = new FormUrlEncodedContent(new Dictionary<string, string> { ["AccessID"] = entry["AccessID"], ["Token"] = exec.Token });
        using var page = await http.PostAsync(new Uri(exec["StartURL"]), start);
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        var html = await page.Content.ReadAsStringAsync();
        var payload = Literal(html, "payloadJSON");
        using (var document = JsonDocument.Parse(payload))
        {
            var root = document.RootElement;
            Assert.Equal("ProcessOrder", root.GetProperty("webCheckoutDetails").GetProperty("checkoutMode").GetString());
            Assert.EndsWith("AccessID=" + entry["AccessID"], root.GetProperty("webCheckoutDetails").GetProperty("checkoutResultReturnUrl").GetString(), StringComparison.Ordinal);
            Assert.Equal("2750", root.GetProperty("paymentDetails").GetProperty("chargeAmount").GetProperty("amount").ToString());
            Assert.Equal("apb-0001", root.GetProperty("merchantMetadata").GetProperty("merchantReferenceId").GetString());
            Assert.Equal("東京都", root.GetProperty("addressDetails").GetProperty("stateOrRegion").GetString());
        }

        // The customer presses the button: checkout.js posts exactly what the page holds.
        var pressed = await Sandbox.Buyers.StartAsync(payload, Literal(html, "signature"), Sandbox.Key.PublicKeyId, "AMZN-PAY-RSASSA-PSS-V2", "PayAndShip", Sandbox.Origin);
        Assert.True(pressed.Succeeded, pressed.ErrorKey);
        var sessionId = SessionIdOf(pressed.RedirectUrl!);
        var chosen = await Sandbox.Buyers.ChooseAsync(sessionId, SandboxBuyers.All[0].BuyerId, SandboxBuyers.All[0].PaymentMethods[0].Id, Sandbox.Origin);
        Assert.True(chosen.Succeeded, chosen.ErrorKey);
        var confirmed = await Sandbox.Buyers.ConfirmAsync(sessionId, "Approve");
        Assert.True(confirmed.Succeeded, confirmed.ErrorKey);

        using var back = await http.GetAsync(new Uri(confirmed.RedirectUrl!));
        var (action, form) = ApiShop.ReturnForm(await back.Content.ReadAsStringAsync());
        Assert.Equal((RetUrl, "AUTH", ""), (action, form["Status"], form["ErrCode"]));
        var trade = await api.IdPassAsync("SearchTradeMulti", ("OrderID", "apb-0001"), ("PayType", "38"));
        Assert.Equal(("AUTH", "2500", "250"), (trade["Status"], trade["Amount"], trade["Tax"]));
    }

    [Fact]
    public async Task A_session_that_does_not_lead_back_to_the_transaction_is_not_taken_for_an_APB()
    {
        await ApiShop.ConfigureAsync(Sandbox);
        using var http = Sandbox.Console.CreateClient();
        var api = new ApiClient(http);
        var entry = await api.IdPassAsync("EntryTranAmazonpay", ("OrderID", "apb-0002"), ("JobCd", "AUTH"), ("Amount", "900"), ("AmazonpayType", "4"));
        var exec = await api.IdPassAsync("ExecTranAmazonpay", ("AccessID", entry["AccessID"]), ("AccessPass", entry["AccessPass"]), ("OrderID", "apb-0002"), ("RetURL", RetUrl));
        using var start = new FormUrlEncodedContent(new Dictionary<string, string> { ["AccessID"] = entry["AccessID"], ["Token"] = exec.Token });
        using (await http.PostAsync(new Uri(exec["StartURL"]), start))
        {
        }

        // Someone else's session, made by an ordinary button, brought to this transaction's return URL.
        var foreign = await ApiShop.BuyerChoseAsync(Sandbox);
        using var back = await http.GetAsync(new Uri($"/payment/AmazonpayReturn?AccessID={entry["AccessID"]}&amazonCheckoutSessionId={foreign}", UriKind.Relative));

        Assert.Equal(HttpStatusCode.BadRequest, back.StatusCode);
        var trade = await api.IdPassAsync("SearchTradeMulti", ("OrderID", "apb-0002"), ("PayType", "38"));
        Assert.Equal(TransactionState.AuthProcess.Code(), trade["Status"]);
    }

    [Fact]
    public async Task APB_is_refused_for_registrations()
    {
        await ApiShop.ConfigureAsync(Sandbox);
        using var http = Sandbox.Console.CreateClient();
        var api = new ApiClient(http);
        var entry = await api.IdPassAsync("EntryTranAmazonpay", ("OrderID", "apb-0003"), ("JobCd", "AUTH"), ("Amount", "900"), ("AmazonpayType", "4"), ("PaymentType", "2"));

        var exec = await api.IdPassAsync("ExecTranAmazonpay", ("AccessID", entry["AccessID"]), ("AccessPass", entry["AccessPass"]), ("OrderID", "apb-0003"),
            ("RetURL", RetUrl), ("FrequencyUnit", "Month"), ("FrequencyValue", "1"));

        Assert.Equal("E01080003", exec["ErrInfo"]);
    }

    /// <summary>A single-quoted JavaScript literal of the snippet, back to its text (its escapes are JSON's, plus \').</summary>
    internal static string Literal(string html, string name)
    {
        var match = Regex.Match(html, name + @": '((?:[^'\\]|\\.)*)'");
        Assert.True(match.Success, $"{name} not found in the start page");
        return JsonSerializer.Deserialize<string>("\"" + match.Groups[1].Value.Replace("\\'", "'", StringComparison.Ordinal) + "\"")!;
    }

    internal static string SessionIdOf(string url) => SessionPath().Match(url) is { Success: true } m ? m.Groups[1].Value : throw new InvalidOperationException(url);

    [GeneratedRegex(@"/sandbox/buyer/(?:checkout|confirm)/([^/?]+)")]
    private static partial Regex SessionPath();
}
