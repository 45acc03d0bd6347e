using MerchantConsole.Components.Sandbox.Store;
using MerchantConsole.Hosting;
using Microsoft.AspNetCore.Http.HttpResults;

namespace MerchantConsole.Sandbox;

/// <summary>
/// The demo storefront's pages. They stand for a merchant's own site, outside the console: anonymous, and the
/// result page takes the gateway's cross-site RetURL POST, which can carry no antiforgery token.
/// </summary>
public static class DemoStoreEndpoints
{
    public static void MapDemoStore(this IEndpointRouteBuilder endpoints)
    {
        var store = endpoints.MapGroup(DemoStore.Path).AllowAnonymous().DisableAntiforgery();
        store.MapGet("", async (HttpContext http, DemoStore demo, string? shop, string? amountChange) =>
        {
            var view = await demo.ViewAsync(shop, Origin(http), http.RequestAborted, amountChange == "1");
            // The snippet's two scripts run under the store's Content-Security-Policy by this response's nonce.
            return Page<DemoStorePage>(new()
            {
                [nameof(DemoStorePage.View)] = view.Snippet is null ? view : view with { Snippet = SecurityHeaders.WithNonce(view.Snippet, SecurityHeaders.Nonce(http)) },
            });
        });
        store.MapGet("/review", async (HttpContext http, DemoStore demo, string? shop, string? amazonCheckoutSessionId) =>
        {
            if (string.IsNullOrEmpty(shop) || string.IsNullOrEmpty(amazonCheckoutSessionId))
            {
                return Page<DemoStoreReview>(new() { [nameof(DemoStoreReview.Problem)] = "shop / amazonCheckoutSessionId ?" }, StatusCodes.Status400BadRequest);
            }

            var (checkout, problem) = await demo.CheckoutAsync(shop, amazonCheckoutSessionId, Origin(http), http.RequestAborted);
            return Page<DemoStoreReview>(new()
            {
                [nameof(DemoStoreReview.Checkout)] = checkout,
                [nameof(DemoStoreReview.Problem)] = problem,
            }, problem is null ? StatusCodes.Status200OK : StatusCodes.Status502BadGateway);
        });
        store.MapPost("/result", async (HttpContext http, DemoStore demo) =>
        {
            var form = http.Request.HasFormContentType ? await http.Request.ReadFormAsync(http.RequestAborted) : FormCollection.Empty;
            return Page<DemoStoreResult>(new() { [nameof(DemoStoreResult.Result)] = await demo.ResultAsync(form, Origin(http), http.RequestAborted) });
        });
    }

    private static Uri Origin(HttpContext http) => new($"{http.Request.Scheme}://{http.Request.Host}");

    private static RazorComponentResult<T> Page<T>(Dictionary<string, object?> parameters, int status = StatusCodes.Status200OK)
        where T : Microsoft.AspNetCore.Components.IComponent =>
        new(parameters) { StatusCode = status };
}
