using MerchantConsole.Data;
using MerchantConsole.Shops;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Localization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace MerchantConsole.Hosting;

internal static class Endpoints
{
    public const string SetupPath = "/setup";

    /// <summary>
    /// While no user exists, every page leads to the first-run page; once one does, the first-run page is gone
    /// for good (404). The answer is cached once true, as it can never become false again.
    /// </summary>
    public static IApplicationBuilder UseFirstRunGate(this IApplicationBuilder app)
    {
        var setUp = false;
        return app.Use(async (context, next) =>
        {
            var path = context.Request.Path;
            var isSetupPage = path.Equals(SetupPath, StringComparison.OrdinalIgnoreCase);
            if (!setUp && (isSetupPage || IsPage(context)))
            {
                var shops = context.RequestServices.GetRequiredService<ShopAdministration>();
                setUp = await shops.HasAnyUserAsync(context.RequestAborted);
            }

            if (isSetupPage && setUp)
            {
                context.Response.StatusCode = StatusCodes.Status404NotFound;
                return;
            }

            if (!setUp && !isSetupPage && IsPage(context))
            {
                context.Response.Redirect(SetupPath);
                return;
            }

            await next(context);
        });
    }

    /// <summary>
    /// The status and error pages are Razor pages. Re-executed as the POST that failed — a form refused for its
    /// antiforgery token, say — they would validate that form again, and reading a form whose token failed throws:
    /// the refusal became a 500. They are rendered as what they are, a GET, and the method is put back afterwards.
    /// </summary>
    public static IApplicationBuilder UseErrorPagesAsGet(this IApplicationBuilder app) =>
        app.Use(async (context, next) =>
        {
            var reExecuted = context.Features.Get<IStatusCodeReExecuteFeature>() is not null || context.Features.Get<IExceptionHandlerFeature>() is not null;
            var method = context.Request.Method;
            if (!reExecuted || HttpMethods.IsGet(method) || HttpMethods.IsHead(method))
            {
                await next(context);
                return;
            }

            context.Request.Method = HttpMethods.Get;
            try
            {
                await next(context);
            }
            finally
            {
                context.Request.Method = method;
            }
        });

    /// <summary>A browser navigation to a page, as opposed to assets, the circuit, health checks or status pages.</summary>
    private static bool IsPage(HttpContext context)
    {
        var path = context.Request.Path.Value ?? "/";
        return HttpMethods.IsGet(context.Request.Method)
            && !Path.HasExtension(path)
            && !path.StartsWith("/_", StringComparison.Ordinal)
            && !path.StartsWith("/healthz", StringComparison.Ordinal)
            && !path.StartsWith("/status/", StringComparison.Ordinal)
            // The merchant API and the customer's way back from Amazon work whether or not staff have signed up.
            && !path.StartsWith("/payment/", StringComparison.Ordinal)
            && !path.StartsWith("/culture", StringComparison.Ordinal);
    }

    /// <summary>The language switch: remembers the choice in the standard culture cookie for a year.</summary>
    public static void MapCultureEndpoint(this IEndpointRouteBuilder endpoints) =>
        endpoints.MapGet("/culture/set", (HttpContext context, string culture, string? redirectUri) =>
        {
            var chosen = Program.Cultures.FirstOrDefault(c => c.Name.Equals(culture, StringComparison.OrdinalIgnoreCase));
            if (chosen is null)
            {
                return Results.BadRequest("Unknown culture. / 未対応の言語です。");
            }

            context.Response.Cookies.Append(
                CookieRequestCultureProvider.DefaultCookieName,
                CookieRequestCultureProvider.MakeCookieValue(new RequestCulture(chosen)),
                new CookieOptions
                {
                    Expires = DateTimeOffset.UtcNow.AddYears(1),
                    IsEssential = true,
                    HttpOnly = true,
                    SameSite = SameSiteMode.Lax,
                    Secure = context.Request.IsHttps,
                });
            var target = !string.IsNullOrEmpty(redirectUri) && redirectUri.StartsWith('/') && !redirectUri.StartsWith("//", StringComparison.Ordinal)
                && !redirectUri.StartsWith("/\\", StringComparison.Ordinal)
                ? redirectUri
                : "/";
            return Results.LocalRedirect(target);
        }).AllowAnonymous();
}

/// <summary>Healthy when the database answers a query against the console's own schema.</summary>
internal sealed class DatabaseHealthCheck(IDbContextFactory<ApplicationDbContext> dbFactory) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
            await db.Shops.AnyAsync(cancellationToken);
            return HealthCheckResult.Healthy();
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            return HealthCheckResult.Unhealthy("The database does not answer.", ex);
        }
    }
}
