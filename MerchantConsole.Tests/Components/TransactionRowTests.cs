using Bunit;
using MerchantConsole.Components.Pages.Transactions;
using MerchantConsole.Core.Payments;
using MerchantConsole.Transactions;

namespace MerchantConsole.Tests.Components;

/// <summary>
/// The grid's buttons per state, checked against the manual's availability matrix written out here (not read from
/// the transition table the component uses), so a change to either shows up as a failing row.
/// </summary>
public class TransactionRowTests : ComponentTestContext
{
    // 取引状態における可能操作, the staff columns: 実売上, キャンセル(全額), キャンセル(一部), 金額変更, 利用承諾終了.
    public static TheoryData<PaymentType, TransactionState, string[]> Matrix()
    {
        var data = new TheoryData<PaymentType, TransactionState, string[]>();
        foreach (var type in new[] { PaymentType.OneTime, PaymentType.RegistrationWithFirstPayment, PaymentType.Recurring })
        {
            foreach (var state in Enum.GetValues<TransactionState>())
            {
                data.Add(type, state, state switch
                {
                    TransactionState.Auth => ["実売上", "キャンセル(全額)", "金額変更"],
                    TransactionState.Sales or TransactionState.Capture => ["キャンセル(全額)", "キャンセル(一部)"],
                    _ => [],
                });
            }
        }

        foreach (var state in Enum.GetValues<TransactionState>())
        {
            data.Add(PaymentType.RegistrationOnly, state, state == TransactionState.Register ? ["利用承諾終了"] : []);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Matrix))]
    public void A_row_shows_exactly_the_buttons_its_state_allows(PaymentType type, TransactionState state, string[] expected)
    {
        var row = Context.Render<RowActions>(p => p.Add(r => r.Row, Row(type, state)).Add(r => r.CanOperate, true));

        var buttons = row.FindAll("button").Select(b => b.TextContent.Trim()).Where(text => text != "再同期").ToArray();
        Assert.Equal(expected, buttons);
    }

    [Theory]
    [InlineData(TransactionState.Auth)]
    [InlineData(TransactionState.Sales)]
    [InlineData(TransactionState.ReqSales)]
    public void A_viewer_sees_no_button_in_any_state(TransactionState state)
    {
        var row = Context.Render<RowActions>(p => p.Add(r => r.Row, Row(PaymentType.OneTime, state)).Add(r => r.CanOperate, false));

        Assert.Empty(row.FindAll("button"));
    }

    [Theory]
    [InlineData(TransactionState.AuthProcess)]
    [InlineData(TransactionState.ReqCapture)]
    [InlineData(TransactionState.ReqSales)]
    [InlineData(TransactionState.ReqReturn)]
    public void A_row_waiting_for_Amazon_offers_sync_now(TransactionState state)
    {
        var row = Context.Render<RowActions>(p => p.Add(r => r.Row, Row(PaymentType.OneTime, state)).Add(r => r.CanOperate, true));

        Assert.Single(row.FindAll("button[aria-label='再同期']"));
    }

    [Theory]
    [InlineData(PaymentType.OneTime, true)]
    [InlineData(PaymentType.Recurring, false)]
    [InlineData(PaymentType.RegistrationWithFirstPayment, false)]
    public void An_authorization_near_its_deadline_offers_the_extension_when_its_payment_may_change_amount(PaymentType type, bool amountChangeEnabled)
    {
        var extended = new List<TransactionRow>();
        var row = Row(type, TransactionState.Auth, Now.AddDays(3), amountChangeEnabled);
        var cell = Context.Render<CaptureDeadline>(p => p.Add(c => c.Row, row).Add(c => c.Now, Now).Add(c => c.CanOperate, true)
            .Add(c => c.Extend, (TransactionRow r) => extended.Add(r)));

        cell.Find("button[aria-label='期限延長']").Click();

        Assert.Equal([row], extended);
        Assert.Contains("残り 3 日", cell.Find("[data-testid=capture-deadline]").TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public void A_one_time_authorization_without_amount_change_explains_why_it_cannot_be_extended()
    {
        var cell = Context.Render<CaptureDeadline>(p => p.Add(c => c.Row, Row(PaymentType.OneTime, TransactionState.Auth, Now.AddDays(-1), false))
            .Add(c => c.Now, Now).Add(c => c.CanOperate, true));

        Assert.Empty(cell.FindAll("button"));
        Assert.Contains("延長できません", cell.Find("[data-testid=extension-note]").TextContent, StringComparison.Ordinal);
        Assert.Contains("金額変更利用有無", cell.Find("[data-testid=extension-note]").TextContent, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(8, true)] // not near yet
    [InlineData(3, false)] // a Viewer
    public void No_extension_is_offered_far_from_the_deadline_or_to_a_viewer(int daysLeft, bool canOperate)
    {
        var cell = Context.Render<CaptureDeadline>(p => p.Add(c => c.Row, Row(PaymentType.OneTime, TransactionState.Auth, Now.AddDays(daysLeft), true))
            .Add(c => c.Now, Now).Add(c => c.CanOperate, canOperate));

        Assert.Empty(cell.FindAll("button"));
        Assert.Empty(cell.FindAll("[data-testid=extension-note]"));
    }

    [Fact]
    public void An_authorization_Amazon_ended_by_declining_its_capture_says_so_in_the_deadline_cell()
    {
        var cell = Context.Render<CaptureDeadline>(p => p.Add(c => c.Row, Row(PaymentType.OneTime, TransactionState.Auth, Now.AddDays(20), endedAt: Now.AddHours(-1)))
            .Add(c => c.Now, Now));

        Assert.Contains("与信終了", cell.Find("[data-testid=authorization-ended]").TextContent, StringComparison.Ordinal);
        Assert.Empty(cell.FindAll("[data-testid=capture-deadline] span:not([data-testid])"));
    }

    [Fact]
    public void Each_button_asks_for_its_own_operation_on_its_row_and_sync_now_for_the_row()
    {
        var asked = new List<(TransactionRow Row, Operation Operation)>();
        var synced = new List<TransactionRow>();
        var auth = Row(PaymentType.OneTime, TransactionState.Auth);
        var pending = Row(PaymentType.OneTime, TransactionState.ReqSales);
        var authRow = Context.Render<RowActions>(p => p.Add(r => r.Row, auth).Add(r => r.CanOperate, true)
            .Add(r => r.Clicked, ((TransactionRow Row, Operation Operation) a) => asked.Add(a)));
        var pendingRow = Context.Render<RowActions>(p => p.Add(r => r.Row, pending).Add(r => r.CanOperate, true)
            .Add(r => r.SyncClicked, (TransactionRow r) => synced.Add(r)));

        for (var i = 0; i < authRow.FindAll("button").Count; i++)
        {
            authRow.FindAll("button")[i].Click(); // found again after each click: the click renders the row again
        }

        pendingRow.Find("button[aria-label='再同期']").Click();

        Assert.Equal([(auth, Operation.Capture), (auth, Operation.CancelFull), (auth, Operation.ChangeAmount)], asked);
        Assert.Equal([pending], synced);
    }

    private static readonly DateTimeOffset Now = new(2026, 11, 28, 12, 0, 0, TimeSpan.Zero);

    private static TransactionRow Row(
        PaymentType type, TransactionState state, DateTimeOffset? deadline = null, bool amountChangeEnabled = false, DateTimeOffset? endedAt = null) => new(
        1, "order-1", new string('a', 32), DateTimeOffset.UnixEpoch, DateTimeOffset.UnixEpoch, state, type, JobCd.Auth,
        1000, 100, 0, 0, deadline, false, endedAt, null, amountChangeEnabled, 1);
}
