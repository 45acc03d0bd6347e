using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Globalization;
using System.Runtime;
using System.Text.Json;
using MerchantConsole.Bench.Transactions;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Hosting;

namespace MerchantConsole.Bench.Circuits;

/// <summary>
/// The console as its own process (<c>Program.CreateApp</c>, the app's services and pipeline unchanged) plus two
/// loopback-only bench endpoints: <c>/_bench/memory</c> (working set and GC heap, optionally after a full collection)
/// and <c>/_bench/latency</c> (server-side request durations per route, from ASP.NET Core's own
/// <c>http.server.request.duration</c> metric). The parent starts it with the GC settings of the app's own
/// runtimeconfig.json, so the process runs as the console does.
/// </summary>
internal static class BenchServer
{
    public static async Task<int> RunAsync(string database, int port, TimeSpan lifetime)
    {
        var app = Program.CreateApp(
        [
            "--urls=http://127.0.0.1:" + port.ToString(CultureInfo.InvariantCulture),
            "--ConnectionStrings:Default=" + database,
            "--Logging:LogLevel:Default=Warning",
            "--Logging:LogLevel:Microsoft.AspNetCore.SignalR=Error",
        ]);
        using var durations = new RequestDurations();
        app.MapGet("/_bench/memory", (bool collect) =>
        {
            var before = Environment.WorkingSet;
            if (collect)
            {
                GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
                GC.WaitForPendingFinalizers();
                GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
            }

            var info = GC.GetGCMemoryInfo();
            return Results.Json(new
            {
                workingSetBefore = before,
                workingSet = Environment.WorkingSet,
                gcHeap = GC.GetTotalMemory(false),
                gcCommitted = info.TotalCommittedBytes,
                serverGc = GCSettings.IsServerGC,
                gcConfiguration = GC.GetConfigurationVariables().ToDictionary(p => p.Key, p => Convert.ToString(p.Value, CultureInfo.InvariantCulture)),
                latencyMode = GCSettings.LatencyMode.ToString(),
            });
        }).AllowAnonymous();
        app.MapGet("/_bench/latency", (bool reset) => Results.Json(durations.Take(reset))).AllowAnonymous();

        using var stop = new CancellationTokenSource(lifetime);
        // Parent gone (stdin closed): stop too, so nothing outlives the run.
        _ = Task.Run(() =>
        {
            while (Console.In.ReadLine() is not null)
            {
            }

            stop.Cancel();
        });
        await app.StartAsync(stop.Token);
        Console.WriteLine("READY");
        try
        {
            await Task.Delay(Timeout.Infinite, stop.Token);
        }
        catch (OperationCanceledException)
        {
        }

        await app.StopAsync(CancellationToken.None);
        return 0;
    }

    /// <summary>Starts the server as a child process and waits for it to listen.</summary>
    public static async Task<Process> StartAsync(string database, int port, TimeSpan lifetime, IDictionary<string, string>? gc = null)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(typeof(BenchServer).Assembly.Location);
        start.ArgumentList.Add("circuits");
        start.ArgumentList.Add("serve");
        start.ArgumentList.Add(database);
        start.ArgumentList.Add(port.ToString(CultureInfo.InvariantCulture));
        start.ArgumentList.Add(((int)lifetime.TotalSeconds).ToString(CultureInfo.InvariantCulture));
        foreach (var (name, value) in gc ?? AppGcSettings())
        {
            start.Environment[name] = value;
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException("could not start the server");
        var ready = new TaskCompletionSource();
        _ = Task.Run(async () =>
        {
            while (await process.StandardOutput.ReadLineAsync() is { } line)
            {
                if (line == "READY")
                {
                    ready.TrySetResult();
                }
                else
                {
                    Console.WriteLine("   [server] " + line);
                }
            }

            ready.TrySetException(new InvalidOperationException("the server stopped before listening"));
        });
        await ready.Task.WaitAsync(TimeSpan.FromMinutes(3));
        return process;
    }

    /// <summary>
    /// The GC settings of MerchantConsole.runtimeconfig.json (the web SDK's defaults and the project's own), as
    /// DOTNET_ variables: the bench assembly itself is a console app and would otherwise run workstation GC.
    /// </summary>
    public static Dictionary<string, string> AppGcSettings()
    {
        // The web project's own output (Release, beside bench/): the bench folder only has its own runtimeconfig.
        var path = Path.GetFullPath(Path.Combine(AppContext.BaseDirectory, "../../../../../MerchantConsole/bin/Release/net10.0/MerchantConsole.runtimeconfig.json"));
        var settings = new Dictionary<string, string>();
        using var json = JsonDocument.Parse(File.ReadAllText(path));
        if (!json.RootElement.GetProperty("runtimeOptions").TryGetProperty("configProperties", out var properties))
        {
            return settings;
        }

        foreach (var (property, variable) in new[]
                 {
                     ("System.GC.Server", "DOTNET_gcServer"), ("System.GC.Concurrent", "DOTNET_gcConcurrent"),
                     ("System.GC.ConserveMemory", "DOTNET_GCConserveMemory"), ("System.GC.DynamicAdaptationMode", "DOTNET_GCDynamicAdaptationMode"),
                 })
        {
            if (properties.TryGetProperty(property, out var value))
            {
                settings[variable] = value.ValueKind switch
                {
                    JsonValueKind.True => "1",
                    JsonValueKind.False => "0",
                    _ => value.GetRawText(),
                };
            }
        }

        return settings;
    }

    /// <summary>ASP.NET Core's request duration histogram, kept per route.</summary>
    private sealed class RequestDurations : IDisposable
    {
        private readonly MeterListener listener = new();
        private ConcurrentDictionary<string, ConcurrentBag<double>> byRoute = new();

        public RequestDurations()
        {
            listener.InstrumentPublished = (instrument, l) =>
            {
                if (instrument.Meter.Name == "Microsoft.AspNetCore.Hosting" && instrument.Name == "http.server.request.duration")
                {
                    l.EnableMeasurementEvents(instrument);
                }
            };
            listener.SetMeasurementEventCallback<double>((_, seconds, tags, _) =>
            {
                string? route = null, method = null, status = null;
                foreach (var tag in tags)
                {
                    switch (tag.Key)
                    {
                        case "http.route": route = tag.Value as string; break;
                        case "http.request.method": method = tag.Value as string; break;
                        case "http.response.status_code": status = Convert.ToString(tag.Value, CultureInfo.InvariantCulture); break;
                    }
                }

                var key = $"{method} {route ?? "(no route)"} {status}";
                byRoute.GetOrAdd(key, _ => []).Add(seconds * 1000);
            });
            listener.Start();
        }

        public Dictionary<string, double[]> Take(bool reset)
        {
            var taken = reset ? Interlocked.Exchange(ref byRoute, new()) : byRoute;
            return taken.ToDictionary(p => p.Key, p => p.Value.ToArray());
        }

        public void Dispose() => listener.Dispose();
    }
}
