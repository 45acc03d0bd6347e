using MerchantConsole.Tests.Support;
using static MerchantConsole.Tests.Hosting.PageInspection;

namespace MerchantConsole.Tests.Hosting;

/// <summary>
/// X-Forwarded-Proto is believed only from the proxies that ForwardedHeaders:KnownProxies / KnownNetworks name (loopback
/// when neither is set). The tests' requests come from 127.0.0.1, so a setting that leaves loopback out makes them an
/// untrusted client: its claim of HTTPS must change nothing (no Secure cookie, no HSTS).
/// </summary>
public sealed class ReverseProxyTests
{
    [Theory]
    [InlineData(null, true)]
    [InlineData("--ForwardedHeaders:KnownProxies:0=127.0.0.1", true)]
    [InlineData("--ForwardedHeaders:KnownNetworks:0=127.0.0.0/8", true)]
    [InlineData("--ForwardedHeaders:KnownProxies:0=192.0.2.10", false)]
    [InlineData("--ForwardedHeaders:KnownNetworks:0=10.0.0.0/8", false)]
    public async Task The_forwarded_scheme_is_honoured_only_from_a_trusted_proxy(string? setting, bool honoured)
    {
        await using var console = await TestConsole.StartAsync(true, setting is null ? [] : [setting]);
        using var raw = CookieTests.RawClient(console.Address);
        using var request = Get("/Account/Login", forwardedHttps: true);
        // HSTS is never sent for localhost names: the proxy forwards a real one.
        request.Headers.Host = "console.example";

        using var login = await raw.SendAsync(request);

        var antiforgery = Assert.Single(login.Headers.GetValues("Set-Cookie"), v => v.StartsWith(".AspNetCore.Antiforgery.", StringComparison.Ordinal));
        Assert.Equal(honoured, CookieAttributes(antiforgery).Contains("secure"));
        Assert.Equal(honoured, login.Headers.Contains("Strict-Transport-Security"));
    }
}
