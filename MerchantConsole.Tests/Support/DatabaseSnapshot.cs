using System.Data.Common;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using MerchantConsole.Data;
using Microsoft.EntityFrameworkCore;

namespace MerchantConsole.Tests.Support;

/// <summary>
/// A fingerprint of every table of the console's database (SQLite or PostgreSQL): each table's row count and a SHA-256
/// over all its rows and columns, rows in a fixed order. Two snapshots are equal exactly when no table gained, lost or
/// changed a row, so "nothing changed" is asserted to the byte rather than on the columns a test thought of.
/// </summary>
public sealed class DatabaseSnapshot
{
    private DatabaseSnapshot(IReadOnlyDictionary<string, (long Rows, string Hash)> tables) => Tables = tables;

    public IReadOnlyDictionary<string, (long Rows, string Hash)> Tables { get; }

    public static async Task<DatabaseSnapshot> TakeAsync(IDbContextFactory<ApplicationDbContext> dbFactory)
    {
        ArgumentNullException.ThrowIfNull(dbFactory);
        await using var db = await dbFactory.CreateDbContextAsync();
        var sqlite = db.Database.IsSqlite();
        var connection = db.Database.GetDbConnection();
        await db.Database.OpenConnectionAsync();
        try
        {
            var names = await ColumnAsync(connection, sqlite
                ? "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name"
                : "SELECT tablename FROM pg_tables WHERE schemaname = current_schema() ORDER BY tablename");
            var tables = new SortedDictionary<string, (long, string)>(StringComparer.Ordinal);
            foreach (var name in names)
            {
                tables[name] = await FingerprintAsync(connection, name);
            }

            return new DatabaseSnapshot(tables);
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }

    /// <summary>The tables whose rows differ between two snapshots (empty when nothing changed).</summary>
    public IReadOnlyList<string> ChangedSince(DatabaseSnapshot before)
    {
        ArgumentNullException.ThrowIfNull(before);
        return Tables.Keys.Union(before.Tables.Keys)
            .Where(t => !Tables.TryGetValue(t, out var now) || !before.Tables.TryGetValue(t, out var then) || now != then)
            .Select(t => $"{t} ({(before.Tables.TryGetValue(t, out var a) ? a.Rows : 0)} → {(Tables.TryGetValue(t, out var b) ? b.Rows : 0)} rows)")
            .ToList();
    }

    private static async Task<List<string>> ColumnAsync(DbConnection connection, string sql)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await using var reader = await command.ExecuteReaderAsync();
        var values = new List<string>();
        while (await reader.ReadAsync())
        {
            values.Add(reader.GetString(0));
        }

        return values;
    }

    /// <summary>Each row as the text of its columns; rows sorted as text, so the order the engine returns them in does not matter.</summary>
    private static async Task<(long, string)> FingerprintAsync(DbConnection connection, string table)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = $"SELECT * FROM \"{table.Replace("\"", "\"\"", StringComparison.Ordinal)}\"";
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new List<string>();
        var line = new StringBuilder();
        while (await reader.ReadAsync())
        {
            line.Clear();
            for (var i = 0; i < reader.FieldCount; i++)
            {
                line.Append(reader.GetName(i)).Append('=');
                if (!await reader.IsDBNullAsync(i))
                {
                    var value = reader.GetValue(i);
                    line.Append(value is byte[] bytes ? Convert.ToHexString(bytes) : Convert.ToString(value, CultureInfo.InvariantCulture));
                }
                else
                {
                    line.Append("<null>");
                }

                line.Append('\u001f');
            }

            rows.Add(line.ToString());
        }

        rows.Sort(StringComparer.Ordinal);
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(string.Join('\u001e', rows)));
        return (rows.Count, Convert.ToHexStringLower(hash));
    }
}
