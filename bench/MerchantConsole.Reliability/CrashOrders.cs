namespace MerchantConsole.Reliability;

/// <summary>
/// Authorized one-time orders for the crash loop, placed a few at a time without faults, until the count or the time cap;
/// returns how many are AUTH.
/// </summary>
public static class CrashOrders
{
    public static async Task<int> PlaceAsync(Merchant merchant, int count, int clients, TimeSpan cap)
    {
        using var stop = new CancellationTokenSource(cap);
        var slots = count; // each client reserves a slot before placing, and gives it back if the order did not authorize
        var authorized = 0;
        var attempts = 0;
        await Task.WhenAll(Enumerable.Range(0, clients).Select(_ => Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested && Interlocked.Increment(ref attempts) <= count * 2)
            {
                if (Interlocked.Decrement(ref slots) < 0)
                {
                    Interlocked.Increment(ref slots);
                    Interlocked.Decrement(ref attempts); // waiting for a slot is not an attempt
                    if (Volatile.Read(ref authorized) >= count)
                    {
                        return;
                    }

                    await Task.Delay(200);
                    continue;
                }

                var orderId = $"CR-{Guid.NewGuid():N}"[..20];
                if (!await PlaceOneAsync(merchant, orderId, 1_000 + Random.Shared.Next(0, 9_000)))
                {
                    Interlocked.Increment(ref slots);
                    continue;
                }

                if (Interlocked.Increment(ref authorized) % 250 == 0)
                {
                    Console.WriteLine($"  {Volatile.Read(ref authorized):N0} authorized");
                }
            }
        })));
        return authorized;
    }

    private static async Task<bool> PlaceOneAsync(Merchant merchant, string orderId, int amount)
    {
        var session = await merchant.BuyerSessionAsync(recurring: false);
        if (session is not { } buyer)
        {
            return false;
        }

        using var customer = buyer.Customer;
        var entry = await merchant.CallAsync("EntryTranAmazonpay", new() { ["orderID"] = orderId, ["jobCd"] = "AUTH", ["amount"] = $"{amount}", ["tax"] = "0" });
        if (!entry.Ok)
        {
            return false;
        }

        var (accessId, accessPass) = (entry.Field("accessID")!, entry.Field("accessPass")!);
        var exec = await merchant.CallAsync("ExecTranAmazonpay", new()
        {
            ["orderID"] = orderId,
            ["accessID"] = accessId,
            ["accessPass"] = accessPass,
            ["retURL"] = "https://merchant.example/result",
            ["amazonCheckoutSessionID"] = buyer.SessionId,
        });
        if (!exec.Ok)
        {
            return false;
        }

        var back = await Merchant.ReturnAsync(customer, accessId, exec);
        return back.Ok && back.Field("Status") == "AUTH";
    }
}
