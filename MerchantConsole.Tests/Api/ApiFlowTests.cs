using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using MerchantConsole.Gateway;
using MerchantConsole.Sandbox;
using MerchantConsole.Tests.Sandbox;
using MerchantConsole.Tests.Support;

namespace MerchantConsole.Tests.Api;

/// <summary>The merchant API end to end: a configured shop, the real engine, and the embedded Amazon Pay sandbox.</summary>
public sealed class ApiFlowTests : SandboxTest
{
    private const string RetUrl = "https://merchant.example/result?from=gateway";

    private HttpClient http = null!;
    private ApiClient api = null!;

    private async Task ReadyAsync()
    {
        await ApiShop.ConfigureAsync(Sandbox);
        http = Sandbox.Console.CreateClient();
        api = new ApiClient(http);
    }

    [Fact]
    public async Task A_one_time_payment_goes_from_entry_through_Amazon_and_RetURL_to_SALES()
    {
        await ReadyAsync();
        var entry = await api.IdPassAsync("EntryTranAmazonpay", ("OrderID", "order-0001"), ("JobCd", "AUTH"), ("Amount", "4980"), ("AmazonpayType", "3"));
        var (accessId, accessPass) = (entry["AccessID"], entry["AccessPass"]);
        var sessionId = await ApiShop.BuyerChoseAsync(Sandbox);

        var exec = await api.IdPassAsync("ExecTranAmazonpay", ("AccessID", accessId), ("AccessPass", accessPass), ("OrderID", "order-0001"),
            ("RetURL", RetUrl), ("AmazonCheckoutSessionID", sessionId), ("Description", "ご注文ありがとうございます"),
            ("ClientField1", "会員番号123"), ("ClientField2", "ＡＢＣ"));
        Assert.Equal("REQSUCCESS", exec["Status"]);
        Assert.DoesNotContain("%2b", exec.RawValue("Token"), StringComparison.OrdinalIgnoreCase);

        using var start = new FormUrlEncodedContent(new Dictionary<string, string> { ["AccessID"] = accessId, ["Token"] = exec.Token });
        using var toAmazon = await http.PostAsync(new Uri(exec["StartURL"]), start);
        Assert.Equal(HttpStatusCode.SeeOther, toAmazon.StatusCode);
        Assert.EndsWith($"/sandbox/buyer/confirm/{sessionId}", toAmazon.Headers.Location!.AbsoluteUri, StringComparison.Ordinal);

        var confirmed = await Sandbox.Buyers.ConfirmAsync(sessionId, "Approve");
        Assert.True(confirmed.Succeeded, confirmed.ErrorKey);
        using var back = await http.GetAsync(new Uri(confirmed.RedirectUrl!));
        var (action, form) = ApiShop.ReturnForm(await back.Content.ReadAsStringAsync());

        Assert.Equal(RetUrl, action);
        Assert.Equal((TestConsole.ShopId, "order-0001", "AUTH", "", ""), (form["ShopID"], form["OrderID"], form["Status"], form["ErrCode"], form["ErrInfo"]));
        var expected = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes("order-0001" + accessId + TestConsole.ShopId + TestConsole.ShopPass + form["AmazonChargePermissionID"])));
        Assert.Equal(expected, form["CheckString"]);

        var sales = await api.IdPassAsync("AmazonpaySales", ("AccessID", accessId), ("AccessPass", accessPass), ("OrderID", "order-0001"), ("Amount", "4980"));
        Assert.Equal(("SALES", "4980", "0"), (sales["Status"], sales["Amount"], sales["Tax"]));

        var search = await api.IdPassAsync("SearchTradeMulti", ("OrderID", "order-0001"), ("PayType", "38"));
        Assert.Equal(("SALES", "AUTH", accessId, accessPass), (search["Status"], search["JobCd"], search["AccessID"], search["AccessPass"]));
        Assert.Equal(("会員番号123", "ＡＢＣ", "", "38"), (search["ClientField1"], search["ClientField2"], search["ClientField3"], search["PayType"]));
    }

    [Theory]
    [InlineData("0123456789abcdef0123456789abcdef")] // an AccessPass put in the wrong field: it must not reach Amazon's URL or the logs
    [InlineData("S03-1234567-1234567")]
    [InlineData("6FAA51AD-137D-8710-3208-03E2BA0F0C3")]
    public async Task A_checkout_session_ID_not_in_Amazons_shape_is_refused_without_asking_Amazon(string notASession)
    {
        await ReadyAsync();
        var entry = await api.IdPassAsync("EntryTranAmazonpay", ("OrderID", "order-shape"), ("JobCd", "AUTH"), ("Amount", "1000"));
        // From here every request that reaches the sandbox is answered 503, and counted.
        await Sandbox.AddFaultAsync(SandboxFaultKind.ServiceUnavailable, remaining: null, rate: 1);

        var exec = await api.IdPassAsync("ExecTranAmazonpay", ("AccessID", entry["AccessID"]), ("AccessPass", entry["AccessPass"]),
            ("OrderID", "order-shape"), ("RetURL", RetUrl), ("AmazonCheckoutSessionID", notASession));
        var address = await api.JsonAsync("SearchAddressAmazonpay", new JsonObject { ["amazonCheckoutSessionID"] = notASession });
        using var back = await http.GetAsync(new Uri($"{PaymentGateway.ReturnPath}?AccessID={entry["AccessID"]}&amazonCheckoutSessionId={notASession}", UriKind.Relative));

        Assert.Equal(GatewayErrors.CheckoutSessionNotUsable.ErrInfo, exec.ErrInfo);
        Assert.Equal((HttpStatusCode.BadRequest, GatewayErrors.CheckoutSessionNotUsable.ErrInfo), (address.Status, address["errInfo"]));
        Assert.Equal(HttpStatusCode.BadRequest, back.StatusCode);
        Assert.Contains(GatewayErrors.AccessMismatch.English, await back.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Null((await Sandbox.ControlAsync(HttpMethod.Get, "faults"))["injected"]!["ServiceUnavailable"]);
        var trade = await api.IdPassAsync("SearchTradeMulti", ("OrderID", "order-shape"), ("PayType", "38"));
        Assert.Equal("UNPROCESSED", trade["Status"]);
    }

    [Fact]
    public async Task A_reused_OrderID_is_refused_and_the_json_variant_answers_200_then_400()
    {
        await ReadyAsync();
        var body = () => new JsonObject { ["orderID"] = "order-dup", ["jobCd"] = "CAPTURE", ["amount"] = 1000, ["tax"] = "80" };

        var first = await api.JsonAsync("EntryTranAmazonpay", body());
        var second = await api.JsonAsync("EntryTranAmazonpay", body());

        Assert.Equal(HttpStatusCode.OK, first.Status);
        Assert.Equal(32, first["accessID"]!.Length);
        Assert.Equal((HttpStatusCode.BadRequest, "E01040010"), (second.Status, second["errInfo"]));
        var idPass = await api.IdPassAsync("EntryTranAmazonpay", ("OrderID", "order-dup"), ("JobCd", "AUTH"), ("Amount", "1000"));
        Assert.Equal("ErrCode=E01&ErrInfo=E01040010", idPass.Raw);
    }

    [Fact]
    public async Task A_declined_payment_comes_back_to_RetURL_with_its_error_and_cannot_be_captured()
    {
        await ReadyAsync();
        var (accessId, accessPass, sessionId, exec) = await ExecutedAsync("order-decline", 3000);
        await Sandbox.AddFaultAsync(SandboxFaultKind.AuthorizationHardDecline);

        using var start = new FormUrlEncodedContent(new Dictionary<string, string> { ["AccessID"] = accessId, ["Token"] = exec.Token });
        using var toAmazon = await http.PostAsync(new Uri(exec["StartURL"]), start);
        var confirmed = await Sandbox.Buyers.ConfirmAsync(sessionId, "Approve");
        using var back = await http.GetAsync(new Uri(confirmed.RedirectUrl!));
        var (_, form) = ApiShop.ReturnForm(await back.Content.ReadAsStringAsync());

        Assert.Equal(HttpStatusCode.SeeOther, toAmazon.StatusCode);
        Assert.Equal(("PAYFAIL", "E30"), (form["Status"], form["ErrCode"]));
        Assert.StartsWith("E3000000", form["ErrInfo"], StringComparison.Ordinal);

        var capture = await api.JsonAsync("AmazonpaySales", new JsonObject
        {
            ["accessID"] = accessId,
            ["accessPass"] = accessPass,
            ["orderID"] = "order-decline",
            ["amount"] = 3000,
        });
        Assert.Equal((HttpStatusCode.BadRequest, "E11010003"), (capture.Status, capture["errInfo"]));
    }

    [Fact]
    public async Task A_capture_Amazon_declines_is_a_502_in_the_json_variant()
    {
        await ReadyAsync();
        var (accessId, accessPass, sessionId, exec) = await ExecutedAsync("order-capfail", 2000);
        using var start = new FormUrlEncodedContent(new Dictionary<string, string> { ["AccessID"] = accessId, ["Token"] = exec.Token });
        using (await http.PostAsync(new Uri(exec["StartURL"]), start))
        {
        }

        var confirmed = await Sandbox.Buyers.ConfirmAsync(sessionId, "Approve");
        using (await http.GetAsync(new Uri(confirmed.RedirectUrl!)))
        {
        }

        await Sandbox.AddFaultAsync(SandboxFaultKind.CaptureDecline);
        var capture = await api.JsonAsync("AmazonpaySales", new JsonObject
        {
            ["accessID"] = accessId,
            ["accessPass"] = accessPass,
            ["orderID"] = "order-capfail",
            ["amount"] = "2000",
        });

        Assert.Equal(HttpStatusCode.BadGateway, capture.Status);
        Assert.StartsWith("E30", capture["errCode"], StringComparison.Ordinal);
        Assert.NotNull(capture.Body["errors"]![0]!["message"]!["ja"]);
    }

    [Fact]
    public async Task The_AccessPass_must_match_and_the_start_token_works_only_with_its_AccessID()
    {
        await ReadyAsync();
        var (accessId, _, _, exec) = await ExecutedAsync("order-guard", 1500);

        var wrongPass = await api.IdPassAsync("AmazonpaySales", ("AccessID", accessId), ("AccessPass", new string('0', 32)), ("OrderID", "order-guard"), ("Amount", "1500"));
        using var start = new FormUrlEncodedContent(new Dictionary<string, string> { ["AccessID"] = new('f', 32), ["Token"] = exec.Token });
        using var otherAccess = await http.PostAsync(new Uri(exec["StartURL"]), start);

        Assert.Equal("E01110002", wrongPass.ErrInfo);
        Assert.Equal(HttpStatusCode.BadRequest, otherAccess.StatusCode);
    }

    private async Task<(string AccessId, string AccessPass, string SessionId, IdPassAnswer Exec)> ExecutedAsync(string orderId, long amount)
    {
        var entry = await api.IdPassAsync("EntryTranAmazonpay", ("OrderID", orderId), ("JobCd", "AUTH"), ("Amount", amount.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        Assert.Null(entry.ErrInfo);
        var sessionId = await ApiShop.BuyerChoseAsync(Sandbox);
        var exec = await api.IdPassAsync("ExecTranAmazonpay", ("AccessID", entry["AccessID"]), ("AccessPass", entry["AccessPass"]), ("OrderID", orderId),
            ("RetURL", RetUrl), ("AmazonCheckoutSessionID", sessionId));
        Assert.Null(exec.ErrInfo);
        return (entry["AccessID"], entry["AccessPass"], sessionId, exec);
    }
}
