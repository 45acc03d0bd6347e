using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using System.Web;
using MerchantConsole.Core.AmazonPay;

namespace MerchantConsole.E2E;

/// <summary>An order as the merchant's server knows it once the customer is back: what RetURL was sent.</summary>
internal sealed record PlacedOrder(string OrderId, string AccessId, string AccessPass, string Status, string ChargePermissionId);

/// <summary>
/// Orders placed without a browser, the way a merchant's own server and its customers place them: the merchant signs a
/// button payload with the shop's private key, the customer presses it (the POST checkout.js makes), picks the sandbox
/// buyer and pays on the sandbox's buyer pages (plain HTML forms with their antiforgery token), and the merchant calls
/// 取引登録 and 決済実行 in between. Journeys set their scene with it in seconds; what they test happens in Chromium.
/// </summary>
internal sealed partial class SandboxOrders(Uri console, string shopId, string shopPass, SellerAccount seller) : IDisposable
{
    // The merchant's pages are never fetched: the customer's redirects to them are only read.
    private const string ReviewUrl = "https://merchant.example/review";
    private const string ResultUrl = "https://merchant.example/result";

    private readonly HttpClient merchant = new() { BaseAddress = console };
    private readonly AmazonPayPrivateKey key = PrivateKeyPem.Load(seller.Pem).Value!;
    private readonly ButtonShop shop = new(seller.StoreId, seller.PublicKeyId, "E2E商店", Sandbox: true);

    /// <summary>A one-time payment (都度決済). <paramref name="amountChangeEnabled"/> is the button's 金額変更利用有無 = 利用する.</summary>
    public Task<PlacedOrder> PayAsync(string orderId, long amount, long tax = 0, string jobCd = "AUTH", bool amountChangeEnabled = false, string? description = null)
    {
        var button = ButtonBuilder.OneTime(shop, new OneTimeButton(ProductType.PayAndShip, ReviewUrl, AmountChangeEnabled: amountChangeEnabled), key.Rsa);
        Assert.True(button.IsOk, button.Refusal?.ToString());
        var exec = new Dictionary<string, string>();
        if (description is not null)
        {
            exec["description"] = description;
        }

        return CheckoutAsync(button.Value, orderId, new() { ["jobCd"] = jobCd, ["amount"] = $"{amount}", ["tax"] = $"{tax}" }, exec);
    }

    /// <summary>Many one-time payments, a few customers at a time (the machine has two cores and the console writes to one SQLite file).</summary>
    public async Task<IReadOnlyList<PlacedOrder>> PayAllAsync(IReadOnlyList<(string OrderId, long Amount)> orders, int atOnce = 4)
    {
        using var gate = new SemaphoreSlim(atOnce);
        return await Task.WhenAll(orders.Select(async order =>
        {
            await gate.WaitAsync();
            try
            {
                return await PayAsync(order.OrderId, order.Amount);
            }
            finally
            {
                gate.Release();
            }
        }));
    }

    /// <summary>A registration only (利用承諾のみ, PaymentType 3) with the recurring button: the customer grants a monthly permission.</summary>
    public Task<PlacedOrder> RegisterAsync(string orderId)
    {
        var button = ButtonBuilder.Recurring(shop, new RecurringButton(ProductType.PayAndShip, ReviewUrl, FrequencyUnit.Month, 1), key.Rsa);
        Assert.True(button.IsOk, button.Refusal?.ToString());
        return CheckoutAsync(button.Value, orderId, new() { ["paymentType"] = "3" }, new() { ["frequencyUnit"] = "Month", ["frequencyValue"] = "1" });
    }

    private async Task<PlacedOrder> CheckoutAsync(SignedButton button, string orderId, Dictionary<string, string> entryFields, Dictionary<string, string> execFields)
    {
        // Each customer has a browser of their own: cookies (the buyer pages' antiforgery cookie) are not shared.
        using var customer = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false, CookieContainer = new CookieContainer() }) { BaseAddress = console };

        var choose = await RedirectAsync(customer, "/sandbox/buyer/start", new()
        {
            ["payloadJSON"] = button.PayloadJson,
            ["signature"] = button.Signature,
            ["publicKeyId"] = button.PublicKeyId,
            ["algorithm"] = SignatureAlgorithms.V2Name,
            ["productType"] = button.ProductType.ToString(),
        });
        var choosePage = await customer.GetStringAsync(choose);
        var review = await RedirectAsync(customer, choose.AbsoluteUri, new()
        {
            ["_handler"] = "buyer-choose",
            ["__RequestVerificationToken"] = Match(AntiforgeryToken(), choosePage, "antiforgery token"),
            // Amazon preselects the buyer's default wallet; the first choice on the page plays that part.
            ["Input.Choice"] = Match(FirstChoice(), choosePage, "buyer choice"),
        });
        Assert.StartsWith(ReviewUrl, review.AbsoluteUri, StringComparison.Ordinal);
        var sessionId = HttpUtility.ParseQueryString(review.Query)["amazonCheckoutSessionId"]!;

        entryFields["orderID"] = orderId;
        var entry = await CallAsync("EntryTranAmazonpay", entryFields);
        var (accessId, accessPass) = (Field(entry, "accessID")!, Field(entry, "accessPass")!);
        SecretScanLog.Secret("AccessPass", accessPass);
        execFields["accessID"] = accessId;
        execFields["accessPass"] = accessPass;
        execFields["orderID"] = orderId;
        execFields["retURL"] = ResultUrl;
        execFields["amazonCheckoutSessionID"] = sessionId;
        var exec = await CallAsync("ExecTranAmazonpay", execFields);

        var confirm = await RedirectAsync(customer, Field(exec, "startURL")!, new() { ["AccessID"] = accessId, ["Token"] = Field(exec, "token")! });
        var confirmPage = await customer.GetStringAsync(confirm);
        var back = await RedirectAsync(customer, confirm.AbsoluteUri, new()
        {
            ["_handler"] = "buyer-confirm",
            ["__RequestVerificationToken"] = Match(AntiforgeryToken(), confirmPage, "antiforgery token"),
            ["Input.Outcome"] = "Approve",
        });

        // The gateway's page that carries the result on to RetURL.
        var result = await customer.GetStringAsync(back);
        var fields = HiddenInput().Matches(result).ToDictionary(m => WebUtility.HtmlDecode(m.Groups[1].Value), m => WebUtility.HtmlDecode(m.Groups[2].Value));
        Assert.True(fields.ContainsKey("Status"), $"{orderId}: no result form in\n{result}");
        Assert.True(fields["ErrInfo"].Length == 0, $"{orderId}: {fields["ErrCode"]} {fields["ErrInfo"]}");
        return new PlacedOrder(orderId, accessId, accessPass, fields["Status"], fields["AmazonChargePermissionID"]);
    }

    /// <summary>A form POST whose answer must be a redirect; returns where it leads.</summary>
    private static async Task<Uri> RedirectAsync(HttpClient customer, string url, Dictionary<string, string> form)
    {
        using var content = new FormUrlEncodedContent(form);
        using var response = await customer.PostAsync(url, content);
        Assert.True(response.StatusCode is HttpStatusCode.Redirect or HttpStatusCode.SeeOther,
            $"POST {url}: {(int)response.StatusCode}\n{await response.Content.ReadAsStringAsync()}");
        return new Uri(customer.BaseAddress!, response.Headers.Location!);
    }

    private async Task<JsonObject> CallAsync(string api, Dictionary<string, string> fields)
    {
        fields["shopID"] = shopId;
        fields["shopPass"] = shopPass;
        using var response = await merchant.PostAsJsonAsync($"/payment/{api}.json", fields);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"{api}: {(int)response.StatusCode} {text}");
        return (JsonObject)JsonNode.Parse(text)!;
    }

    private static string? Field(JsonObject answer, string name) =>
        answer.FirstOrDefault(p => string.Equals(p.Key, name, StringComparison.OrdinalIgnoreCase)).Value?.ToString();

    private static string Match(Regex pattern, string html, string what)
    {
        var match = pattern.Match(html);
        Assert.True(match.Success, $"no {what} in\n{html}");
        return WebUtility.HtmlDecode(match.Groups[1].Value);
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" value=\"([^\"]+)\"")]
    private static partial Regex AntiforgeryToken();

    [GeneratedRegex("name=\"Input.Choice\" value=\"([^\"]+)\"")]
    private static partial Regex FirstChoice();

    [GeneratedRegex("<input type=\"hidden\" name=\"([^\"]*)\" value=\"([^\"]*)\">")]
    private static partial Regex HiddenInput();

    public void Dispose()
    {
        merchant.Dispose();
        key.Dispose();
    }
}
