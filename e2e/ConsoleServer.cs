using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Reflection;
using System.Text;

namespace MerchantConsole.E2E;

[AttributeUsage(AttributeTargets.Assembly)]
public sealed class BuildConfigurationAttribute(string configuration) : Attribute
{
    public string Configuration { get; } = configuration;
}

/// <summary>
/// The console as its own process, started from its build output with a temporary folder as working
/// directory (so the root appsettings.json must be found beside the dll, not in the current folder),
/// on a free loopback port, with a fresh SQLite database.
/// </summary>
public sealed class ConsoleServer : IAsyncDisposable
{
    private readonly Process process;
    private readonly string folder;
    private readonly bool ownsFolder;
    private readonly StringBuilder output = new();

    private ConsoleServer(Process process, string folder, bool ownsFolder, Uri address)
    {
        this.process = process;
        this.folder = folder;
        this.ownsFolder = ownsFolder;
        Address = address;
    }

    public Uri Address { get; }

    /// <summary>The last lines of a console's output, for a failure message.</summary>
    public static string Tail(string output, int lines = 80)
    {
        var all = output.Split('\n');
        return string.Join('\n', all[Math.Max(0, all.Length - lines)..]);
    }

    public string Output
    {
        get
        {
            lock (output)
            {
                return output.ToString();
            }
        }
    }

    public static string RepositoryRoot { get; } = FindRepositoryRoot();

    /// <param name="folder">An existing working folder (and its database) to start again on, as after a crash; the caller deletes it.</param>
    public static async Task<ConsoleServer> StartAsync(IReadOnlyDictionary<string, string>? settings = null, string? folder = null)
    {
        var configuration = typeof(ConsoleServer).Assembly.GetCustomAttribute<BuildConfigurationAttribute>()!.Configuration;
        var dll = Path.Combine(RepositoryRoot, "MerchantConsole", "bin", configuration, "net10.0", "MerchantConsole.dll");
        if (!File.Exists(dll))
        {
            throw new FileNotFoundException("Build the solution first: the console's dll is missing.", dll);
        }

        var ownsFolder = folder is null;
        folder ??= Directory.CreateTempSubdirectory("mc-e2e-").FullName;
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
        start.ArgumentList.Add($"--ConnectionStrings:Default=DataSource={Path.Combine(folder, "e2e.db")}");
        foreach (var (key, value) in settings ?? new Dictionary<string, string>())
        {
            start.ArgumentList.Add($"--{key}={value}");
            if (key.EndsWith("ShopPass", StringComparison.Ordinal))
            {
                SecretScanLog.Secret("ShopPass", value);
            }
        }

        // Development serves the static web assets from the build output (Production expects a publish folder).
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Development";
        var process = Process.Start(start)!;
        var server = new ConsoleServer(process, folder, ownsFolder, new Uri($"http://127.0.0.1:{port}"));
        process.OutputDataReceived += (_, e) => server.Append(e.Data);
        process.ErrorDataReceived += (_, e) => server.Append(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            await server.WaitUntilHealthyAsync();
        }
        catch
        {
            // A console that never became healthy must not outlive the test run (it kept a port and a CPU busy).
            await server.DisposeAsync();
            throw;
        }

        return server;
    }

    /// <summary>Waits for the process to end on its own (a crash hook); false if it is still running after <paramref name="timeout"/>.</summary>
    public async Task<bool> WaitForExitAsync(TimeSpan timeout)
    {
        using var cancel = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(cancel.Token);
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    public int? ExitCode => process.HasExited ? process.ExitCode : null;

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }

        SecretScanLog.LogLine("console " + Address.Port, line);

        lock (output)
        {
            output.AppendLine(line);
        }
    }

    private async Task WaitUntilHealthyAsync()
    {
        using var client = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        // Generous: a start-up on a busy two-core machine (JIT, migrations, the Data Protection key) has taken over 60 s.
        var deadline = DateTime.UtcNow.AddSeconds(120);
        while (DateTime.UtcNow < deadline)
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException("The console exited during startup:\n" + Output);
            }

            try
            {
                var response = await client.GetAsync(new Uri(Address, "/healthz"));
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

            await Task.Delay(200);
        }

        throw new TimeoutException("The console did not become healthy within 120 seconds:\n" + Output);
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
        if (!process.HasExited)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }

        process.Dispose();
        if (!ownsFolder)
        {
            return;
        }

        try
        {
            Directory.Delete(folder, recursive: true);
        }
        catch (IOException)
        {
            // Left to the temp folder's cleanup.
        }
    }
}
