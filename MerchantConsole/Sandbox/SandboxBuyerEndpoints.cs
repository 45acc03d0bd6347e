using MerchantConsole.Components.Sandbox;
using Microsoft.AspNetCore.Http.HttpResults;

namespace MerchantConsole.Sandbox;

/// <summary>
/// The buyer's way into the sandbox: the checkout.js stand-in that merchant pages load, and the endpoint its
/// button posts to. The buyer pages themselves are static Razor components under Components/Sandbox.
/// </summary>
public static class SandboxBuyerEndpoints
{
    public const string ScriptPath = "/sandbox/checkout.js";
    public const string StartPath = "/sandbox/buyer/start";

    private static readonly Lazy<string> Script = new(() =>
    {
        using var stream = typeof(SandboxBuyerEndpoints).Assembly.GetManifestResourceStream("MerchantConsole.Sandbox.checkout.js")
            ?? throw new InvalidOperationException("checkout.js is not embedded in the assembly.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    });

    public static void MapSandboxBuyerEndpoints(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet(ScriptPath, (HttpContext http) =>
        {
            // Short caching: a merchant page reloads often while someone integrates.
            http.Response.Headers.CacheControl = "public, max-age=60";
            return Results.Text(Script.Value, "text/javascript; charset=utf-8");
        }).AllowAnonymous();

        // Cross-site by nature (the button sits on the merchant's page), so no antiforgery token can exist;
        // the payload's signature is what proves the request came from the merchant.
        endpoints.MapPost(StartPath, StartAsync).AllowAnonymous().DisableAntiforgery();
    }

    private static async Task<IResult> StartAsync(HttpContext http, SandboxBuyerDesk desk)
    {
        var form = http.Request.HasFormContentType ? await http.Request.ReadFormAsync(http.RequestAborted) : FormCollection.Empty;
        var productType = form["productType"].ToString();
        var step = await desk.StartAsync(
            form["payloadJSON"].ToString(),
            form["signature"].ToString(),
            form["publicKeyId"].ToString(),
            form["algorithm"].ToString(),
            string.IsNullOrEmpty(productType) ? "PayAndShip" : productType,
            new Uri($"{http.Request.Scheme}://{http.Request.Host}"),
            http.RequestAborted);
        if (step.Succeeded)
        {
            // 303: the browser follows with a GET, whatever it posted.
            http.Response.Headers.Location = step.RedirectUrl;
            return Results.StatusCode(StatusCodes.Status303SeeOther);
        }

        return new RazorComponentResult<ButtonErrorPage>(new Dictionary<string, object?>
        {
            [nameof(ButtonErrorPage.ErrorKey)] = step.ErrorKey,
            [nameof(ButtonErrorPage.Detail)] = step.Detail,
        })
        {
            StatusCode = StatusCodes.Status400BadRequest,
        };
    }
}
