using System.Diagnostics;
using System.Globalization;
using System.Text;
using MerchantConsole.Core.Payments;
using MerchantConsole.Data;
using MerchantConsole.Gateway;
using MerchantConsole.Transactions;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;

namespace MerchantConsole.Bench.Transactions;

/// <summary>The SQLite side of the benchmarks: one file per row count, Microsoft.Data.Sqlite for the hand-written queries, the sqlite3 CLI for the CSV.</summary>
internal sealed class SqliteProvider(string dataFolder, int rows) : BenchProvider
{
    /// <summary>Bump when the generator changes what it writes: a file from an older generator is not reused.</summary>
    private const int GeneratorVersion = 1;

    public string FilePath { get; } = Path.Combine(dataFolder, $"transactions-{rows}-g{GeneratorVersion}.db");

    private string GeneratingPath => FilePath + ".generating";

    /// <summary>The baseline's connection: a plain connection to the same file (Microsoft.Data.Sqlite pools it).</summary>
    private string BaselineConnectionString => new SqliteConnectionStringBuilder { DataSource = FilePath }.ToString();

    public override string Heading => "## Transactions grid and export";

    public override string AppProvider => "Sqlite";

    public override string BaselineClient => "Microsoft.Data.Sqlite";

    public override string ExportLabel => "sqlite3 -csv";

    public override string Engine => $"SQLite {Scalar<string>("SELECT sqlite_version()")} (Microsoft.Data.Sqlite)";

    public override string ExportTool => $"sqlite3 {Cli("sqlite3 --version").Split(' ')[0]}";

    public override bool Exists => File.Exists(FilePath);

    public override string AppConnectionString => WithFile(BenchApp.ConfiguredConnectionString(), FilePath);

    public override string GenerationConnectionString => WithFile(BenchApp.ConfiguredConnectionString(), GeneratingPath);

    private static string WithFile(string configured, string path) => new SqliteConnectionStringBuilder(configured) { DataSource = path }.ToString();

    public override string Describe() =>
        $"{Path.GetFileName(FilePath)}, {new FileInfo(FilePath).Length / 1_000_000.0:F0} MB; app connection string options: " +
        string.Join(", ", new SqliteConnectionStringBuilder(AppConnectionString).Cast<KeyValuePair<string, object>>()
            .Where(p => !p.Key.Equals("Data Source", StringComparison.OrdinalIgnoreCase)).Select(p => $"{p.Key}={p.Value}"));

    public override void CompleteGeneration()
    {
        SqliteConnection.ClearAllPools();
        File.Move(GeneratingPath, FilePath);
    }

    public override void PrepareGeneration()
    {
        SqliteConnection.ClearAllPools();
        foreach (var stale in Directory.EnumerateFiles(dataFolder, Path.GetFileName(GeneratingPath) + "*"))
        {
            File.Delete(stale);
        }
    }

    public override async Task<long> BulkInsertAsync(ApplicationDbContext model, IEnumerable<GatewayTransaction> rows, Action<long> progress)
    {
        var entity = model.Model.FindEntityType(typeof(GatewayTransaction))!;
        var table = StoreObjectIdentifier.Table(entity.GetTableName()!, entity.GetSchema());
        var columns = entity.GetProperties()
            .Where(p => !p.IsPrimaryKey() && !p.IsShadowProperty())
            .Select(p => (Name: p.GetColumnName(table)!, Getter: p.GetGetter(), Converter: p.GetTypeMapping().Converter))
            .ToList();

        // The app's pooled (shared-cache) connections from the migrations would keep the journal mode from changing.
        SqliteConnection.ClearAllPools();
        await using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = GeneratingPath, Pooling = false }.ToString());
        await connection.OpenAsync();
        // Generation only: nothing here has to survive a crash (an unfinished file keeps its .generating name).
        await ExecuteAsync(connection, "PRAGMA synchronous = OFF; PRAGMA journal_mode = MEMORY; PRAGMA cache_size = -400000;");
        await using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync();
        await using var insert = connection.CreateCommand();
        insert.Transaction = transaction;
        insert.CommandText = $"INSERT INTO {Table} ({string.Join(", ", columns.Select(c => $"\"{c.Name}\""))}) " +
            $"VALUES ({string.Join(", ", columns.Select((_, i) => "$p" + i))})";
        var parameters = columns.Select((_, i) => insert.Parameters.Add(new SqliteParameter("$p" + i, null))).ToArray();
        insert.Prepare();

        long written = 0;
        foreach (var row in rows)
        {
            for (var i = 0; i < columns.Count; i++)
            {
                var value = columns[i].Getter.GetClrValueUsingContainingEntity(row);
                if (value is not null && columns[i].Converter is { } converter)
                {
                    value = converter.ConvertToProvider(value);
                }

                parameters[i].Value = value ?? DBNull.Value;
            }

            await insert.ExecuteNonQueryAsync();
            if (++written % 100_000 == 0)
            {
                progress(written);
            }
        }

        await transaction.CommitAsync();
        return written;
    }

    public override string DataFolder => dataFolder;

    public override async Task<HandPage> GridAsync(GridView view, string shopId, HandShape shape)
    {
        await using var connection = new SqliteConnection(BaselineConnectionString);
        await connection.OpenAsync();

        var started = Stopwatch.GetTimestamp();
        await using var count = Command(connection, GridCountSql(view, shopId, shape));
        var total = Convert.ToInt32(await count.ExecuteScalarAsync(), CultureInfo.InvariantCulture);
        var counted = Stopwatch.GetTimestamp();

        var rows = new List<HandRow>(view.PageSize);
        await using var page = Command(connection, GridPageSql(view, shopId, shape));
        await using (var reader = await page.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                rows.Add(new HandRow(
                    reader.GetInt64(0), reader.GetString(1), reader.GetString(2), reader.GetInt64(3), reader.GetInt64(4), reader.GetString(5),
                    reader.GetString(6), reader.GetString(7), reader.GetInt64(8), reader.GetInt64(9), reader.GetInt64(10), reader.GetInt32(11),
                    reader.IsDBNull(12) ? null : reader.GetInt64(12), reader.GetBoolean(13), reader.IsDBNull(14) ? null : reader.GetString(14),
                    reader.GetInt64(15)));
            }
        }

        var paged = Stopwatch.GetTimestamp();
        return new HandPage(total, rows, Stopwatch.GetElapsedTime(started, counted).TotalMilliseconds, Stopwatch.GetElapsedTime(counted, paged).TotalMilliseconds);
    }

    public override async Task<IReadOnlyList<string>> ExplainAsync(SqlText sql)
    {
        await using var connection = new SqliteConnection(BaselineConnectionString);
        await connection.OpenAsync();
        await using var command = Command(connection, sql with { Sql = "EXPLAIN QUERY PLAN " + sql.Sql });
        var depth = new Dictionary<long, int> { [0] = 0 };
        var lines = new List<string>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            var level = depth.GetValueOrDefault(reader.GetInt64(1)) + 1;
            depth[reader.GetInt64(0)] = level;
            lines.Add(new string(' ', 2 * level) + reader.GetString(3));
        }

        return lines;
    }

    public override async Task<string> MiddleOrderIdAsync(string shopId)
    {
        await using var connection = new SqliteConnection(BaselineConnectionString);
        await connection.OpenAsync();
        await using var command = Command(connection, new SqlText(
            $"SELECT \"OrderId\" FROM {Table} WHERE \"ShopId\" = $shop ORDER BY \"CreatedAt\" LIMIT 1 OFFSET (SELECT COUNT(*) / 2 FROM {Table} WHERE \"ShopId\" = $shop)",
            [new("$shop", shopId)]));
        return (string)(await command.ExecuteScalarAsync())!;
    }

    public override async Task<long> CountAsync(string shopId)
    {
        await using var connection = new SqliteConnection(BaselineConnectionString);
        await connection.OpenAsync();
        await using var command = Command(connection, new SqlText($"SELECT COUNT(*) FROM {Table} WHERE \"ShopId\" = $shop", [new("$shop", shopId)]));
        return (long)(await command.ExecuteScalarAsync())!;
    }

    public override string ExportCommand(string shopId, string redirect)
    {
        static string Jst(string column) => $"strftime('%Y-%m-%d %H:%M:%S', \"{column}\" / 1000, 'unixepoch', '+9 hours') || ' JST'";
        var sqlFile = Path.Combine(dataFolder, "export.sql");
        File.WriteAllText(sqlFile, ExportSelect(shopId, Jst) + ";");
        return $"sqlite3 -readonly -csv -header '{FilePath}' < '{sqlFile}' {redirect}";
    }

    private static SqliteCommand Command(SqliteConnection connection, SqlText sql)
    {
        var command = connection.CreateCommand();
        command.CommandText = sql.Sql;
        foreach (var (name, value) in sql.Parameters)
        {
            command.Parameters.AddWithValue(name, value ?? DBNull.Value);
        }

        return command;
    }

    private static async Task ExecuteAsync(SqliteConnection connection, string sql)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync();
    }

    private static T Scalar<T>(string sql)
    {
        using var connection = new SqliteConnection("Data Source=:memory:");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return (T)command.ExecuteScalar()!;
    }

    private static string Cli(string command)
    {
        using var process = Process.Start(Shell(command))!;
        var output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        return output.Trim();
    }
}
