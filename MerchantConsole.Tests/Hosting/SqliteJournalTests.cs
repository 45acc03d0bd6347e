using MerchantConsole.Data;
using MerchantConsole.Tests.Support;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace MerchantConsole.Tests.Hosting;

/// <summary>
/// On SQLite the console runs its file in write-ahead logging: staff reading (a grid page, a long CSV export) never
/// holds up the engine's commits. Under the rollback journal a reader's open transaction made every commit wait.
/// </summary>
public sealed class SqliteJournalTests
{
    [Fact]
    public async Task The_console_switches_a_SQLite_file_made_elsewhere_to_write_ahead_logging_at_start_up()
    {
        if (TestDatabase.IsPostgres)
        {
            return; // PostgreSQL has no journal mode to set; its readers never block writers.
        }

        // EF Core creates new files in WAL already; a file made by other means (restored, copied from a tool) may not be.
        var folder = Directory.CreateTempSubdirectory("mc-journal-");
        var file = Path.Combine(folder.FullName, "restored.db");
        await using (var made = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = file, Pooling = false }.ToString()))
        {
            await made.OpenAsync();
            await using var setUp = made.CreateCommand();
            setUp.CommandText = "PRAGMA journal_mode = DELETE; CREATE TABLE \"Restored\" (\"Id\" INTEGER);";
            await setUp.ExecuteNonQueryAsync();
        }

        await using (var console = await TestConsole.StartAsync(true, $"--ConnectionStrings:Default=DataSource={file}"))
        {
            await using var db = await console.Services.GetRequiredService<IDbContextFactory<ApplicationDbContext>>().CreateDbContextAsync();
            var connection = (SqliteConnection)db.Database.GetDbConnection();
            await connection.OpenAsync();
            await using var command = connection.CreateCommand();
            command.CommandText = "PRAGMA journal_mode;";

            Assert.Equal("wal", (string?)await command.ExecuteScalarAsync());
        }

        SqliteConnection.ClearAllPools();
        folder.Delete(recursive: true);
    }

    [Fact]
    public void The_shipped_connection_string_has_no_shared_cache()
    {
        // SQLite discourages shared-cache mode; with WAL it only adds table locks to every statement.
        var settings = System.Text.Json.Nodes.JsonNode.Parse(File.ReadAllText(Path.Combine(RepositoryRoot.Path, "appsettings.json")))!;
        var shipped = new SqliteConnectionStringBuilder((string)settings["ConnectionStrings"]!["Default"]!);

        Assert.Equal(SqliteCacheMode.Default, shipped.Cache);
    }

    [Fact]
    public async Task A_reader_in_the_middle_of_a_long_read_does_not_hold_up_a_write()
    {
        if (TestDatabase.IsPostgres)
        {
            return;
        }

        await using var console = await TestConsole.StartAsync();
        var factory = console.Services.GetRequiredService<IDbContextFactory<ApplicationDbContext>>();

        // The reader: a statement still streaming its rows, as an export of a million rows is (EF's BeginTransaction would
        // be no reader here: on SQLite it begins IMMEDIATE, a write lock).
        await using var reading = await factory.CreateDbContextAsync();
        var readConnection = (SqliteConnection)reading.Database.GetDbConnection();
        await readConnection.OpenAsync();
        await using var select = readConnection.CreateCommand();
        select.CommandText = """
            WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 100000)
            SELECT n.i, s."Name" FROM n CROSS JOIN "Shops" AS s
            """;
        await using var rows = await select.ExecuteReaderAsync();
        Assert.True(await rows.ReadAsync());

        // The writer gives up after one second instead of the usual thirty: a blocked commit fails the test quickly.
        var path = new SqliteConnectionStringBuilder(readConnection.ConnectionString).DataSource;
        await using var writer = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, DefaultTimeout = 1, Pooling = false }.ToString());
        await writer.OpenAsync();
        await using var update = writer.CreateCommand();
        update.CommandText = """UPDATE "Shops" SET "Name" = "Name" || '＊'""";

        Assert.True(await update.ExecuteNonQueryAsync() > 0);

        // The reader goes on reading the data as it was when its statement began.
        Assert.True(await rows.ReadAsync());
        Assert.False(rows.GetString(1).EndsWith('＊'));
    }
}
