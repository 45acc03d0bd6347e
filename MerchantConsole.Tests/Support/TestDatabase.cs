using System.Security.Cryptography;
using System.Text;
using Npgsql;

namespace MerchantConsole.Tests.Support;

/// <summary>
/// Which database the integration tests run the console on. SQLite files by default; with <c>MC_TEST_POSTGRES</c>
/// set to a server's base connection string (the test command starts a throwaway cluster and sets it for its
/// second pass) every console gets its own PostgreSQL database instead, dropped when the console is disposed.
/// Tests keep writing <c>--ConnectionStrings:Default=DataSource=&lt;file&gt;</c> when they reopen a database; on
/// PostgreSQL the same file name always maps to the same database.
/// </summary>
public static class TestDatabase
{
    public const string Variable = "MC_TEST_POSTGRES";

    private const string SqlitePrefix = "--ConnectionStrings:Default=DataSource=";

    public static string? PostgresServer { get; } = Environment.GetEnvironmentVariable(Variable) is { Length: > 0 } value ? value : null;

    public static bool IsPostgres => PostgresServer is not null;

    /// <summary>The console's arguments for <paramref name="sqliteFile"/>, on the provider under test, creating the database when needed.</summary>
    public static async Task<string[]> ArgumentsAsync(string sqliteFile, IReadOnlyList<string> extraArgs)
    {
        var file = extraArgs.LastOrDefault(a => a.StartsWith(SqlitePrefix, StringComparison.Ordinal))?[SqlitePrefix.Length..] ?? sqliteFile;
        var rest = extraArgs.Where(a => !a.StartsWith(SqlitePrefix, StringComparison.Ordinal)).ToArray();
        if (PostgresServer is null)
        {
            return [SqlitePrefix + file, .. rest];
        }

        var name = DatabaseName(file);
        await using (var connection = new NpgsqlConnection(PostgresServer + ";Database=postgres"))
        {
            await connection.OpenAsync();
            await using var exists = new NpgsqlCommand("SELECT 1 FROM pg_database WHERE datname = $1", connection) { Parameters = { new() { Value = name } } };
            if (await exists.ExecuteScalarAsync() is null)
            {
                await using var create = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", connection);
                await create.ExecuteNonQueryAsync();
            }
        }

        return ["--Database:Provider=Postgres", $"--ConnectionStrings:Default={PostgresServer};Database={name}", .. rest];
    }

    /// <summary>Drops the PostgreSQL database standing for <paramref name="sqliteFile"/> (nothing on SQLite: the folder goes).</summary>
    public static async Task DropAsync(string sqliteFile)
    {
        if (PostgresServer is null)
        {
            return;
        }

        NpgsqlConnection.ClearAllPools();
        await using var connection = new NpgsqlConnection(PostgresServer + ";Database=postgres");
        await connection.OpenAsync();
        await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{DatabaseName(sqliteFile)}\" WITH (FORCE)", connection);
        await drop.ExecuteNonQueryAsync();
    }

    private static string DatabaseName(string sqliteFile) =>
        "mc_" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(Path.GetFullPath(sqliteFile))))[..32];
}
