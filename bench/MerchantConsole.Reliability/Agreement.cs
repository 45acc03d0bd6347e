using Microsoft.Data.Sqlite;

namespace MerchantConsole.Reliability;

/// <summary>
/// The console's own rows against the sandbox's objects, read from the console's SQLite file once everything settled:
/// each transaction's state and amounts against its charge, each refund against Amazon's refund, and no charge or
/// refund at Amazon that no transaction accounts for (a doubled capture or refund would be one).
/// </summary>
public sealed class Agreement
{
    public List<string> Disagreements { get; } = [];

    public Dictionary<string, int> TransactionsByState { get; } = [];

    public Dictionary<string, int> ChargesByState { get; } = [];

    public int Transactions { get; private set; }

    public int Refunds { get; private set; }

    public long CapturedYen { get; private set; }

    public long RefundedYen { get; private set; }

    private sealed record Row(long Id, string OrderId, string State, string? ChargeId, long Captured, long Cancelled, long Total, string PaymentType, bool AuthorizationEnded);

    private sealed record Charge(string Id, string State, long Amount, long? CaptureAmount, long RefundedAmount);

    private sealed record Refund(string Id, string ChargeId, long Amount, string State);

    private sealed record GatewayRefund(long TransactionId, string? AmazonRefundId, long Total, string State);

    public static SqliteConnection Open(string database)
    {
        var connection = new SqliteConnection($"Data Source={database};Mode=ReadOnly;Default Timeout=60");
        connection.Open();
        return connection;
    }

    public static async Task<List<T>> QueryAsync<T>(SqliteConnection db, string sql, Func<SqliteDataReader, T> read, params (string Name, object Value)[] parameters)
    {
        await using var command = db.CreateCommand();
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value);
        }

        var rows = new List<T>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            rows.Add(read(reader));
        }

        return rows;
    }

    public static async Task<long> ScalarAsync(SqliteConnection db, string sql, string shopId)
    {
        await using var command = db.CreateCommand();
        command.CommandText = sql;
        command.Parameters.AddWithValue("$shop", shopId);
        return Convert.ToInt64(await command.ExecuteScalarAsync() ?? 0L, System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>Work still in flight: REQ* states, claimed operations, refunds Amazon has not settled.</summary>
    public static Task<long> UnsettledAsync(SqliteConnection db, string shopId) => ScalarAsync(db, """
        SELECT (SELECT COUNT(*) FROM GatewayTransactions WHERE ShopId = $shop AND State IN ('ReqCapture', 'ReqSales', 'ReqReturn'))
             + (SELECT COUNT(*) FROM GatewayPendingOperations WHERE ShopId = $shop)
             + (SELECT COUNT(*) FROM GatewayRefunds r JOIN GatewayTransactions t ON t.Id = r.TransactionId WHERE t.ShopId = $shop AND r.State = 'Pending')
        """, shopId);

    public static async Task<Agreement> CheckAsync(string database, string shopId)
    {
        await using var db = Open(database);
        var agreement = new Agreement();
        var shop = ("$shop", (object)shopId);
        var rows = await QueryAsync(db, """
            SELECT Id, OrderId, State, ChargeId, CapturedAmount + CapturedTax, CancelledAmount + CancelledTax, Amount + Tax, PaymentType,
                   AuthorizationEndedAt IS NOT NULL
            FROM GatewayTransactions WHERE ShopId = $shop
            """, r => new Row(r.GetInt64(0), r.GetString(1), r.GetString(2), r.IsDBNull(3) ? null : r.GetString(3), r.GetInt64(4), r.GetInt64(5), r.GetInt64(6), r.GetString(7),
                r.GetBoolean(8)), shop);
        var charges = (await QueryAsync(db, "SELECT Id, State, Amount, CaptureAmount, RefundedAmount FROM SandboxCharges WHERE ShopId = $shop",
            r => new Charge(r.GetString(0), r.GetString(1), r.GetInt64(2), r.IsDBNull(3) ? null : r.GetInt64(3), r.GetInt64(4)), shop)).ToDictionary(c => c.Id);
        var refunds = (await QueryAsync(db, "SELECT Id, ChargeId, Amount, State FROM SandboxRefunds WHERE ShopId = $shop",
            r => new Refund(r.GetString(0), r.GetString(1), r.GetInt64(2), r.GetString(3)), shop)).ToDictionary(r => r.Id);
        var gatewayRefunds = await QueryAsync(db, """
            SELECT r.TransactionId, r.AmazonRefundId, r.Amount + r.Tax, r.State FROM GatewayRefunds r
            JOIN GatewayTransactions t ON t.Id = r.TransactionId WHERE t.ShopId = $shop
            """, r => new GatewayRefund(r.GetInt64(0), r.IsDBNull(1) ? null : r.GetString(1), r.GetInt64(2), r.GetString(3)), shop);
        var replacedCharges = (await QueryAsync(db, """
            SELECT c.ChargeIdBefore FROM GatewayAmountChanges c JOIN GatewayTransactions t ON t.Id = c.TransactionId
            WHERE t.ShopId = $shop AND c.ChargeIdBefore IS NOT NULL
            """, r => r.GetString(0), shop)).ToHashSet();

        agreement.Transactions = rows.Count;
        foreach (var group in rows.GroupBy(r => r.State))
        {
            agreement.TransactionsByState[group.Key] = group.Count();
        }

        foreach (var group in charges.Values.GroupBy(c => c.State))
        {
            agreement.ChargesByState[group.Key] = group.Count();
        }

        void Disagree(string what) => agreement.Disagreements.Add(what);
        var refundsByCharge = refunds.Values.Where(r => r.State == "Refunded").GroupBy(r => r.ChargeId).ToDictionary(g => g.Key, g => g.Sum(r => r.Amount));
        var accounted = new HashSet<string>();
        foreach (var row in rows)
        {
            if (row.State is "ReqCapture" or "ReqSales" or "ReqReturn")
            {
                Disagree($"{row.OrderId}: still {row.State} after settling");
                continue;
            }

            if (row.ChargeId is null)
            {
                // No charge: nothing was authorized (registrations, unfinished or failed checkouts), nothing was captured.
                if (row.Captured != 0 || row.State is "Auth" or "Capture" or "Sales" or "Return")
                {
                    Disagree($"{row.OrderId}: {row.State}, captured {row.Captured} yen, but no Amazon charge");
                }

                continue;
            }

            accounted.Add(row.ChargeId);
            if (!charges.TryGetValue(row.ChargeId, out var charge))
            {
                Disagree($"{row.OrderId}: charge {row.ChargeId} unknown to the sandbox");
                continue;
            }

            var refunded = refundsByCharge.GetValueOrDefault(row.ChargeId);
            agreement.CapturedYen += row.Captured;
            agreement.RefundedYen += row.Cancelled;
            var expected = row.State switch
            {
                // AUTH after a capture Amazon declined once accepted: the charge is final and the row says so (capture refused).
                "Auth" when row.AuthorizationEnded => charge.State is "Declined" or "Canceled" && row.Captured == 0,
                "Auth" => charge.State == "Authorized",
                "Capture" or "Sales" or "Return" => charge.State == "Captured" && charge.CaptureAmount == row.Captured && refunded == row.Cancelled
                    && charge.RefundedAmount == refunded,
                "Cancel" when row.Captured > 0 => charge.State == "Captured" && charge.CaptureAmount == row.Captured && refunded == row.Cancelled
                    && refunded == row.Captured,
                "Cancel" => (charge.State is "Canceled" || (charge.State is "Declined" && row.AuthorizationEnded)) && row.Cancelled == 0,
                // A declined checkout or recurring charge: nothing authorized at Amazon (a recurring 決済実行 that Amazon
                // declined leaves the transaction Unprocessed, to be tried again).
                "PayFail" or "Unprocessed" => charge.State is "Declined" or "Canceled" && row.Captured == 0,
                _ => false,
            };
            if (!expected)
            {
                Disagree($"{row.OrderId}: {row.State} captured {row.Captured} refunded {row.Cancelled} total {row.Total}; " +
                    $"Amazon {charge.Id} {charge.State} capture {charge.CaptureAmount} refunded {refunded} (charge says {charge.RefundedAmount})");
            }
        }

        foreach (var charge in charges.Values.Where(c => !accounted.Contains(c.Id)))
        {
            // A charge no transaction points at must be one a 金額変更 replaced (and released), or one that never authorized.
            var fine = charge.State is "Declined" || (charge.State == "Canceled" && replacedCharges.Contains(charge.Id));
            if (!fine)
            {
                Disagree($"Amazon charge {charge.Id} ({charge.State}, {charge.Amount} yen, capture {charge.CaptureAmount}) belongs to no transaction");
            }
        }

        // Refunds one by one: each of Amazon's refunds is the gateway's, once, with the same amount and outcome.
        var byAmazonId = gatewayRefunds.Where(r => r.AmazonRefundId is not null).GroupBy(r => r.AmazonRefundId!).ToDictionary(g => g.Key, g => g.ToList());
        agreement.Refunds = refunds.Count;
        foreach (var refund in refunds.Values)
        {
            if (!byAmazonId.TryGetValue(refund.Id, out var mine) || mine.Count != 1)
            {
                Disagree($"Amazon refund {refund.Id} ({refund.State}, {refund.Amount} yen) is recorded {mine?.Count ?? 0} times");
                continue;
            }

            var ok = mine[0].Total == refund.Amount && (refund.State, mine[0].State) is ("Refunded", "Refunded") or ("Declined", "Declined");
            if (!ok)
            {
                Disagree($"Amazon refund {refund.Id} {refund.State} {refund.Amount} yen; the gateway's {mine[0].State} {mine[0].Total} yen");
            }
        }

        foreach (var mine in gatewayRefunds.Where(r => r.State == "Refunded" && (r.AmazonRefundId is null || !refunds.ContainsKey(r.AmazonRefundId))))
        {
            Disagree($"transaction {mine.TransactionId}: refund of {mine.Total} yen recorded as Refunded but unknown to Amazon");
        }

        return agreement;
    }
}
