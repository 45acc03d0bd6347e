using System.Diagnostics;
using System.Globalization;
using MerchantConsole.Data;
using MerchantConsole.Gateway;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using Npgsql;
using NpgsqlTypes;

namespace MerchantConsole.Bench.Transactions;

/// <summary>
/// The PostgreSQL side of the benchmarks: one database per row count on the server given (the app's migrations create
/// it), filled by binary COPY; Npgsql for the hand-written queries, <c>psql \copy</c> for the CSV.
/// </summary>
internal sealed class PostgresProvider(string server, string dataFolder, int rows) : BenchProvider
{
    /// <summary>Bump when the generator changes what it writes: a database from an older generator is not reused.</summary>
    private const int GeneratorVersion = 1;

    private string DatabaseName { get; } = $"bench_transactions_{rows}_g{GeneratorVersion}";

    private string GeneratingName => DatabaseName + "_generating";

    /// <summary>No command timeout, for the app and the baseline alike: on a loaded machine a COPY's end or a count can outlast 30 s.</summary>
    private string On(string database) => new NpgsqlConnectionStringBuilder(server) { Database = database, CommandTimeout = 0 }.ToString();

    /// <summary>The baseline's connection: a plain Npgsql connection (pooled) to the same database.</summary>
    private string BaselineConnectionString => On(DatabaseName);

    public override string Heading => "## Transactions grid and export (PostgreSQL)";

    public override string AppProvider => "Postgres";

    public override string BaselineClient => "Npgsql";

    public override string ExportLabel => "psql \\copy … (FORMAT csv, HEADER)";

    public override string Engine => $"PostgreSQL {Scalar<string>(On("postgres"), "SHOW server_version")} (Npgsql)";

    public override string ExportTool => $"psql {Cli("psql --version").Split(' ')[2]}"; // "psql (PostgreSQL) 15.18 (Debian …)"

    public override bool Exists => Scalar<long>(On("postgres"), $"SELECT count(*) FROM pg_database WHERE datname = '{DatabaseName}'") == 1;

    public override string AppConnectionString => BaselineConnectionString;

    public override string GenerationConnectionString => On(GeneratingName);

    public override string DataFolder => dataFolder;

    public override string Describe() =>
        $"database {DatabaseName}, {Scalar<long>(BaselineConnectionString, "SELECT pg_database_size(current_database())") / 1_000_000.0:F0} MB; " +
        $"server settings: shared_buffers={Scalar<string>(BaselineConnectionString, "SHOW shared_buffers")}, work_mem={Scalar<string>(BaselineConnectionString, "SHOW work_mem")}";

    public override void PrepareGeneration()
    {
        NpgsqlConnection.ClearAllPools();
        Execute(On("postgres"), $"DROP DATABASE IF EXISTS \"{GeneratingName}\" WITH (FORCE)");
    }

    public override void CompleteGeneration()
    {
        NpgsqlConnection.ClearAllPools();
        Execute(On("postgres"), $"ALTER DATABASE \"{GeneratingName}\" RENAME TO \"{DatabaseName}\"");
    }

    /// <summary>
    /// Binary COPY of every column the EF model maps (the identity key left to the database), then VACUUM ANALYZE, as
    /// after any bulk load: the planner's statistics and the visibility map that index-only scans rely on.
    /// </summary>
    public override async Task<long> BulkInsertAsync(ApplicationDbContext model, IEnumerable<GatewayTransaction> rows, Action<long> progress)
    {
        var entity = model.Model.FindEntityType(typeof(GatewayTransaction))!;
        var table = StoreObjectIdentifier.Table(entity.GetTableName()!, entity.GetSchema());
        var columns = entity.GetProperties()
            .Where(p => !p.IsPrimaryKey() && !p.IsShadowProperty())
            .Select(p => (Name: p.GetColumnName(table)!, Getter: p.GetGetter(), Converter: p.GetTypeMapping().Converter, Type: DbType(p.GetColumnType())))
            .ToList();

        NpgsqlConnection.ClearAllPools();
        await using var connection = new NpgsqlConnection(GenerationConnectionString);
        await connection.OpenAsync();
        long written = 0;
        await using (var writer = await connection.BeginBinaryImportAsync(
            $"COPY {Table} ({string.Join(", ", columns.Select(c => $"\"{c.Name}\""))}) FROM STDIN (FORMAT BINARY)"))
        {
            foreach (var row in rows)
            {
                await writer.StartRowAsync();
                foreach (var column in columns)
                {
                    var value = column.Getter.GetClrValueUsingContainingEntity(row);
                    if (value is not null && column.Converter is { } converter)
                    {
                        value = converter.ConvertToProvider(value);
                    }

                    if (value is null)
                    {
                        await writer.WriteNullAsync();
                    }
                    else
                    {
                        await writer.WriteAsync(value, column.Type);
                    }
                }

                if (++written % 100_000 == 0)
                {
                    progress(written);
                }
            }

            await writer.CompleteAsync();
        }

        await using var vacuum = new NpgsqlCommand($"VACUUM ANALYZE {Table}", connection) { CommandTimeout = 0 };
        await vacuum.ExecuteNonQueryAsync();
        return written;
    }

    private static NpgsqlDbType DbType(string columnType) => columnType.Split('(')[0] switch
    {
        "bigint" => NpgsqlDbType.Bigint,
        "integer" => NpgsqlDbType.Integer,
        "boolean" => NpgsqlDbType.Boolean,
        "character varying" => NpgsqlDbType.Varchar,
        "text" => NpgsqlDbType.Text,
        var other => throw new NotSupportedException($"Column type {other}: add it to the bench's COPY writer."),
    };

    public override async Task<HandPage> GridAsync(GridView view, string shopId, HandShape shape)
    {
        await using var connection = new NpgsqlConnection(BaselineConnectionString);
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

    /// <summary>Npgsql names parameters <c>@name</c>; the shared SQL's only <c>$</c> are its parameter markers.</summary>
    protected override SqlText Dialect(SqlText sql) =>
        new(sql.Sql.Replace('$', '@'), [.. sql.Parameters.Select(p => new KeyValuePair<string, object?>(p.Key.Replace('$', '@'), p.Value))]);

    public override async Task<IReadOnlyList<string>> ExplainAsync(SqlText sql)
    {
        await using var connection = new NpgsqlConnection(BaselineConnectionString);
        await connection.OpenAsync();
        await using var command = Command(connection, sql with { Sql = "EXPLAIN " + sql.Sql });
        var lines = new List<string>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            lines.Add("  " + reader.GetString(0));
        }

        return lines;
    }

    public override async Task<string> MiddleOrderIdAsync(string shopId)
    {
        var half = await CountAsync(shopId) / 2;
        await using var connection = new NpgsqlConnection(BaselineConnectionString);
        await connection.OpenAsync();
        await using var command = Command(connection, new SqlText(
            $"SELECT \"OrderId\" FROM {Table} WHERE \"ShopId\" = @shop ORDER BY \"CreatedAt\" LIMIT 1 OFFSET @half",
            [new("@shop", shopId), new("@half", half)]));
        return (string)(await command.ExecuteScalarAsync())!;
    }

    public override async Task<long> CountAsync(string shopId)
    {
        await using var connection = new NpgsqlConnection(BaselineConnectionString);
        await connection.OpenAsync();
        await using var command = Command(connection, new SqlText($"SELECT COUNT(*) FROM {Table} WHERE \"ShopId\" = @shop", [new("@shop", shopId)]));
        return (long)(await command.ExecuteScalarAsync())!;
    }

    /// <summary><c>psql \copy (SELECT …) TO STDOUT (FORMAT csv, HEADER)</c>: the server runs the query, psql writes the CSV.</summary>
    public override string ExportCommand(string shopId, string redirect)
    {
        static string Jst(string column) =>
            $"to_char(to_timestamp(\"{column}\" / 1000) AT TIME ZONE 'UTC' + interval '9 hours', 'YYYY-MM-DD HH24:MI:SS') || ' JST'";
        var sqlFile = Path.Combine(dataFolder, "export-postgres.sql");
        // \copy takes its whole command on one line.
        File.WriteAllText(sqlFile, $"\\copy ({ExportSelect(shopId, Jst)}) TO STDOUT WITH (FORMAT csv, HEADER)\n");
        var c = new NpgsqlConnectionStringBuilder(BaselineConnectionString);
        var password = string.IsNullOrEmpty(c.Password) ? "" : $"PGPASSWORD='{c.Password}' ";
        return $"{password}PGCLIENTENCODING=UTF8 psql -X -q -v ON_ERROR_STOP=1 -h '{c.Host}' -p {c.Port} -U '{c.Username}' -d '{DatabaseName}' -f '{sqlFile}' {redirect}";
    }

    private static NpgsqlCommand Command(NpgsqlConnection connection, SqlText sql)
    {
        var command = new NpgsqlCommand(sql.Sql, connection);
        foreach (var (name, value) in sql.Parameters)
        {
            command.Parameters.AddWithValue(name, value ?? DBNull.Value);
        }

        return command;
    }

    private static void Execute(string connectionString, string sql)
    {
        using var connection = new NpgsqlConnection(connectionString);
        connection.Open();
        using var command = new NpgsqlCommand(sql, connection);
        command.ExecuteNonQuery();
    }

    private static T Scalar<T>(string connectionString, string sql)
    {
        using var connection = new NpgsqlConnection(connectionString);
        connection.Open();
        using var command = new NpgsqlCommand(sql, connection);
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
