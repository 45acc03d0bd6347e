using System.Net;
using System.Text.RegularExpressions;
using MerchantConsole.Gateway;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;

namespace MerchantConsole.Tests.Support;

/// <summary>
/// The real console on Kestrel (127.0.0.1, a free port) with its own SQLite file in a temporary folder.
/// No mocks: the same Program.CreateApp the run command uses, configured only through arguments.
/// </summary>
public sealed partial class TestConsole : IAsyncDisposable
{
    public const string ShopId = "tshop0001";
    public const string ShopName = "テスト商店";
    public const string OwnerEmail = "owner@example.test";
    public const string OwnerPassword = "correct horse battery";
    public const string ShopPass = "TestShopPass0001";

    private readonly string folder;
    private readonly string[] args;
    private bool stopped;
    private bool handedOver;
    private string startedBy = "";

    private TestConsole(WebApplication app, string folder, string[] args, Uri address)
    {
        App = app;
        this.folder = folder;
        this.args = args;
        Address = address;
    }

    public WebApplication App { get; }

    public Uri Address { get; }

    public IServiceProvider Services => App.Services;

    /// <summary>Starts the console; with <paramref name="bootstrap"/> the database gets the test shop and its Owner.</summary>
    public static async Task<TestConsole> StartAsync(bool bootstrap = true, params string[] extraArgs)
    {
        var startedBy = SecretScan.Enabled ? StartedBy() : "";
        var folder = Path.Combine(Path.GetTempPath(), "mc-tests-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        var args = new List<string>
        {
            "--urls=http://127.0.0.1:0",
            "--environment=Production",
            "--Logging:LogLevel:Default=Warning",

            // Tests drive one shop as fast as the machine goes (500 fuzzed requests in a row); the per-shop rate limit
            // (E92000001) is off unless a test sets it (AdmissionTests; a later argument wins).
            "--Gateway:Admission:ShopRequestsPerSecond=0",
        };
        if (bootstrap)
        {
            args.AddRange([
                $"--Bootstrap:ShopId={ShopId}",
                $"--Bootstrap:ShopName={ShopName}",
                $"--Bootstrap:OwnerEmail={OwnerEmail}",
                $"--Bootstrap:OwnerPassword={OwnerPassword}",
                $"--Bootstrap:ShopPass={ShopPass}",
            ]);
        }

        args.AddRange(await TestDatabase.ArgumentsAsync(DatabaseFile(folder), extraArgs));
        var console = await LaunchAsync(folder, [.. args]);
        console.startedBy = startedBy;
        return console;
    }

    /// <summary>
    /// The test that starts a console, for the secret scan's "not read" lines: the first caller on the stack outside
    /// the harnesses (an async method's frame is its state machine, nested in the test's class). Read before the first
    /// await, while the test's own frame is still on the stack.
    /// </summary>
    private static string StartedBy()
    {
        foreach (var frame in new System.Diagnostics.StackTrace().GetFrames())
        {
            var type = frame.GetMethod()?.DeclaringType;
            var owner = type?.DeclaringType ?? type;
            if (owner is { Namespace: { } ns } && ns.StartsWith("MerchantConsole.Tests", StringComparison.Ordinal)
                && owner != typeof(TestConsole) && !owner.Name.EndsWith("Harness", StringComparison.Ordinal))
            {
                var method = type!.Name is ['<', _, ..] stateMachine && stateMachine[1] != '>'
                    ? stateMachine[1..stateMachine.IndexOf('>', StringComparison.Ordinal)]
                    : frame.GetMethod()!.Name;
                return owner.Name + "." + method;
            }
        }

        return "(no test on the stack)";
    }

    /// <summary>
    /// Stops this console as a shutdown would and starts a new one on the same database and arguments (a new
    /// port): what was committed must survive, and nothing held only in memory does. Dispose the returned
    /// console; this one no longer owns the folder.
    /// </summary>
    public async Task<TestConsole> RestartAsync()
    {
        await StopAsync();
        handedOver = true;
        var restarted = await LaunchAsync(folder, args);
        restarted.startedBy = startedBy;
        return restarted;
    }

    private static async Task<TestConsole> LaunchAsync(string folder, string[] args)
    {
        var app = Program.CreateApp(args, SecretScan.Enabled ? SecretScanRecorders.Add : null);
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.Single();
        return new TestConsole(app, folder, args, new Uri(address));
    }

    private async Task StopAsync()
    {
        if (stopped)
        {
            return;
        }

        stopped = true;
        if (SecretScan.Enabled)
        {
            await RegisterStoredSecretsAsync();
        }

        await App.StopAsync();
        await App.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
    }

    private async Task RegisterStoredSecretsAsync()
    {
        SecretScan.RegisterSecret("ShopPass", ShopPass);
        try
        {
            foreach (var unread in await SecretScanRecorders.RegisterStoredSecretsAsync(App.Services))
            {
                SecretScan.Write(new ScanRecord("unread", folder, $"{startedBy}: {unread}"));
            }
        }
        catch (Exception e) when (e is InvalidOperationException or System.Data.Common.DbException)
        {
            // A test that broke its own database: the scan says how many consoles it could not read.
            SecretScan.Write(new ScanRecord("unread", folder, $"{startedBy}: {e.GetType().Name}: {e.Message}"));
        }
    }

    /// <summary>An AccessPass as the gateway stores it, for tests that write transactions directly: the secret scan reads it back.</summary>
    public string ProtectAccessPass(string accessPass) =>
        Services.GetRequiredService<IDataProtectionProvider>().CreateProtector(PaymentGateway.AccessPassPurpose).Protect(accessPass);

    /// <summary>The console's own database when a test names none: a file in its folder (or the PostgreSQL database standing for it).</summary>
    private static string DatabaseFile(string folder) => Path.Combine(folder, "console.db");

    /// <summary>A browser-like client: cookies kept, redirects not followed so tests can see them.</summary>
    public HttpClient CreateClient() =>
        new(new HttpClientHandler { CookieContainer = new CookieContainer(), AllowAutoRedirect = false, UseCookies = true })
        {
            BaseAddress = Address,
        };

    /// <summary>Signs in through the real static login form, antiforgery token included.</summary>
    public async Task<HttpResponseMessage> SignInAsync(HttpClient client, string email, string password)
    {
        var page = await client.GetStringAsync(new Uri("/Account/Login", UriKind.Relative));
        var token = AntiforgeryToken().Match(page).Groups[1].Value;
        var form = new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = token,
            ["_handler"] = "login",
            ["Input.Email"] = email,
            ["Input.Password"] = password,
        });
        return await client.PostAsync(new Uri("/Account/Login", UriKind.Relative), form);
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        if (handedOver)
        {
            return;
        }

        await TestDatabase.DropAsync(DatabaseFile(folder));

        try
        {
            Directory.Delete(folder, recursive: true);
        }
        catch (IOException)
        {
            // A file still held by the OS is left to the temp folder's cleanup.
        }
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" value=\"([^\"]+)\"")]
    private static partial Regex AntiforgeryToken();
}
