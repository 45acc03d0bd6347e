using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Unicode;
using MerchantConsole.Api;
using MerchantConsole.Components;
using MerchantConsole.Components.Account;
using MerchantConsole.Data;
using MerchantConsole.Gateway;
using MerchantConsole.Hosting;
using MerchantConsole.Sandbox;
using MerchantConsole.Settings;
using MerchantConsole.Shops;
using MerchantConsole.Transactions;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Localization;

var app = Program.CreateApp(args);
await app.RunAsync();

public partial class Program
{
    /// <summary>Japanese first; English one click away.</summary>
    public static readonly CultureInfo[] Cultures = [new("ja-JP"), new("en-US")];

    /// <summary>Builds the console: services, then pipeline, then endpoints. Tests call this with their own arguments.</summary>
    /// <param name="addServices">Services added last, before the build: the test suite's log and response recorders.</param>
    public static WebApplication CreateApp(string[] args, Action<IServiceCollection>? addServices = null)
    {
        // The root appsettings.json is copied beside the assembly; reading it from there works for
        // `dotnet run`, the dll started from any folder, `dotnet ef` and the test suites alike.
        var appFolder = Path.GetDirectoryName(typeof(Program).Assembly.Location)!;
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            Args = args,
            ContentRootPath = appFolder,
            ApplicationName = typeof(Program).Assembly.GetName().Name,
        });
        builder.WebHost.UseStaticWebAssets();

        // --- Services
        var services = builder.Services;
        services.AddSingleton(TimeProvider.System);
        services.AddConsoleOptions();
        services.AddReverseProxies();
        services.AddConsoleDatabase(appFolder);
        services.AddDataProtection().SetApplicationName("MerchantConsole").PersistKeysToDbContext<ApplicationDbContext>();
        services.AddConsoleIdentity();
        services.AddLocalization();
        // Japanese text is written as text, not as &#x…; entities.
        services.AddWebEncoders(o => o.TextEncoderSettings = new TextEncoderSettings(UnicodeRanges.All));
        services.AddMudServicesForConsole();
        services.AddRazorComponents().AddInteractiveServerComponents();
        services.AddHealthChecks().AddCheck<DatabaseHealthCheck>("database");
        services.AddScoped<ShopAdministration>();
        services.AddScoped<StaffDirectory>();
        services.AddScoped<CurrentShop>();
        var amazonPayMode = builder.Configuration.GetValue(AmazonPayOptions.Section + ":" + nameof(AmazonPayOptions.Mode), AmazonPayMode.Sandbox);
        services.AddAmazonPay(amazonPayMode);
        services.AddGateway(amazonPayMode);
        addServices?.Invoke(services);

        var app = builder.Build();

        // --- Pipeline
        // Behind a TLS-terminating proxy, X-Forwarded-Proto tells the app the request was HTTPS, so cookies are Secure
        // and links are https; only the proxies of ForwardedHeaders:KnownProxies/KnownNetworks (loopback by default) are believed.
        app.UseForwardedHeaders();
        app.UseSecurityHeaders(amazonPayMode, builder.Configuration[GatewayOptions.Section + ":" + nameof(GatewayOptions.PublicBaseUrl)]);
        if (app.Environment.IsDevelopment())
        {
            app.UseMigrationsEndPoint();
        }
        else
        {
            app.UseExceptionHandler("/Error", createScopeForErrors: true);
            app.UseHsts();
        }

        app.UseRequestLocalization(new RequestLocalizationOptions
        {
            DefaultRequestCulture = new RequestCulture(Cultures[0]),
            SupportedCultures = Cultures,
            SupportedUICultures = Cultures,
            // Only an explicit choice changes the language: the console is Japanese whatever the browser says.
            RequestCultureProviders = [new CookieRequestCultureProvider()],
        });
        app.UseStatusCodePagesWithReExecute("/status/{0}", createScopeForStatusCodePages: true);
        app.UseErrorPagesAsGet();
        app.UseFirstRunGate();
        if (amazonPayMode == AmazonPayMode.Live)
        {
            // Nothing of the sandbox is reachable against the real Amazon Pay, pages included.
            app.UseWhen(context => context.Request.Path.StartsWithSegments("/sandbox"), branch => branch.Run(context =>
            {
                context.Response.StatusCode = StatusCodes.Status404NotFound;
                // The 404 page is a Razor page: re-executed with a POST (the button's) it would answer 400 instead.
                if (!HttpMethods.IsGet(context.Request.Method) && context.Features.Get<IStatusCodePagesFeature>() is { } statusCodePages)
                {
                    statusCodePages.Enabled = false;
                }

                return Task.CompletedTask;
            }));
        }

        app.UseAuthentication();
        app.UseAuthorization();
        app.UseAntiforgery();

        // --- Endpoints
        app.MapStaticAssets();
        // Blazor's own frame-ancestors header would stand in for the whole policy: UseSecurityHeaders writes the full one.
        app.MapRazorComponents<App>().AddInteractiveServerRenderMode(o => o.ContentSecurityFrameAncestorsPolicy = null);
        app.MapAdditionalIdentityEndpoints();
        app.MapCultureEndpoint();
        app.MapHealthChecks("/healthz").AllowAnonymous();
        app.MapTransactionExport();
        app.MapMerchantApi();
        if (amazonPayMode == AmazonPayMode.Sandbox)
        {
            app.MapSandboxApi();
            app.MapSandboxBuyerEndpoints();
            app.MapDemoStore();
            app.MapSnippetPreviews();
        }

        return app;
    }
}
