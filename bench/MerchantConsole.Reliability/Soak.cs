using System.Diagnostics;
using System.Text;
using System.Text.Json.Nodes;

namespace MerchantConsole.Reliability;

/// <summary>
/// Several merchants' servers at once put orders through the whole life of a payment — 取引登録, 決済実行, the
/// customer's return, 実売上, partial and full キャンセル, 金額変更, registrations and recurring charges — while the
/// sandbox injects faults on about a fifth of Amazon's calls. Stops at the operation count or the time cap.
/// </summary>
public sealed class Soak(Merchant merchant, Tally tally, int target, TimeSpan cap, int clients)
{
    private int orders;

    public static readonly (string Kind, double Rate, int DelayMilliseconds)[] Faults =
    [
        ("InternalServerError", 0.04, 0),
        ("ServiceUnavailable", 0.04, 0),
        ("SlowAnswer", 0.03, 4_500), // past the 3-second attempt timeout: the client retries with the same idempotency key
        ("SlowAnswer", 0.02, 1_500), // slow but in time
        ("AuthorizationSoftDecline", 0.02, 0),
        ("AuthorizationHardDecline", 0.01, 0),
        ("CaptureDecline", 0.02, 0),
        ("CapturePending", 0.01, 0),
        ("RefundDecline", 0.02, 0),
    ];

    public async Task<TimeSpan> RunAsync()
    {
        foreach (var (kind, rate, delay) in Faults)
        {
            await merchant.ControlAsync(HttpMethod.Post, "faults", new { kind, rate, remaining = (int?)null, delayMilliseconds = delay });
        }

        var clock = Stopwatch.StartNew();
        using var stop = new CancellationTokenSource(cap);
        var progress = Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested && tally.Total < target)
            {
                await Task.Delay(TimeSpan.FromSeconds(30), CancellationToken.None);
                Console.WriteLine($"  {clock.Elapsed:mm\\:ss} {tally.Total:N0} operations, {orders:N0} orders");
            }
        });
        await Task.WhenAll(Enumerable.Range(0, clients).Select(client => Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested && tally.Total < target)
            {
                await OneOrderAsync(client);
            }
        })));
        await stop.CancelAsync();
        await progress;
        return clock.Elapsed;
    }

    private string NextOrderId(string prefix) => $"{prefix}-{Interlocked.Increment(ref orders):D6}";

    private static Dictionary<string, string> Access(string orderId, string accessId, string accessPass) =>
        new() { ["orderID"] = orderId, ["accessID"] = accessId, ["accessPass"] = accessPass };

    private async Task OneOrderAsync(int client)
    {
        var pick = Random.Shared.NextDouble();
        if (pick < 0.15)
        {
            await RegistrationAsync();
            return;
        }

        var capture = pick < 0.35;
        var orderId = NextOrderId(capture ? "SC" : "SA");
        var amount = Random.Shared.Next(1_000, 30_000);
        var tax = amount / 10;
        var placed = await CheckoutAsync(orderId, new()
        {
            ["jobCd"] = capture ? "CAPTURE" : "AUTH",
            ["amount"] = $"{amount}",
            ["tax"] = $"{tax}",
        }, new(), recurring: false);
        if (placed is not { } order)
        {
            return;
        }

        var status = order.Status;
        if (status == "AUTH")
        {
            var next = Random.Shared.NextDouble();
            if (next < 0.12)
            {
                await CallAsync(orderId, "AmazonpayCancel", Access(orderId, order.AccessId, order.AccessPass));
                return;
            }

            if (next < 0.30)
            {
                amount = Math.Max(100, amount - Random.Shared.Next(1, amount / 2));
                tax = amount / 10;
                var changed = await CallAsync(orderId, "AmazonpayChange", new(Access(orderId, order.AccessId, order.AccessPass))
                {
                    ["amount"] = $"{amount}",
                    ["tax"] = $"{tax}",
                });
                if (!changed.Ok)
                {
                    return;
                }
            }

            var sales = await CallAsync(orderId, "AmazonpaySales", new(Access(orderId, order.AccessId, order.AccessPass))
            {
                ["amount"] = $"{amount}",
                ["tax"] = $"{tax}",
            });
            status = sales.Ok ? sales.Field("status") ?? "" : "";
            if (status == "SALES")
            {
                tally.ConfirmedCaptures[orderId] = amount + tax;
            }
        }
        else if (status is "CAPTURE" or "SALES")
        {
            tally.ConfirmedCaptures[orderId] = amount + tax;
        }

        if (status is "REQSALES" or "REQCAPTURE")
        {
            status = await merchant.SettledStatusAsync(orderId, TimeSpan.FromSeconds(60)) ?? "";
        }

        if (status is not ("SALES" or "CAPTURE"))
        {
            return;
        }

        // Partial refunds (一部キャンセル), sometimes the rest at the end (全額).
        var remaining = amount;
        var remainingTax = tax;
        for (var i = Random.Shared.Next(0, 4); i > 0 && remaining > 10; i--)
        {
            var part = Random.Shared.Next(1, remaining / 3 + 1);
            var partTax = Math.Min(remainingTax, part / 10);
            var cancelled = await CallAsync(orderId, "AmazonpayCancel", new(Access(orderId, order.AccessId, order.AccessPass))
            {
                ["cancelAmount"] = $"{part}",
                ["cancelTax"] = $"{partTax}",
            });
            if (!cancelled.Ok || await merchant.SettledStatusAsync(orderId, TimeSpan.FromSeconds(60)) is not ("SALES" or "CAPTURE"))
            {
                return;
            }

            remaining -= part;
            remainingTax -= partTax;
        }

        if (Random.Shared.NextDouble() < 0.15)
        {
            await CallAsync(orderId, "AmazonpayCancel", Access(orderId, order.AccessId, order.AccessPass));
        }

        _ = client;
    }

    /// <summary>A registration only (利用承諾のみ) and one or two recurring charges on the permission.</summary>
    private async Task RegistrationAsync()
    {
        var orderId = NextOrderId("SR");
        var placed = await CheckoutAsync(orderId, new() { ["paymentType"] = "3" }, new() { ["frequencyUnit"] = "Month", ["frequencyValue"] = "1" }, recurring: true);
        if (placed is not { } registration || string.IsNullOrEmpty(registration.PermissionId))
        {
            return;
        }

        for (var i = Random.Shared.Next(1, 3); i > 0; i--)
        {
            var chargeId = NextOrderId("SP");
            var amount = Random.Shared.Next(500, 5_000);
            var capture = Random.Shared.NextDouble() < 0.5;
            var entry = await CallAsync(chargeId, "EntryTranAmazonpay", new()
            {
                ["orderID"] = chargeId,
                ["paymentType"] = "4",
                ["jobCd"] = capture ? "CAPTURE" : "AUTH",
                ["amount"] = $"{amount}",
                ["tax"] = "0",
            });
            if (!entry.Ok)
            {
                continue;
            }

            var (accessId, accessPass) = (entry.Field("accessID")!, entry.Field("accessPass")!);
            var exec = await CallAsync(chargeId, "ExecTranAmazonpay", new(Access(chargeId, accessId, accessPass))
            {
                ["amazonChargePermissionID"] = registration.PermissionId,
            });
            if (exec.Ok && exec.Field("status") == "AUTH" && Random.Shared.NextDouble() < 0.7)
            {
                var sales = await CallAsync(chargeId, "AmazonpaySales", new(Access(chargeId, accessId, accessPass)) { ["amount"] = $"{amount}", ["tax"] = "0" });
                if (sales.Ok && sales.Field("status") == "SALES")
                {
                    tally.ConfirmedCaptures[chargeId] = amount;
                }
            }
            else if (exec.Ok && exec.Field("status") is "CAPTURE" or "SALES")
            {
                tally.ConfirmedCaptures[chargeId] = amount;
            }
        }
    }

    private sealed record Placed(string AccessId, string AccessPass, string Status, string? PermissionId);

    private async Task<Placed?> CheckoutAsync(string orderId, Dictionary<string, string> entryFields, Dictionary<string, string> execFields, bool recurring)
    {
        var session = await merchant.BuyerSessionAsync(recurring);
        if (session is not { } buyer)
        {
            tally.Count(orderId, new Answer("BuyerCheckout", false, "buyer pages", null));
            return null;
        }

        using var customer = buyer.Customer;
        entryFields["orderID"] = orderId;
        var entry = await CallAsync(orderId, "EntryTranAmazonpay", entryFields);
        if (!entry.Ok)
        {
            return null;
        }

        var (accessId, accessPass) = (entry.Field("accessID")!, entry.Field("accessPass")!);
        execFields["accessID"] = accessId;
        execFields["accessPass"] = accessPass;
        execFields["orderID"] = orderId;
        execFields["retURL"] = "https://merchant.example/result";
        execFields["amazonCheckoutSessionID"] = buyer.SessionId;
        var exec = await CallAsync(orderId, "ExecTranAmazonpay", execFields);
        if (!exec.Ok)
        {
            return null;
        }

        var back = tally.Count(orderId, await Merchant.ReturnAsync(customer, accessId, exec));
        return back.Ok ? new Placed(accessId, accessPass, back.Field("Status") ?? "", back.Field("AmazonChargePermissionID")) : null;
    }

    private async Task<Answer> CallAsync(string orderId, string api, Dictionary<string, string> fields) =>
        tally.Count(orderId, await merchant.CallAsync(api, fields));

    /// <summary>Faults off, everything pending at Amazon settled, the sync worker given time; false if work is still in flight.</summary>
    public static async Task<(bool Settled, JsonObject Injected)> SettleAsync(Merchant merchant, string database, string shopId, TimeSpan limit)
    {
        var listed = await merchant.ControlAsync(HttpMethod.Get, "faults");
        await merchant.ControlAsync(HttpMethod.Delete, "faults");
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < limit)
        {
            await merchant.ControlAsync(HttpMethod.Post, "settle", new { });
            await Task.Delay(TimeSpan.FromSeconds(5));
            await using var db = Agreement.Open(database);
            if (await Agreement.UnsettledAsync(db, shopId) == 0)
            {
                // One more round: a sync that was mid-way when we looked may still write.
                await Task.Delay(TimeSpan.FromSeconds(5));
                if (await Agreement.UnsettledAsync(db, shopId) == 0)
                {
                    return (true, (JsonObject)listed["injected"]!.DeepClone());
                }
            }
        }

        return (false, (JsonObject)listed["injected"]!.DeepClone());
    }

    public static string Describe(IReadOnlyDictionary<string, int> counts) =>
        counts.Count == 0 ? "none" : string.Join(", ", counts.OrderByDescending(e => e.Value).Select(e => $"{e.Key} {e.Value:N0}"));

    public static string Describe(JsonObject counts)
    {
        var text = new StringBuilder();
        foreach (var (kind, value) in counts.OrderByDescending(e => (long)e.Value!))
        {
            text.Append(text.Length == 0 ? "" : ", ").Append(System.Globalization.CultureInfo.InvariantCulture, $"{kind} {(long)value!:N0}");
        }

        return text.Length == 0 ? "none" : text.ToString();
    }
}
