using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Reflection;

namespace MerchantConsole.Reliability;

[AttributeUsage(AttributeTargets.Assembly)]
public sealed class BuildConfigurationAttribute(string configuration) : Attribute
{
    public string Configuration { get; } = configuration;
}

/// <summary>
/// The console as its own process from its build output, on a loopback port, with its SQLite file in <see cref="Folder"/>.
/// <see cref="KillAsync"/> is SIGKILL (Process.Kill on Linux): no shutdown code runs.
/// </summary>
public sealed class ConsoleProcess : IAsyncDisposable
{
    private readonly Process process;
    private readonly StreamWriter log;

    private ConsoleProcess(Process process, StreamWriter log, Uri address)
    {
        this.process = process;
        this.log = log;
        Address = address;
    }

    public Uri Address { get; }

    public int Id => process.Id;

    /// <summary>The processor time the console's process has used so far (user and kernel).</summary>
    public TimeSpan ProcessorTime
    {
        get
        {
            process.Refresh();
            return process.TotalProcessorTime;
        }
    }

    public static string RepositoryRoot { get; } = FindRepositoryRoot();

    public static string DatabasePath(string folder) => Path.Combine(folder, "console.db");

    public static async Task<ConsoleProcess> StartAsync(string folder, IReadOnlyDictionary<string, string> settings, string logName)
    {
        var configuration = typeof(ConsoleProcess).Assembly.GetCustomAttribute<BuildConfigurationAttribute>()!.Configuration;
        var dll = Path.Combine(RepositoryRoot, "MerchantConsole", "bin", configuration, "net10.0", "MerchantConsole.dll");
        if (!File.Exists(dll))
        {
            throw new FileNotFoundException("The console's dll is missing: build bench/MerchantConsole.Reliability first.", dll);
        }

        var port = FreePort();
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = folder,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(dll);
        start.ArgumentList.Add($"--urls=http://127.0.0.1:{port}");
        start.ArgumentList.Add($"--ConnectionStrings:Default=DataSource={DatabasePath(folder)}");
        foreach (var (key, value) in settings)
        {
            start.ArgumentList.Add($"--{key}={value}");
        }

        // Development serves the static web assets from the build output (the Owner's steps run in Chromium).
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Development";
        start.Environment["Logging__LogLevel__Default"] = "Warning";
        var log = new StreamWriter(Path.Combine(folder, logName), append: true) { AutoFlush = true };
        var process = Process.Start(start)!;
        var console = new ConsoleProcess(process, log, new Uri($"http://127.0.0.1:{port}"));
        process.OutputDataReceived += (_, e) => console.Write(e.Data);
        process.ErrorDataReceived += (_, e) => console.Write(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        await console.WaitUntilHealthyAsync();
        return console;
    }

    private void Write(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (log)
        {
            log.WriteLine(line);
        }
    }

    private async Task WaitUntilHealthyAsync()
    {
        using var client = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        var deadline = DateTime.UtcNow.AddSeconds(180);
        while (DateTime.UtcNow < deadline)
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException($"The console exited during startup (code {process.ExitCode}); see its log.");
            }

            try
            {
                using var response = await client.GetAsync(new Uri(Address, "/healthz"));
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }
            catch (TaskCanceledException)
            {
                // Not answering yet.
            }

            await Task.Delay(250);
        }

        throw new TimeoutException("The console did not become healthy within 180 seconds.");
    }

    /// <summary>SIGKILL, the process only (the console starts no children).</summary>
    public async Task KillAsync()
    {
        if (!process.HasExited)
        {
            process.Kill(entireProcessTree: false);
            await process.WaitForExitAsync();
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static string FindRepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "MerchantConsole.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("MerchantConsole.sln not found above " + AppContext.BaseDirectory);
    }

    public async ValueTask DisposeAsync()
    {
        await KillAsync();
        process.Dispose();
        lock (log)
        {
            log.Dispose();
        }
    }
}
