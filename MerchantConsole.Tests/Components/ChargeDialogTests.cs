using MerchantConsole.Components.Pages.Transactions;
using MerchantConsole.Core.Payments;
using MerchantConsole.Gateway;
using MerchantConsole.Tests.Gateway;
using MerchantConsole.Transactions;
using MudBlazor;

namespace MerchantConsole.Tests.Components;

/// <summary>
/// Issue #8 for 随時決済 (Charge now on a registration): the dialog shows the core's reason for an empty, zero,
/// negative or too large amount and for one over the month's ceiling, and then nothing can be sent — no
/// transaction is registered, the permission's charges and the journal stay as they were.
/// </summary>
[Collection(DialogCollection.Name)]
public sealed class ChargeDialogTests(DialogFixture fixture) : ChargeDialogTestsBase(fixture, "ja-JP")
{
    private const string Run = "随時決済を実行";

    // On a permission never charged, of a shop whose recurring ceiling is ¥100,000 a month (the harness's setting).
    public static TheoryData<string, string, string> RefusedCharges() => new()
    {
        { "", "", "金額を入力してください。" },
        { "0", "0", "金額(利用金額+税送料)は¥1から¥9,999,999までです(指定 ¥0)。" },
        { "-1000", "0", "利用金額と税送料は0円以上で指定してください(利用金額 ¥-1,000、税送料 ¥0)。" },
        { "1000", "-1", "利用金額と税送料は0円以上で指定してください(利用金額 ¥1,000、税送料 ¥-1)。" },
        { "10000000", "0", "金額(利用金額+税送料)は¥1から¥9,999,999までです(指定 ¥10,000,000)。" },
        { "9223372036854775807", "9223372036854775807", "金額(利用金額+税送料)は¥1から¥9,999,999までです(指定 ¥19,999,999,998)。" },
        { "100001", "0", $"{Month().Year}年{Month().Month}月の随時決済の上限金額 ¥100,000 を超えます(利用済み ¥0、今回 ¥100,001)。キャンセルしても上限は戻りません。" },
        { "90000", "10001", $"{Month().Year}年{Month().Month}月の随時決済の上限金額 ¥100,000 を超えます(利用済み ¥0、今回 ¥100,001)。キャンセルしても上限は戻りません。" },
        { "１０００", "0", "金額は半角数字で入力してください。" },
        { "1000", "１００", "金額は半角数字で入力してください。" },
    };

    [Theory]
    [MemberData(nameof(RefusedCharges))]
    public async Task Charge_now_shows_the_reason_for_what_the_core_refuses_and_sends_nothing(string amount, string tax, string reason)
    {
        var chargePermissionId = await RegisteredForRefusalsAsync();
        var dialog = await OpenAsync(chargePermissionId);
        var before = await FootprintAsync();
        Assert.Equal("今月あと ¥100,000 まで決済できます(上限 ¥100,000)。", dialog.Text("month-room"));

        dialog.Type("利用金額", amount);
        dialog.Type("税送料", tax);

        await AssertRefusedAsync(dialog, reason, Run, before);
    }

    [Fact]
    public async Task Charge_now_counts_what_the_month_already_authorized_against_the_ceiling()
    {
        var (_, chargePermissionId) = await Harness.RegisteredAsync();
        var (_, first) = await Harness.RecurringAsync(chargePermissionId, JobCd.Auth, 60_000);
        Assert.True(first.IsSuccess, first.Error?.ToString());
        var dialog = await OpenAsync(chargePermissionId);
        var before = await FootprintAsync();
        Assert.Equal("今月あと ¥40,000 まで決済できます(上限 ¥100,000)。", dialog.Text("month-room"));

        dialog.Type("利用金額", "40001");

        await AssertRefusedAsync(dialog, $"{Month().Year}年{Month().Month}月の随時決済の上限金額 ¥100,000 を超えます(利用済み ¥60,000、今回 ¥40,001)。キャンセルしても上限は戻りません。", Run, before);

        dialog.Type("利用金額", "40000");
        dialog.WaitFor(() => Assert.Null(dialog.Refusal));
        Assert.False(dialog.ConfirmationDisabled);
    }

    [Fact]
    public async Task A_valid_charge_enables_Run_and_really_charges_the_permission()
    {
        var (_, chargePermissionId) = await Harness.RegisteredAsync();
        var dialog = await OpenAsync(chargePermissionId);
        var chargesBefore = (await Harness.PermissionAsync(chargePermissionId)).Charges.Count;

        dialog.Type("利用金額", "1000");
        dialog.Type("税送料", "100");
        dialog.WaitFor(() => Assert.Null(dialog.Refusal));
        Assert.True(dialog.IsDisabled(Run)); // not before the confirmation
        await dialog.ConfirmAndRunAsync(Run);

        var charged = Assert.IsType<GatewayTransaction>((await dialog.Reference.Result)!.Data);
        var row = await Harness.RowAsync(charged.Id);
        Assert.Equal((PaymentType.Recurring, TransactionState.Auth, 1_000L, 100L, chargePermissionId),
            (row.PaymentType, row.State, row.Amount, row.Tax, row.ChargePermissionId));
        Assert.Contains(await Harness.JournalAsync(charged.Id), j => j.Operation == Operation.ExecTran && j.Outcome == GatewayOutcome.Succeeded && j.ActorId == Owner.Id);
        Assert.Equal(chargesBefore + 1, (await Harness.PermissionAsync(chargePermissionId)).Charges.Count);
    }
}

/// <summary>The same dialog read in English.</summary>
[Collection(DialogCollection.Name)]
public sealed class EnglishChargeDialogTests(DialogFixture fixture) : ChargeDialogTestsBase(fixture, "en-US")
{
    [Fact]
    public async Task Charge_now_over_the_ceiling_gives_its_reason_in_English_and_sends_nothing()
    {
        var chargePermissionId = await RegisteredForRefusalsAsync();
        var dialog = await OpenAsync(chargePermissionId);
        var before = await FootprintAsync();

        dialog.Type("Amount", "100001");

        await AssertRefusedAsync(dialog,
            $"This payment would exceed the recurring ceiling ¥100,000 for {Month()} (JST): ¥0 already authorized, ¥100,001 requested. Cancels do not free the ceiling.",
            "Run Charge now", before);
    }
}

/// <summary>Opening <see cref="ChargeDialog"/> as the registrations page does, and the one way a refusal must look.</summary>
public abstract class ChargeDialogTestsBase(DialogFixture fixture, string culture) : DialogTestContext(fixture, culture)
{
    /// <summary>The JST month the ceiling counts in (interpretation 5).</summary>
    protected static JstMonth Month() => JstMonth.Of(DateTimeOffset.UtcNow);

    /// <summary>A permission that no test charges: its month has the whole ceiling left.</summary>
    protected async Task<string> RegisteredForRefusalsAsync() =>
        (await SharedAsync("registered, never charged", h => h.RegisteredAsync())).ChargePermissionId;

    /// <summary>The page's path: the row from <see cref="RegistrationDirectory.ListAsync"/>, then the dialog.</summary>
    protected async Task<OpenDialog> OpenAsync(string chargePermissionId)
    {
        var rows = await Harness.Service<RegistrationDirectory>().ListAsync(Owner);
        var row = Assert.Single(rows!, r => r.ChargePermissionId == chargePermissionId);
        return await ShowAsync(new DialogParameters<ChargeDialog> { { d => d.Registration, row } });
    }

    /// <summary>
    /// The reason is shown, the confirmation and Run are disabled, and even ticking and clicking them anyway sends
    /// nothing: no transaction is registered, no charge counted on any permission, no journal line written.
    /// </summary>
    protected async Task AssertRefusedAsync(OpenDialog dialog, string reason, string runButton, string footprintBefore)
    {
        ArgumentNullException.ThrowIfNull(dialog);
        dialog.WaitFor(() => Assert.Equal(reason, dialog.Refusal));
        Assert.True(dialog.ConfirmationDisabled);
        Assert.True(dialog.IsDisabled(runButton));

        await dialog.ConfirmAndRunAsync(runButton);

        Assert.False(dialog.Reference.Result.IsCompleted);
        Assert.Equal(reason, dialog.Refusal);
        Assert.Equal(footprintBefore, await FootprintAsync());
    }
}
