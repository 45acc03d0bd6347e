using System.Net;
using System.Text.Json.Nodes;
using MerchantConsole.Api;
using MerchantConsole.Data;
using MerchantConsole.Gateway;
using MerchantConsole.Sandbox;
using MerchantConsole.Tests.Gateway;
using MerchantConsole.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace MerchantConsole.Tests.Api;

/// <summary>The merchant API's rate limits (docs/api.md, "Rate limits"): E92000001 per shop, E92000002 per instance.</summary>
public sealed class AdmissionTests
{
    private static JsonObject Entry(string orderId) => new() { ["orderID"] = orderId, ["jobCd"] = "AUTH", ["amount"] = 1_000, ["amazonpayType"] = "3" };

    private static async Task<bool> OrderExistsAsync(GatewayHarness h, string orderId)
    {
        await using var db = await h.DbAsync();
        return await db.GatewayTransactions.AnyAsync(t => t.OrderId == orderId);
    }

    [Fact]
    public async Task A_shop_past_its_burst_is_told_E92000001_with_Retry_After_and_its_request_is_not_acted_on()
    {
        // Three requests at once, then one every 1,000 seconds: the fourth in a row is over the rate.
        await using var h = await GatewayHarness.StartAsync("--Gateway:Admission:ShopRequestsPerSecond=0.001", "--Gateway:Admission:ShopBurst=3");
        await using var other = await h.AddShopAsync("shopb0001", "二号店", "owner-b@example.test", "admission long password");
        using var http = h.Console.CreateClient();
        string shopPassOfB;
        await using (var db = await h.DbAsync())
        {
            shopPassOfB = h.Service<ShopPasswords>().Reveal(await db.Shops.SingleAsync(s => s.Id == "shopb0001"))!;
        }

        var shopA = new ApiClient(http);
        var wrongPass = new ApiClient(http, TestConsole.ShopId, "NotTheShopPass0001");

        // A wrong ShopPass with A's ShopID does not spend A's rate: it is refused as an authentication error.
        for (var i = 0; i < 5; i++)
        {
            var (status, body) = await wrongPass.JsonAsync("EntryTranAmazonpay", Entry(GatewayHarness.NewOrderId()));
            Assert.Equal((HttpStatusCode.BadRequest, "E01020008"), (status, (string)body["errInfo"]!));
        }

        var served = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            var orderId = GatewayHarness.NewOrderId();
            var (status, body) = await shopA.JsonAsync("EntryTranAmazonpay", Entry(orderId));
            Assert.True(status == HttpStatusCode.OK, body.ToJsonString());
            served.Add(orderId);
        }

        var refusedOrder = GatewayHarness.NewOrderId();
        var refused = await shopA.JsonAsync("EntryTranAmazonpay", Entry(refusedOrder));
        var idPass = await shopA.IdPassAsync("EntryTranAmazonpay", ("OrderID", GatewayHarness.NewOrderId()), ("JobCd", "AUTH"), ("Amount", "1000"), ("AmazonpayType", "3"));
        var ofB = await new ApiClient(http, "shopb0001", shopPassOfB).JsonAsync("EntryTranAmazonpay", Entry(GatewayHarness.NewOrderId()));

        Assert.Equal(HttpStatusCode.TooManyRequests, refused.Status);
        Assert.Equal(("E92", "E92000001"), ((string)refused.Body["errCode"]!, (string)refused.Body["errInfo"]!));
        Assert.Equal("このショップからのリクエストが多すぎます。しばらくしてから再度お試しください(処理は行われていません)。", (string)refused.Body["errors"]![0]!["message"]!["ja"]!);
        Assert.Equal("This shop is sending too many requests; try again shortly (nothing was done).", (string)refused.Body["errors"]![0]!["message"]!["en"]!);
        Assert.Equal(1000, refused.RetryAfter);
        Assert.False(await OrderExistsAsync(h, refusedOrder));
        Assert.True(await OrderExistsAsync(h, served[^1]));
        Assert.Equal((HttpStatusCode.OK, "E92", "E92000001"), (idPass.Status, idPass["ErrCode"], idPass["ErrInfo"]));

        // Another shop has its own bucket.
        Assert.True(ofB.Status == HttpStatusCode.OK, ofB.Body.ToJsonString());
    }

    [Fact]
    public async Task At_its_limit_of_requests_in_progress_the_gateway_refuses_the_next_at_once_with_E92000002_and_serves_again_after()
    {
        await using var h = await GatewayHarness.StartAsync("--Gateway:Admission:MaxConcurrentRequests=1", "--AmazonPay:TimeoutSeconds=20");
        var id = await h.AuthorizedAsync(3_000, 300);
        var row = await h.RowAsync(id);
        var keys = new JsonObject
        {
            ["accessID"] = row.AccessId,
            ["accessPass"] = h.Gateway.RevealAccessPass(row),
            ["orderID"] = row.OrderId,
            ["amount"] = 3_000,
            ["tax"] = 300,
        };
        var search = new JsonObject { ["orderID"] = row.OrderId, ["payType"] = "38" };
        await h.Sandbox.AddFaultAsync(SandboxFaultKind.SlowAnswer, remaining: 1, delayMilliseconds: 2_000);
        using var http = h.Console.CreateClient();
        var api = new ApiClient(http);
        var admission = h.Service<MerchantAdmission>();

        var capturing = api.JsonAsync("AmazonpaySales", keys);
        for (var waited = 0; admission.InFlight == 0; waited++)
        {
            Assert.True(waited < 400, "The capture never started.");
            await Task.Delay(10);
        }

        // Without the limit this second capture would be refused as a duplicate (E90010001) and journaled.
        var busy = await api.JsonAsync("AmazonpaySales", keys.DeepClone().AsObject());
        var captured = await capturing;
        var after = await api.JsonAsync("SearchTradeMulti", search);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, busy.Status);
        Assert.Equal("E92000002", (string)busy.Body["errInfo"]!);
        Assert.Equal("只今、大変込み合っております。しばらくしてから再度お試しください(処理は行われていません)。", (string)busy.Body["errors"]![0]!["message"]!["ja"]!);
        Assert.Equal(1, busy.RetryAfter);
        Assert.True(captured.Status == HttpStatusCode.OK, captured.Body.ToJsonString());
        Assert.Equal("SALES", (string)captured.Body["status"]!);
        Assert.True(after.Status == HttpStatusCode.OK, after.Body.ToJsonString());
        Assert.Equal("SALES", (string)after.Body["status"]!);
        Assert.DoesNotContain(await h.JournalAsync(id), e => e.Outcome == GatewayOutcome.Refused);
        Assert.Equal(0, admission.InFlight);
    }

    [Fact]
    public void A_shop_s_bucket_refills_at_its_rate_up_to_its_burst()
    {
        var clock = new FakeTimeProvider();
        var admission = new MerchantAdmission(Options.Create(new GatewayOptions { Admission = new AdmissionSettings { ShopRequestsPerSecond = 2, ShopBurst = 4 } }), clock);

        var first = Enumerable.Range(0, 5).Select(_ => admission.TryTake("shop1")).ToList();
        clock.Advance(TimeSpan.FromSeconds(1));
        var afterOneSecond = Enumerable.Range(0, 3).Select(_ => admission.TryTake("shop1")).ToList();
        clock.Advance(TimeSpan.FromHours(1));
        var afterAnHour = Enumerable.Range(0, 5).Select(_ => admission.TryTake("shop1")).ToList();

        Assert.Equal([true, true, true, true, false], first.Select(wait => wait is null));
        Assert.Equal(TimeSpan.FromSeconds(0.5), first[4]);
        Assert.Equal([true, true, false], afterOneSecond.Select(wait => wait is null));
        Assert.Equal([true, true, true, true, false], afterAnHour.Select(wait => wait is null));
        Assert.Null(admission.TryTake("shop2"));
        Assert.Equal("1", MerchantAdmission.RetryAfter(TimeSpan.FromSeconds(0.5)));
    }

    [Fact]
    public void Every_refusal_is_counted_for_operators_by_ErrInfo_and_for_the_per_shop_limit_by_shop()
    {
        var seen = new List<(long Count, string? ErrInfo, string? Shop)>();
        using var listener = new System.Diagnostics.Metrics.MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == MerchantAdmission.MeterName)
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<long>((_, value, tags, _) =>
        {
            var named = tags.ToArray();
            string? Tag(string name) => named.FirstOrDefault(t => t.Key == name).Value as string;
            lock (seen)
            {
                seen.Add((value, Tag("errinfo"), Tag("shop")));
            }
        });
        listener.Start();
        var admission = new MerchantAdmission(Options.Create(new GatewayOptions
        {
            Admission = new AdmissionSettings { ShopRequestsPerSecond = 1, ShopBurst = 1, MaxConcurrentRequests = 1 },
        }), new FakeTimeProvider());

        using var first = admission.TryEnter();
        var second = admission.TryEnter();
        var taken = admission.TryTake("meter-test-shop");
        var over = admission.TryTake("meter-test-shop");
        listener.Dispose();

        Assert.NotNull(first);
        Assert.Null(second);
        Assert.Null(taken);
        Assert.NotNull(over);
        lock (seen)
        {
            Assert.Contains((1L, "E92000002", (string?)null), seen);
            Assert.Equal([(1L, "E92000001", "meter-test-shop")], seen.Where(s => s.Shop == "meter-test-shop"));
        }
    }

    [Fact]
    public void Limits_of_zero_turn_them_off()
    {
        var admission = new MerchantAdmission(Options.Create(new GatewayOptions { Admission = new AdmissionSettings { ShopRequestsPerSecond = 0, MaxConcurrentRequests = 0 } }), TimeProvider.System);

        var places = Enumerable.Range(0, 1_000).Select(_ => admission.TryEnter()).ToList();

        Assert.All(places, Assert.NotNull);
        Assert.All(Enumerable.Range(0, 1_000), _ => Assert.Null(admission.TryTake("shop1")));
        places.ForEach(p => p!.Dispose());
        places[0]!.Dispose();
        Assert.Equal(0, admission.InFlight);
    }
}
