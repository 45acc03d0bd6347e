namespace MerchantConsole.Reliability;

/// <summary>Every failure the merchant was answered is in the console's journal, on its order, with its ErrInfo.</summary>
public sealed record JournalCheck(int Answered, List<string> Missing, int Unanswered, int UnansweredJournaled)
{
    public static async Task<JournalCheck> RunAsync(string database, string shopId, Tally tally)
    {
        await using var db = Agreement.Open(database);
        var journal = (await Agreement.QueryAsync(db, "SELECT OrderId, ErrorCode, Outcome FROM GatewayJournal WHERE ShopId = $shop AND OrderId IS NOT NULL",
                r => (OrderId: r.GetString(0), Code: r.IsDBNull(1) ? null : r.GetString(1), Outcome: r.GetString(2)), ("$shop", shopId)))
            .ToLookup(j => j.OrderId);
        var answered = 0;
        var unanswered = 0;
        var unansweredJournaled = 0;
        var missing = new List<string>();
        foreach (var (orderId, answer) in tally.Failures)
        {
            if (answer.NoAnswer is not null)
            {
                unanswered++;
                unansweredJournaled += journal[orderId].Any() ? 1 : 0;
                continue;
            }

            if (answer.ErrInfo is null || answer.Api == "BuyerCheckout")
            {
                continue; // the buyer's own pages, not the gateway's
            }

            answered++;
            var code = answer.ErrInfo.Split('|')[0];
            if (!journal[orderId].Any(j => j.Code is not null && j.Code.Contains(code, StringComparison.Ordinal)))
            {
                missing.Add($"{orderId}: {answer.Api} answered {answer.ErrInfo}, no journal line with it");
            }
        }

        return new JournalCheck(answered, missing, unanswered, unansweredJournaled);
    }

    /// <summary>Captures the merchant was told are done (SALES, CAPTURE) and that the console does not hold at that amount.</summary>
    public static async Task<List<string>> ConfirmedCapturesAsync(string database, string shopId, Tally tally)
    {
        await using var db = Agreement.Open(database);
        var captured = (await Agreement.QueryAsync(db, "SELECT OrderId, CapturedAmount + CapturedTax FROM GatewayTransactions WHERE ShopId = $shop",
            r => (OrderId: r.GetString(0), Captured: r.GetInt64(1)), ("$shop", shopId))).ToDictionary(r => r.OrderId, r => r.Captured);
        return tally.ConfirmedCaptures
            .Where(c => captured.GetValueOrDefault(c.Key) != c.Value)
            .Select(c => $"{c.Key}: the merchant was told {c.Value} yen were captured; the console holds {captured.GetValueOrDefault(c.Key)}")
            .ToList();
    }
}
