using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using Npgsql;
using Xunit.Abstractions;

namespace MerchantConsole.E2E;

/// <summary>
/// Issue #9: two console processes on one PostgreSQL database. Their sync workers share 1,000 pending settlements
/// (one real capture answered CaptureInitiated, cloned in SQL) and settle each exactly once; a capture by staff on
/// one instance shows on the other's grid without a reload.
/// </summary>
[Collection(E2ECollection.Name)]
public sealed partial class TwoInstanceJourneys(Browser browser, PostgresCluster postgres, ITestOutputHelper output)
    : IClassFixture<PostgresCluster>, IAsyncLifetime
{
    private const int Settlements = 1000;
    private const string ShopId = "e2etwoinst";
    private const string ShopPass = "E2eTwoInstShopPass01";
    private const string OwnerEmail = "owner@example.test";
    private const string OwnerPassword = "owner passphrase for e2e";
    private const string ClonePrefix = "TWOINST-";
    private readonly string database = "mc_e2e_twoinst_" + Guid.NewGuid().ToString("N")[..12];
    private readonly string folder = Directory.CreateTempSubdirectory("mc-e2e-twoinst-").FullName;
    private string connectionString = null!;

    public async Task InitializeAsync() => connectionString = await postgres.CreateDatabaseAsync(database);

    public async Task DisposeAsync()
    {
        await postgres.DropDatabaseAsync(database);
        Directory.Delete(folder, recursive: true);
    }

    private Dictionary<string, string> Settings(bool bootstrap)
    {
        var settings = new Dictionary<string, string>
        {
            ["Database:Provider"] = "Postgres",
            ["ConnectionStrings:Default"] = connectionString,
            ["Gateway:Sync:IntervalSeconds"] = "1",
            ["Gateway:Sync:FirstDelaySeconds"] = "0",
            // Every capture is answered CaptureInitiated and settles 20 s later: long enough to clone the first one
            // while it is still pending and for the other instance's grid (polling every 3 s) to see REQSALES.
            ["AmazonPay:Sandbox:CaptureInitiatedPercent"] = "100",
            ["AmazonPay:Sandbox:CaptureSettleSeconds"] = "20",
        };
        if (bootstrap)
        {
            settings["Bootstrap:ShopId"] = ShopId;
            settings["Bootstrap:ShopName"] = "E2E二台構成商店";
            settings["Bootstrap:OwnerEmail"] = OwnerEmail;
            settings["Bootstrap:OwnerPassword"] = OwnerPassword;
            settings["Bootstrap:ShopPass"] = ShopPass;
        }

        return settings;
    }

    [Fact]
    public async Task Two_instances_on_one_PostgreSQL_settle_1000_pending_captures_exactly_once_and_see_each_others_staff_actions()
    {
        // A migrates and creates the shop; B starts on the database A prepared.
        await using var a = await ConsoleServer.StartAsync(Settings(bootstrap: true));
        await using var b = await ConsoleServer.StartAsync(Settings(bootstrap: false));
        try
        {
            await JourneyAsync(a, b);
        }
        catch
        {
            // A step that timed out says only what it waited for; the consoles' own logs say why.
            output.WriteLine("--- console A ---\n" + ConsoleServer.Tail(a.Output) + "\n--- console B ---\n" + ConsoleServer.Tail(b.Output));
            throw;
        }
    }

    private async Task JourneyAsync(ConsoleServer a, ConsoleServer b)
    {

        await using var ownerOnA = await browser.NewContextAsync(a.Address);
        var pageA = await ownerOnA.NewPageAsync();
        await pageA.SetUpSandboxShopAsync(OwnerEmail, OwnerPassword, folder);
        var settledOrder = await pageA.BuyInDemoStoreAsync(ShopId);
        var watchedOrder = await pageA.BuyInDemoStoreAsync(ShopId);

        // The one real pending settlement: captured through the merchant API, accepted as REQSALES.
        using (var http = new HttpClient { BaseAddress = a.Address })
        {
            var trade = await CallAsync(http, "SearchTradeMulti", new() { ["orderID"] = settledOrder, ["payType"] = "38" });
            Assert.Equal("AUTH", Field(trade, "status"));
            var sales = await CallAsync(http, "AmazonpaySales", new()
            {
                ["accessID"] = Field(trade, "accessID")!,
                ["accessPass"] = Field(trade, "accessPass")!,
                ["orderID"] = settledOrder,
                ["amount"] = "3000",
                ["tax"] = "300",
            });
            Assert.Equal("REQSALES", Field(sales, "status"));
        }

        await using var db = new NpgsqlConnection(connectionString);
        await db.OpenAsync();
        var ids = await CloneAsync(db, settledOrder);
        Assert.Equal(Settlements, ids.Length);

        var clock = Stopwatch.StartNew();
        var deadline = TimeSpan.FromMinutes(3);
        long settled;
        while ((settled = await ScalarAsync(db, """SELECT count(*) FROM "GatewayTransactions" WHERE "Id" = ANY(@ids) AND "State" = 'Sales'""", ids)) < Settlements
            && clock.Elapsed < deadline)
        {
            await Task.Delay(500);
        }

        output.WriteLine($"{settled} of {Settlements} settled in {clock.Elapsed.TotalSeconds:F1} s");
        Assert.Equal(Settlements, settled);

        // Exactly once: per transaction one journal line by the sync, and it is the settle REQSALES → SALES.
        var syncLines = await RowsAsync(db, """
            SELECT t."Id",
                   count(j."Id") FILTER (WHERE j."ActorKind" = 'Sync'),
                   count(j."Id") FILTER (WHERE j."ActorKind" = 'Sync' AND j."Operation" = 'Sync' AND j."Outcome" = 'Succeeded'
                                         AND j."StateBefore" = 'ReqSales' AND j."StateAfter" = 'Sales'),
                   count(j."Id") FILTER (WHERE j."StateBefore" = 'Sales')
            FROM "GatewayTransactions" t LEFT JOIN "GatewayJournal" j ON j."TransactionId" = t."Id"
            WHERE t."Id" = ANY(@ids)
            GROUP BY t."Id"
            """, ids);
        Assert.Equal(Settlements, syncLines.Count);
        Assert.Empty(syncLines.Where(r => r[1] != 1 || r[2] != 1 || r[3] != 0).Select(r => $"transaction {r[0]}: {r[1]} sync lines, {r[2]} settles, {r[3]} after SALES"));

        // The merchant hears of each settle once: one result notification per cloned transaction (they had no other step).
        var notified = await RowsAsync(db, """
            SELECT t."Id", count(n."Id") FROM "GatewayTransactions" t LEFT JOIN "GatewayNotifications" n ON n."TransactionId" = t."Id"
            WHERE t."Id" = ANY(@ids) AND t."OrderId" LIKE 'TWOINST-%' GROUP BY t."Id"
            """, ids);
        Assert.Equal(Settlements - 1, notified.Count);
        Assert.All(notified, r => Assert.Equal(1, r[1]));

        // Amazon's side: every charge was captured.
        Assert.Equal(Settlements, await ScalarAsync(db, """
            SELECT count(*) FROM "SandboxCharges" c JOIN "GatewayTransactions" t ON t."ChargeId" = c."Id"
            WHERE t."Id" = ANY(@ids) AND c."State" = 'Captured'
            """, ids));

        // Which instance did the work: nothing in the database records it, but each process logs the Amazon Pay
        // requests it sends (to its own /sandbox), so the charges each one asked about are in its output.
        var charges = (await RowsOfTextAsync(db, """SELECT "ChargeId" FROM "GatewayTransactions" WHERE "Id" = ANY(@ids)""", ids)).ToHashSet();
        var askedByA = ChargesAskedAbout(a.Output, charges);
        var askedByB = ChargesAskedAbout(b.Output, charges);
        output.WriteLine($"charges asked about by A: {askedByA.Count}, by B: {askedByB.Count}, by both: {askedByA.Intersect(askedByB).Count()}");
        Assert.NotEmpty(askedByA);
        Assert.NotEmpty(askedByB);
        Assert.Equal(charges.Count, askedByA.Union(askedByB).Count());

        // A staff action on A, watched on B's grid without a reload. Two consoles, their sync workers and the browser
        // share two cores with whatever else runs: Playwright's default 30 s ran out once here
        // while waiting for the row's 実売上 button on a loaded machine, so waits are generous.
        await using var ownerOnB = await browser.NewContextAsync(b.Address);
        var pageB = await ownerOnB.NewPageAsync();
        pageA.SetDefaultTimeout(90_000);
        pageB.SetDefaultTimeout(90_000);
        var patient = new LocatorAssertionsToHaveAttributeOptions { Timeout = 90_000 };
        await pageB.SignInAsync(OwnerEmail, OwnerPassword);
        await pageB.GotoAsync($"/transactions?q={watchedOrder}");
        await pageB.WaitForInteractiveAsync();
        var rowOnB = pageB.GetByRole(AriaRole.Row).Filter(new() { HasText = watchedOrder });
        await Assertions.Expect(rowOnB.Locator("[data-state]")).ToHaveAttributeAsync("data-state", "AUTH", patient);
        await pageB.EvaluateAsync("() => { window.sameDocument = true; }");

        await pageA.GotoAsync($"/transactions?q={watchedOrder}");
        await pageA.WaitForInteractiveAsync();
        var rowOnA = pageA.GetByRole(AriaRole.Row).Filter(new() { HasText = watchedOrder });
        await Assertions.Expect(rowOnA.Locator("[data-state]")).ToHaveAttributeAsync("data-state", "AUTH", patient);
        await rowOnA.GetByRole(AriaRole.Button, new() { Name = "実売上", Exact = true }).ClickAsync();
        var dialog = pageA.GetByRole(AriaRole.Dialog);
        await dialog.GetByText("内容を確認しました。実売上を実行します。").ClickAsync();
        await dialog.GetByRole(AriaRole.Button, new() { Name = "実売上を実行" }).ClickAsync();
        await Assertions.Expect(dialog).ToHaveCountAsync(0, new() { Timeout = 90_000 });
        await Assertions.Expect(rowOnA.Locator("[data-state]")).ToHaveAttributeAsync("data-state", "REQSALES", patient);

        // B's grid polls versions every 3 s: it shows the accepted capture, then the sync's settle (20 s later).
        await Assertions.Expect(rowOnB.Locator("[data-state]")).ToHaveAttributeAsync("data-state", "REQSALES", patient);
        await Assertions.Expect(rowOnB.Locator("[data-state]")).ToHaveAttributeAsync("data-state", "SALES", patient);
        Assert.True(await pageB.EvaluateAsync<bool>("() => window.sameDocument === true"), "B's page was reloaded");
    }

    /// <summary>
    /// Turns the pending capture of <paramref name="orderId"/> into <see cref="Settlements"/>: 999 copies of its
    /// transaction and of its sandbox charge, each copy with its own order ID, AccessID and charge ID, due for the
    /// sync now. The copies' charges settle at once; the original settles on its own clock. Returns all their IDs.
    /// </summary>
    private static async Task<long[]> CloneAsync(NpgsqlConnection db, string orderId)
    {
        var now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        await using var transaction = await db.BeginTransactionAsync();
        var original = await ScalarAsync(db, """SELECT "Id" FROM "GatewayTransactions" WHERE "OrderId" = @order AND "State" = 'ReqSales'""", [], orderId);
        Assert.True(original > 0, "the captured transaction is not REQSALES any more: it settled before it could be cloned");

        // Charge IDs keep Amazon's shape: the permission's ID, -C, a sequence number past the real ones.
        const string ChargeId = """c."ChargePermissionId" || '-C' || (10000 + n)::text""";
        var charges = await CopyAsync(db, "SandboxCharges", "c", new()
        {
            ["Id"] = ChargeId,
            ["SettlesAt"] = now.ToString(System.Globalization.CultureInfo.InvariantCulture),
        }, """
            FROM "SandboxCharges" c CROSS JOIN generate_series(1, @copies) n
            WHERE c."Id" = (SELECT "ChargeId" FROM "GatewayTransactions" WHERE "Id" = @original) AND c."State" = 'CaptureInitiated'
            """, original);
        Assert.Equal(Settlements - 1, charges);

        var rows = await CopyAsync(db, "GatewayTransactions", "o", new()
        {
            ["Id"] = null,
            ["OrderId"] = $"'{ClonePrefix}' || lpad(n::text, 4, '0')",
            ["AccessId"] = """md5('twoinst-' || n::text || '-' || o."AccessId")""",
            ["ChargeId"] = ChargeId,
            ["SyncDueAt"] = now.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["SyncAttempts"] = "0",
            ["SyncLeaseUntil"] = "NULL",
        }, """
            FROM "GatewayTransactions" o JOIN "SandboxCharges" c ON c."Id" = o."ChargeId" CROSS JOIN generate_series(1, @copies) n
            WHERE o."Id" = @original
            """, original);
        Assert.Equal(Settlements - 1, rows);
        await transaction.CommitAsync();

        await using var select = new NpgsqlCommand($"""SELECT "Id" FROM "GatewayTransactions" WHERE "Id" = @original OR "OrderId" LIKE '{ClonePrefix}%'""", db);
        select.Parameters.AddWithValue("original", original);
        var ids = new List<long>();
        await using var reader = await select.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            ids.Add(reader.GetInt64(0));
        }

        return [.. ids];
    }

    /// <summary>
    /// INSERT … SELECT of every column of <paramref name="table"/> from the row aliased <paramref name="alias"/>; the columns
    /// are read from the schema so that a column added later is copied too. Some are replaced by expressions; a null
    /// expression leaves the column to its default (the identity).
    /// </summary>
    private static async Task<int> CopyAsync(NpgsqlConnection db, string table, string alias, Dictionary<string, string?> replaced, string from, long original)
    {
        var columns = new List<string>();
        await using (var read = new NpgsqlCommand("SELECT column_name FROM information_schema.columns WHERE table_schema = current_schema() AND table_name = @table ORDER BY ordinal_position", db))
        {
            read.Parameters.AddWithValue("table", table);
            await using var reader = await read.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                columns.Add(reader.GetString(0));
            }
        }

        var kept = columns.Where(c => !replaced.TryGetValue(c, out var expression) || expression is not null).ToList();
        var values = kept.Select(c => replaced.TryGetValue(c, out var expression) ? expression! : $"{alias}.\"{c}\"");
        await using var insert = new NpgsqlCommand(
            $"INSERT INTO \"{table}\" ({string.Join(", ", kept.Select(c => $"\"{c}\""))}) SELECT {string.Join(", ", values)} {from}", db);
        insert.Parameters.AddWithValue("copies", Settlements - 1);
        insert.Parameters.AddWithValue("original", original);
        return await insert.ExecuteNonQueryAsync();
    }

    private static HashSet<string> ChargesAskedAbout(string log, HashSet<string> charges) =>
        ChargeRequest().Matches(log).Select(m => m.Groups[1].Value).Where(charges.Contains).ToHashSet();

    [GeneratedRegex(@"/sandbox/amazonpay/v2/charges/([A-Za-z0-9-]+)")]
    private static partial Regex ChargeRequest();

    private static async Task<long> ScalarAsync(NpgsqlConnection db, string sql, long[] ids, string? order = null)
    {
        await using var command = new NpgsqlCommand(sql, db);
        command.Parameters.AddWithValue("ids", ids);
        if (order is not null)
        {
            command.Parameters.AddWithValue("order", order);
        }

        return await command.ExecuteScalarAsync() is { } value and not DBNull ? Convert.ToInt64(value, System.Globalization.CultureInfo.InvariantCulture) : 0;
    }

    private static async Task<List<long[]>> RowsAsync(NpgsqlConnection db, string sql, long[] ids)
    {
        await using var command = new NpgsqlCommand(sql, db);
        command.Parameters.AddWithValue("ids", ids);
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new List<long[]>();
        while (await reader.ReadAsync())
        {
            rows.Add([.. Enumerable.Range(0, reader.FieldCount).Select(reader.GetInt64)]);
        }

        return rows;
    }

    private static async Task<List<string>> RowsOfTextAsync(NpgsqlConnection db, string sql, long[] ids)
    {
        await using var command = new NpgsqlCommand(sql, db);
        command.Parameters.AddWithValue("ids", ids);
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new List<string>();
        while (await reader.ReadAsync())
        {
            rows.Add(reader.GetString(0));
        }

        return rows;
    }

    private static async Task<JsonObject> CallAsync(HttpClient http, string api, Dictionary<string, string> fields)
    {
        fields["shopID"] = ShopId;
        fields["shopPass"] = ShopPass;
        using var response = await http.PostAsJsonAsync($"/payment/{api}.json", fields);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"{api}: {(int)response.StatusCode} {text}");
        return (JsonObject)JsonNode.Parse(text)!;
    }

    private static string? Field(JsonObject answer, string name) =>
        answer.FirstOrDefault(p => string.Equals(p.Key, name, StringComparison.OrdinalIgnoreCase)).Value?.ToString();
}
