using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using MerchantConsole.Api;
using MerchantConsole.Gateway;
using MerchantConsole.Tests.Support;

namespace MerchantConsole.Tests.Api;

/// <summary>The two transports, authentication and input checks, against the real app (no Amazon call needed).</summary>
public sealed class ApiTransportTests : IAsyncLifetime
{
    private TestConsole console = null!;
    private HttpClient http = null!;
    private ApiClient api = null!;

    public async Task InitializeAsync()
    {
        console = await TestConsole.StartAsync();
        http = console.CreateClient();
        api = new ApiClient(http);
    }

    public async Task DisposeAsync()
    {
        http.Dispose();
        await console.DisposeAsync();
    }

    [Fact]
    public async Task Every_missing_parameter_is_reported_at_once_joined_with_bars_in_a_200_windows31j_answer()
    {
        var answer = await api.IdPassRawAsync("EntryTranAmazonpay", []);

        Assert.Equal(HttpStatusCode.OK, answer.Status);
        Assert.Equal("text/plain; charset=windows-31j", answer.ContentType);
        Assert.Equal("ErrCode=E01|E01|E01|E01|E01&ErrInfo=E01010001|E01020001|E01040001|E01050001|E01060001", answer.Raw);
    }

    [Fact]
    public async Task Malformed_values_are_listed_together_with_missing_ones()
    {
        var answer = await api.IdPassAsync("EntryTranAmazonpay", ("OrderID", "注文-1"), ("JobCd", "SALES"), ("Amount", "10.5"),
            ("Tax", "-1"), ("AmazonpayType", "9"), ("PaymentType", "7"));

        Assert.Equal("E01040002|E01090002|E01050002|E01060002|E01070002|E01080002", answer.ErrInfo);
        Assert.Equal("E01|E01|E01|E01|E01|E01", answer.Fields["ErrCode"]);
    }

    [Theory]
    [InlineData(TestConsole.ShopId, "WrongShopPass0001")]
    [InlineData("noshop999", TestConsole.ShopPass)]
    public async Task A_wrong_shop_or_password_gets_the_same_answer_either_way(string shopId, string shopPass)
    {
        var wrong = new ApiClient(http, shopId, shopPass);

        var answer = await wrong.IdPassAsync("SearchTradeMulti", ("OrderID", "order-1"), ("PayType", "38"));
        var json = await wrong.JsonAsync("SearchTradeMulti", new JsonObject { ["orderID"] = "order-1", ["payType"] = "38" });

        Assert.Equal("ErrCode=E01&ErrInfo=E01020008", answer.Raw);
        Assert.Equal((HttpStatusCode.BadRequest, "E01020008"), (json.Status, json["errInfo"]));
    }

    [Theory]
    [InlineData(null, "E01210002")]
    [InlineData("0", "E01210002")]
    [InlineData("38", "E01040014")]
    public async Task SearchTradeMulti_answers_only_for_PayType_38(string? payType, string expected)
    {
        var fields = payType is null ? new[] { ("OrderID", "order-1") } : [("OrderID", "order-1"), ("PayType", payType)];

        var answer = await api.IdPassAsync("SearchTradeMulti", fields);

        Assert.Equal(expected, answer.ErrInfo);
    }

    [Fact]
    public async Task The_json_variant_answers_400_with_every_error_and_its_message_in_both_languages()
    {
        var answer = await api.JsonAsync("AmazonpaySales", false, new JsonObject { ["amount"] = 1000, ["unknownField"] = "ignored" });

        Assert.Equal(HttpStatusCode.BadRequest, answer.Status);
        Assert.Equal("E01|E01|E01|E01|E01", answer["errCode"]);
        Assert.Equal("E01010001|E01020001|E01100001|E01110001|E01040001", answer["errInfo"]);
        var first = answer.Body["errors"]![0]!;
        Assert.Equal(GatewayErrors.ShopIdMissing.Japanese, first["message"]!["ja"]!.ToString());
        Assert.Equal(GatewayErrors.ShopIdMissing.English, first["message"]!["en"]!.ToString());
    }

    [Fact]
    public async Task A_shop_without_Amazon_Pay_settings_is_told_so_with_400()
    {
        var answer = await api.JsonAsync("EntryTranAmazonpay", new JsonObject { ["orderID"] = "order-1", ["jobCd"] = "AUTH", ["amount"] = 1000 });

        Assert.Equal((HttpStatusCode.BadRequest, "E61010001"), (answer.Status, answer["errInfo"]));
    }

    [Fact]
    public async Task Unknown_APIs_and_unreadable_bodies_are_request_errors()
    {
        var unknown = await api.IdPassAsync("EntryTranPaypay", ("OrderID", "order-1"));
        var notWindows31J = await api.IdPassRawAsync("SearchTradeMulti", Encoding.ASCII.GetBytes("ShopID=tshop0001&OrderID=%82%FF"));
        using var content = new StringContent("[1,2]", Encoding.UTF8, "application/json");
        using var notAnObject = await http.PostAsync(new Uri("/payment/SearchTradeMulti.json", UriKind.Relative), content);

        Assert.Equal("ErrCode=E00&ErrInfo=E00000001", unknown.Raw);
        Assert.Equal("ErrCode=E00&ErrInfo=E00000002", notWindows31J.Raw);
        Assert.Equal(HttpStatusCode.BadRequest, notAnObject.StatusCode);
        Assert.Contains("E00000002", await notAnObject.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(false, true)]
    [InlineData(false, false)]
    [InlineData(true, true)]
    [InlineData(true, false)]
    public async Task A_body_over_64_KB_is_refused_with_E00000003_and_records_nothing_while_64_KB_exactly_is_read(bool json, bool declaredLength)
    {
        // A valid registration padded with an ignored parameter: were the limit missing, it would be recorded.
        var over = await SendPaddedAsync(json, "big-order-1", ApiTransport.MaxBodyBytes + 1, declaredLength);
        var exactly = await SendPaddedAsync(json, "big-order-2", ApiTransport.MaxBodyBytes, declaredLength);

        Assert.Equal(GatewayErrors.BodyTooLarge.ErrInfo, over.ErrInfo);
        Assert.Equal(json ? HttpStatusCode.BadRequest : HttpStatusCode.OK, over.Status);
        Assert.Equal(GatewayErrors.OrderNotFound.ErrInfo, (await api.IdPassAsync("SearchTradeMulti", ("OrderID", "big-order-1"), ("PayType", "38"))).ErrInfo);
        // The shop has no Amazon Pay settings: the registration is refused for that, which proves the body was read.
        Assert.Equal(GatewayErrors.NotConfigured.ErrInfo, exactly.ErrInfo);
    }

    [Fact]
    public async Task The_start_URL_refuses_a_body_over_64_KB_and_a_repeated_token_on_its_error_page()
    {
        using var large = new ByteArrayContent(new byte[ApiTransport.MaxBodyBytes + 1]);
        large.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/x-www-form-urlencoded");
        using var repeated = new StringContent("AccessID=" + new string('0', 32) + "&Token=a&Token=b", Encoding.ASCII, "application/x-www-form-urlencoded");

        using var tooLarge = await http.PostAsync(new Uri(PaymentGateway.StartPath, UriKind.Relative), large);
        using var twice = await http.PostAsync(new Uri(PaymentGateway.StartPath, UriKind.Relative), repeated);

        Assert.Equal(HttpStatusCode.BadRequest, tooLarge.StatusCode);
        Assert.Contains(GatewayErrors.BodyTooLarge.ErrInfo, await tooLarge.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Contains(GatewayErrors.BodyTooLarge.Japanese, await tooLarge.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, twice.StatusCode);
        Assert.Contains(GatewayErrors.RepeatedParameter.ErrInfo, await twice.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_parameter_given_twice_is_refused_whichever_value_comes_first_and_nothing_runs()
    {
        var form = await api.IdPassRawAsync("EntryTranAmazonpay", Encoding.ASCII.GetBytes(
            $"ShopID={TestConsole.ShopId}&ShopPass={TestConsole.ShopPass}&OrderID=twice-1&JobCd=AUTH&Amount=1000&Amount=1"));
        var emptySecond = await api.IdPassRawAsync("EntryTranAmazonpay", Encoding.ASCII.GetBytes(
            $"ShopID={TestConsole.ShopId}&ShopPass={TestConsole.ShopPass}&OrderID=twice-2&OrderID=&JobCd=AUTH&Amount=1000"));
        var jsonCase = await PostJsonAsync("SearchTradeMulti", $"{{\"shopID\":\"{TestConsole.ShopId}\",\"ShopID\":\"noshop999\",\"shopPass\":\"{TestConsole.ShopPass}\",\"orderID\":\"x\",\"payType\":\"38\"}}");
        var jsonNull = await PostJsonAsync("SearchTradeMulti", $"{{\"shopID\":\"{TestConsole.ShopId}\",\"shopPass\":\"{TestConsole.ShopPass}\",\"orderID\":null,\"orderID\":\"x\",\"payType\":\"38\",\"junk\":1,\"junk\":2}}");

        Assert.Equal("ErrCode=E00&ErrInfo=E00000004", form.Raw);
        Assert.Equal("ErrCode=E00&ErrInfo=E00000004", emptySecond.Raw);
        Assert.Equal((HttpStatusCode.BadRequest, "E00000004", "ShopID"), (jsonCase.Status, jsonCase["errInfo"], jsonCase.Body["errors"]![0]!["detail"]?.ToString()));
        Assert.Equal((HttpStatusCode.BadRequest, "E00000004", "OrderID"), (jsonNull.Status, jsonNull["errInfo"], jsonNull.Body["errors"]![0]!["detail"]?.ToString()));
        Assert.Equal(GatewayErrors.OrderNotFound.ErrInfo, (await api.IdPassAsync("SearchTradeMulti", ("OrderID", "twice-1"), ("PayType", "38"))).ErrInfo);
    }

    [Fact]
    public async Task A_repeated_parameter_the_API_does_not_know_is_refused_without_its_name_said_back()
    {
        var answer = await PostJsonAsync("SearchTradeMulti", "{\"<b>x</b>\":1,\"<b>x</b>\":2}");

        Assert.Equal("E00000004", answer["errInfo"]);
        Assert.Null(answer.Body["errors"]![0]!["detail"]);
    }

    [Theory]
    [InlineData("ShopID")]
    [InlineData("ShopPass")]
    [InlineData("OrderID")]
    public async Task A_NUL_in_any_parameter_is_an_unreadable_request_in_both_variants_and_records_nothing(string name)
    {
        string Value(string nul) => name switch
        {
            "ShopID" => TestConsole.ShopId + nul,
            "ShopPass" => nul + TestConsole.ShopPass,
            _ => "nul-order" + nul,
        };

        var fields = new Dictionary<string, string>
        {
            ["ShopID"] = TestConsole.ShopId,
            ["ShopPass"] = TestConsole.ShopPass,
            ["OrderID"] = "nul-order",
            ["JobCd"] = "AUTH",
            ["Amount"] = "1000"
        };
        string Form(string nul) => string.Join('&', fields.Select(f => f.Key + "=" + (f.Key == name ? Value(nul) : f.Value)));

        // PostgreSQL cannot store or even compare a NUL: it must be refused before any lookup, on either provider.
        var encoded = await api.IdPassRawAsync("EntryTranAmazonpay", Encoding.ASCII.GetBytes(Form("%00")));
        var raw = await api.IdPassRawAsync("EntryTranAmazonpay", Encoding.ASCII.GetBytes(Form("\0")));
        var json = new JsonObject(fields.Select(f => KeyValuePair.Create<string, JsonNode?>(JsonTransport.CamelCase(f.Key), f.Key == name ? Value("\0") : f.Value)));
        var jsonAnswer = await PostJsonAsync("EntryTranAmazonpay", json.ToJsonString());

        Assert.Equal("ErrCode=E00&ErrInfo=E00000002", encoded.Raw);
        Assert.Equal("ErrCode=E00&ErrInfo=E00000002", raw.Raw);
        Assert.Equal((HttpStatusCode.BadRequest, "E00000002"), (jsonAnswer.Status, jsonAnswer["errInfo"]));
        Assert.Equal(GatewayErrors.OrderNotFound.ErrInfo, (await api.IdPassAsync("SearchTradeMulti", ("OrderID", "nul-order"), ("PayType", "38"))).ErrInfo);
    }

    [Fact]
    public async Task The_payment_pages_answer_a_NUL_with_their_error_page_not_a_500()
    {
        using var start = new ByteArrayContent(Encoding.ASCII.GetBytes("AccessID=" + new string('a', 31) + "%00&Token=abc"));
        start.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/x-www-form-urlencoded");
        using var started = await http.PostAsync(new Uri(PaymentGateway.StartPath, UriKind.Relative), start);
        using var back = await http.GetAsync(new Uri(PaymentGateway.ReturnPath + "?AccessID=" + new string('a', 31) + "%00&amazonCheckoutSessionId="
            + Guid.NewGuid(), UriKind.Relative));

        Assert.Equal(HttpStatusCode.BadRequest, started.StatusCode);
        Assert.Contains(GatewayErrors.UnreadableBody.English, await started.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, back.StatusCode);
        Assert.Contains(GatewayErrors.AccessMismatch.English, await back.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Raw_Windows31J_text_is_read_as_Windows31J_and_bytes_that_are_not_are_refused_never_turned_into_question_marks()
    {
        var raw = Windows31J.Encoding.GetBytes($"ShopID={TestConsole.ShopId}&ShopPass={TestConsole.ShopPass}&OrderID=注文&PayType=38");
        var broken = Encoding.ASCII.GetBytes($"ShopID={TestConsole.ShopId}&ShopPass={TestConsole.ShopPass}&OrderID=").Concat(new byte[] { 0x82, 0xFF }).ToArray();

        // The raw text arrived intact: it is refused for what it is (not letters, digits and '-'), not as "????".
        Assert.Equal("E01040002", (await api.IdPassRawAsync("SearchTradeMulti", raw)).ErrInfo);
        Assert.Equal("E00000002", (await api.IdPassRawAsync("SearchTradeMulti", broken)).ErrInfo);
    }

    private async Task<(HttpStatusCode Status, string? ErrInfo)> SendPaddedAsync(bool json, string orderId, int size, bool declaredLength)
    {
        var prefix = json
            ? $"{{\"shopID\":\"{TestConsole.ShopId}\",\"shopPass\":\"{TestConsole.ShopPass}\",\"orderID\":\"{orderId}\",\"jobCd\":\"AUTH\",\"amount\":1000,\"padding\":\""
            : $"ShopID={TestConsole.ShopId}&ShopPass={TestConsole.ShopPass}&OrderID={orderId}&JobCd=AUTH&Amount=1000&Padding=";
        var suffix = json ? "\"}" : "";
        var body = Encoding.ASCII.GetBytes(prefix + new string('x', size - prefix.Length - suffix.Length) + suffix);
        Assert.Equal(size, body.Length);
        using HttpContent content = declaredLength ? new ByteArrayContent(body) : new StreamContent(new UnknownLengthStream(body));
        content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue(json ? "application/json" : "application/x-www-form-urlencoded");
        using var response = await http.PostAsync(new Uri($"/payment/EntryTranAmazonpay.{(json ? "json" : "idPass")}", UriKind.Relative), content);
        var bytes = await response.Content.ReadAsByteArrayAsync();
        var errInfo = json ? JsonNode.Parse(bytes)?["errInfo"]?.ToString() : Windows31J.ParseForm(bytes).GetValueOrDefault("ErrInfo");
        return (response.StatusCode, errInfo);
    }

    private async Task<JsonAnswer> PostJsonAsync(string apiName, string body)
    {
        using var content = new StringContent(body, Encoding.UTF8, "application/json");
        using var response = await http.PostAsync(new Uri($"/payment/{apiName}.json", UriKind.Relative), content);
        return new JsonAnswer(response.StatusCode, (JsonObject)JsonNode.Parse(await response.Content.ReadAsStringAsync())!);
    }

    /// <summary>A body sent chunked, without Content-Length: the limit must hold while reading, not only on the header.</summary>
    private sealed class UnknownLengthStream(byte[] bytes) : MemoryStream(bytes)
    {
        public override bool CanSeek => false;
    }

    [Fact]
    public void The_Token_keeps_its_plus_unencoded_while_slash_and_equals_are_encoded()
    {
        var raw = IdPassTransport.Format(ApiOutcome.Ok(("Token", "ab+c/d=="), ("StartURL", "http://x/?a=b+c")));

        Assert.Equal("Token=ab+c%2fd%3d%3d&StartURL=http%3a%2f%2fx%2f%3fa%3db%2bc", raw);
    }

    [Fact]
    public async Task The_start_URL_refuses_a_wrong_token_with_a_bilingual_page()
    {
        using var content = new FormUrlEncodedContent(new Dictionary<string, string> { ["AccessID"] = new('0', 32), ["Token"] = "nope" });

        using var response = await http.PostAsync(new Uri(PaymentGateway.StartPath, UriKind.Relative), content);
        var page = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(GatewayErrors.TokenInvalid.Japanese, page, StringComparison.Ordinal);
        Assert.Contains(GatewayErrors.TokenInvalid.English, page, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_way_back_from_Amazon_is_not_sent_to_the_first_run_page_and_refuses_an_unknown_AccessID()
    {
        await using var fresh = await TestConsole.StartAsync(bootstrap: false);
        using var client = fresh.CreateClient();

        using var response = await client.GetAsync(new Uri(PaymentGateway.ReturnPath + "?AccessID=" + new string('a', 32) + "&amazonCheckoutSessionId=x", UriKind.Relative));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(GatewayErrors.AccessMismatch.English, await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_OpenAPI_document_describes_every_operation_of_the_json_variant()
    {
        var document = JsonNode.Parse(await http.GetStringAsync(new Uri(MerchantApi.OpenApiPath, UriKind.Relative)))!;

        Assert.Equal("3.1.0", document["openapi"]!.ToString());
        var paths = document["paths"]!.AsObject().Select(p => p.Key).ToList();
        Assert.Equal(ApiOperations.All.Select(o => $"/payment/{o.Name}.json"), paths);
        var entry = document["paths"]!["/payment/EntryTranAmazonpay.json"]!["post"]!["requestBody"]!["content"]!["application/json"]!["schema"]!;
        Assert.Equal(["shopID", "shopPass", "orderID"], entry["required"]!.AsArray().Select(n => n!.ToString()));
    }

    [Fact]
    public async Task Docs_list_every_error_of_the_catalogue()
    {
        var docs = await File.ReadAllTextAsync(Path.Combine(RepositoryRoot.Path, "docs", "api.md"));

        var missing = GatewayErrors.All.Where(e => !docs.Contains($"| {e.ErrInfo} |", StringComparison.Ordinal)).Select(e => e.ErrInfo).ToList();

        Assert.Empty(missing);
    }
}
