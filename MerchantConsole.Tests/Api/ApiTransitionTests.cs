using MerchantConsole.Core.Payments;
using MerchantConsole.Gateway;
using MerchantConsole.Sandbox;
using MerchantConsole.Tests.Gateway;
using MerchantConsole.Tests.Support;

namespace MerchantConsole.Tests.Api;

/// <summary>
/// The rows of the manual's tables that a merchant drives after the customer paid — 実売上, キャンセル(全額/一部),
/// 金額変更, 利用承諾終了, 利用承諾照会, 随時決済 — each through the .idPass API, the result checked with
/// SearchTradeMulti and in the database. (Entry, execution, start and the customer's result go through the API in
/// ApiFlowTests.) Refunds settle at once here (RefundSettleSeconds=0); pending rows are in Gateway/SyncTransitionRowTests.
/// </summary>
public sealed class ApiTransitionTests : IAsyncLifetime
{
    private GatewayHarness harness = null!;
    private ApiClient api = null!;

    public async Task InitializeAsync()
    {
        harness = await GatewayHarness.StartAsync("--AmazonPay:Sandbox:RefundSettleSeconds=0");
        api = new ApiClient(new HttpClient { BaseAddress = harness.Console.Address });
    }

    public async Task DisposeAsync()
    {
        api.Http.Dispose();
        await harness.DisposeAsync();
    }

    private async Task<(string OrderId, string AccessId, string AccessPass)> KeysAsync(long id)
    {
        var row = await harness.RowAsync(id);
        var trade = await api.IdPassAsync("SearchTradeMulti", ("OrderID", row.OrderId), ("PayType", "38"));
        return (row.OrderId, row.AccessId, trade["AccessPass"]);
    }

    private async Task<string> TradeStatusAsync(string orderId) =>
        (await api.IdPassAsync("SearchTradeMulti", ("OrderID", orderId), ("PayType", "38")))["Status"];

    private Task<IdPassAnswer> CallAsync(string name, (string OrderId, string AccessId, string AccessPass) keys, params (string, string)[] fields) =>
        api.IdPassAsync(name, [("AccessID", keys.AccessId), ("AccessPass", keys.AccessPass), ("OrderID", keys.OrderId), .. fields]);

    [Fact]
    public async Task Sales_of_AUTH_is_SALES_and_a_second_one_is_refused_as_already_processed()
    {
        var keys = await KeysAsync(await harness.AuthorizedAsync(5000, 500));

        var sales = await CallAsync("AmazonpaySales", keys, ("Amount", "5000"), ("Tax", "500"));
        Assert.Equal(("SALES", "5000", "500"), (sales["Status"], sales["Amount"], sales["Tax"]));
        Assert.Equal("SALES", await TradeStatusAsync(keys.OrderId));

        var again = await CallAsync("AmazonpaySales", keys, ("Amount", "5000"), ("Tax", "500"));
        Assert.Equal(("E11", "E11010001"), (again["ErrCode"], again["ErrInfo"]));
        Assert.Equal(TransactionState.Sales, (await harness.RowAsync(await IdAsync(keys.OrderId))).State);
    }

    [Fact]
    public async Task Sales_that_Amazon_accepts_later_is_REQSALES()
    {
        var keys = await KeysAsync(await harness.AuthorizedAsync(3000));
        await harness.AddFaultAsync(SandboxFaultKind.CapturePending);

        var sales = await CallAsync("AmazonpaySales", keys, ("Amount", "3000"));

        Assert.Equal("REQSALES", sales["Status"]);
        Assert.Equal("REQSALES", await TradeStatusAsync(keys.OrderId));
    }

    [Fact]
    public async Task Sales_that_Amazon_declines_leaves_AUTH_with_an_Amazon_error()
    {
        var keys = await KeysAsync(await harness.AuthorizedAsync(3000));
        await harness.AddFaultAsync(SandboxFaultKind.CaptureDecline);

        var sales = await CallAsync("AmazonpaySales", keys, ("Amount", "3000"));

        Assert.Equal("E30", sales["ErrCode"]);
        Assert.Equal("AUTH", await TradeStatusAsync(keys.OrderId));
    }

    [Fact]
    public async Task Sales_of_another_amount_is_an_input_error_and_changes_nothing()
    {
        var keys = await KeysAsync(await harness.AuthorizedAsync(3000));

        var sales = await CallAsync("AmazonpaySales", keys, ("Amount", "2999"));

        Assert.Equal("E01230001", sales["ErrInfo"]);
        Assert.Equal("AUTH", await TradeStatusAsync(keys.OrderId));
    }

    [Fact]
    public async Task Cancel_of_AUTH_is_CANCEL()
    {
        var keys = await KeysAsync(await harness.AuthorizedAsync(3000));

        var cancel = await CallAsync("AmazonpayCancel", keys);

        Assert.Equal("CANCEL", cancel["Status"]);
        Assert.Equal("CANCEL", await TradeStatusAsync(keys.OrderId));
    }

    [Fact]
    public async Task Partial_cancels_of_SALES_keep_SALES_until_the_rest_is_cancelled_which_is_RETURN()
    {
        var keys = await KeysAsync(await harness.SalesAsync(3000, 300));

        var first = await CallAsync("AmazonpayCancel", keys, ("CancelAmount", "1000"), ("CancelTax", "100"));
        Assert.Equal(("SALES", "1000", "100"), (first["Status"], first["CancelAmount"], first["CancelTax"]));
        var rest = await CallAsync("AmazonpayCancel", keys, ("CancelAmount", "2000"), ("CancelTax", "200"));
        Assert.Equal(("RETURN", "3000", "300"), (rest["Status"], rest["CancelAmount"], rest["CancelTax"]));

        var trade = await api.IdPassAsync("SearchTradeMulti", ("OrderID", keys.OrderId), ("PayType", "38"));
        Assert.Equal(("RETURN", "3000", "300"), (trade["Status"], trade["AmazonPayCancelAmount"], trade["AmazonPayCancelTax"]));
        var row = await harness.RowAsync(await IdAsync(keys.OrderId));
        Assert.Equal((1, 3000L, 300L), (row.PartialRefunds, row.CancelledAmount, row.CancelledTax));
    }

    [Fact]
    public async Task Cancel_in_full_of_an_immediate_CAPTURE_is_RETURN()
    {
        var keys = await KeysAsync(await harness.CapturedAsync(4000));

        var cancel = await CallAsync("AmazonpayCancel", keys);

        Assert.Equal("RETURN", cancel["Status"]);
        Assert.Equal("RETURN", await TradeStatusAsync(keys.OrderId));
    }

    [Fact]
    public async Task A_refund_Amazon_declines_leaves_SALES_unchanged()
    {
        var keys = await KeysAsync(await harness.SalesAsync(3000));
        await harness.AddFaultAsync(SandboxFaultKind.RefundDecline);

        var cancel = await CallAsync("AmazonpayCancel", keys, ("CancelAmount", "1000"));

        Assert.Equal("E30", cancel["ErrCode"]);
        Assert.Equal("SALES", await TradeStatusAsync(keys.OrderId));
        Assert.Equal(0, (await harness.RowAsync(await IdAsync(keys.OrderId))).CancelledAmount);
    }

    [Fact]
    public async Task Change_of_an_AUTH_that_allows_it_re_authorizes_at_the_new_amount()
    {
        var keys = await KeysAsync(await harness.AuthorizedAsync(3000, allowOvercharge: true));

        var change = await CallAsync("AmazonpayChange", keys, ("Amount", "4500"), ("Tax", "450"));

        Assert.Equal(("AUTH", "4500", "450"), (change["Status"], change["Amount"], change["Tax"]));
        var row = await harness.RowAsync(await IdAsync(keys.OrderId));
        Assert.Equal((4500L, 450L), (row.Amount, row.Tax));
        Assert.Single(row.AmountChanges);
    }

    [Fact]
    public async Task Change_of_a_one_time_AUTH_without_amount_change_is_refused_with_E11()
    {
        var keys = await KeysAsync(await harness.AuthorizedAsync(3000));

        var change = await CallAsync("AmazonpayChange", keys, ("Amount", "3000"));

        Assert.Equal("E11010013", change["ErrInfo"]);
        Assert.Equal("AUTH", await TradeStatusAsync(keys.OrderId));
    }

    [Fact]
    public async Task A_registration_is_searched_charged_and_ended_through_the_API()
    {
        var (registrationId, permissionId) = await harness.RegisteredAsync();

        var search = await api.IdPassAsync("SearchChargePermissionAmazonpay", ("AmazonChargePermissionID", permissionId));
        Assert.Equal(("REGISTER", permissionId), (search["Status"], search["AmazonChargePermissionID"]));

        var orderId = GatewayHarness.NewOrderId();
        var entry = await api.IdPassAsync("EntryTranAmazonpay",
            ("OrderID", orderId), ("JobCd", "CAPTURE"), ("Amount", "1200"), ("Tax", "0"), ("AmazonpayType", "3"), ("PaymentType", "4"));
        Assert.False(entry.Fields.ContainsKey("ErrCode"), entry.Raw);
        var exec = await api.IdPassAsync("ExecTranAmazonpay",
            ("AccessID", entry["AccessID"]), ("AccessPass", entry["AccessPass"]), ("OrderID", orderId), ("AmazonChargePermissionID", permissionId));
        Assert.Equal(("CAPTURE", permissionId), (exec["Status"], exec["AmazonChargePermissionID"]));
        Assert.False(exec.Fields.ContainsKey("Token"));
        Assert.Equal("CAPTURE", await TradeStatusAsync(orderId));

        var close = await api.IdPassAsync("CloseChargePermissionAmazonpay", ("AmazonChargePermissionID", permissionId));
        Assert.Equal("END", close["Status"]);
        Assert.Equal(TransactionState.End, (await harness.PermissionAsync(permissionId)).State);
        Assert.Equal(TransactionState.End, (await harness.RowAsync(registrationId)).State);

        var again = await api.IdPassAsync("CloseChargePermissionAmazonpay", ("AmazonChargePermissionID", permissionId));
        Assert.Equal("E11010001", again["ErrInfo"]);
        var afterEnd = await api.IdPassAsync("EntryTranAmazonpay",
            ("OrderID", GatewayHarness.NewOrderId()), ("JobCd", "AUTH"), ("Amount", "100"), ("PaymentType", "4"));
        var refused = await api.IdPassAsync("ExecTranAmazonpay",
            ("AccessID", afterEnd["AccessID"]), ("AccessPass", afterEnd["AccessPass"]), ("OrderID", GatewayHarness.NewOrderId()), ("AmazonChargePermissionID", permissionId));
        Assert.True(refused.Fields.ContainsKey("ErrCode"), refused.Raw);
    }

    private async Task<long> IdAsync(string orderId)
    {
        await using var db = await harness.DbAsync();
        return db.GatewayTransactions.Single(t => t.ShopId == TestConsole.ShopId && t.OrderId == orderId).Id;
    }
}
