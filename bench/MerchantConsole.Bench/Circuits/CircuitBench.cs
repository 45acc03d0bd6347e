using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.RegularExpressions;
using MerchantConsole.Bench.Transactions;
using MerchantConsole.Data;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace MerchantConsole.Bench.Circuits;

/// <summary>
/// Issue #9: memory per idle Blazor circuit. The console runs as its own process (<see cref="BenchServer"/>) on a copy
/// of a generated database; one signed-in staff member opens circuits on the transactions grid and on one
/// transaction's page, and the server's working set (and GC heap) is read before and after each hundred.
/// </summary>
internal static partial class CircuitBench
{
    public const long TargetBytes = 250 * 1024;

    internal const string Password = "Bench-circuits-1";

    internal sealed record Memory(long WorkingSetBefore, long WorkingSet, long GcHeap, long GcCommitted, bool ServerGc, Dictionary<string, string?> GcConfiguration);

    /// <summary><c>circuits [options]</c> (bench/run-circuits.sh), <c>circuits serve …</c> (the console as a child process).</summary>
    public static Task<int> MainAsync(string[] args) => args.FirstOrDefault() switch
    {
        "serve" => BenchServer.RunAsync(args[1], int.Parse(args[2], CultureInfo.InvariantCulture), TimeSpan.FromSeconds(int.Parse(args[3], CultureInfo.InvariantCulture))),
        _ => RunAsync(args),
    };

    private static async Task<int> RunAsync(string[] args)
    {
        var circuits = 100;
        var rows = 20_000;
        var data = Path.GetFullPath("bench/data");
        string? markdown = null;
        var heap = false;
        var gc = BenchServer.AppGcSettings();
        for (var i = 0; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--circuits": circuits = int.Parse(args[++i], CultureInfo.InvariantCulture); break;
                case "--rows": rows = int.Parse(args[++i], CultureInfo.InvariantCulture); break;
                case "--data": data = Path.GetFullPath(args[++i]); break;
                case "--markdown": markdown = Path.GetFullPath(args[++i]); break;
                case "--heap": heap = true; break;
                // A GC setting to compare against the app's own, e.g. --gc DOTNET_gcServer=0.
                case "--gc": var (name, value) = args[++i].Split('=', 2) switch { var p => (p[0], p[1]) }; gc[name] = value; break;
                default: throw new ArgumentException("unknown argument " + args[i]);
            }
        }

        var (database, detailId) = await PrepareDatabaseAsync(data, rows);
        var port = FreePort();
        var baseUri = new Uri($"http://127.0.0.1:{port}/");
        using var server = await BenchServer.StartAsync(database, port, TimeSpan.FromMinutes(20), gc);
        try
        {
            var (http, cookies) = await SignInAsync(baseUri);
            using var _ = http;
            var pages = new[] { ("transactions grid", "transactions"), ("transaction detail", $"transactions/{detailId}") };
            var open = new List<BlazorCircuit>();

            Console.WriteLine($"== warm-up: 5 circuits per page (JIT, EF's query cache, MudBlazor's static state)");
            foreach (var (_, path) in pages)
            {
                for (var i = 0; i < 5; i++)
                {
                    open.Add(await BlazorCircuit.OpenAsync(baseUri, path, http, cookies, CancellationToken.None));
                }
            }

            var baseline = await SteadyMemoryAsync(http, baseUri);
            Console.WriteLine($"   baseline: {Describe(baseline)}; GC: {string.Join(", ", baseline.GcConfiguration.Where(p => p.Key is "ServerGC" or "HeapCount" or "ConcurrentGC" or "ConserveMemory" or "DynamicAdaptationMode").Select(p => p.Key + "=" + p.Value))}");
            var results = new List<(string Page, Memory Before, Memory After)>();
            var before = baseline;
            foreach (var (name, path) in pages)
            {
                Console.WriteLine($"== {circuits} circuits on /{path}");
                var census = heap ? HeapCensus.Take(server.Id) : null;
                for (var i = 0; i < circuits; i++)
                {
                    open.Add(await BlazorCircuit.OpenAsync(baseUri, path, http, cookies, CancellationToken.None));
                }

                var after = await SteadyMemoryAsync(http, baseUri);
                Console.WriteLine($"   after: {Describe(after)}; per circuit: working set {(after.WorkingSet - before.WorkingSet) / circuits / 1024:N0} KB, GC heap {(after.GcHeap - before.GcHeap) / circuits / 1024:N0} KB");
                results.Add((name, before, after));
                if (census is not null)
                {
                    await SteadyMemoryAsync(http, baseUri);
                    Console.WriteLine($"   GC heap growth per circuit by type (largest {25}):");
                    var after2 = HeapCensus.Take(server.Id);
                    Console.Write(after2.Growth(census, circuits));
                    Console.WriteLine("   objects of MudBlazor and the console per circuit:");
                    Console.Write(after2.Components(census, circuits));
                }

                before = after;
            }

            var failed = open.Count(c => c.Error is not null || !c.Connected);
            Console.WriteLine($"== {open.Count} circuits open, {failed} failed; {open.Sum(c => c.JsCalls)} JS calls answered");
            var section = Section(results, baseline, before, circuits, rows, failed, gc);
            Console.WriteLine(section);
            if (markdown is not null)
            {
                await File.WriteAllTextAsync(markdown, section);
            }

            foreach (var circuit in open)
            {
                await circuit.DisposeAsync();
            }

            return failed == 0 ? 0 : 1;
        }
        finally
        {
            server.StandardInput.Close();
            if (!server.WaitForExit(30_000))
            {
                server.Kill();
            }
        }
    }

    /// <summary>Full collections until the working set stops falling; what an idle server settles at.</summary>
    private static async Task<Memory> SteadyMemoryAsync(HttpClient http, Uri baseUri)
    {
        Memory? last = null;
        for (var i = 0; i < 5; i++)
        {
            await Task.Delay(2000);
            var memory = (await http.GetFromJsonAsync<Memory>(new Uri(baseUri, "_bench/memory?collect=true")))!;
            if (last is not null && Math.Abs(memory.WorkingSet - last.WorkingSet) < 1024 * 1024)
            {
                return memory;
            }

            last = memory;
        }

        return last!;
    }

    private static string Describe(Memory m) =>
        $"working set {m.WorkingSet / 1048576.0:F1} MB (before collecting {m.WorkingSetBefore / 1048576.0:F1} MB), GC heap {m.GcHeap / 1048576.0:F1} MB, committed {m.GcCommitted / 1048576.0:F1} MB";

    private static string Section(List<(string Page, Memory Before, Memory After)> results, Memory baseline, Memory end, int circuits, int rows, int failed, Dictionary<string, string> gc)
    {
        var text = new StringBuilder();
        var n = circuits * results.Count;
        long PerCircuit(long before, long after, int count) => (after - before) / count / 1024;
        text.AppendLine("## Idle Blazor circuits");
        text.AppendLine();
        text.AppendLine(CultureInfo.InvariantCulture, $"`bench/run-circuits.sh` — {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC, {Environment.ProcessorCount} cores shared with other work (load average before the run: {File.ReadAllText("/proc/loadavg").Split(' ')[0]}).");
        text.AppendLine();
        text.AppendLine(CultureInfo.InvariantCulture, $"One signed-in staff member (Viewer of a shop with {rows:N0} transactions) opens {circuits} circuits on each page with a SignalR client speaking blazorpack (as blazor.web.js: prerendered page, `StartCircuit`, `UpdateRootComponents`, render batches acknowledged, JS calls answered); each circuit then idles. The console runs as its own process with its own GC settings ({string.Join(", ", gc.Select(p => p.Key + "=" + p.Value))}); figures are read after a full blocking collection, once the working set has settled, against a baseline taken after 10 warm-up circuits. Target: ≤ 250 KB of working set per idle circuit.");
        text.AppendLine();
        text.AppendLine("| circuits | working set / circuit | GC heap / circuit | GC committed / circuit | target |");
        text.AppendLine("| --- | ---: | ---: | ---: | --- |");
        foreach (var (page, before, after) in results)
        {
            var ws = PerCircuit(before.WorkingSet, after.WorkingSet, circuits);
            text.AppendLine(CultureInfo.InvariantCulture, $"| {circuits} on the {page} | {ws:N0} KB | {PerCircuit(before.GcHeap, after.GcHeap, circuits):N0} KB | {PerCircuit(before.GcCommitted, after.GcCommitted, circuits):N0} KB | {(ws * 1024 <= TargetBytes ? "met" : "**missed**")} |");
        }

        var all = PerCircuit(baseline.WorkingSet, end.WorkingSet, n);
        text.AppendLine(CultureInfo.InvariantCulture, $"| all {n} | {all:N0} KB | {PerCircuit(baseline.GcHeap, end.GcHeap, n):N0} KB | {PerCircuit(baseline.GcCommitted, end.GcCommitted, n):N0} KB | {(all * 1024 <= TargetBytes ? "met" : "**missed**")} |");
        text.AppendLine();
        text.AppendLine(CultureInfo.InvariantCulture, $"Server: {Describe(baseline)} at the baseline; {Describe(end)} with {n + 10} circuits open. Circuits failed: {failed}.");
        return text.ToString();
    }

    /// <summary>A generated database (bench/data, shared with run-grid.sh) copied for this run, the bench viewer given a password.</summary>
    internal static async Task<(string ConnectionString, long DetailId)> PrepareDatabaseAsync(string data, int rows)
    {
        Directory.CreateDirectory(data);
        var provider = new SqliteProvider(data, rows);
        if (!provider.Exists && await GridBench.RunAsync(["--rows", rows.ToString(CultureInfo.InvariantCulture), "--data", data, "--generate-only"]) != 0)
        {
            throw new InvalidOperationException("generation failed");
        }

        var copy = Path.Combine(Path.GetTempPath(), $"mc-circuits-{Environment.ProcessId}.db");
        File.Copy(provider.FilePath, copy, overwrite: true);
        var connection = BenchApp.ConfiguredConnectionString() is var configured && configured.Contains("DataSource=", StringComparison.OrdinalIgnoreCase)
            ? DataSource().Replace(configured, "DataSource=" + copy)
            : "DataSource=" + copy;
        await using var app = BenchApp.Create(connection);
        await app.MigrateAsync();
        using var scope = app.Services.CreateScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>();
        var viewer = await users.FindByIdAsync(BenchApp.Viewer.Id) ?? throw new InvalidOperationException("no bench viewer");
        if (!await users.HasPasswordAsync(viewer))
        {
            var added = await users.AddPasswordAsync(viewer, Password);
            if (!added.Succeeded)
            {
                throw new InvalidOperationException(string.Join("; ", added.Errors.Select(e => e.Description)));
            }
        }

        await using var db = await app.DbAsync();
        var detail = await db.GatewayTransactions.Where(t => t.ShopId == TransactionGenerator.MainShop).OrderByDescending(t => t.Id).Select(t => t.Id).FirstAsync();
        return (connection, detail);
    }

    /// <summary>Signs the bench viewer in through the login form; the cookie serves every circuit.</summary>
    internal static async Task<(HttpClient Http, CookieContainer Cookies)> SignInAsync(Uri baseUri)
    {
        var cookies = new CookieContainer();
        var http = new HttpClient(new SocketsHttpHandler { CookieContainer = cookies, AllowAutoRedirect = false, MaxConnectionsPerServer = 256 }) { BaseAddress = baseUri, Timeout = TimeSpan.FromMinutes(2) };
        var form = await http.GetStringAsync("Account/Login");
        var token = Antiforgery().Match(form).Groups[1].Value;
        using var content = new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["_handler"] = "login",
            ["__RequestVerificationToken"] = WebUtility.HtmlDecode(token),
            ["Input.Email"] = BenchApp.Viewer.Name,
            ["Input.Password"] = Password,
        });
        using var response = await http.PostAsync("Account/Login", content);
        if (response.StatusCode != HttpStatusCode.Redirect || !cookies.GetCookies(baseUri).Any(c => c.Name == "MerchantConsole.Auth"))
        {
            throw new InvalidOperationException($"sign-in failed: {(int)response.StatusCode}");
        }

        return (http, cookies);
    }

    internal static int FreePort()
    {
        using var listener = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" value=\"([^\"]*)\"")]
    private static partial Regex Antiforgery();

    [GeneratedRegex("DataSource=[^;]*", RegexOptions.IgnoreCase)]
    private static partial Regex DataSource();
}
