using System.Net;
using MerchantConsole.Core.AmazonPay;
using MerchantConsole.Gateway;
using MerchantConsole.Sandbox;
using MerchantConsole.Settings;
using MerchantConsole.Tests.Api;
using MerchantConsole.Tests.Sandbox;
using MerchantConsole.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using static MerchantConsole.Tests.Hosting.PageInspection;

namespace MerchantConsole.Tests.Hosting;

/// <summary>One running console with a configured sandbox shop, shared by the header tests (they only read).</summary>
public sealed class ConfiguredConsole : IAsyncLifetime
{
    public SandboxHarness Sandbox { get; private set; } = null!;

    public TestConsole Console => Sandbox.Console;

    public async Task InitializeAsync()
    {
        Sandbox = await SandboxHarness.StartAsync();
        await ApiShop.ConfigureAsync(Sandbox);
    }

    public Task DisposeAsync() => Sandbox.DisposeAsync().AsTask();
}

/// <summary>
/// The response headers of every kind of page, read over HTTP from the real app, and each page's scripts checked
/// against its own Content-Security-Policy as a browser would apply it.
/// </summary>
public sealed class SecurityHeadersTests(ConfiguredConsole fixture) : IClassFixture<ConfiguredConsole>
{
    private TestConsole Console => fixture.Console;

    [Fact]
    public async Task The_sign_in_page_has_a_strict_policy_and_its_one_inline_script_carries_this_responses_nonce()
    {
        using var client = Console.CreateClient();

        using var first = await client.SendAsync(Get("/Account/Login"));
        using var second = await client.SendAsync(Get("/Account/Login"));

        var csp = Csp(first);
        AssertConsolePolicy(csp);
        AssertCommonHeaders(first, frameAncestors: "'self'");
        var page = Parse(await first.Content.ReadAsStringAsync());
        AssertEveryScriptAllowed(page, csp, Console.Address);
        Assert.Equal(Nonce(csp), page.QuerySelector("script[type=importmap]")?.GetAttribute("nonce"));
        Assert.NotEqual(Nonce(csp), Nonce(Csp(second)));
    }

    [Fact]
    public async Task A_signed_in_console_page_and_a_not_found_page_have_the_console_policy()
    {
        using var client = Console.CreateClient();
        await Console.SignInAsync(client, TestConsole.OwnerEmail, TestConsole.OwnerPassword);

        foreach (var path in new[] { "/settings", "/transactions", "/staff", "/merchant/review" })
        {
            using var response = await client.SendAsync(Get(path));
            Assert.Equal(path == "/merchant/review" ? HttpStatusCode.NotFound : HttpStatusCode.OK, response.StatusCode);
            var csp = Csp(response);
            AssertConsolePolicy(csp);
            AssertCommonHeaders(response, frameAncestors: "'self'");
            AssertEveryScriptAllowed(Parse(await response.Content.ReadAsStringAsync()), csp, Console.Address);
        }
    }

    [Fact]
    public async Task The_snippet_preview_is_a_page_of_its_own_whose_two_scripts_run_by_nonce_for_its_maker_only()
    {
        using var client = Console.CreateClient();
        await Console.SignInAsync(client, TestConsole.OwnerEmail, TestConsole.OwnerPassword);
        var snippets = Console.Services.CreateScope().ServiceProvider.GetRequiredService<ButtonSnippets>();
        var (made, refusal) = await snippets.GenerateAsync(fixture.Sandbox.Owner, new ButtonOptions(ButtonKind.OneTime, "https://merchant.example/review"), Console.Address);
        Assert.Null(refusal);
        var previews = Console.Services.GetRequiredService<SnippetPreviews>();
        var mine = previews.Add(fixture.Sandbox.Owner.Id, made!.Snippet);
        var someoneElses = previews.Add("another-user-id", made.Snippet);

        using var response = await client.SendAsync(Get("/" + mine));
        using var notMine = await client.SendAsync(Get("/" + someoneElses));
        using var anonymous = await Console.CreateClient().SendAsync(Get("/" + mine));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var csp = Csp(response);
        Assert.Equal(["'self'"], Directive(csp, "frame-ancestors"));
        Assert.Equal(["'self'"], Directive(csp, "form-action"));
        AssertCommonHeaders(response, frameAncestors: "'self'");
        var page = Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal(2, AssertEveryScriptAllowed(page, csp, Console.Address));
        Assert.All(page.QuerySelectorAll("script"), s => Assert.Equal(Nonce(csp), s.GetAttribute("nonce")));
        Assert.Contains("amazon.Pay.renderButton", page.Body!.TextContent, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, notMine.StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, anonymous.StatusCode);
    }

    [Fact]
    public async Task The_buyer_pages_may_send_the_buyer_on_to_any_merchant_but_run_nothing_inline_without_the_nonce()
    {
        var created = await fixture.Sandbox.Client.CreateCheckoutSessionAsync(fixture.Sandbox.Credentials, fixture.Sandbox.NewSession(), AmazonPayClient.NewIdempotencyKey());
        using var client = Console.CreateClient();

        using var response = await client.SendAsync(Get("/sandbox/buyer/checkout/" + created.Value!.CheckoutSessionId));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var csp = Csp(response);
        Assert.Equal(["'self'", "http:", "https:"], Directive(csp, "form-action"));
        Assert.Equal(["'self'"], Directive(csp, "frame-ancestors"));
        AssertCommonHeaders(response, frameAncestors: "'self'");
        AssertEveryScriptAllowed(Parse(await response.Content.ReadAsStringAsync()), csp, Console.Address);
    }

    [Fact]
    public async Task The_demo_store_runs_the_shops_button_snippet_by_nonce_and_needs_no_inline_style()
    {
        using var client = Console.CreateClient();

        using var response = await client.SendAsync(Get(DemoStore.Path + "?shop=" + TestConsole.ShopId));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var csp = Csp(response);
        Assert.Equal(["'self'"], Directive(csp, "style-src"));
        AssertCommonHeaders(response, frameAncestors: "'self'");
        var page = Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal(2, AssertEveryScriptAllowed(page, csp, Console.Address));
        Assert.Equal(new Uri(Console.Address, SandboxBuyerEndpoints.ScriptPath), new Uri(Console.Address, page.QuerySelector("script[src]")!.GetAttribute("src")!));
        Assert.DoesNotContain(page.All, e => e.HasAttribute("style"));
    }

    [Fact]
    public async Task The_payment_pages_are_never_framed_send_no_referrer_and_run_only_their_own_scripts()
    {
        const string RetUrl = "https://merchant.example:8443/result?x=1";
        using var http = Console.CreateClient();
        var api = new ApiClient(http);
        var entry = await api.IdPassAsync("EntryTranAmazonpay", ("OrderID", "csp-apb-1"), ("JobCd", "AUTH"), ("Amount", "1000"), ("AmazonpayType", "4"));
        var exec = await api.IdPassAsync("ExecTranAmazonpay", ("AccessID", entry["AccessID"]), ("AccessPass", entry["AccessPass"]), ("OrderID", "csp-apb-1"), ("RetURL", RetUrl));

        using var start = await http.SendAsync(Post(PaymentGateway.StartPath, [new("AccessID", entry["AccessID"]), new("Token", exec.Token)]));
        var startHtml = await start.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, start.StatusCode);
        var startCsp = Csp(start);
        Assert.Equal(["'none'"], Directive(startCsp, "frame-ancestors"));
        Assert.Equal(["'none'"], Directive(startCsp, "object-src"));
        Assert.Contains("'strict-dynamic'", Directive(startCsp, "script-src"));
        AssertCommonHeaders(start, frameAncestors: "'none'");
        var startPage = Parse(startHtml);
        Assert.Equal(2, AssertEveryScriptAllowed(startPage, startCsp, Console.Address));

        // The buyer presses the button and pays; the way back is the page that carries the result to RetURL.
        var payload = ApbFlowTests.Literal(startHtml, "payloadJSON");
        var buyers = fixture.Sandbox.Buyers;
        var pressed = await buyers.StartAsync(payload, ApbFlowTests.Literal(startHtml, "signature"), fixture.Sandbox.Key.PublicKeyId, "AMZN-PAY-RSASSA-PSS-V2", "PayOnly", Console.Address);
        Assert.True(pressed.Succeeded, pressed.ErrorKey);
        var sessionId = ApbFlowTests.SessionIdOf(pressed.RedirectUrl!);
        Assert.True((await buyers.ChooseAsync(sessionId, SandboxBuyers.All[0].BuyerId, SandboxBuyers.All[0].PaymentMethods[0].Id, Console.Address)).Succeeded);
        var confirmed = await buyers.ConfirmAsync(sessionId, "Approve");
        using var back = await http.SendAsync(Get(new Uri(confirmed.RedirectUrl!).PathAndQuery));

        Assert.Equal(HttpStatusCode.OK, back.StatusCode);
        var backCsp = Csp(back);
        Assert.Equal(["https://merchant.example:8443"], Directive(backCsp, "form-action"));
        Assert.Equal(["'none'"], Directive(backCsp, "default-src"));
        AssertCommonHeaders(back, frameAncestors: "'none'");
        Assert.Equal(1, AssertEveryScriptAllowed(Parse(await back.Content.ReadAsStringAsync()), backCsp, Console.Address));
    }

    [Fact]
    public async Task Merchant_API_answers_and_the_payment_error_page_allow_nothing_at_all()
    {
        using var http = Console.CreateClient();

        using var json = await http.PostAsync(new Uri("/payment/SearchTradeMulti.json", UriKind.Relative), new StringContent("{}"));
        using var idPass = await http.PostAsync(new Uri("/payment/SearchTradeMulti.idPass", UriKind.Relative), new ByteArrayContent([]));
        using var error = await http.SendAsync(Post(PaymentGateway.StartPath, [new("AccessID", "x"), new("Token", "y")]));

        foreach (var response in new[] { json, idPass, error })
        {
            Assert.Equal("default-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'", Csp(response));
            AssertCommonHeaders(response, frameAncestors: "'none'");
        }
    }

    [Fact]
    public async Task Static_files_and_the_checkout_script_are_not_sniffed()
    {
        using var http = Console.CreateClient();

        using var script = await http.GetAsync(new Uri(SandboxBuyerEndpoints.ScriptPath, UriKind.Relative));
        using var css = await http.GetAsync(new Uri("/app.css", UriKind.Relative));

        Assert.Equal("nosniff", Header(script, "X-Content-Type-Options"));
        Assert.Equal("text/javascript", script.Content.Headers.ContentType?.MediaType);
        Assert.Equal("nosniff", Header(css, "X-Content-Type-Options"));
    }

    private static void AssertConsolePolicy(string csp)
    {
        Assert.Equal(["'self'"], Directive(csp, "default-src"));
        Assert.Equal(["'self'", $"'nonce-{Nonce(csp)}'"], Directive(csp, "script-src"));
        Assert.Equal(["'self'"], Directive(csp, "frame-ancestors"));
        Assert.Equal(["'self'"], Directive(csp, "form-action"));
        Assert.Equal(["'none'"], Directive(csp, "object-src"));
        Assert.Equal(["'self'"], Directive(csp, "base-uri"));
    }

    /// <summary>nosniff, the referrer policy, and X-Frame-Options saying what frame-ancestors says.</summary>
    private static void AssertCommonHeaders(HttpResponseMessage response, string frameAncestors)
    {
        var payment = frameAncestors == "'none'";
        Assert.Equal("nosniff", Header(response, "X-Content-Type-Options"));
        Assert.Equal(payment ? "no-referrer" : "strict-origin-when-cross-origin", Header(response, "Referrer-Policy"));
        Assert.Equal(payment ? "DENY" : "SAMEORIGIN", Header(response, "X-Frame-Options"));
        Assert.Equal([frameAncestors], Directive(Csp(response), "frame-ancestors"));
    }
}
