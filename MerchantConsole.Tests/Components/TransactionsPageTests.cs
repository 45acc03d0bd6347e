using System.Text.RegularExpressions;
using Bunit;
using MerchantConsole.Components.Common;
using MerchantConsole.Components.Pages.Transactions;
using MerchantConsole.Data;
using MerchantConsole.Gateway;
using MerchantConsole.Transactions;
using Microsoft.AspNetCore.Components;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using MudBlazor;

namespace MerchantConsole.Tests.Components;

/// <summary>
/// The transactions grid against the real console: rows on screen update by themselves on the page's clock, and the
/// expiring banner follows them.
/// </summary>
[Collection(DialogCollection.Name)]
public sealed class TransactionsPageTests : DialogTestContext
{
    private readonly FakeTimeProvider clock = new(DateTimeOffset.UtcNow);

    public TransactionsPageTests(DialogFixture fixture)
        : base(fixture, "ja-JP")
    {
        Context.Services.AddSingleton(Harness.Service<TransactionDirectory>());
        Context.Services.AddSingleton(Harness.Service<BulkCapture>());
        Context.Services.AddSingleton(Harness.Service<ExportProgress>());
        Context.Services.AddSingleton<TimeProvider>(clock);
        Context.Services.AddSingleton(new RowWatch(Harness.Service<IDbContextFactory<ApplicationDbContext>>(), clock, NullLogger<RowWatch>.Instance));
    }

    [Fact]
    public async Task Rows_on_screen_and_the_expiring_banner_update_at_the_next_watch_tick_of_the_page_clock_and_not_before()
    {
        var directory = Harness.Service<TransactionDirectory>();
        var expiringBefore = await directory.ExpiringCountAsync(Owner);
        var soonExpiring = await Harness.AuthorizedAsync(1_000);
        var captured = await Harness.AuthorizedAsync(2_000);
        var soonOrder = (await Harness.RowAsync(soonExpiring)).OrderId;
        var capturedOrder = (await Harness.RowAsync(captured)).OrderId;
        Context.Render<MudPopoverProvider>();
        var page = Context.Render<TransactionsPage>();
        page.WaitForAssertion(() => Assert.Equal(("AUTH", "AUTH"), (StateOf(page, soonOrder), StateOf(page, capturedOrder))), TimeSpan.FromSeconds(10));

        // Another member of staff captures one row; the other row's deadline comes within the warning.
        var result = await Harness.CaptureAsync(captured);
        Assert.True(result.IsSuccess, result.Error?.ToString());
        await BackdateAsync(soonExpiring, t => t.CaptureDeadline = DateTimeOffset.UtcNow.AddDays(2));
        await Task.Delay(RowWatch.Interval + TimeSpan.FromSeconds(1)); // real time passes; the page's clock does not
        var beforeTick = (StateOf(page, capturedOrder), Banner(page));

        clock.Advance(RowWatch.Interval);

        Assert.Equal(("AUTH", expiringBefore == 0 ? null : expiringBefore.ToString(System.Globalization.CultureInfo.InvariantCulture)), beforeTick);
        page.WaitForAssertion(() =>
        {
            Assert.Equal("SALES", StateOf(page, capturedOrder));
            Assert.Equal((expiringBefore + 1).ToString(System.Globalization.CultureInfo.InvariantCulture), Banner(page));
        }, TimeSpan.FromSeconds(10));
    }

    /// <summary>
    /// The grid reads its rows at its first render, while the page may still be reading its banner: a watch that began
    /// only after that missed a change made before it, until the tick after (with PostgreSQL's truly asynchronous reads,
    /// one run in many; the clock here never ticks again).
    /// </summary>
    [Fact]
    public void The_page_is_watched_from_its_first_render_before_its_rows_arrive()
    {
        Context.Render<MudPopoverProvider>();
        Context.Render<TransactionsPage>();

        Assert.Equal(1, Context.Services.GetRequiredService<RowWatch>().Watching);
    }

    [Fact]
    public async Task The_first_load_renders_the_loading_bar_then_the_rows_once()
    {
        var order = (await Harness.RowAsync(await Harness.AuthorizedAsync(2_500))).OrderId;
        var page = await RenderSettledAsync();
        var grid = page.FindComponent<QuietDataGrid<TransactionRow>>();
        page.WaitForAssertion(() => Assert.Equal("AUTH", StateOf(page, order)), TimeSpan.FromSeconds(10));
        await Task.Delay(300); // a render after the rows, if any, would follow straight away

        // The first render (the loading bar), the rows; and, when the page finished reading its banner after the grid's
        // first render, the page's render with it. MudDataGrid alone rendered four or five times.
        Assert.InRange(grid.Instance.Renders, 2, 3);
        Assert.DoesNotContain("mud-table-loading", grid.Markup, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_row_changed_elsewhere_renders_the_grid_once_at_the_watch_tick()
    {
        var changed = await Harness.AuthorizedAsync(3_000);
        var order = (await Harness.RowAsync(changed)).OrderId;
        var page = await RenderSettledAsync();
        var grid = page.FindComponent<QuietDataGrid<TransactionRow>>();
        page.WaitForAssertion(() => Assert.Equal("AUTH", StateOf(page, order)), TimeSpan.FromSeconds(10));
        var gridRenders = grid.Instance.Renders;

        Assert.True((await Harness.CaptureAsync(changed)).IsSuccess);
        clock.Advance(RowWatch.Interval);

        page.WaitForAssertion(() => Assert.Equal("SALES", StateOf(page, order)), TimeSpan.FromSeconds(10));
        await Task.Delay(300); // a second render, if any, would follow straight away
        Assert.Equal(gridRenders + 1, grid.Instance.Renders);
    }

    [Fact]
    public async Task Another_view_renders_the_page_and_its_grid_once_with_the_new_rows()
    {
        var wanted = await Harness.AuthorizedAsync(4_000);
        var order = (await Harness.RowAsync(wanted)).OrderId;
        await Harness.AuthorizedAsync(5_000);
        var page = await RenderSettledAsync();
        var grid = page.FindComponent<QuietDataGrid<TransactionRow>>();
        page.WaitForAssertion(() => Assert.True(Rows(page) > 1), TimeSpan.FromSeconds(10));
        var gridRenders = grid.Instance.Renders;

        Context.Services.GetRequiredService<NavigationManager>().NavigateTo(TransactionsPage.Url + new TransactionFilter { Search = order }.ToQuery());

        page.WaitForAssertion(() => Assert.Equal((1, "AUTH"), (Rows(page), StateOf(page, order))), TimeSpan.FromSeconds(10));
        await Task.Delay(300);
        Assert.Equal(gridRenders + 1, grid.Instance.Renders);
        Assert.Equal(order, page.FindComponent<FilterBar>().Find("input.mud-input-slot").GetAttribute("value")); // the filter bar shows the view
    }

    [Fact]
    public async Task The_pager_speaks_Japanese()
    {
        await Harness.AuthorizedAsync(1_000);
        Context.Render<MudPopoverProvider>();
        var page = Context.Render<TransactionsPage>();

        page.WaitForAssertion(() =>
        {
            var pager = page.Find(".mud-table-pagination").TextContent;
            Assert.Contains("表示件数:", pager, StringComparison.Ordinal);
            Assert.Matches(@"1–\d+ 件目\(全 \d+ 件\)", pager);
            Assert.DoesNotContain("Rows per page", pager, StringComparison.Ordinal);
        }, TimeSpan.FromSeconds(10));
    }

    /// <summary>
    /// The page once it has read its banner too. It renders first while it reads (its grid reads its rows meanwhile) and
    /// again when done, which renders the grid once more; counting the grid's renders starts after that. With an order
    /// about to expire there is a banner to wait for.
    /// </summary>
    private async Task<IRenderedComponent<TransactionsPage>> RenderSettledAsync()
    {
        await BackdateAsync(await Harness.AuthorizedAsync(900), t => t.CaptureDeadline = DateTimeOffset.UtcNow.AddDays(2));
        Context.Render<MudPopoverProvider>();
        var page = Context.Render<TransactionsPage>();
        page.WaitForAssertion(() => Assert.NotNull(Banner(page)), TimeSpan.FromSeconds(10));
        return page;
    }

    private static int Rows(IRenderedComponent<TransactionsPage> page) => page.FindAll("tbody tr [data-state]").Count;

    private static string? StateOf(IRenderedComponent<TransactionsPage> page, string orderId) =>
        page.FindAll("tr").SingleOrDefault(tr => tr.QuerySelector("a")?.TextContent.Trim() == orderId)?.QuerySelector("[data-state]")?.GetAttribute("data-state");

    /// <summary>The banner's count, or null when there is no banner.</summary>
    private static string? Banner(IRenderedComponent<TransactionsPage> page) =>
        page.FindAll("[data-testid=expiring-banner]") is [var banner]
            ? Regex.Match(banner.TextContent, @"(\d+) 件").Groups[1].Value
            : null;
}
