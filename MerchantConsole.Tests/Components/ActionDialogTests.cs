using System.Globalization;
using MerchantConsole.Components.Pages.Transactions;
using MerchantConsole.Core.Payments;
using MerchantConsole.Gateway;
using MerchantConsole.Tests.Gateway;
using MerchantConsole.Transactions;
using MudBlazor;

namespace MerchantConsole.Tests.Components;

/// <summary>
/// Issue #8: the row-action dialog shows the core's reason for every input it refuses — empty, zero, negative, over a
/// limit or the remaining amount, the 11th partial refund, past the 30/180-day windows — and then nothing can be
/// sent: Run stays disabled, a click on it does nothing, and neither the transaction nor the journal changes.
/// Transactions are made in their real states through the console and its sandbox; windows are passed by moving
/// the stored timestamps back.
/// </summary>
[Collection(DialogCollection.Name)]
public sealed class ActionDialogTests(DialogFixture fixture) : ActionDialogTestsBase(fixture, "ja-JP")
{
    private const string PartialRefundRun = "キャンセル(一部)を実行";
    private const string ChangeRun = "金額変更を実行";
    private const string RefundAmount = "キャンセル金額(利用金額)";
    private const string RefundTax = "キャンセル金額(税送料)";
    private const string NewAmount = "変更後の利用金額";
    private const string NewTax = "変更後の税送料";
    private const string AmountRequired = "金額を入力してください。";
    private const string NotANumber = "金額は半角数字で入力してください。";

    // On a captured ¥10,000 + tax ¥1,000.
    public static TheoryData<string, string, string> RefusedRefunds() => new()
    {
        { "", "", AmountRequired },
        { "0", "", "金額(利用金額+税送料)は¥1から¥11,000までです(指定 ¥0)。" },
        { "0", "0", "金額(利用金額+税送料)は¥1から¥11,000までです(指定 ¥0)。" },
        { "-500", "", "利用金額と税送料は0円以上で指定してください(利用金額 ¥-500、税送料 ¥0)。" },
        { "500", "-1", "利用金額と税送料は0円以上で指定してください(利用金額 ¥500、税送料 ¥-1)。" },
        { "20000", "", "キャンセル金額が売上の残額を超えています(残額 利用金額 ¥10,000・税送料 ¥1,000、指定 ¥20,000・¥0)。" },
        { "10001", "0", "キャンセル金額が売上の残額を超えています(残額 利用金額 ¥10,000・税送料 ¥1,000、指定 ¥10,001・¥0)。" },
        { "100", "1001", "キャンセル金額が売上の残額を超えています(残額 利用金額 ¥10,000・税送料 ¥1,000、指定 ¥100・¥1,001)。" },
        // Far past any limit: still a reason, not an overflow in the core's checked sums.
        { "9223372036854775807", "1", "キャンセル金額が売上の残額を超えています(残額 利用金額 ¥10,000・税送料 ¥1,000、指定 ¥9,999,999,999・¥1)。" },
        // Full-width digits from a Japanese IME are not a number to the field: neither may count as empty.
        { "１００", "", NotANumber },
        { "500", "１００", NotANumber },
    };

    [Theory]
    [MemberData(nameof(RefusedRefunds))]
    public async Task A_partial_refund_shows_the_reason_for_what_the_core_refuses_and_sends_nothing(string amount, string tax, string reason)
    {
        var id = await CapturedForRefusalsAsync();
        var dialog = await OpenAsync(id, Operation.CancelPartial);
        var before = await FootprintAsync(id);

        dialog.Type(RefundAmount, amount);
        dialog.Type(RefundTax, tax);

        await AssertRefusedAsync(dialog, reason, PartialRefundRun, id, before);
    }

    [Fact]
    public async Task The_eleventh_partial_refund_is_refused_while_the_whole_remainder_may_still_be_cancelled()
    {
        var id = await Harness.SalesAsync(10_000, 1_000);
        for (var i = 0; i < Limits.MaximumPartialRefunds; i++)
        {
            var refunded = await Harness.CancelAsync(id, 100, 0);
            Assert.True(refunded.IsSuccess, refunded.Error?.ToString());
        }

        Assert.Equal((TransactionState.Sales, 10), ((await Harness.RowAsync(id)).State, (await Harness.RowAsync(id)).PartialRefunds));
        var dialog = await OpenAsync(id, Operation.CancelPartial);
        var before = await FootprintAsync(id);

        dialog.Type(RefundAmount, "100");

        await AssertRefusedAsync(dialog, "一部返金は同一取引に対し10回までです(実施済み 10回)。残額の全額キャンセルは可能です。", PartialRefundRun, id, before);

        // What the reason promises: the whole remainder (¥9,000 + ¥1,000) is a full cancel, not an 11th partial refund.
        dialog.Type(RefundAmount, "9000");
        dialog.Type(RefundTax, "1000");
        dialog.WaitFor(() => Assert.Null(dialog.Refusal));
        Assert.False(dialog.ConfirmationDisabled);
    }

    [Theory]
    [InlineData(Operation.CancelPartial, "キャンセル(一部)を実行")]
    [InlineData(Operation.CancelFull, "キャンセル(全額)を実行")]
    public async Task A_refund_past_180_days_from_capture_shows_the_deadline_and_sends_nothing(Operation operation, string run)
    {
        var id = await Harness.SalesAsync(10_000, 1_000);
        var row = await BackdateAsync(id, t => t.CapturedAt = DateTimeOffset.UtcNow - TimeSpan.FromDays(180) - TimeSpan.FromMinutes(5));
        var dialog = await OpenAsync(id, operation);
        var before = await FootprintAsync(id);

        if (operation == Operation.CancelPartial)
        {
            dialog.Type(RefundAmount, "100");
        }

        await AssertRefusedAsync(dialog, $"実売上から返品可能な期間(180日)を過ぎています(期限 {Jst(row.CapturedAt!.Value + TimeSpan.FromDays(180))})。", run, id, before);
    }

    [Fact]
    public async Task A_refund_one_day_inside_the_180_days_is_offered()
    {
        var id = await Harness.SalesAsync(10_000, 1_000);
        await BackdateAsync(id, t => t.CapturedAt = DateTimeOffset.UtcNow - TimeSpan.FromDays(179));
        var dialog = await OpenAsync(id, Operation.CancelPartial);

        dialog.Type(RefundAmount, "100");

        dialog.WaitFor(() => Assert.Null(dialog.Refusal));
        Assert.False(dialog.ConfirmationDisabled);
    }

    [Fact]
    public async Task A_capture_past_30_days_from_authorization_shows_the_deadline_and_sends_nothing()
    {
        var id = await Harness.AuthorizedAsync(10_000, 1_000);
        var authorizedAt = DateTimeOffset.UtcNow - TimeSpan.FromDays(30) - TimeSpan.FromMinutes(5);
        var row = await BackdateAsync(id, t => (t.AuthorizedAt, t.CaptureDeadline) = (authorizedAt, authorizedAt + TimeSpan.FromDays(30)));
        var dialog = await OpenAsync(id, Operation.Capture);
        var before = await FootprintAsync(id);

        Assert.Empty(dialog.FieldLabels);
        await AssertRefusedAsync(dialog, $"仮売上から実売上可能な期間(30日)を過ぎています(期限 {Jst(row.CaptureDeadline!.Value)})。", "実売上を実行", id, before);
    }

    // An authorization of ¥10,000 whose checkout enabled 金額変更: the ceiling is max(¥70,000, 9 × ¥10,000) = ¥90,000
    // for before + after, so the new total may be at most ¥80,000.
    public static TheoryData<string, string, string> RefusedChanges() => new()
    {
        { "", "0", AmountRequired },
        { "0", "0", "金額(利用金額+税送料)は¥1から¥9,999,999までです(指定 ¥0)。" },
        { "-1", "0", "利用金額と税送料は0円以上で指定してください(利用金額 ¥-1、税送料 ¥0)。" },
        { "5000", "-100", "利用金額と税送料は0円以上で指定してください(利用金額 ¥5,000、税送料 ¥-100)。" },
        { "10000000", "0", "金額(利用金額+税送料)は¥1から¥9,999,999までです(指定 ¥10,000,000)。" },
        { "9999999", "1", "金額(利用金額+税送料)は¥1から¥9,999,999までです(指定 ¥10,000,000)。" },
        { "80001", "0", "変更前金額 ¥10,000 と変更後金額 ¥80,001 の合計 ¥90,001 が上限 ¥90,000(70,000円と初回決済金額 ¥10,000 の900%の高い方)を超えています。" },
        { "80000", "1", "変更前金額 ¥10,000 と変更後金額 ¥80,001 の合計 ¥90,001 が上限 ¥90,000(70,000円と初回決済金額 ¥10,000 の900%の高い方)を超えています。" },
        { "8000", "x", NotANumber },
    };

    [Theory]
    [MemberData(nameof(RefusedChanges))]
    public async Task An_amount_change_shows_the_reason_for_what_the_core_refuses_and_sends_nothing(string amount, string tax, string reason)
    {
        var id = await SharedAsync("authorized ¥10,000, amount change enabled", h => h.AuthorizedAsync(10_000, allowOvercharge: true));
        var dialog = await OpenAsync(id, Operation.ChangeAmount);
        var before = await FootprintAsync(id);
        Assert.Equal("¥90,000 (変更後の合計は ¥80,000 まで)", dialog.Text("change-ceiling"));

        dialog.Type(NewAmount, amount);
        dialog.Type(NewTax, tax);

        await AssertRefusedAsync(dialog, reason, ChangeRun, id, before);
    }

    [Fact]
    public async Task An_amount_change_on_a_one_time_payment_without_amount_change_enabled_says_so_and_sends_nothing()
    {
        var id = await WithoutAmountChangeAsync();
        var dialog = await OpenAsync(id, Operation.ChangeAmount);
        var before = await FootprintAsync(id);

        await AssertRefusedAsync(dialog, AmountChangeNotEnabled, ChangeRun, id, before);
        dialog.Type(NewAmount, "4000");
        await AssertRefusedAsync(dialog, AmountChangeNotEnabled, ChangeRun, id, before);
    }

    [Fact]
    public async Task The_deadline_extension_on_a_payment_without_amount_change_shows_the_reason_promises_no_deadline_and_sends_nothing()
    {
        var id = await WithoutAmountChangeAsync();
        var dialog = await OpenAsync(id, Operation.ChangeAmount, extendDeadline: true);
        var before = await FootprintAsync(id);

        Assert.Empty(dialog.FieldLabels);
        Assert.False(dialog.Has("new-deadline"), "a refused extension must not show a new deadline");
        await AssertRefusedAsync(dialog, AmountChangeNotEnabled, "期限延長を実行", id, before);
    }

    [Fact]
    public async Task A_valid_partial_refund_enables_Run_and_really_refunds()
    {
        var id = await Harness.CapturedAsync(10_000, 1_000);
        var dialog = await OpenAsync(id, Operation.CancelPartial);
        var journalBefore = (await Harness.JournalAsync(id)).Count;

        dialog.Type(RefundAmount, "1000");
        dialog.Type(RefundTax, "100");
        dialog.WaitFor(() => Assert.Null(dialog.Refusal));
        Assert.True(dialog.IsDisabled(PartialRefundRun)); // not before the confirmation
        await dialog.ConfirmAndRunAsync(PartialRefundRun);

        var result = await dialog.Reference.Result;
        Assert.Equal(TransactionState.Capture, Assert.IsType<GatewayTransaction>(result!.Data).State);
        var row = await Harness.RowAsync(id);
        Assert.Equal((TransactionState.Capture, 1_000L, 100L, 1), (row.State, row.CancelledAmount, row.CancelledTax, row.PartialRefunds));
        var journal = await Harness.JournalAsync(id);
        Assert.True(journal.Count > journalBefore);
        Assert.Contains(journal, j => j.Operation == Operation.CancelPartial && j.Outcome == GatewayOutcome.Succeeded && j.ActorId == Owner.Id);
    }

    [Fact]
    public async Task An_amount_change_up_to_the_ceiling_is_offered_and_really_changes_the_amount()
    {
        var id = await Harness.AuthorizedAsync(10_000, allowOvercharge: true);
        var dialog = await OpenAsync(id, Operation.ChangeAmount);

        dialog.Type(NewAmount, "79000");
        dialog.Type(NewTax, "1000");
        dialog.WaitFor(() => Assert.Null(dialog.Refusal));
        await dialog.ConfirmAndRunAsync(ChangeRun);

        Assert.False((await dialog.Reference.Result)!.Canceled);
        var row = await Harness.RowAsync(id);
        Assert.Equal((TransactionState.Auth, 79_000L, 1_000L), (row.State, row.Amount, row.Tax));
        Assert.Contains(await Harness.JournalAsync(id), j => j.Operation == Operation.ChangeAmount && j.Outcome == GatewayOutcome.Succeeded && j.ActorId == Owner.Id);
    }

    [Fact]
    public async Task The_deadline_extension_has_nothing_to_type_shows_the_new_deadline_in_JST_and_really_extends()
    {
        var id = await Harness.AuthorizedAsync(10_000, 1_000, allowOvercharge: true);
        var authorizedAt = DateTimeOffset.UtcNow - TimeSpan.FromDays(25);
        await BackdateAsync(id, t => (t.AuthorizedAt, t.CaptureDeadline) = (authorizedAt, authorizedAt + TimeSpan.FromDays(30)));
        var opened = DateTimeOffset.UtcNow;
        var dialog = await OpenAsync(id, Operation.ChangeAmount, extendDeadline: true);

        Assert.Empty(dialog.FieldLabels);
        Assert.Null(dialog.Refusal);
        var shown = dialog.NewDeadline;
        Assert.InRange(shown, opened.AddDays(30).AddSeconds(-1), DateTimeOffset.UtcNow.AddDays(30).AddSeconds(1));
        await dialog.ConfirmAndRunAsync("期限延長を実行");

        Assert.False((await dialog.Reference.Result)!.Canceled);
        var row = await Harness.RowAsync(id);
        Assert.Equal((TransactionState.Auth, 10_000L, 1_000L), (row.State, row.Amount, row.Tax));
        Assert.InRange(row.CaptureDeadline!.Value, opened.AddDays(30).AddSeconds(-1), DateTimeOffset.UtcNow.AddDays(30).AddSeconds(1));
        Assert.Contains(await Harness.JournalAsync(id), j => j.Operation == Operation.ChangeAmount && j.Outcome == GatewayOutcome.Succeeded
            && j.Amount == 10_000 && j.Tax == 1_000);
    }

    private const string AmountChangeNotEnabled = "この取引は金額変更利用有無「利用する」のボタン情報で決済されていないため、金額変更はできません。";

    private static string Jst(DateTimeOffset instant) =>
        instant.ToOffset(TimeSpan.FromHours(9)).ToString("yyyy/MM/dd HH:mm:ss", CultureInfo.InvariantCulture) + " JST";
}

/// <summary>The same dialog read in English: the core's reasons and the dialog's own in the reader's language.</summary>
[Collection(DialogCollection.Name)]
public sealed class EnglishActionDialogTests(DialogFixture fixture) : ActionDialogTestsBase(fixture, "en-US")
{
    private const string Run = "Run Cancel partially";

    [Theory]
    [InlineData("", "", "Enter the amount.")]
    [InlineData("10001", "0", "The cancel exceeds the remaining captured money (remaining amount ¥10,000, tax ¥1,000; given ¥10,001, ¥0).")]
    [InlineData("-1", "0", "Amount and tax/shipping must not be negative (amount ¥-1, tax ¥0).")]
    [InlineData("500", "１００", "Enter amounts in digits (0-9) only.")]
    public async Task A_partial_refund_gives_its_reason_in_English_and_sends_nothing(string amount, string tax, string reason)
    {
        var id = await CapturedForRefusalsAsync();
        var dialog = await OpenAsync(id, Operation.CancelPartial);
        var before = await FootprintAsync(id);

        dialog.Type("Cancel amount", amount);
        dialog.Type("Cancel tax/shipping", tax);

        await AssertRefusedAsync(dialog, reason, Run, id, before);
    }

    [Fact]
    public async Task The_deadline_extension_without_amount_change_gives_its_reason_in_English()
    {
        var id = await WithoutAmountChangeAsync();
        var dialog = await OpenAsync(id, Operation.ChangeAmount, extendDeadline: true);
        var before = await FootprintAsync(id);

        await AssertRefusedAsync(dialog, "This payment was not made with button information that enables amount change, so its amount cannot be changed.",
            "Run Extend deadline", id, before);
    }
}

/// <summary>Opening <see cref="ActionDialog"/> as the transactions page does, and the one way a refusal must look.</summary>
public abstract class ActionDialogTestsBase(DialogFixture fixture, string culture) : DialogTestContext(fixture, culture)
{
    /// <summary>A captured ¥10,000 + tax ¥1,000 that no test changes.</summary>
    protected Task<long> CapturedForRefusalsAsync() => SharedAsync("captured ¥10,000 + ¥1,000", h => h.CapturedAsync(10_000, 1_000));

    /// <summary>A one-time authorization of ¥5,000 whose checkout did not enable 金額変更, that no test changes.</summary>
    protected Task<long> WithoutAmountChangeAsync() => SharedAsync("authorized ¥5,000 without amount change", h => h.AuthorizedAsync(5_000));

    /// <summary>The page's path: the detail from <see cref="TransactionActions.LoadAsync"/>, then the dialog with the row's operation.</summary>
    protected async Task<OpenDialog> OpenAsync(long id, Operation operation, bool extendDeadline = false)
    {
        var detail = await Harness.Service<TransactionActions>().LoadAsync(Owner, id);
        Assert.NotNull(detail);
        return await ShowAsync(new DialogParameters<ActionDialog>
        {
            { d => d.Detail, detail },
            { d => d.Operation, operation },
            { d => d.ExtendDeadline, extendDeadline },
        });
    }

    /// <summary>
    /// The reason is shown, the confirmation and Run are disabled, and even ticking and clicking them anyway sends
    /// nothing: the dialog stays open and the transaction, the journal and the pending operations are as before.
    /// </summary>
    protected async Task AssertRefusedAsync(OpenDialog dialog, string reason, string runButton, long id, string footprintBefore)
    {
        ArgumentNullException.ThrowIfNull(dialog);
        dialog.WaitFor(() => Assert.Equal(reason, dialog.Refusal));
        Assert.True(dialog.ConfirmationDisabled);
        Assert.True(dialog.IsDisabled(runButton));

        await dialog.ConfirmAndRunAsync(runButton);

        Assert.False(dialog.Reference.Result.IsCompleted);
        Assert.Equal(reason, dialog.Refusal);
        Assert.Equal(footprintBefore, await FootprintAsync(id));
    }
}
