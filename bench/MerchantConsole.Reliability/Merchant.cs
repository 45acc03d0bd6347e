using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using System.Web;
using MerchantConsole.Core.AmazonPay;

namespace MerchantConsole.Reliability;

/// <summary>One merchant API call as the merchant saw it: an answer (ok or an ErrInfo), or none at all.</summary>
public sealed record Answer(string Api, bool Ok, string? ErrInfo, JsonObject? Body, string? NoAnswer = null)
{
    public string? Field(string name) =>
        Body?.FirstOrDefault(p => string.Equals(p.Key, name, StringComparison.OrdinalIgnoreCase)).Value?.ToString();
}

/// <summary>
/// The merchant's server and its customers, without a browser (as e2e/SandboxOrders.cs does it, but tolerant: every
/// answer is returned, none asserted): signed buttons, the customer's POSTs on the sandbox's buyer pages, 取引登録,
/// 決済実行, the gateway's return page, and 実売上 / キャンセル / 金額変更. Every call is counted by the caller.
/// </summary>
public sealed partial class Merchant(Uri console, string shopId, string shopPass, SellerAccount seller) : IDisposable
{
    private const string ReviewUrl = "https://merchant.example/review";
    private const string ResultUrl = "https://merchant.example/result";

    private readonly HttpClient api = new() { BaseAddress = console, Timeout = TimeSpan.FromSeconds(120) };
    private readonly AmazonPayPrivateKey key = PrivateKeyPem.Load(seller.Pem).Value!;
    private readonly ButtonShop shop = new(seller.StoreId, seller.PublicKeyId, "信頼性テスト商店", Sandbox: true);

    public Uri Console => console;

    public async Task<Answer> CallAsync(string name, Dictionary<string, string> fields)
    {
        fields["shopID"] = shopId;
        fields["shopPass"] = shopPass;
        try
        {
            using var response = await api.PostAsJsonAsync($"/payment/{name}.json", fields);
            var text = await response.Content.ReadAsStringAsync();
            var body = TryParse(text);
            if (response.IsSuccessStatusCode)
            {
                return new Answer(name, true, null, body);
            }

            var errInfo = body is null ? null
                : body.FirstOrDefault(p => string.Equals(p.Key, "errInfo", StringComparison.OrdinalIgnoreCase)).Value?.ToString();
            return new Answer(name, false, errInfo ?? $"HTTP{(int)response.StatusCode}", body);
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
        {
            return new Answer(name, false, null, null, e.GetType().Name);
        }
    }

    /// <summary>
    /// 取引状態参照 until the transaction leaves a REQ* state (Amazon settles, the sync worker records it), as a merchant
    /// waits before the next refund; not counted as an operation. Returns the last status seen.
    /// </summary>
    public async Task<string?> SettledStatusAsync(string orderId, TimeSpan limit)
    {
        var deadline = DateTime.UtcNow + limit;
        string? status = null;
        while (DateTime.UtcNow < deadline)
        {
            var trade = await CallAsync("SearchTradeMulti", new() { ["orderID"] = orderId, ["payType"] = "38" });
            status = trade.Field("status");
            if (trade.Ok && status is not null && !status.StartsWith("REQ", StringComparison.Ordinal))
            {
                return status;
            }

            await Task.Delay(TimeSpan.FromSeconds(2));
        }

        return status;
    }

    /// <summary>The customer presses the button and picks the sandbox buyer; returns the checkout session, or null.</summary>
    public async Task<(HttpClient Customer, string SessionId)?> BuyerSessionAsync(bool recurring)
    {
        var button = recurring
            ? ButtonBuilder.Recurring(shop, new RecurringButton(ProductType.PayAndShip, ReviewUrl, FrequencyUnit.Month, 1), key.Rsa)
            : ButtonBuilder.OneTime(shop, new OneTimeButton(ProductType.PayAndShip, ReviewUrl, AmountChangeEnabled: true), key.Rsa);
        var customer = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false, CookieContainer = new CookieContainer() })
        {
            BaseAddress = console,
            Timeout = TimeSpan.FromSeconds(120),
        };
        try
        {
            var choose = await RedirectAsync(customer, "/sandbox/buyer/start", new()
            {
                ["payloadJSON"] = button.Value!.PayloadJson,
                ["signature"] = button.Value!.Signature,
                ["publicKeyId"] = button.Value!.PublicKeyId,
                ["algorithm"] = SignatureAlgorithms.V2Name,
                ["productType"] = button.Value!.ProductType.ToString(),
            });
            var choosePage = await customer.GetStringAsync(choose);
            var review = await RedirectAsync(customer, choose.AbsoluteUri, new()
            {
                ["_handler"] = "buyer-choose",
                ["__RequestVerificationToken"] = Match(AntiforgeryToken(), choosePage),
                ["Input.Choice"] = Match(FirstChoice(), choosePage),
            });
            return (customer, HttpUtility.ParseQueryString(review.Query)["amazonCheckoutSessionId"]!);
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException or InvalidOperationException)
        {
            customer.Dispose();
            return null;
        }
    }

    /// <summary>
    /// The customer's way back: StartURL, 支払う on the sandbox's page, the gateway's result page (which completes the
    /// checkout at Amazon). The answer is the result form's Status, or its ErrInfo.
    /// </summary>
    public static async Task<Answer> ReturnAsync(HttpClient customer, string accessId, Answer exec)
    {
        try
        {
            var confirm = await RedirectAsync(customer, exec.Field("startURL")!, new() { ["AccessID"] = accessId, ["Token"] = exec.Field("token")! });
            var confirmPage = await customer.GetStringAsync(confirm);
            var back = await RedirectAsync(customer, confirm.AbsoluteUri, new()
            {
                ["_handler"] = "buyer-confirm",
                ["__RequestVerificationToken"] = Match(AntiforgeryToken(), confirmPage),
                ["Input.Outcome"] = "Approve",
            });
            using var response = await customer.GetAsync(back);
            var result = await response.Content.ReadAsStringAsync();
            var fields = HiddenInput().Matches(result).ToDictionary(m => WebUtility.HtmlDecode(m.Groups[1].Value), m => WebUtility.HtmlDecode(m.Groups[2].Value));
            if (!fields.TryGetValue("Status", out var status))
            {
                return new Answer("AmazonpayReturn", false, $"HTTP{(int)response.StatusCode}", null);
            }

            var body = new JsonObject(fields.Select(f => KeyValuePair.Create(f.Key, (JsonNode?)f.Value)));
            return fields["ErrInfo"].Length == 0
                ? new Answer("AmazonpayReturn", true, null, body)
                : new Answer("AmazonpayReturn", false, fields["ErrInfo"], body);
        }
        catch (RefusedPage refused)
        {
            // The gateway or the sandbox answered with a page instead of sending the customer on: an error answer
            // (the gateway's error page carries its ErrInfo), not a request without an answer.
            return new Answer("AmazonpayReturn", false, refused.ErrInfo, null);
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException or InvalidOperationException)
        {
            return new Answer("AmazonpayReturn", false, null, null, e.GetType().Name);
        }
    }

    /// <summary>A POST answered with a page where a redirect was expected.</summary>
    private sealed class RefusedPage(string errInfo) : InvalidOperationException(errInfo)
    {
        public string ErrInfo { get; } = errInfo;
    }

    private static async Task<Uri> RedirectAsync(HttpClient customer, string url, Dictionary<string, string> form)
    {
        using var content = new FormUrlEncodedContent(form);
        using var response = await customer.PostAsync(url, content);
        if (response.StatusCode is not (HttpStatusCode.Redirect or HttpStatusCode.SeeOther) || response.Headers.Location is null)
        {
            var page = await response.Content.ReadAsStringAsync();
            var errInfo = GatewayErrorPage().Match(page);
            throw new RefusedPage(errInfo.Success ? errInfo.Groups[1].Value : $"HTTP{(int)response.StatusCode} at {new Uri(customer.BaseAddress!, url).AbsolutePath}");
        }

        return new Uri(customer.BaseAddress!, response.Headers.Location);
    }

    /// <summary>A sandbox control call (clock, settle, faults), signed with the shop's key like any API call.</summary>
    public async Task<JsonObject> ControlAsync(HttpMethod method, string path, object? body = null)
    {
        var bytes = body is null ? [] : Encoding.UTF8.GetBytes(System.Text.Json.JsonSerializer.Serialize(body));
        var signed = RequestSigner.Sign(
            new ApiRequest(method, path, bytes, method == HttpMethod.Post ? AmazonPayClient.NewIdempotencyKey() : null),
            new Uri(console, "/sandbox/amazonpay/control"), seller.PublicKeyId, key.Rsa, DateTimeOffset.UtcNow);
        using var response = await api.SendAsync(signed.ToHttpRequestMessage());
        var text = await response.Content.ReadAsStringAsync();
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"sandbox control {method} {path}: {(int)response.StatusCode} {text}");
        }

        return (JsonObject)JsonNode.Parse(text)!;
    }

    private static JsonObject? TryParse(string text)
    {
        try
        {
            return JsonNode.Parse(text) as JsonObject;
        }
        catch (System.Text.Json.JsonException)
        {
            return null;
        }
    }

    private static string Match(Regex pattern, string html)
    {
        var match = pattern.Match(html);
        return match.Success ? WebUtility.HtmlDecode(match.Groups[1].Value) : throw new InvalidOperationException("unexpected buyer page");
    }

    /// <summary>The gateway's error page ends with its ErrCode and ErrInfo (PaymentPages.ErrorPage).</summary>
    [GeneratedRegex("<small>[A-Z0-9]+ ([A-Z0-9|]+)</small>")]
    private static partial Regex GatewayErrorPage();

    [GeneratedRegex("name=\"__RequestVerificationToken\" value=\"([^\"]+)\"")]
    private static partial Regex AntiforgeryToken();

    [GeneratedRegex("name=\"Input.Choice\" value=\"([^\"]+)\"")]
    private static partial Regex FirstChoice();

    [GeneratedRegex("<input type=\"hidden\" name=\"([^\"]*)\" value=\"([^\"]*)\">")]
    private static partial Regex HiddenInput();

    public void Dispose()
    {
        api.Dispose();
        key.Dispose();
    }
}
