using System.Text;
using MerchantConsole.Api;
using MerchantConsole.Core.Payments;
using MerchantConsole.Data;
using MerchantConsole.Gateway;
using MerchantConsole.Tests.Gateway;
using MerchantConsole.Tests.Support;
using MerchantConsole.Transactions;
using Microsoft.EntityFrameworkCore;

namespace MerchantConsole.Tests.Transactions;

/// <summary>The console's reads against the real app: the grid's filters, the CSV export and the audit log.</summary>
public sealed class ConsoleQueriesTests : IAsyncLifetime
{
    private GatewayHarness harness = null!;
    private long authorized;
    private long sold;

    public async Task InitializeAsync()
    {
        harness = await GatewayHarness.StartAsync();
        authorized = await harness.AuthorizedAsync(1200, 0);
        sold = await harness.SalesAsync(3000, 300);
        // A description a spreadsheet would run as a formula, and Japanese text for the Shift_JIS export.
        await using var db = await harness.DbAsync();
        var row = await db.GatewayTransactions.SingleAsync(t => t.Id == sold);
        row.Description = "=HYPERLINK(\"http://evil.example\",\"お得\")";
        await db.SaveChangesAsync();
    }

    public Task DisposeAsync() => harness.DisposeAsync().AsTask();

    [Fact]
    public async Task The_grid_filters_by_state_and_search_and_counts_every_match()
    {
        var directory = harness.Service<TransactionDirectory>();

        var sales = await directory.SearchAsync(harness.Sandbox.Owner, new TransactionFilter { States = new HashSet<TransactionState> { TransactionState.Sales } }, 0, 25);
        var byOrder = await directory.SearchAsync(harness.Sandbox.Owner, new TransactionFilter { Search = (await harness.RowAsync(authorized)).OrderId }, 0, 25);

        Assert.Equal([sold], sales!.Rows.Select(r => r.Id));
        Assert.Equal(1, sales.Total);
        Assert.Equal([authorized], byOrder!.Rows.Select(r => r.Id));
        Assert.Equal([Operation.Capture, Operation.CancelFull, Operation.ChangeAmount], byOrder.Rows[0].Actions);
    }

    [Fact]
    public async Task The_search_finds_an_order_ID_prefix_an_AccessID_or_a_charge_permission_ID_and_nothing_for_other_text()
    {
        var directory = harness.Service<TransactionDirectory>();
        var row = await harness.RowAsync(sold);
        async Task<long[]> Found(string search) =>
            (await directory.SearchAsync(harness.Sandbox.Owner, new TransactionFilter { Search = search }, 0, 25))!.Rows.Select(r => r.Id).ToArray();

        Assert.NotNull(row.ChargePermissionId);
        Assert.Equal([sold], await Found(row.OrderId[..12]));
        Assert.Equal([sold], await Found(row.AccessId));
        Assert.Equal([sold], await Found(row.ChargePermissionId!));
        Assert.Empty(await Found(row.AccessId[..12]));
        Assert.Empty(await Found("お得"));
    }

    [Fact]
    public async Task Control_characters_pasted_into_the_search_the_URL_or_the_audit_filter_are_dropped_never_sent_to_the_database()
    {
        var directory = harness.Service<TransactionDirectory>();
        var row = await harness.RowAsync(sold);
        var fromUrl = TransactionFilter.Parse("q=" + Uri.EscapeDataString(row.OrderId[..12] + "\0") + "&state=SALES");

        // A NUL cannot even be compared by PostgreSQL: before, the grid and the audit log failed there.
        var found = await directory.SearchAsync(harness.Sandbox.Owner, new TransactionFilter { Search = "\t" + row.AccessId + "\0\r\n" }, 0, 25);
        var fromLink = await directory.SearchAsync(harness.Sandbox.Owner, fromUrl, 0, 25);
        var onlyNul = new TransactionFilter { Search = "\0 \u0007" };
        var audit = await harness.Service<AuditLog>().SearchAsync(harness.Sandbox.Owner, new AuditFilter(Who: "\0", What: "Capture\0"));

        Assert.Equal([sold], found!.Rows.Select(r => r.Id));
        Assert.Equal(row.OrderId[..12], fromUrl.Search);
        Assert.Equal([sold], fromLink!.Rows.Select(r => r.Id));
        Assert.Null(onlyNul.Search);
        Assert.NotEmpty(audit!);
        Assert.All(audit!, line => Assert.Contains("Capture", line.What, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Pages_of_one_row_follow_the_order_of_the_whole_list_and_keep_the_total()
    {
        var directory = harness.Service<TransactionDirectory>();
        var byAmount = new TransactionFilter { Sort = TransactionSort.AmountDesc };

        var whole = await directory.SearchAsync(harness.Sandbox.Owner, byAmount, 0, 25);
        var pages = new List<TransactionPage>();
        for (var page = 0; page < whole!.Total; page++)
        {
            pages.Add((await directory.SearchAsync(harness.Sandbox.Owner, byAmount, page, 1))!);
        }

        Assert.Equal([sold, authorized], whole.Rows.Select(r => r.Id));
        Assert.Equal(whole.Rows.Select(r => r.Id), pages.SelectMany(p => p.Rows).Select(r => r.Id));
        Assert.All(pages, p => Assert.Equal(whole.Total, p.Total));
    }

    [Fact]
    public void A_filter_survives_the_URL_round_trip()
    {
        var filter = new TransactionFilter
        {
            States = new HashSet<TransactionState> { TransactionState.Auth, TransactionState.ReqSales },
            PaymentTypes = new HashSet<PaymentType> { PaymentType.Recurring },
            JobCd = JobCd.Capture,
            From = new DateOnly(2026, 11, 1),
            To = new DateOnly(2026, 11, 30),
            MinAmount = 100,
            MaxAmount = 9000,
            Search = "order-1",
            ExpiringSoon = true,
            Sort = TransactionSort.AmountDesc,
        };

        var back = TransactionFilter.Parse(filter.ToQuery());

        Assert.Equal(filter.ToQuery(), back.ToQuery());
        Assert.Equal(filter.States.Order(), back.States.Order());
        Assert.Equal((filter.JobCd, filter.From, filter.To, filter.MinAmount, filter.MaxAmount, filter.Search, filter.ExpiringSoon, filter.Sort),
            (back.JobCd, back.From, back.To, back.MinAmount, back.MaxAmount, back.Search, back.ExpiringSoon, back.Sort));
    }

    [Fact]
    public async Task The_CSV_holds_exactly_the_filtered_rows_with_formulas_neutralised_in_UTF8_and_Shift_JIS()
    {
        using var client = harness.Console.CreateClient();
        await harness.Console.SignInAsync(client, TestConsole.OwnerEmail, TestConsole.OwnerPassword);

        var utf8 = await client.GetByteArrayAsync("/transactions/export.csv?state=SALES");
        var sjis = await client.GetByteArrayAsync("/transactions/export.csv?state=SALES&encoding=sjis");

        Assert.Equal([0xEF, 0xBB, 0xBF], utf8[..3]);
        var text = Encoding.UTF8.GetString(utf8[3..]);
        var lines = text.Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(2, lines.Length);
        Assert.StartsWith((await harness.RowAsync(sold)).OrderId + ",", lines[1], StringComparison.Ordinal);
        Assert.Contains("\"'=HYPERLINK(\"\"http://evil.example\"\",\"\"お得\"\")\"", lines[1], StringComparison.Ordinal);
        Assert.Equal(text, Windows31J.Encoding.GetString(sjis));
    }

    [Fact]
    public async Task The_grid_s_first_HTML_shows_its_loading_bar_and_never_says_there_are_no_transactions()
    {
        using var client = harness.Console.CreateClient();
        await harness.Console.SignInAsync(client, TestConsole.OwnerEmail, TestConsole.OwnerPassword);

        // The page the browser shows before its circuit connects and reads the rows (prerendered).
        var html = await client.GetStringAsync(new Uri("/transactions", UriKind.Relative));

        Assert.Contains("transactions-grid", html, StringComparison.Ordinal);
        Assert.DoesNotContain("条件に合う取引はありません", html, StringComparison.Ordinal);
        Assert.Contains("mud-table-loading", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_export_reports_its_rows_under_the_page_s_ID_to_that_staff_member_only()
    {
        using var client = harness.Console.CreateClient();
        await harness.Console.SignInAsync(client, TestConsole.OwnerEmail, TestConsole.OwnerPassword);
        var progress = harness.Service<ExportProgress>();
        const string id = "0123456789abcdef0123456789abcdef";

        Assert.Null(progress.Read(harness.Sandbox.Owner.Id, id));
        await client.GetByteArrayAsync($"/transactions/export.csv?{ExportProgress.QueryName}={id}");

        Assert.Equal(new ExportState(2, Finished: true, Failed: false), progress.Read(harness.Sandbox.Owner.Id, id));
        Assert.Null(progress.Read("someone-else", id));
    }

    [Fact]
    public async Task The_audit_log_shows_who_captured_and_filters_by_operation_and_a_Viewer_gets_nothing()
    {
        var audit = harness.Service<AuditLog>();
        var soldOrderId = (await harness.RowAsync(sold)).OrderId;

        var captures = await audit.SearchAsync(harness.Sandbox.Owner, new AuditFilter(What: nameof(Operation.Capture)));

        Assert.Contains(captures!, line => line.IsPayment && line.Who == TestConsole.OwnerEmail && line.Target == soldOrderId
            && line.What.Contains("実売上・成功", StringComparison.Ordinal) && line.What.Contains("Capture · succeeded", StringComparison.Ordinal));
        Assert.All(captures!, line => Assert.Contains("実売上", line.What, StringComparison.Ordinal));

        await using var db = await harness.DbAsync();
        var member = await db.ShopMembers.SingleAsync(m => m.ShopId == TestConsole.ShopId);
        member.Role = MerchantConsole.Core.Shops.ShopRole.Viewer;
        await db.SaveChangesAsync();
        Assert.Null(await audit.SearchAsync(harness.Sandbox.Owner, new AuditFilter()));
    }
}
