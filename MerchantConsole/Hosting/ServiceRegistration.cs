using MerchantConsole.Api;
using MerchantConsole.Components.Account;
using MerchantConsole.Core.AmazonPay;
using MerchantConsole.Data;
using MerchantConsole.Gateway;
using MerchantConsole.Sandbox;
using MerchantConsole.Settings;
using MerchantConsole.Shops;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;
using MudBlazor.Services;

namespace MerchantConsole.Hosting;

internal static class ServiceRegistration
{
    public static IServiceCollection AddConsoleOptions(this IServiceCollection services)
    {
        services.AddSingleton<ConsoleOptionsValidation>();
        services.AddSingleton<IValidateOptions<ConsoleOptions>>(sp => sp.GetRequiredService<ConsoleOptionsValidation>());
        services.AddSingleton<IValidateOptions<DatabaseOptions>>(sp => sp.GetRequiredService<ConsoleOptionsValidation>());
        services.AddSingleton<IValidateOptions<DatabaseProviderOptions>>(sp => sp.GetRequiredService<ConsoleOptionsValidation>());
        services.AddSingleton<IValidateOptions<BootstrapOptions>>(sp => sp.GetRequiredService<ConsoleOptionsValidation>());
        services.AddOptions<ConsoleOptions>().BindConfiguration(ConsoleOptions.Section).ValidateOnStart();
        services.AddOptions<DatabaseOptions>().BindConfiguration(DatabaseOptions.Section).ValidateOnStart();
        services.AddOptions<DatabaseProviderOptions>().BindConfiguration(DatabaseProviderOptions.Section).ValidateOnStart();
        services.AddOptions<BootstrapOptions>().BindConfiguration(BootstrapOptions.Section).ValidateOnStart();
        return services;
    }

    public static IServiceCollection AddConsoleIdentity(this IServiceCollection services)
    {
        services.AddCascadingAuthenticationState();
        services.AddScoped<IdentityRedirectManager>();
        services.AddScoped<AuthenticationStateProvider, IdentityRevalidatingAuthenticationStateProvider>();
        services.AddAuthentication(options =>
            {
                options.DefaultScheme = IdentityConstants.ApplicationScheme;
                options.DefaultSignInScheme = IdentityConstants.ExternalScheme;
            })
            .AddIdentityCookies();
        services.ConfigureApplicationCookie(cookie =>
        {
            cookie.LoginPath = "/Account/Login";
            cookie.Cookie.Name = "MerchantConsole.Auth";
            cookie.Cookie.HttpOnly = true;
            // Lax, not Strict: a link to the console from a mail or a chat must open it signed in. Nothing that changes
            // state is a GET, and every form carries an antiforgery token.
            cookie.Cookie.SameSite = SameSiteMode.Lax;
            // Secure whenever the request was HTTPS, including behind a TLS-terminating proxy on this host
            // (X-Forwarded-Proto, see Program.cs); plain http on loopback stays usable for development.
            cookie.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
            cookie.ExpireTimeSpan = TimeSpan.FromHours(10);
            cookie.SlidingExpiration = true;
            // A signed-in user without the role gets a real 403 (rendered by /status/403), not a redirect.
            cookie.Events.OnRedirectToAccessDenied = context =>
            {
                context.Response.StatusCode = StatusCodes.Status403Forbidden;
                return Task.CompletedTask;
            };
        });

        // The antiforgery cookie defaults to never Secure; like the sign-in cookie it follows the request.
        services.AddAntiforgery(options => options.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest);

        services.AddIdentityCore<ApplicationUser>(options =>
            {
                options.SignIn.RequireConfirmedAccount = false;
                options.User.RequireUniqueEmail = true;
                options.Stores.SchemaVersion = ApplicationDbContext.IdentitySchemaVersion;
                options.Password.RequiredLength = PasswordPolicy.MinimumLength;
                options.Password.RequiredUniqueChars = PasswordPolicy.RequiredUniqueChars;
                options.Password.RequireDigit = false;
                options.Password.RequireLowercase = false;
                options.Password.RequireUppercase = false;
                options.Password.RequireNonAlphanumeric = false;
                options.Lockout.AllowedForNewUsers = true;
                options.Lockout.MaxFailedAccessAttempts = PasswordPolicy.MaxFailedAttempts;
                options.Lockout.DefaultLockoutTimeSpan = PasswordPolicy.LockoutDuration;
            })
            .AddEntityFrameworkStores<ApplicationDbContext>()
            .AddSignInManager()
            .AddErrorDescriber<LocalizedIdentityErrors>()
            .AddDefaultTokenProviders();

        services.AddAuthorization(options => options.AddShopPolicies());
        services.AddScoped<Microsoft.AspNetCore.Authorization.IAuthorizationHandler, ShopAuthorizationHandler>();
        return services;
    }

    public static IServiceCollection AddAmazonPay(this IServiceCollection services, AmazonPayMode mode)
    {
        services.AddOptions<AmazonPayOptions>().BindConfiguration(AmazonPayOptions.Section)
            .Validate(o => o.TimeoutSeconds is >= 1 and <= 300, "AmazonPay:TimeoutSeconds must be 1 to 300. / 設定 AmazonPay:TimeoutSeconds は 1〜300 で指定してください。")
            .Validate(o => o.Sandbox.CaptureInitiatedPercent is >= 0 and <= 100, "AmazonPay:Sandbox:CaptureInitiatedPercent must be 0 to 100. / 設定 AmazonPay:Sandbox:CaptureInitiatedPercent は 0〜100 で指定してください。")
            .Validate(o => o.Sandbox.CaptureSettleSeconds >= 0 && o.Sandbox.RefundSettleSeconds >= 0 && o.Sandbox.PendingAuthorizationSeconds >= 0,
                "AmazonPay:Sandbox settle delays must not be negative. / 設定 AmazonPay:Sandbox の遅延秒数は 0 以上で指定してください。")
            .ValidateOnStart();
        // Retries live inside the client (they re-sign each attempt with the same idempotency key):
        // no resilience handler on top, or retries would multiply.
        services.AddHttpClient<AmazonPayClient>(http => http.Timeout = Timeout.InfiniteTimeSpan)
            .AddTypedClient((http, sp) =>
            {
                var timeout = TimeSpan.FromSeconds(sp.GetRequiredService<IOptions<AmazonPayOptions>>().Value.TimeoutSeconds);
                return new AmazonPayClient(http, sp.GetRequiredService<TimeProvider>(), new AmazonPayClientOptions
                {
                    AttemptTimeout = timeout,
                    TotalTimeout = timeout * 5,
                });
            });
        services.AddSingleton<AmazonPayConnection>();
        services.AddScoped<AmazonPaySettingsService>();
        services.AddScoped<ConnectionTester>();
        services.AddScoped<ButtonSnippets>();
        services.AddSingleton<SnippetPreviews>();
        if (mode == AmazonPayMode.Sandbox)
        {
            services.AddSingleton<SandboxOperations>();
            services.AddSingleton<SandboxFaultLog>();
            services.AddSingleton<SandboxPublicKeys>();
            services.AddScoped<SandboxSellerCentral>();
            services.AddScoped<SandboxBuyerDesk>();
            services.AddScoped<DemoStore>();
            services.AddHttpClient(nameof(DemoStore));
        }

        return services;
    }

    /// <summary>The gateway engine, its sync and recovery worker, and the result notifier.</summary>
    public static IServiceCollection AddGateway(this IServiceCollection services, AmazonPayMode mode)
    {
        services.AddOptions<GatewayOptions>().BindConfiguration(GatewayOptions.Section)
            .Validate(o => o.PublicBaseUrl is null or "" || (Uri.TryCreate(o.PublicBaseUrl, UriKind.Absolute, out var u) && u.Scheme is "http" or "https"),
                "Gateway:PublicBaseUrl must be an absolute http(s) URL. / 設定 Gateway:PublicBaseUrl は http(s) の絶対URLで指定してください。")
            .Validate(o => o.DefaultPaymentTermSeconds is >= 1 and <= 86400, "Gateway:DefaultPaymentTermSeconds must be 1 to 86400. / 設定 Gateway:DefaultPaymentTermSeconds は 1〜86400 で指定してください。")
            .Validate(o => o.OperationLeaseSeconds >= 1 && o.Sync.IntervalSeconds >= 1 && o.Sync.FirstDelaySeconds >= 0 && o.Sync.MaxDelaySeconds >= 1,
                "Gateway lease and sync intervals must be positive. / 設定 Gateway のリース・同期間隔は正の値で指定してください。")
            .Validate(o => o.Notifications.MaxAttempts is >= 1 and <= 100 && o.Notifications.RetryIntervalSeconds >= 0
                    && o.Notifications.TimeoutSeconds is >= 1 and <= 300 && o.Notifications.PollSeconds >= 1,
                "Gateway:Notifications settings are out of range. / 設定 Gateway:Notifications の値が範囲外です。")
            .Validate(o => o.Admission.ShopRequestsPerSecond >= 0 && double.IsFinite(o.Admission.ShopRequestsPerSecond)
                    && o.Admission.ShopBurst >= (o.Admission.ShopRequestsPerSecond > 0 ? 1 : 0) && o.Admission.MaxConcurrentRequests >= 0,
                "Gateway:Admission limits must be zero (off) or positive, with ShopBurst at least 1 when ShopRequestsPerSecond is set. / 設定 Gateway:Admission の上限は0(無効)または正の値で、ShopRequestsPerSecond を指定する場合は ShopBurst を1以上にしてください。")
            .Validate(o => mode == AmazonPayMode.Sandbox || o.Testing.CrashAfterAmazonCall is null,
                "Gateway:Testing hooks are for tests and refused in live mode. / 設定 Gateway:Testing はテスト専用のため本番モードでは使えません。")
            .ValidateOnStart();
        services.AddSingleton<ShopPasswords>();
        services.AddSingleton<MerchantAdmission>();
        services.AddSingleton<ResultNotifications>();
        services.AddScoped<AmazonSteps>();
        services.AddScoped<GatewayRecorder>();
        services.AddScoped<PaymentGateway>();
        services.AddScoped<PermissionOperations>();
        services.AddScoped<GatewaySync>();
        services.AddScoped<Transactions.TransactionDirectory>();
        services.AddSingleton<Transactions.RowWatch>();
        services.AddSingleton<Transactions.ExportProgress>();
        services.AddScoped<Transactions.TransactionActions>();
        services.AddScoped<Transactions.RegistrationDirectory>();
        services.AddScoped<Transactions.AuditLog>();
        services.AddScoped<Transactions.BulkCapture>();
        services.AddSingleton<BulkCaptureWorker>();
        services.AddHostedService(sp => sp.GetRequiredService<BulkCaptureWorker>());
        services.AddSingleton<GatewayWorker>();
        services.AddHostedService(sp => sp.GetRequiredService<GatewayWorker>());
        // The notifier applies its own per-attempt timeout; a redirect is an answer other than 0, not something to follow.
        services.AddHttpClient(ResultNotifier.HttpClientName, http => http.Timeout = Timeout.InfiniteTimeSpan)
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler { AllowAutoRedirect = false, UseCookies = false });
        services.AddSingleton<ResultNotifier>();
        services.AddHostedService(sp => sp.GetRequiredService<ResultNotifier>());
        services.AddScoped<NotificationService>();
        services.AddScoped<ShopPassService>();
        return services;
    }

    public static IServiceCollection AddMudServicesForConsole(this IServiceCollection services)
    {
        services.AddMudServices(config =>
        {
            config.SnackbarConfiguration.PositionClass = MudBlazor.Defaults.Classes.Position.BottomRight;
            config.SnackbarConfiguration.VisibleStateDuration = 6000;
        });
        return services;
    }
}
