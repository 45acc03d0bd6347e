using System.Net;
using System.Text.RegularExpressions;
using MerchantConsole.Core.AmazonPay;
using MerchantConsole.Core.Payments;
using MerchantConsole.Data;
using MerchantConsole.Sandbox;
using MerchantConsole.Shops;
using MerchantConsole.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace MerchantConsole.Tests.Sandbox;

/// <summary>
/// The buyer's side of the sandbox over HTTP, as a browser drives it: checkout.js, the button's POST, and the
/// static buyer forms with their antiforgery tokens. The merchant's side is played with the real button builder
/// and API client, signing with a key generated through Seller Central.
/// </summary>
public sealed partial class SandboxBuyerPagesTests : IAsyncLifetime
{
    private const string ReviewUrl = "https://merchant.example/review";
    private const string ResultUrl = "https://merchant.example/result";
    private const string CancelUrl = "https://merchant.example/cancel";
    private const string Hanako = "amzn1.account.SANDBOXBUYER0002";

    private TestConsole console = null!;
    private HttpClient browser = null!;
    private GeneratedSandboxKey key = null!;
    private AmazonPayPrivateKey privateKey = null!;

    public async Task InitializeAsync()
    {
        console = await TestConsole.StartAsync();
        browser = console.CreateClient();
        await using var scope = console.Services.CreateAsyncScope();
        key = (await scope.ServiceProvider.GetRequiredService<SandboxSellerCentral>().GenerateKeyAsync(await OwnerAsync()))!;
        privateKey = PrivateKeyPem.Load(key.PrivateKeyPem).Value!;
    }

    public async Task DisposeAsync()
    {
        privateKey.Dispose();
        browser.Dispose();
        await console.DisposeAsync();
    }

    private async Task<ActorRef> OwnerAsync()
    {
        await using var db = await console.Services.GetRequiredService<IDbContextFactory<ApplicationDbContext>>().CreateDbContextAsync();
        var user = await db.Users.SingleAsync(u => u.Email == TestConsole.OwnerEmail);
        return new ActorRef(user.Id, TestConsole.OwnerEmail);
    }

    private ButtonShop Shop => new(key.StoreId, key.PublicKeyId, TestConsole.ShopName, Sandbox: true);

    private AmazonPayCredentials Credentials => new(privateKey, key.PublicKeyId, AmazonPayEnvironment.Sandbox, new Uri(console.Address, SandboxApi.BasePath));

    private SignedButton OneTimeButton() =>
        ButtonBuilder.OneTime(Shop, new OneTimeButton(ProductType.PayAndShip, ReviewUrl, CancelUrl), privateKey.Rsa).Value!;

    /// <summary>What checkout.js posts when the buyer clicks the button.</summary>
    private Task<HttpResponseMessage> ClickAsync(SignedButton button, string? payloadJson = null) =>
        browser.PostAsync(new Uri(SandboxBuyerEndpoints.StartPath, UriKind.Relative), new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["payloadJSON"] = payloadJson ?? button.PayloadJson,
            ["signature"] = button.Signature,
            ["publicKeyId"] = button.PublicKeyId,
            ["algorithm"] = SignatureAlgorithms.V2Name,
            ["productType"] = button.ProductType.ToString(),
        }));

    private async Task<string> StartCheckoutAsync()
    {
        var response = await ClickAsync(OneTimeButton());
        Assert.Equal(HttpStatusCode.SeeOther, response.StatusCode);
        return response.Headers.Location!.AbsolutePath.Split('/')[^1];
    }

    /// <summary>Loads a static page and submits its form as a browser would, antiforgery token and handler name included.</summary>
    private async Task<HttpResponseMessage> SubmitAsync(string path, string formName, Dictionary<string, string> fields)
    {
        var page = await browser.GetStringAsync(new Uri(path, UriKind.Relative));
        fields["__RequestVerificationToken"] = AntiforgeryToken().Match(page).Groups[1].Value;
        fields["_handler"] = formName;
        return await browser.PostAsync(new Uri(path, UriKind.Relative), new FormUrlEncodedContent(fields));
    }

    private Task<HttpResponseMessage> ChooseAsync(string sessionId, string choice) =>
        SubmitAsync($"/sandbox/buyer/checkout/{sessionId}", "buyer-choose", new() { ["Input.Choice"] = choice });

    private Task<HttpResponseMessage> ConfirmAsync(string sessionId, string outcome) =>
        SubmitAsync($"/sandbox/buyer/confirm/{sessionId}", "buyer-confirm", new() { ["Input.Outcome"] = outcome });

    /// <summary>The merchant's review step: the buyer chose, so the merchant sets the amount and where the buyer returns.</summary>
    private async Task<string> ReadyForConfirmationAsync()
    {
        var sessionId = await StartCheckoutAsync();
        Assert.Equal(HttpStatusCode.Found, (await ChooseAsync(sessionId, $"{Hanako} master-4444")).StatusCode);
        using var http = new HttpClient();
        var updated = await new AmazonPayClient(http, TimeProvider.System).UpdateCheckoutSessionAsync(Credentials, sessionId,
            new UpdateCheckoutSessionRequest(
                new WebCheckoutDetails(CheckoutResultReturnUrl: ResultUrl),
                new PaymentDetails(PaymentIntent.Authorize, ChargeAmount: new Yen(4_980))));
        Assert.True(updated.IsSuccess, updated.Error?.Message);
        Assert.Equal(new Uri(console.Address, $"/sandbox/buyer/confirm/{sessionId}").ToString(), updated.Value.WebCheckoutDetails!.AmazonPayRedirectUrl);
        return sessionId;
    }

    private async Task<CheckoutSession> GetSessionAsync(string sessionId)
    {
        using var http = new HttpClient();
        var session = await new AmazonPayClient(http, TimeProvider.System).GetCheckoutSessionAsync(Credentials, sessionId);
        Assert.True(session.IsSuccess, session.Error?.Message);
        return session.Value;
    }

    [Fact]
    public async Task Checkout_js_is_served_as_a_script_that_renders_the_button()
    {
        var response = await browser.GetAsync(new Uri(SandboxBuyerEndpoints.ScriptPath, UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/javascript", response.Content.Headers.ContentType!.MediaType);
        var script = await response.Content.ReadAsStringAsync();
        Assert.Contains("amazon.Pay.renderButton", script, StringComparison.Ordinal);
        Assert.Contains("/sandbox/buyer/start", script, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_correctly_signed_button_starts_a_checkout_session_and_sends_the_buyer_to_choose()
    {
        var response = await ClickAsync(OneTimeButton());

        Assert.Equal(HttpStatusCode.SeeOther, response.StatusCode);
        var location = response.Headers.Location!;
        Assert.StartsWith(new Uri(console.Address, "/sandbox/buyer/checkout/").ToString(), location.ToString(), StringComparison.Ordinal);
        var page = await browser.GetAsync(location);
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        var html = await page.Content.ReadAsStringAsync();
        Assert.Contains(TestConsole.ShopName, html, StringComparison.Ordinal);
        Assert.Contains("佐藤 花子 · Mastercard ****4444", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_tampered_payload_answers_400_with_the_string_to_sign_the_sandbox_computed()
    {
        var button = OneTimeButton();
        var tampered = button.PayloadJson.Replace("merchant.example", "merchant.exbmple", StringComparison.Ordinal);

        var response = await ClickAsync(button, tampered);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var html = WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());
        Assert.Contains("InvalidSignatureError", html, StringComparison.Ordinal);
        Assert.Contains("signedString " + CanonicalRequest.StringToSign(SignatureAlgorithm.V2, tampered).Replace('\n', ' '), html, StringComparison.Ordinal);
        Assert.Contains("Amazon Pay ボタンの署名を確認できませんでした。", html, StringComparison.Ordinal);
        await using var db = await console.Services.GetRequiredService<IDbContextFactory<ApplicationDbContext>>().CreateDbContextAsync();
        Assert.False(await db.SandboxCheckoutSessions.AnyAsync());
    }

    [Fact]
    public async Task Choosing_a_buyer_returns_to_the_merchants_review_URL_and_the_API_shows_the_buyer()
    {
        var sessionId = await StartCheckoutAsync();

        var response = await ChooseAsync(sessionId, $"{Hanako} master-4444");

        Assert.Equal(HttpStatusCode.Found, response.StatusCode);
        Assert.Equal($"{ReviewUrl}?amazonCheckoutSessionId={sessionId}", response.Headers.Location!.ToString());
        var session = await GetSessionAsync(sessionId);
        Assert.Equal(CheckoutSessionState.Open, session.StatusDetails.State);
        Assert.Equal(Hanako, session.Buyer!.BuyerId);
        Assert.Equal("Mastercard ****4444", session.PaymentPreferences!.Single().PaymentDescriptor);
    }

    [Fact]
    public async Task A_payment_method_of_another_buyer_is_refused_and_changes_nothing()
    {
        var sessionId = await StartCheckoutAsync();

        var response = await ChooseAsync(sessionId, $"{Hanako} visa-1111");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("テスト購入者または支払い方法の選択が正しくありません。", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Null((await GetSessionAsync(sessionId)).Buyer?.BuyerId);
    }

    [Fact]
    public async Task An_unknown_session_is_a_clear_404_in_Japanese_and_in_English()
    {
        var japanese = await browser.GetAsync(new Uri("/sandbox/buyer/checkout/no-such-session", UriKind.Relative));
        await browser.GetAsync(new Uri("/culture/set?culture=en-US&redirectUri=/", UriKind.Relative));
        var english = await browser.GetAsync(new Uri("/sandbox/buyer/confirm/no-such-session", UriKind.Relative));

        Assert.Equal(HttpStatusCode.NotFound, japanese.StatusCode);
        Assert.Contains("このチェックアウトセッションは見つかりません。", await japanese.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, english.StatusCode);
        Assert.Contains("This checkout session was not found.", await english.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Paying_returns_to_the_result_URL_and_the_merchant_completes_the_session()
    {
        var sessionId = await ReadyForConfirmationAsync();
        var page = await browser.GetStringAsync(new Uri($"/sandbox/buyer/confirm/{sessionId}", UriKind.Relative));
        Assert.Contains("¥4,980", page, StringComparison.Ordinal);
        Assert.Contains("佐藤 花子", page, StringComparison.Ordinal);
        Assert.Contains("Mastercard ****4444", page, StringComparison.Ordinal);

        var response = await ConfirmAsync(sessionId, "Approve");

        Assert.Equal(HttpStatusCode.Found, response.StatusCode);
        Assert.Equal($"{ResultUrl}?amazonCheckoutSessionId={sessionId}", response.Headers.Location!.ToString());
        using var http = new HttpClient();
        var completed = await new AmazonPayClient(http, TimeProvider.System).CompleteCheckoutSessionAsync(
            Credentials, sessionId, new CompleteCheckoutSessionRequest(new Yen(4_980)), AmazonPayClient.NewIdempotencyKey());
        Assert.True(completed.IsSuccess, completed.Error?.Message);
        Assert.Equal(CheckoutSessionState.Completed, completed.Value.StatusDetails.State);
    }

    [Fact]
    public async Task Cancelling_returns_to_the_cancel_URL_and_the_session_can_no_longer_be_confirmed()
    {
        var sessionId = await ReadyForConfirmationAsync();

        var response = await ConfirmAsync(sessionId, "Cancel");

        Assert.Equal(HttpStatusCode.Found, response.StatusCode);
        Assert.Equal($"{CancelUrl}?amazonCheckoutSessionId={sessionId}", response.Headers.Location!.ToString());
        var session = await GetSessionAsync(sessionId);
        Assert.Equal((CheckoutSessionState.Canceled, "BuyerCanceled"), (session.StatusDetails.State, session.StatusDetails.ReasonCode));
        var again = await browser.GetAsync(new Uri($"/sandbox/buyer/confirm/{sessionId}", UriKind.Relative));
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
        var html = await again.Content.ReadAsStringAsync();
        Assert.Contains("このチェックアウトセッションはもう操作できません。", html, StringComparison.Ordinal);
        Assert.DoesNotContain("Input.Outcome", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_simulated_hard_decline_is_what_the_merchant_learns_on_completion()
    {
        var sessionId = await ReadyForConfirmationAsync();

        var response = await ConfirmAsync(sessionId, "HardDecline");

        Assert.Equal(HttpStatusCode.Found, response.StatusCode);
        Assert.Equal($"{ResultUrl}?amazonCheckoutSessionId={sessionId}", response.Headers.Location!.ToString());
        using var http = new HttpClient();
        var completed = await new AmazonPayClient(http, TimeProvider.System).CompleteCheckoutSessionAsync(
            Credentials, sessionId, new CompleteCheckoutSessionRequest(new Yen(4_980)), AmazonPayClient.NewIdempotencyKey());
        Assert.False(completed.IsSuccess);
        Assert.Equal("HardDeclined", completed.Error.ReasonCode);
    }

    [Fact]
    public async Task An_unknown_outcome_is_refused_and_the_session_stays_open()
    {
        var sessionId = await ReadyForConfirmationAsync();

        var response = await ConfirmAsync(sessionId, "Steal");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(CheckoutSessionState.Open, (await GetSessionAsync(sessionId)).StatusDetails.State);
    }

    [Fact]
    public async Task Signing_in_returns_a_buyer_token_that_GetBuyer_accepts()
    {
        var button = ButtonBuilder.SignIn(Shop, new SignInButton("https://merchant.example/signed-in?from=cart"), privateKey.Rsa).Value!;
        var started = await ClickAsync(button);
        Assert.Equal(HttpStatusCode.SeeOther, started.StatusCode);
        var signInPath = started.Headers.Location!.PathAndQuery;
        Assert.StartsWith("/sandbox/buyer/signin?ticket=", signInPath, StringComparison.Ordinal);

        var response = await SubmitAsync(signInPath, "buyer-signin", new() { ["Input.BuyerId"] = Hanako });

        Assert.Equal(HttpStatusCode.Found, response.StatusCode);
        var returned = response.Headers.Location!.ToString();
        Assert.StartsWith("https://merchant.example/signed-in?from=cart&buyerToken=", returned, StringComparison.Ordinal);
        using var http = new HttpClient();
        var buyer = await new AmazonPayClient(http, TimeProvider.System).GetBuyerAsync(Credentials, Uri.UnescapeDataString(returned.Split("buyerToken=")[1]));
        Assert.True(buyer.IsSuccess, buyer.Error?.Message);
        Assert.Equal((Hanako, "佐藤 花子"), (buyer.Value.BuyerId, buyer.Value.Name));
    }

    [Fact]
    public async Task A_forged_sign_in_ticket_is_refused()
    {
        var response = await browser.GetAsync(new Uri("/sandbox/buyer/signin?ticket=forged", UriKind.Relative));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var html = await response.Content.ReadAsStringAsync();
        Assert.Contains("このサインインのリンクは無効か、有効期限が切れています。", html, StringComparison.Ordinal);
        Assert.DoesNotContain("Input.BuyerId", html, StringComparison.Ordinal);
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" value=\"([^\"]+)\"")]
    private static partial Regex AntiforgeryToken();
}
