using System.Net;
using System.Text.RegularExpressions;
using MerchantConsole.Tests.Support;
using static MerchantConsole.Tests.Hosting.PageInspection;

namespace MerchantConsole.Tests.Hosting;

/// <summary>
/// The flags of every cookie the console sets, read from the raw Set-Cookie headers: HttpOnly and SameSite always,
/// Secure exactly when the request was HTTPS — here as a TLS-terminating proxy on this host reports it.
/// </summary>
public sealed partial class CookieTests : IAsyncLifetime
{
    private TestConsole console = null!;
    private HttpClient raw = null!;

    public async Task InitializeAsync()
    {
        console = await TestConsole.StartAsync();
        raw = RawClient(console.Address);
    }

    /// <summary>No cookie container: every cookie is read from Set-Cookie and sent back by hand, Secure or not.</summary>
    internal static HttpClient RawClient(Uri address) =>
        new(new HttpClientHandler { UseCookies = false, AllowAutoRedirect = false }) { BaseAddress = address };

    public async Task DisposeAsync()
    {
        raw.Dispose();
        await console.DisposeAsync();
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Sign_in_antiforgery_and_language_cookies_are_HttpOnly_SameSite_and_Secure_exactly_over_https(bool https)
    {
        using var login = await raw.SendAsync(Get("/Account/Login", forwardedHttps: https));
        var antiforgery = CookieStartingWith(login, ".AspNetCore.Antiforgery.");
        var token = AntiforgeryToken().Match(await login.Content.ReadAsStringAsync()).Groups[1].Value;

        using var signIn = await raw.SendAsync(Post("/Account/Login",
            [new("__RequestVerificationToken", token), new("_handler", "login"), new("Input.Email", TestConsole.OwnerEmail), new("Input.Password", TestConsole.OwnerPassword)],
            cookies: antiforgery.Split(';')[0], forwardedHttps: https));
        using var language = await raw.SendAsync(Get("/culture/set?culture=en-US&redirectUri=/", forwardedHttps: https));

        Assert.Equal(HttpStatusCode.Redirect, signIn.StatusCode);
        var auth = CookieStartingWith(signIn, "MerchantConsole.Auth=");
        var culture = CookieStartingWith(language, ".AspNetCore.Culture=");
        AssertFlags(auth, "lax", https);
        AssertFlags(antiforgery, "strict", https);
        AssertFlags(culture, "lax", https);
    }

    [Fact]
    public async Task Over_https_the_console_says_so_with_HSTS_and_over_http_it_does_not()
    {
        // HSTS is never sent for localhost names, so the proxy forwards a real one.
        using var httpsRequest = Get("/Account/Login", forwardedHttps: true);
        using var httpRequest = Get("/Account/Login");
        httpsRequest.Headers.Host = httpRequest.Headers.Host = "console.example";

        using var https = await raw.SendAsync(httpsRequest);
        using var http = await raw.SendAsync(httpRequest);

        Assert.StartsWith("max-age=", Header(https, "Strict-Transport-Security"), StringComparison.Ordinal);
        Assert.False(http.Headers.Contains("Strict-Transport-Security"));
    }

    private static void AssertFlags(string setCookie, string sameSite, bool secure)
    {
        var attributes = CookieAttributes(setCookie);
        Assert.Contains("httponly", attributes);
        Assert.Contains("samesite=" + sameSite, attributes);
        Assert.Equal(secure, attributes.Contains("secure"));
    }

    private static string CookieStartingWith(HttpResponseMessage response, string prefix)
    {
        Assert.True(response.Headers.TryGetValues("Set-Cookie", out var values), $"{response.RequestMessage?.RequestUri}: no cookie set");
        return Assert.Single(values, v => v.StartsWith(prefix, StringComparison.Ordinal));
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" value=\"([^\"]+)\"")]
    private static partial Regex AntiforgeryToken();
}
