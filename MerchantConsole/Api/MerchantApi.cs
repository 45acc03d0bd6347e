using MerchantConsole.Data;
using MerchantConsole.Gateway;
using MerchantConsole.Sandbox;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace MerchantConsole.Api;

/// <summary>
/// The merchant API (gateway-api.md): <c>POST /payment/{Api}.idPass</c> and <c>POST /payment/{Api}.json</c> over one
/// operation table, the customer's browser endpoints, and the OpenAPI document. All anonymous: the merchant's
/// server authenticates with ShopID and ShopPass in the body, the browser with AccessID and a one-time token.
/// </summary>
internal static class MerchantApi
{
    public const string OpenApiPath = "/payment/openapi.json";

    private static readonly IdPassTransport IdPass = new();
    private static readonly JsonTransport Json = new();

    public static IEndpointRouteBuilder MapMerchantApi(this IEndpointRouteBuilder endpoints)
    {
        // Server-to-server calls carry no cookie and no antiforgery token; they authenticate in the body.
        endpoints.MapPost("/payment/{api}.idPass", (HttpContext http, string api) => HandleAsync(http, api, IdPass))
            .AllowAnonymous().DisableAntiforgery();
        endpoints.MapPost("/payment/{api}.json", (HttpContext http, string api) => HandleAsync(http, api, Json))
            .AllowAnonymous().DisableAntiforgery();
        endpoints.MapGet(OpenApiPath, () => Results.Json(OpenApiDocument.Build())).AllowAnonymous();
        endpoints.MapPost(PaymentGateway.StartPath, PaymentPages.StartAsync).AllowAnonymous().DisableAntiforgery();
        endpoints.MapGet(PaymentGateway.ReturnPath, PaymentPages.ReturnAsync).AllowAnonymous();
        return endpoints;
    }

    private static async Task<IResult> HandleAsync(HttpContext http, string api, ApiTransport transport)
    {
        var operation = ApiOperations.Find(api);
        if (operation is null)
        {
            return transport.Write(null, GatewayErrors.UnknownApi);
        }

        // At the limit of requests in progress, the answer is an immediate refusal rather than a late answer for all.
        var admission = http.RequestServices.GetRequiredService<MerchantAdmission>();
        using var place = admission.TryEnter();
        if (place is null)
        {
            http.Response.Headers.RetryAfter = "1";
            return transport.Write(operation, GatewayErrors.Overloaded);
        }

        var read = await transport.ReadAsync(http.Request);
        if (read.Error is { } unreadable)
        {
            // The name of a repeated parameter helps the merchant, but only names the API knows are said back.
            var known = read.Repeated is { } name && (name is "ShopID" or "ShopPass" || operation.Request.Any(p => p.Name == name));
            return transport.Write(operation, known ? unreadable.With(read.Repeated) : unreadable);
        }

        try
        {
            return transport.Write(operation, await RunAsync(http, admission, operation, read.Fields!));
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // A bug, not a refusal: logged with the operation's name only (the request holds ShopPass and AccessPass).
            http.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(MerchantApi))
                .LogError(ex, "Merchant API {Api} failed", operation.Name);
            return transport.Write(operation, GatewayErrors.SystemError);
        }
    }

    private static async Task<ApiOutcome> RunAsync(HttpContext http, MerchantAdmission admission, ApiOperation operation, IReadOnlyDictionary<string, string> fields)
    {
        var live = http.RequestServices.GetRequiredService<IOptions<AmazonPayOptions>>().Value.Mode == AmazonPayMode.Live;
        var input = new ApiInput(fields, live);
        var shopId = input.Required(ApiOperations.ShopIdField.Name, GatewayErrors.ShopIdMissing);
        var shopPass = input.Required(ApiOperations.ShopPassField.Name, GatewayErrors.ShopPassMissing);
        var step = operation.Parse(input);
        if (input.Errors.Count > 0)
        {
            return ApiOutcome.Fail(input.Errors);
        }

        if (!await ShopAuthentication.VerifyAsync(http.RequestServices, shopId, shopPass, http.RequestAborted))
        {
            return GatewayErrors.ShopAuthFailed;
        }

        if (admission.TryTake(shopId) is { } wait)
        {
            http.Response.Headers.RetryAfter = MerchantAdmission.RetryAfter(wait);
            return GatewayErrors.ShopRateLimited;
        }

        return await step(new ApiContext(http, shopId));
    }
}

/// <summary>ShopID + ShopPass, answered the same way whether the shop is missing or the password is wrong.</summary>
internal static class ShopAuthentication
{
    /// <summary>Every merchant request reads its shop: compiled (docs/benchmarks.md, engine throughput).</summary>
    private static readonly PerModel<Func<ApplicationDbContext, string, CancellationToken, Task<Shop?>>> ById =
        new(() => EF.CompileAsyncQuery((ApplicationDbContext db, string shopId, CancellationToken _) => db.Shops.AsNoTracking().SingleOrDefault(s => s.Id == shopId)));

    public static async Task<bool> VerifyAsync(IServiceProvider services, string shopId, string shopPass, CancellationToken cancellationToken)
    {
        var passwords = services.GetRequiredService<ShopPasswords>();
        await using var db = await services.GetRequiredService<IDbContextFactory<ApplicationDbContext>>().CreateDbContextAsync(cancellationToken);
        var shop = await ById.For(db)(db, shopId, cancellationToken);
        if (shop is null)
        {
            // The same decrypt-and-compare work as for a real shop, so the answer's timing does not tell either.
            passwords.Verify(new Shop { Id = shopId, Name = "", ProtectedShopPass = passwords.Protect(ShopPasswords.Generate()) }, shopPass);
            return false;
        }

        return passwords.Verify(shop, shopPass);
    }
}
