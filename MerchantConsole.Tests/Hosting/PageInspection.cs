using System.Net.Http.Headers;
using System.Text.RegularExpressions;
using AngleSharp.Dom;
using AngleSharp.Html.Parser;

namespace MerchantConsole.Tests.Hosting;

/// <summary>
/// Reads an HTML answer the way a browser would (AngleSharp's HTML5 parser) and checks it against its own
/// Content-Security-Policy: what would the browser let run?
/// </summary>
internal static partial class PageInspection
{
    private static readonly HtmlParser Parser = new();

    public static IDocument Parse(string html) => Parser.ParseDocument(html);

    public static string Csp(HttpResponseMessage response)
    {
        Assert.True(response.Headers.TryGetValues("Content-Security-Policy", out var values), $"{response.RequestMessage?.RequestUri}: no Content-Security-Policy");
        return Assert.Single(values);
    }

    public static string Header(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) || response.Content.Headers.TryGetValues(name, out values)
            ? Assert.Single(values)
            : throw new Xunit.Sdk.XunitException($"{response.RequestMessage?.RequestUri}: no {name} header");

    /// <summary>A directive's sources, e.g. Directive(csp, "script-src") = ["'self'", "'nonce-…'"]; empty when absent.</summary>
    public static string[] Directive(string csp, string name) =>
        csp.Split(';', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
            .Select(d => d.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            .FirstOrDefault(parts => parts[0] == name)?[1..] ?? [];

    public static string Nonce(string csp) =>
        NonceSource().Match(csp) is { Success: true } match ? match.Groups[1].Value : throw new Xunit.Sdk.XunitException("No nonce in " + csp);

    /// <summary>
    /// Every script of the page would run under the policy: an inline one carries the policy's nonce, an external one
    /// comes from this origin (or carries the nonce where the policy trusts nonces only). Returns the scripts' count.
    /// </summary>
    public static int AssertEveryScriptAllowed(IDocument page, string csp, Uri origin)
    {
        var nonce = Nonce(csp);
        var scriptSources = Directive(csp, "script-src") is { Length: > 0 } own ? own : Directive(csp, "default-src");
        Assert.DoesNotContain("'unsafe-inline'", scriptSources);
        Assert.DoesNotContain("'unsafe-eval'", scriptSources);
        var scripts = page.QuerySelectorAll("script").ToList();
        foreach (var script in scripts)
        {
            var src = script.GetAttribute("src");
            if (src is null || !scriptSources.Contains("'self'"))
            {
                Assert.True(script.GetAttribute("nonce") == nonce, $"Blocked by the policy (no nonce): {script.OuterHtml[..Math.Min(120, script.OuterHtml.Length)]}");
            }
            else
            {
                var url = new Uri(origin, src);
                Assert.True(url.GetLeftPart(UriPartial.Authority) == origin.GetLeftPart(UriPartial.Authority), $"Blocked by the policy (another origin): {src}");
            }
        }

        // Inline event handlers and javascript: URLs never run under a policy without 'unsafe-inline'.
        Assert.DoesNotContain(page.All, e => e.Attributes.Any(a => a.Name.StartsWith("on", StringComparison.Ordinal)));
        Assert.DoesNotContain(page.All, e => e.GetAttribute("href")?.TrimStart().StartsWith("javascript:", StringComparison.OrdinalIgnoreCase) == true);
        return scripts.Count;
    }

    public static string? SetCookie(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues("Set-Cookie", out var values) ? values.FirstOrDefault(v => v.StartsWith(name + "=", StringComparison.Ordinal)) : null;

    /// <summary>The cookie's attributes, lower-cased, without its value: ["path=/", "samesite=lax", "httponly", …].</summary>
    public static string[] CookieAttributes(string setCookie) =>
        [.. setCookie.Split(';', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).Skip(1).Select(a => a.ToLowerInvariant())];

    public static HttpRequestMessage Get(string path, string? cookies = null, bool forwardedHttps = false)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, new Uri(path, UriKind.Relative));
        Decorate(request, cookies, forwardedHttps);
        return request;
    }

    public static HttpRequestMessage Post(string path, IEnumerable<KeyValuePair<string, string>> form, string? cookies = null, bool forwardedHttps = false)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, new Uri(path, UriKind.Relative)) { Content = new FormUrlEncodedContent(form) };
        Decorate(request, cookies, forwardedHttps);
        return request;
    }

    private static void Decorate(HttpRequestMessage request, string? cookies, bool forwardedHttps)
    {
        if (cookies is not null)
        {
            request.Headers.Add("Cookie", cookies);
        }

        if (forwardedHttps)
        {
            // What a TLS-terminating proxy on this host adds.
            request.Headers.Add("X-Forwarded-Proto", "https");
        }

        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/html"));
    }

    [GeneratedRegex("'nonce-([^']+)'")]
    private static partial Regex NonceSource();
}
