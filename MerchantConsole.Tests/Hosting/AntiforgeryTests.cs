using System.Net;
using System.Text.RegularExpressions;
using MerchantConsole.Core.AmazonPay;
using MerchantConsole.Data;
using MerchantConsole.Sandbox;
using MerchantConsole.Tests.Sandbox;
using MerchantConsole.Tests.Support;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using static MerchantConsole.Tests.Hosting.PageInspection;

namespace MerchantConsole.Tests.Hosting;

/// <summary>
/// Every endpoint that takes a POST (or PUT, PATCH, DELETE) requires a valid antiforgery token, except the listed
/// few that are cross-site or server-to-server by design and authenticate otherwise. Each protected form is then
/// posted as another site would — without a token, or with a token of another browser — and refused with nothing changed.
/// </summary>
public sealed partial class AntiforgeryTests : IAsyncLifetime
{
    /// <summary>Route pattern → why it takes a POST without an antiforgery token. Nothing else may.</summary>
    public static readonly IReadOnlyDictionary<string, string> Exempt = new Dictionary<string, string>
    {
        ["/payment/{api}.idPass"] = "merchant API: server to server, authenticated by ShopID and ShopPass",
        ["/payment/{api}.json"] = "merchant API: server to server, authenticated by ShopID and ShopPass",
        ["/payment/AmazonpayStart"] = "the merchant's page posts it from its own site; AccessID and a one-time token authenticate",
        ["/sandbox/buyer/start"] = "the button on the merchant's page posts it from that site; the payload's signature authenticates",
        ["/sandbox/store/result"] = "the gateway's RetURL form posts it from the gateway; the CheckString authenticates",
        ["/sandbox/amazonpay/v2/checkoutSessions"] = "Amazon Pay API stand-in: signed requests",
        ["/sandbox/amazonpay/v2/checkoutSessions/{id}"] = "Amazon Pay API stand-in: signed requests",
        ["/sandbox/amazonpay/v2/checkoutSessions/{id}/complete"] = "Amazon Pay API stand-in: signed requests",
        ["/sandbox/amazonpay/v2/chargePermissions/{id}"] = "Amazon Pay API stand-in: signed requests",
        ["/sandbox/amazonpay/v2/chargePermissions/{id}/close"] = "Amazon Pay API stand-in: signed requests",
        ["/sandbox/amazonpay/v2/charges"] = "Amazon Pay API stand-in: signed requests",
        ["/sandbox/amazonpay/v2/charges/{id}/capture"] = "Amazon Pay API stand-in: signed requests",
        ["/sandbox/amazonpay/v2/charges/{id}/cancel"] = "Amazon Pay API stand-in: signed requests",
        ["/sandbox/amazonpay/v2/refunds"] = "Amazon Pay API stand-in: signed requests",
        ["/sandbox/amazonpay/control/clock"] = "sandbox control: signed with the shop's key",
        ["/sandbox/amazonpay/control/settle"] = "sandbox control: signed with the shop's key",
        ["/sandbox/amazonpay/control/faults"] = "sandbox control: signed with the shop's key",
    };

    private SandboxHarness sandbox = null!;

    private TestConsole Console => sandbox.Console;

    public async Task InitializeAsync() => sandbox = await SandboxHarness.StartAsync();

    public Task DisposeAsync() => sandbox.DisposeAsync().AsTask();

    [Fact]
    public void Every_state_changing_endpoint_requires_a_token_unless_listed_with_its_reason()
    {
        var endpoints = Console.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods.Any(m => m is "POST" or "PUT" or "PATCH" or "DELETE") == true)
            // The circuit's SignalR endpoints are not forms: they carry the circuit's own connection token.
            .Where(e => !e.RoutePattern.RawText!.StartsWith("/_blazor", StringComparison.Ordinal))
            .ToList();

        var unprotected = endpoints.Where(e => e.Metadata.GetMetadata<IAntiforgeryMetadata>()?.RequiresValidation != true)
            .Select(e => "/" + e.RoutePattern.RawText!.TrimStart('/')).Distinct().Order().ToList();
        var protectedForms = endpoints.Where(e => e.Metadata.GetMetadata<IAntiforgeryMetadata>()?.RequiresValidation == true)
            .Select(e => "/" + e.RoutePattern.RawText!.TrimStart('/')).ToHashSet();

        Assert.Equal(Exempt.Keys.Order(), unprotected);
        Assert.Superset(new HashSet<string> { "/Account/Login", "/Account/Logout", "/Account/Manage/ChangePassword", "/setup",
            "/sandbox/buyer/checkout/{SessionId}", "/sandbox/buyer/confirm/{SessionId}" }, protectedForms);
    }

    [Fact]
    public async Task A_cross_site_sign_in_without_a_token_is_refused_and_signs_nobody_in()
    {
        using var raw = CookieTests.RawClient(Console.Address);
        using var request = Post("/Account/Login", LoginForm(token: null));
        request.Headers.Add("Origin", "https://attacker.example");
        request.Headers.Add("Sec-Fetch-Site", "cross-site");

        using var response = await raw.SendAsync(request);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Null(SetCookie(response, "MerchantConsole.Auth"));
    }

    [Fact]
    public async Task A_token_taken_from_another_browser_is_refused()
    {
        using var raw = CookieTests.RawClient(Console.Address);
        // The attacker's own visit: a valid token, bound to the attacker's antiforgery cookie.
        using var attackers = await raw.SendAsync(Get("/Account/Login"));
        var token = TokenOf(await attackers.Content.ReadAsStringAsync());
        // The victim's browser, with its own antiforgery cookie, made to post the attacker's token.
        using var victims = await raw.SendAsync(Get("/Account/Login"));
        var victimCookie = SetCookieStartingWith(victims, ".AspNetCore.Antiforgery.");

        using var response = await raw.SendAsync(Post("/Account/Login", LoginForm(token), cookies: victimCookie));
        using var control = await raw.SendAsync(Post("/Account/Login", LoginForm(TokenOf(await victims.Content.ReadAsStringAsync())), cookies: victimCookie));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Null(SetCookie(response, "MerchantConsole.Auth"));
        // The same post with the victim's own token is what a real sign-in looks like: it works.
        Assert.NotNull(SetCookie(control, "MerchantConsole.Auth"));
    }

    [Fact]
    public async Task Changing_the_password_and_signing_out_without_a_token_are_refused_and_change_nothing()
    {
        using var client = Console.CreateClient();
        await Console.SignInAsync(client, TestConsole.OwnerEmail, TestConsole.OwnerPassword);

        using var change = await client.SendAsync(Post("/Account/Manage/ChangePassword",
        [
            new("_handler", "change-password"), new("Input.OldPassword", TestConsole.OwnerPassword),
            new("Input.NewPassword", "an attacker's new passphrase"), new("Input.ConfirmPassword", "an attacker's new passphrase"),
        ]));
        using var logout = await client.SendAsync(Post("/Account/Logout", [new("returnUrl", "")]));
        using var stillSignedIn = await client.SendAsync(Get("/settings"));

        Assert.Equal(HttpStatusCode.BadRequest, change.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, logout.StatusCode);
        Assert.Equal(HttpStatusCode.OK, stillSignedIn.StatusCode);
        // The old password still signs in.
        using var again = Console.CreateClient();
        using var signIn = await Console.SignInAsync(again, TestConsole.OwnerEmail, TestConsole.OwnerPassword);
        Assert.NotNull(SetCookie(signIn, "MerchantConsole.Auth"));
    }

    [Fact]
    public async Task The_first_run_form_without_a_token_is_refused_and_creates_no_one()
    {
        await using var fresh = await TestConsole.StartAsync(bootstrap: false);
        using var client = fresh.CreateClient();

        using var response = await client.SendAsync(Post("/setup",
        [
            new("_handler", "first-run"), new("Input.ShopId", "evilshop"), new("Input.ShopName", "evil"), new("Input.Email", "evil@example.test"),
            new("Input.Password", "an attacker's passphrase"), new("Input.ConfirmPassword", "an attacker's passphrase"),
        ]));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        await using var db = await fresh.Services.GetRequiredService<IDbContextFactory<ApplicationDbContext>>().CreateDbContextAsync();
        Assert.False(await db.Users.AnyAsync());
        Assert.False(await db.Shops.AnyAsync());
    }

    [Fact]
    public async Task The_buyer_pages_refuse_a_choice_or_a_payment_posted_without_a_token()
    {
        var created = await sandbox.Client.CreateCheckoutSessionAsync(sandbox.Credentials, sandbox.NewSession(), AmazonPayClient.NewIdempotencyKey());
        var id = created.Value!.CheckoutSessionId;
        using var client = Console.CreateClient();
        var choice = $"{SandboxBuyers.All[0].BuyerId} {SandboxBuyers.All[0].PaymentMethods[0].Id}";

        using var choose = await client.SendAsync(Post($"/sandbox/buyer/checkout/{id}", [new("_handler", "buyer-choose"), new("Input.Choice", choice)]));
        using var confirm = await client.SendAsync(Post($"/sandbox/buyer/confirm/{id}", [new("_handler", "buyer-confirm"), new("Input.Outcome", "Approve")]));

        Assert.Equal(HttpStatusCode.BadRequest, choose.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, confirm.StatusCode);
        var view = await sandbox.Buyers.GetAsync(id);
        Assert.Equal(("Open", null, false), (view!.State, view.BuyerId, view.ReadyToConfirm));
    }

    private static KeyValuePair<string, string>[] LoginForm(string? token) =>
    [
        .. token is null ? [] : new[] { new KeyValuePair<string, string>("__RequestVerificationToken", token) },
        new("_handler", "login"), new("Input.Email", TestConsole.OwnerEmail), new("Input.Password", TestConsole.OwnerPassword),
    ];

    private static string TokenOf(string html) => AntiforgeryToken().Match(html).Groups[1].Value;

    private static string SetCookieStartingWith(HttpResponseMessage response, string prefix) =>
        response.Headers.GetValues("Set-Cookie").Single(v => v.StartsWith(prefix, StringComparison.Ordinal)).Split(';')[0];

    [GeneratedRegex("name=\"__RequestVerificationToken\" value=\"([^\"]+)\"")]
    private static partial Regex AntiforgeryToken();
}
