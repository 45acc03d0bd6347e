using System.Diagnostics;
using Npgsql;

namespace MerchantConsole.E2E;

/// <summary>
/// A PostgreSQL server for journeys that need one: the base connection string in <c>MC_TEST_POSTGRES</c> (the test
/// command sets it), or a throwaway cluster started with <c>.ci/postgres</c> for the test class and stopped after it.
/// Each test gets its own database from <see cref="CreateDatabaseAsync"/>.
/// </summary>
public sealed class PostgresCluster : IAsyncLifetime
{
    public const string Variable = "MC_TEST_POSTGRES";

    private string? folder;

    /// <summary>"Host=…;Port=…;Username=…" without a database.</summary>
    public string Server { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        if (Environment.GetEnvironmentVariable(Variable) is { Length: > 0 } server)
        {
            Server = server;
            return;
        }

        if (OperatingSystem.IsWindows())
        {
            throw new PlatformNotSupportedException($".ci/postgres is a bash script: set {Variable} to a PostgreSQL server's base connection string.");
        }

        // As root the script runs the server as user postgres, which must be able to reach the cluster's folder.
        folder = Directory.CreateTempSubdirectory("mc-e2e-pg-").FullName;
        File.SetUnixFileMode(folder, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute
            | UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute);
        Server = (await RunScriptAsync("start", Path.Combine(folder, "cluster"))).Trim();
    }

    /// <summary>A new, empty database; its connection string.</summary>
    public async Task<string> CreateDatabaseAsync(string name)
    {
        await using var connection = new NpgsqlConnection(Server + ";Database=postgres");
        await connection.OpenAsync();
        await using var create = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", connection);
        await create.ExecuteNonQueryAsync();
        return $"{Server};Database={name}";
    }

    public async Task DropDatabaseAsync(string name)
    {
        NpgsqlConnection.ClearAllPools();
        await using var connection = new NpgsqlConnection(Server + ";Database=postgres");
        await connection.OpenAsync();
        await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)", connection);
        await drop.ExecuteNonQueryAsync();
    }

    public async Task DisposeAsync()
    {
        if (folder is null)
        {
            return;
        }

        await RunScriptAsync("stop", Path.Combine(folder, "cluster"));
        Directory.Delete(folder, recursive: true);
    }

    private static async Task<string> RunScriptAsync(string action, string clusterFolder)
    {
        var start = new ProcessStartInfo(Path.Combine(ConsoleServer.RepositoryRoot, ".ci", "postgres"))
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(action);
        start.ArgumentList.Add(clusterFolder);
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($".ci/postgres {action} failed ({process.ExitCode}): {await error}");
        }

        return await output;
    }
}
