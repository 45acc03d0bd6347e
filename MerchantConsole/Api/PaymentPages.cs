using System.Net;
using System.Security.Cryptography;
using System.Text;
using MerchantConsole.Core.AmazonPay;
using MerchantConsole.Core.Payments;
using MerchantConsole.Data;
using MerchantConsole.Gateway;
using MerchantConsole.Hosting;
using Microsoft.EntityFrameworkCore;

namespace MerchantConsole.Api;

/// <summary>
/// The customer's browser passes through the gateway twice: the start URL (on to Amazon) and the way back
/// (on to the merchant's RetURL with the result). Both answer small bilingual pages, never JSON.
/// </summary>
internal static class PaymentPages
{
    /// <summary>支払手続き開始: the merchant's page POSTs AccessID and Token here; Amazon's payment page is next.</summary>
    public static async Task<IResult> StartAsync(HttpContext http, PaymentGateway gateway)
    {
        var body = await ApiTransport.BodyAsync(http.Request);
        if (body is null)
        {
            return ErrorPage(GatewayErrors.BodyTooLarge);
        }

        Dictionary<string, string> form;
        try
        {
            (form, var repeated) = Windows31J.ParseRequestForm(body);
            if (repeated is not null)
            {
                return ErrorPage(GatewayErrors.RepeatedParameter);
            }
        }
        catch (DecoderFallbackException)
        {
            return ErrorPage(GatewayErrors.UnreadableBody);
        }

        var accessId = form.GetValueOrDefault("AccessID");
        var token = form.GetValueOrDefault("Token");
        if (string.IsNullOrEmpty(accessId) || string.IsNullOrEmpty(token))
        {
            return ErrorPage(string.IsNullOrEmpty(accessId) ? GatewayErrors.AccessIdMissing : GatewayErrors.TokenInvalid);
        }

        // A merchant that form-decoded the .idPass answer (where '+' is left unencoded) hands us spaces for the
        // Token's '+'. Base64 never contains a space, so turning them back is unambiguous.
        var started = await gateway.StartAsync(accessId, token.Replace(' ', '+'), ApiContext.PublicBaseOf(http), http.RequestAborted);
        if (!started.IsSuccess)
        {
            return ErrorPage(started.Error);
        }

        http.Response.Headers.CacheControl = "no-store";
        if (started.Value.ButtonHtml is { } button)
        {
            var nonce = SecurityHeaders.Nonce(http);
            http.Response.Headers.ContentSecurityPolicy = ContentSecurityPolicies.PaymentButton(nonce);
            return ApbPage(SecurityHeaders.WithNonce(button, nonce));
        }

        return new SeeOther(started.Value.Redirect!);
    }

    /// <summary>The additional payment button for this order: the customer presses it and pays on Amazon at once.</summary>
    private static IResult ApbPage(string snippet)
    {
        var html = new StringBuilder()
            .Append("<!DOCTYPE html>\n<html lang=\"ja\"><head><meta charset=\"utf-8\"><meta name=\"referrer\" content=\"no-referrer\">")
            .Append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1.0\">")
            .Append("<title>Amazon Payでお支払い / Pay with Amazon Pay</title></head><body>\n")
            .Append("<h1>Amazon Payでお支払い / Pay with Amazon Pay</h1>\n")
            .Append("<p>下のボタンを押して、Amazon Payでお支払いください。<br>Press the button below to pay with Amazon Pay.</p>\n")
            .Append("<div style=\"max-width:20rem\" data-testid=\"apb-button\">\n").Append(snippet).Append("\n</div>\n</body></html>\n");
        return Results.Content(html.ToString(), "text/html; charset=utf-8", Encoding.UTF8);
    }

    /// <summary>Back from Amazon: complete the checkout, then carry the result to RetURL in an auto-submitting form.</summary>
    public static async Task<IResult> ReturnAsync(HttpContext http, PaymentGateway gateway, ShopPasswords passwords,
        IDbContextFactory<ApplicationDbContext> dbFactory, string? accessId, string? amazonCheckoutSessionId)
    {
        // Only an AccessID (hexadecimal, never a NUL, which PostgreSQL cannot compare) and a session in Amazon's shape
        // can name a transaction's way back; anything else is answered like a mismatch, without a lookup.
        if (string.IsNullOrEmpty(accessId) || accessId.Contains('\0', StringComparison.Ordinal)
            || !AmazonPayIds.IsCheckoutSessionId(amazonCheckoutSessionId))
        {
            return ErrorPage(GatewayErrors.AccessMismatch);
        }

        var result = await gateway.ReturnAsync(accessId, amazonCheckoutSessionId, http.RequestAborted);
        await using var db = await dbFactory.CreateDbContextAsync(http.RequestAborted);
        var row = await db.GatewayTransactions.AsNoTracking().SingleOrDefaultAsync(t => t.AccessId == accessId, http.RequestAborted);
        if (row?.RetUrl is null || row.CheckoutSessionId != amazonCheckoutSessionId)
        {
            return ErrorPage(result.Error ?? GatewayErrors.AccessMismatch);
        }

        var shop = await db.Shops.AsNoTracking().SingleAsync(s => s.Id == row.ShopId, http.RequestAborted);
        var shopPass = passwords.Reveal(shop) ?? "";
        var permissionId = row.ChargePermissionId ?? "";
        var error = result.Error;
        var fields = new (string Name, string Value)[]
        {
            ("ShopID", row.ShopId),
            ("OrderID", row.OrderId),
            ("Status", row.State.Code()),
            ("TranDate", Jst.Compact(row.UpdatedAt)),
            ("AmazonChargePermissionID", permissionId),
            ("CheckString", CheckString(row.OrderId, row.AccessId, row.ShopId, shopPass, permissionId)),
            ("ErrCode", error?.ErrCode ?? ""),
            ("ErrInfo", error?.ErrInfo ?? ""),
        };
        http.Response.Headers.CacheControl = "no-store";
        var nonce = SecurityHeaders.Nonce(http);
        http.Response.Headers.ContentSecurityPolicy = ContentSecurityPolicies.PaymentReturn(nonce, new Uri(row.RetUrl));
        return Results.Content(ReturnForm(row.RetUrl, fields, nonce), "text/html; charset=utf-8", Encoding.UTF8);
    }

    /// <summary>What the merchant recomputes to trust the return: SHA-256 of the plain concatenation, lowercase hex.</summary>
    public static string CheckString(string orderId, string accessId, string shopId, string shopPass, string chargePermissionId) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(orderId + accessId + shopId + shopPass + chargePermissionId)));

    private static string ReturnForm(string retUrl, IEnumerable<(string Name, string Value)> fields, string nonce)
    {
        var html = new StringBuilder();
        html.Append("<!DOCTYPE html>\n<html lang=\"ja\"><head><meta charset=\"utf-8\"><meta name=\"referrer\" content=\"no-referrer\">")
            .Append("<title>ショップへ戻ります / Returning to the shop</title></head><body>\n")
            .Append("<form id=\"result\" method=\"post\" action=\"").Append(WebUtility.HtmlEncode(retUrl)).Append("\">\n");
        foreach (var (name, value) in fields)
        {
            html.Append("<input type=\"hidden\" name=\"").Append(WebUtility.HtmlEncode(name))
                .Append("\" value=\"").Append(WebUtility.HtmlEncode(value)).Append("\">\n");
        }

        // The button is for browsers without JavaScript; with it, the form submits itself at once.
        html.Append("<p>ショップへ戻ります。自動で移動しない場合はボタンを押してください。<br>Returning to the shop. If nothing happens, press the button.</p>\n")
            .Append("<button type=\"submit\">ショップへ戻る / Return to the shop</button>\n</form>\n")
            .Append("<script nonce=\"").Append(nonce).Append("\">document.getElementById('result').submit();</script>\n</body></html>\n");
        return html.ToString();
    }

    private static IResult ErrorPage(GatewayError error)
    {
        var html = new StringBuilder()
            .Append("<!DOCTYPE html>\n<html lang=\"ja\"><head><meta charset=\"utf-8\"><meta name=\"referrer\" content=\"no-referrer\">")
            .Append("<title>お支払いを続けられません / The payment cannot continue</title></head><body>\n")
            .Append("<h1>お支払いを続けられません / The payment cannot continue</h1>\n")
            .Append("<p lang=\"ja\">").Append(WebUtility.HtmlEncode(error.Japanese)).Append("</p>\n")
            .Append("<p lang=\"en\">").Append(WebUtility.HtmlEncode(error.English)).Append("</p>\n")
            .Append("<p>ショップのページに戻ってやり直してください。/ Please go back to the shop's page and try again.</p>\n")
            .Append("<p><small>").Append(WebUtility.HtmlEncode(error.ErrCode + " " + error.ErrInfo)).Append("</small></p>\n</body></html>\n");
        return Results.Content(html.ToString(), "text/html; charset=utf-8", Encoding.UTF8, StatusCodes.Status400BadRequest);
    }

    /// <summary>303: the browser follows with a GET, whatever method brought it here.</summary>
    private sealed class SeeOther(Uri location) : IResult
    {
        public Task ExecuteAsync(HttpContext httpContext)
        {
            httpContext.Response.StatusCode = StatusCodes.Status303SeeOther;
            httpContext.Response.Headers.Location = location.AbsoluteUri;
            return Task.CompletedTask;
        }
    }
}
