using System.Security.Cryptography;
using MerchantConsole.Sandbox;
using Microsoft.Net.Http.Headers;

namespace MerchantConsole.Hosting;

/// <summary>
/// The headers every answer carries: nosniff, a referrer policy, framing rules, and a Content-Security-Policy chosen
/// by the kind of page (docs/decisions/006-security-headers.md). A page whose needs differ from its path's default
/// (the payment pages with Amazon's button or the RetURL form, the snippet preview) sets its own policy and keeps it.
/// </summary>
public static class SecurityHeaders
{
    private const string NonceKey = "MerchantConsole.CspNonce";

    /// <summary>This response's script nonce: inline scripts the app writes itself carry it; nothing else runs inline.</summary>
    public static string Nonce(HttpContext http)
    {
        ArgumentNullException.ThrowIfNull(http);
        if (http.Items[NonceKey] is not string nonce)
        {
            nonce = Convert.ToBase64String(RandomNumberGenerator.GetBytes(16));
            http.Items[NonceKey] = nonce;
        }

        return nonce;
    }

    /// <summary>
    /// Adds the nonce to the <c>&lt;script</c> tags of HTML the app made itself (a button snippet): its values are
    /// HTML- and JavaScript-escaped, so the only <c>&lt;script</c> in it are its own two tags.
    /// </summary>
    public static string WithNonce(string html, string nonce)
    {
        ArgumentNullException.ThrowIfNull(html);
        return html.Replace("<script", $"<script nonce=\"{nonce}\"", StringComparison.Ordinal);
    }

    public static IApplicationBuilder UseSecurityHeaders(this IApplicationBuilder app, AmazonPayMode mode, string? gatewayBaseUrl)
    {
        var policies = new ContentSecurityPolicies(mode, gatewayBaseUrl);
        return app.Use((context, next) =>
        {
            // Decided on the path as requested: a re-executed status page (/status/404) keeps the policy of the page
            // that was asked for, which matters when that 404 is a review URL shown inside the snippet preview.
            var path = context.Request.Path;
            context.Response.OnStarting(() =>
            {
                var headers = context.Response.Headers;
                var payment = path.StartsWithSegments("/payment");
                headers.XContentTypeOptions = "nosniff";
                // The payment pages' URLs carry AccessID and session IDs: they send no referrer at all.
                headers["Referrer-Policy"] = payment ? "no-referrer" : "strict-origin-when-cross-origin";
                if (!headers.ContainsKey(HeaderNames.ContentSecurityPolicy))
                {
                    headers.ContentSecurityPolicy = policies.For(path, Nonce(context));
                }

                // For browsers without frame-ancestors: the same rule. A page that chose its own CSP chose its
                // frame-ancestors with it, and every such page follows its path here ('none' under /payment, else 'self').
                headers.XFrameOptions = payment ? "DENY" : "SAMEORIGIN";
                return Task.CompletedTask;
            });
            return next(context);
        });
    }
}

/// <summary>The Content-Security-Policy of each kind of page; the reasons are in docs/decisions/006-security-headers.md.</summary>
public sealed class ContentSecurityPolicies(AmazonPayMode mode, string? gatewayBaseUrl)
{
    // Every directive a policy below does not name falls back to default-src, except these, which never do.
    private const string Common = "base-uri 'self'; object-src 'none'";

    /// <summary>The origin of Gateway:PublicBaseUrl when it is set: the demo store posts its customers there.</summary>
    private readonly string gatewayOrigin = Uri.TryCreate(gatewayBaseUrl, UriKind.Absolute, out var url) ? " " + Origin(url) : "";

    private bool Sandbox => mode == AmazonPayMode.Sandbox;

    public string For(PathString path, string nonce)
    {
        if (path.StartsWithSegments("/payment"))
        {
            return PaymentDefault;
        }

        if (Sandbox && path.StartsWithSegments("/sandbox/buyer"))
        {
            return BuyerPages(nonce);
        }

        if (Sandbox && path.StartsWithSegments(DemoStore.Path))
        {
            return Store(nonce);
        }

        return Console(nonce);
    }

    /// <summary>
    /// The console, its account, first-run and status pages, and everything else. Blazor and MudBlazor run from
    /// 'self'; the import map is the one inline script (nonce). MudBlazor writes inline styles. In sandbox mode the
    /// snippet preview frame walks through the buyer pages to the shop's own review URL, which may be anywhere.
    /// </summary>
    public string Console(string nonce) =>
        $"default-src 'self'; script-src 'self' 'nonce-{nonce}'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
        + $"font-src 'self' data:; connect-src 'self'; frame-src {(Sandbox ? "'self' http: https:" : "'none'")}; form-action 'self'; "
        + $"frame-ancestors 'self'; {Common}";

    /// <summary>The sandbox's buyer pages: as the console, but their forms end in a redirect to the merchant's URLs.</summary>
    public string BuyerPages(string nonce) =>
        $"default-src 'self'; script-src 'self' 'nonce-{nonce}'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
        + $"font-src 'self' data:; connect-src 'self'; frame-src 'none'; form-action 'self' http: https:; frame-ancestors 'self'; {Common}";

    /// <summary>The demo store: the sandbox's checkout.js from 'self', the snippet's inline script by nonce; no inline styles.</summary>
    public string Store(string nonce) =>
        $"default-src 'self'; script-src 'self' 'nonce-{nonce}'; style-src 'self'; img-src 'self' data:; connect-src 'self'; "
        + $"frame-src 'none'; form-action 'self'{gatewayOrigin}; frame-ancestors 'self'; {Common}";

    /// <summary>The settings screen's snippet preview: the snippet alone, its two scripts by nonce, framed by the console only.</summary>
    public static string SnippetPreview(string nonce) =>
        $"default-src 'self'; script-src 'self' 'nonce-{nonce}'; style-src 'self'; img-src 'self' data:; connect-src 'self'; "
        + $"frame-src 'none'; form-action 'self'; frame-ancestors 'self'; {Common}";

    /// <summary>Merchant API answers and the payment error page: nothing to load, run, submit or frame.</summary>
    public const string PaymentDefault = "default-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

    /// <summary>
    /// The additional payment button page: Amazon's checkout.js (live) or the sandbox's (by nonce) and whatever that
    /// script loads in turn ('strict-dynamic'); its styles, frames and connections are Amazon's business. Never framed.
    /// </summary>
    public static string PaymentButton(string nonce) =>
        $"script-src 'nonce-{nonce}' 'strict-dynamic' https: 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'";

    /// <summary>The way back to the shop: one inline script (nonce) submits the form to RetURL's origin, and nothing else.</summary>
    public static string PaymentReturn(string nonce, Uri retUrl)
    {
        ArgumentNullException.ThrowIfNull(retUrl);
        return $"default-src 'none'; script-src 'nonce-{nonce}'; form-action {Origin(retUrl)}; "
            + "base-uri 'none'; frame-ancestors 'none'";
    }

    /// <summary>Scheme, host and port, never user information (which could carry a ';' into the policy).</summary>
    private static string Origin(Uri url) => url.GetComponents(UriComponents.SchemeAndServer, UriFormat.UriEscaped);
}
