using MerchantConsole.Core.Payments;
using MerchantConsole.Gateway;
using MerchantConsole.Sandbox;
using MerchantConsole.Tests.Support;
using Microsoft.EntityFrameworkCore;

namespace MerchantConsole.Tests.Gateway;

/// <summary>One console per test class; every test makes its own transactions, and xUnit runs a class's tests one at a time.</summary>
public abstract class GatewayFixture : IAsyncLifetime
{
    private GatewayHarness? harness;

    public GatewayHarness Harness => harness ?? throw new InvalidOperationException("The gateway has not started.");

    protected abstract string[] Arguments { get; }

    public async Task InitializeAsync() => harness = await GatewayHarness.StartAsync(Arguments);

    public async Task DisposeAsync()
    {
        if (harness is not null)
        {
            await harness.DisposeAsync();
        }
    }
}

/// <summary>Amazon settles refunds at once (the rare case): キャンセル answers CANCEL / RETURN / SALES / CAPTURE directly.</summary>
public sealed class InstantRefundsFixture : GatewayFixture
{
    protected override string[] Arguments => ["--AmazonPay:Sandbox:RefundSettleSeconds=0"];
}

/// <summary>Amazon takes its time over refunds (the usual case): キャンセル of a captured sale answers REQRETURN.</summary>
public sealed class SlowRefundsFixture : GatewayFixture
{
    protected override string[] Arguments => [];
}

internal static class Journal
{
    /// <summary>The operation was journaled when requested and again with its outcome, both naming who asked.</summary>
    public static void Shows(IReadOnlyList<GatewayJournalEntry> journal, Operation operation, GatewayOutcome outcome, GatewayActorKind actor,
        TransactionState? before = null, TransactionState? after = null)
    {
        Assert.Contains(journal, j => j.Operation == operation && j.Outcome == GatewayOutcome.Requested && j.ActorKind == actor
            && j.IdempotencyKey != null && (before == null || j.StateBefore == before));
        Assert.Contains(journal, j => j.Operation == operation && j.Outcome == outcome && j.ActorKind == actor && !string.IsNullOrEmpty(j.ActorName)
            && (before == null || j.StateBefore == before) && (after == null || j.StateAfter == after));
    }
}

/// <summary>The one-time table (都度決済、利用承諾+初回決済), row by row, through the real engine and its sandbox.</summary>
public sealed class TransitionRowTests(InstantRefundsFixture fixture) : IClassFixture<InstantRefundsFixture>
{
    private GatewayHarness H => fixture.Harness;

    [Fact]
    public async Task Entry_creates_an_UNPROCESSED_transaction_with_a_journal_line()
    {
        var (id, _) = await H.EntryAsync(PaymentType.OneTime, JobCd.Auth, 1_000, 100);

        var row = await H.RowAsync(id);
        Assert.Equal((TransactionState.Unprocessed, 1_000L, 100L), (row.State, row.Amount, row.Tax));
        Assert.Contains(await H.JournalAsync(id), j => j.Operation == Operation.EntryTran && j.Outcome == GatewayOutcome.Succeeded && j.StateAfter == TransactionState.Unprocessed);
    }

    [Theory]
    [InlineData(PaymentType.OneTime)]
    [InlineData(PaymentType.RegistrationWithFirstPayment)]
    [InlineData(PaymentType.RegistrationOnly)]
    public async Task Exec_with_an_open_checkout_session_moves_UNPROCESSED_to_REQSUCCESS(PaymentType type)
    {
        var amount = type == PaymentType.RegistrationOnly ? 0 : 2_000;
        var (id, _, _, token) = await H.ReqSuccessAsync(type, JobCd.Auth, amount);

        Assert.False(string.IsNullOrEmpty(token));
        Assert.Equal(TransactionState.ReqSuccess, (await H.RowAsync(id)).State);
        Journal.Shows(await H.JournalAsync(id), Operation.ExecTran, GatewayOutcome.Succeeded, GatewayActorKind.Staff, TransactionState.Unprocessed, TransactionState.ReqSuccess);
    }

    [Fact]
    public async Task Exec_with_an_unknown_checkout_session_fails_and_stays_UNPROCESSED()
    {
        var (id, _) = await H.EntryAsync(PaymentType.OneTime, JobCd.Auth, 1_000);

        var exec = await H.ExecAsync(id, "00000000-0000-0000-0000-000000000000", PaymentType.OneTime);

        Assert.Equal(GatewayErrors.CheckoutSessionNotUsable.ErrInfo, exec.Error?.ErrInfo);
        Assert.Equal(TransactionState.Unprocessed, (await H.RowAsync(id)).State);
        Journal.Shows(await H.JournalAsync(id), Operation.ExecTran, GatewayOutcome.Failed, GatewayActorKind.Staff, TransactionState.Unprocessed, TransactionState.Unprocessed);
    }

    [Fact]
    public async Task Exec_with_a_checkout_session_the_buyer_canceled_fails_and_stays_UNPROCESSED()
    {
        var (_, accessId, canceled, token) = await H.ReqSuccessAsync(PaymentType.OneTime, JobCd.Auth, 1_000);
        Assert.True((await H.Sandbox.Buyers.ConfirmAsync(canceled, "Cancel")).Succeeded);
        var (id, _) = await H.EntryAsync(PaymentType.OneTime, JobCd.Auth, 1_000);

        var exec = await H.ExecAsync(id, canceled, PaymentType.OneTime);

        Assert.Equal(GatewayErrors.CheckoutSessionNotUsable.ErrInfo, exec.Error?.ErrInfo);
        Assert.Equal(TransactionState.Unprocessed, (await H.RowAsync(id)).State);
        _ = (accessId, token);
    }

    [Fact]
    public async Task Start_with_the_token_moves_REQSUCCESS_to_AUTHPROCESS_and_answers_Amazons_page()
    {
        var (id, accessId, _, token) = await H.ReqSuccessAsync(PaymentType.OneTime, JobCd.Auth, 1_000);

        var start = await H.Gateway.StartAsync(accessId, token, H.Console.Address);

        Assert.True(start.IsSuccess, start.Error?.ToString());
        Assert.True(start.Value.Redirect!.IsAbsoluteUri);
        Assert.Equal(TransactionState.AuthProcess, (await H.RowAsync(id)).State);
        Journal.Shows(await H.JournalAsync(id), Operation.StartPayment, GatewayOutcome.Succeeded, GatewayActorKind.Customer, TransactionState.ReqSuccess, TransactionState.AuthProcess);
    }

    [Fact]
    public async Task Start_with_a_wrong_token_is_refused_and_stays_REQSUCCESS()
    {
        var (id, accessId, _, _) = await H.ReqSuccessAsync(PaymentType.OneTime, JobCd.Auth, 1_000);

        var start = await H.Gateway.StartAsync(accessId, "not-the-token", H.Console.Address);

        Assert.Equal(GatewayErrors.TokenInvalid.ErrInfo, start.Error?.ErrInfo);
        Assert.Equal(TransactionState.ReqSuccess, (await H.RowAsync(id)).State);
    }

    [Fact]
    public async Task Start_after_the_checkout_session_ended_at_Amazon_fails_and_stays_REQSUCCESS()
    {
        var (id, accessId, session, token) = await H.ReqSuccessAsync(PaymentType.OneTime, JobCd.Auth, 1_000);
        Assert.True((await H.Sandbox.Buyers.ConfirmAsync(session, "Cancel")).Succeeded);

        var start = await H.Gateway.StartAsync(accessId, token, H.Console.Address);

        Assert.Equal(GatewayErrors.CheckoutSessionNotUsable.ErrInfo, start.Error?.ErrInfo);
        Assert.Equal(TransactionState.ReqSuccess, (await H.RowAsync(id)).State);
        Journal.Shows(await H.JournalAsync(id), Operation.StartPayment, GatewayOutcome.Failed, GatewayActorKind.Customer, TransactionState.ReqSuccess, TransactionState.ReqSuccess);
    }

    [Theory]
    [InlineData(JobCd.Auth, TransactionState.Auth)]
    [InlineData(JobCd.Capture, TransactionState.Capture)]
    public async Task The_customer_approving_on_Amazon_moves_AUTHPROCESS_to_the_JobCds_state(JobCd jobCd, TransactionState expected)
    {
        var paid = await H.PaidAsync(jobCd, 3_000, 300);

        Assert.True(paid.Result.IsSuccess, paid.Result.Error?.ToString());
        var row = await H.RowAsync(paid.Id);
        Assert.Equal(expected, row.State);
        Assert.NotNull(row.ChargeId);
        Assert.NotNull(row.CaptureDeadline);
        Journal.Shows(await H.JournalAsync(paid.Id), Operation.CustomerResult, GatewayOutcome.Succeeded, GatewayActorKind.Customer, TransactionState.AuthProcess, expected);
    }

    [Fact]
    public async Task The_customer_paying_by_immediate_capture_that_Amazon_has_not_finished_moves_to_REQCAPTURE()
    {
        await H.AddFaultAsync(SandboxFaultKind.CapturePending);

        var paid = await H.PaidAsync(JobCd.Capture, 3_000);

        Assert.Equal(TransactionState.ReqCapture, (await H.RowAsync(paid.Id)).State);
        Journal.Shows(await H.JournalAsync(paid.Id), Operation.CustomerResult, GatewayOutcome.Pending, GatewayActorKind.Customer, TransactionState.AuthProcess, TransactionState.ReqCapture);
    }

    [Theory]
    [InlineData("SoftDecline")]
    [InlineData("HardDecline")]
    [InlineData("Cancel")]
    public async Task The_customer_declined_or_canceling_on_Amazon_moves_AUTHPROCESS_to_PAYFAIL(string outcome)
    {
        var paid = await H.PaidAsync(JobCd.Auth, 3_000, outcome: outcome);

        Assert.False(paid.Result.IsSuccess);
        var row = await H.RowAsync(paid.Id);
        Assert.Equal(TransactionState.PayFail, row.State);
        Assert.False(string.IsNullOrEmpty(row.FailureReason));
        Journal.Shows(await H.JournalAsync(paid.Id), Operation.CustomerResult, GatewayOutcome.Failed, GatewayActorKind.Customer, TransactionState.AuthProcess, TransactionState.PayFail);
    }

    [Fact]
    public async Task The_customer_coming_back_twice_gets_the_same_result_and_nothing_is_charged_again()
    {
        var paid = await H.PaidAsync(JobCd.Auth, 3_000);

        var again = await H.Gateway.ReturnAsync(paid.AccessId, paid.SessionId!);

        Assert.Equal(TransactionState.Auth, again.Value?.State);
        Assert.Single(await H.JournalAsync(paid.Id), j => j.Operation == Operation.CustomerResult && j.Outcome == GatewayOutcome.Succeeded);
    }

    [Fact]
    public async Task Capture_of_AUTH_confirmed_by_Amazon_moves_to_SALES()
    {
        var id = await H.AuthorizedAsync(5_000, 500);

        var captured = await H.CaptureAsync(id);

        Assert.True(captured.IsSuccess, captured.Error?.ToString());
        var row = await H.RowAsync(id);
        Assert.Equal((TransactionState.Sales, 5_000L, 500L), (row.State, row.CapturedAmount, row.CapturedTax));
        Journal.Shows(await H.JournalAsync(id), Operation.Capture, GatewayOutcome.Succeeded, GatewayActorKind.Staff, TransactionState.Auth, TransactionState.Sales);
        await using var db = await H.DbAsync();
        var charge = await db.SandboxCharges.SingleAsync(c => c.Id == row.ChargeId);
        Assert.Equal(("Captured", 5_500L), (charge.State, charge.CaptureAmount!.Value));
    }

    [Fact]
    public async Task Capture_of_AUTH_that_Amazon_has_not_finished_moves_to_REQSALES()
    {
        var id = await H.AuthorizedAsync(5_000);
        await H.AddFaultAsync(SandboxFaultKind.CapturePending);

        var captured = await H.CaptureAsync(id);

        Assert.True(captured.IsSuccess, captured.Error?.ToString());
        Assert.Equal(TransactionState.ReqSales, (await H.RowAsync(id)).State);
        Journal.Shows(await H.JournalAsync(id), Operation.Capture, GatewayOutcome.Pending, GatewayActorKind.Staff, TransactionState.Auth, TransactionState.ReqSales);
    }

    [Fact]
    public async Task Capture_declined_by_Amazon_leaves_AUTH()
    {
        var id = await H.AuthorizedAsync(5_000);
        await H.AddFaultAsync(SandboxFaultKind.CaptureDecline);

        var captured = await H.CaptureAsync(id);

        Assert.False(captured.IsSuccess);
        var row = await H.RowAsync(id);
        Assert.Equal((TransactionState.Auth, 0L), (row.State, row.CapturedAmount));
        Journal.Shows(await H.JournalAsync(id), Operation.Capture, GatewayOutcome.Failed, GatewayActorKind.Staff, TransactionState.Auth, TransactionState.Auth);
    }

    [Fact]
    public async Task Capture_of_a_different_amount_is_refused_before_Amazon_is_called()
    {
        var id = await H.AuthorizedAsync(5_000);

        var captured = await H.Gateway.CaptureAsync(TestConsole.ShopId, id, new Yen(4_000), null, H.Staff);

        Assert.Equal(GatewayErrors.CaptureAmountMismatch.ErrInfo, captured.Error?.ErrInfo);
        Assert.Equal(TransactionState.Auth, (await H.RowAsync(id)).State);
    }

    [Fact]
    public async Task Cancel_of_AUTH_moves_to_CANCEL_and_releases_the_authorization()
    {
        var id = await H.AuthorizedAsync(5_000);

        var cancelled = await H.CancelAsync(id);

        Assert.True(cancelled.IsSuccess, cancelled.Error?.ToString());
        var row = await H.RowAsync(id);
        Assert.Equal(TransactionState.Cancel, row.State);
        Journal.Shows(await H.JournalAsync(id), Operation.CancelFull, GatewayOutcome.Succeeded, GatewayActorKind.Staff, TransactionState.Auth, TransactionState.Cancel);
        await using var db = await H.DbAsync();
        Assert.Equal("Canceled", (await db.SandboxCharges.SingleAsync(c => c.Id == row.ChargeId)).State);
    }

    [Theory]
    [InlineData(JobCd.Auth)]
    [InlineData(JobCd.Capture)]
    public async Task Cancel_in_full_of_a_captured_sale_refunded_at_once_moves_to_RETURN(JobCd jobCd)
    {
        var id = jobCd == JobCd.Auth ? await H.SalesAsync(8_000, 800) : await H.CapturedAsync(8_000, 800);
        var before = (await H.RowAsync(id)).State;

        var cancelled = await H.CancelAsync(id);

        Assert.True(cancelled.IsSuccess, cancelled.Error?.ToString());
        var row = await H.RowAsync(id);
        Assert.Equal((TransactionState.Return, 8_000L, 800L), (row.State, row.CancelledAmount, row.CancelledTax));
        Assert.Equal(GatewayRefundState.Refunded, Assert.Single(row.Refunds).State);
        Journal.Shows(await H.JournalAsync(id), Operation.CancelFull, GatewayOutcome.Succeeded, GatewayActorKind.Staff, before, TransactionState.Return);
    }

    [Theory]
    [InlineData(JobCd.Auth, TransactionState.Sales)]
    [InlineData(JobCd.Capture, TransactionState.Capture)]
    public async Task Partial_cancel_refunded_at_once_keeps_the_state_with_a_smaller_remainder(JobCd jobCd, TransactionState state)
    {
        var id = jobCd == JobCd.Auth ? await H.SalesAsync(8_000, 800) : await H.CapturedAsync(8_000, 800);

        var cancelled = await H.CancelAsync(id, 3_000, 300);

        Assert.True(cancelled.IsSuccess, cancelled.Error?.ToString());
        var row = await H.RowAsync(id);
        Assert.Equal((state, 3_000L, 300L, 1), (row.State, row.CancelledAmount, row.CancelledTax, row.PartialRefunds));
        Assert.Equal(5_500L, row.CapturedAmount + row.CapturedTax - row.CancelledAmount - row.CancelledTax);
        Journal.Shows(await H.JournalAsync(id), Operation.CancelPartial, GatewayOutcome.Succeeded, GatewayActorKind.Staff, state, state);
    }

    [Fact]
    public async Task Partial_cancels_that_bring_the_remainder_to_zero_end_in_RETURN()
    {
        var id = await H.SalesAsync(6_000);

        var first = await H.CancelAsync(id, 2_000, 0);
        var last = await H.CancelAsync(id, 4_000, 0);

        Assert.True(first.IsSuccess, first.Error?.ToString());
        Assert.True(last.IsSuccess, last.Error?.ToString());
        var row = await H.RowAsync(id);
        Assert.Equal((TransactionState.Return, 6_000L), (row.State, row.CancelledAmount));
        await using var db = await H.DbAsync();
        Assert.Equal(6_000L, await db.SandboxRefunds.Where(r => r.ChargeId == row.ChargeId).SumAsync(r => r.Amount));
    }

    [Fact]
    public async Task A_partial_cancel_larger_than_the_remainder_is_refused_before_Amazon_is_called()
    {
        var id = await H.SalesAsync(6_000);

        var cancelled = await H.CancelAsync(id, 7_000, 0);

        Assert.Equal(GatewayErrors.RefundExceedsRemaining.ErrInfo, cancelled.Error?.ErrInfo);
        var row = await H.RowAsync(id);
        Assert.Equal((TransactionState.Sales, 0L), (row.State, row.CancelledAmount));
    }

    [Theory]
    [InlineData(null)]
    [InlineData(1_000L)]
    public async Task A_refund_Amazon_declines_at_once_leaves_the_sale_unchanged(long? part)
    {
        var id = await H.SalesAsync(6_000);
        await H.AddFaultAsync(SandboxFaultKind.RefundDecline);

        var cancelled = await H.CancelAsync(id, part, part is null ? null : 0);

        Assert.False(cancelled.IsSuccess);
        var row = await H.RowAsync(id);
        Assert.Equal((TransactionState.Sales, 0L), (row.State, row.CancelledAmount));
        Assert.Equal(GatewayRefundState.Declined, Assert.Single(row.Refunds).State);
        Journal.Shows(await H.JournalAsync(id), part is null ? Operation.CancelFull : Operation.CancelPartial, GatewayOutcome.Failed, GatewayActorKind.Staff,
            TransactionState.Sales, TransactionState.Sales);
    }

    [Fact]
    public async Task Change_amount_reauthorizes_AUTH_at_the_new_amount_with_a_new_deadline()
    {
        var id = await H.AuthorizedAsync(5_000, 500, allowOvercharge: true);
        var before = await H.RowAsync(id);

        var changed = await H.ChangeAmountAsync(id, 7_000, 700);

        Assert.True(changed.IsSuccess, changed.Error?.ToString());
        var row = await H.RowAsync(id);
        Assert.Equal((TransactionState.Auth, 7_000L, 700L), (row.State, row.Amount, row.Tax));
        Assert.True(row.CaptureDeadline > before.CaptureDeadline);
        Assert.NotEqual(before.ChargeId, row.ChargeId);
        var change = Assert.Single(row.AmountChanges);
        Assert.Equal((5_000L, 7_000L), (change.AmountBefore, change.AmountAfter));
        Journal.Shows(await H.JournalAsync(id), Operation.ChangeAmount, GatewayOutcome.Succeeded, GatewayActorKind.Staff, TransactionState.Auth, TransactionState.Auth);
        await using var db = await H.DbAsync();
        Assert.Equal("Canceled", (await db.SandboxCharges.SingleAsync(c => c.Id == before.ChargeId)).State);
        Assert.Equal(7_700L, (await db.SandboxCharges.SingleAsync(c => c.Id == row.ChargeId)).Amount);

        var captured = await H.CaptureAsync(id);
        Assert.Equal(TransactionState.Sales, captured.Value?.State);
    }

    [Fact]
    public async Task Change_amount_Amazon_declines_leaves_AUTH_with_the_old_amount()
    {
        var id = await H.AuthorizedAsync(5_000, 500, allowOvercharge: true);
        var before = await H.RowAsync(id);
        await H.AddFaultAsync(SandboxFaultKind.AuthorizationHardDecline);

        var changed = await H.ChangeAmountAsync(id, 7_000, 700);

        Assert.False(changed.IsSuccess);
        var row = await H.RowAsync(id);
        Assert.Equal((TransactionState.Auth, 5_000L, 500L, before.ChargeId, before.CaptureDeadline), (row.State, row.Amount, row.Tax, row.ChargeId, row.CaptureDeadline));
        Assert.Empty(row.AmountChanges);
        Journal.Shows(await H.JournalAsync(id), Operation.ChangeAmount, GatewayOutcome.Failed, GatewayActorKind.Staff, TransactionState.Auth, TransactionState.Auth);
    }

    [Fact]
    public async Task Change_amount_of_a_payment_made_without_amount_change_enabled_is_refused()
    {
        var id = await H.AuthorizedAsync(5_000);

        var changed = await H.ChangeAmountAsync(id, 6_000);

        Assert.Equal(GatewayErrors.AmountChangeNotEnabled.ErrInfo, changed.Error?.ErrInfo);
        Assert.Equal(5_000L, (await H.RowAsync(id)).Amount);
    }

    [Fact]
    public async Task Registration_with_first_payment_gives_an_AUTH_payment_and_a_REGISTER_permission()
    {
        var paid = await H.PaidAsync(JobCd.Auth, 4_000, 0, PaymentType.RegistrationWithFirstPayment);

        Assert.True(paid.Result.IsSuccess, paid.Result.Error?.ToString());
        var row = await H.RowAsync(paid.Id);
        Assert.Equal(TransactionState.Auth, row.State);
        var permission = await H.PermissionAsync(row.ChargePermissionId!);
        Assert.Equal((TransactionState.Register, PaymentType.RegistrationWithFirstPayment, paid.Id), (permission.State, permission.Origin, permission.OriginTransactionId));
        Assert.Equal(4_000L, Assert.Single(permission.Charges).Amount);

        // The first payment then follows the one-time table.
        Assert.Equal(TransactionState.Sales, (await H.CaptureAsync(paid.Id)).Value?.State);
        Assert.Equal(TransactionState.Register, (await H.PermissionAsync(row.ChargePermissionId!)).State);
    }

    public static TheoryData<TransactionState, Operation> NotAllowed()
    {
        var data = new TheoryData<TransactionState, Operation>();
        var allowed = new Dictionary<TransactionState, Operation[]>
        {
            [TransactionState.Unprocessed] = [],
            [TransactionState.ReqSuccess] = [],
            [TransactionState.Auth] = [Operation.Capture, Operation.CancelFull, Operation.ChangeAmount],
            [TransactionState.Sales] = [Operation.CancelFull, Operation.CancelPartial],
            [TransactionState.Capture] = [Operation.CancelFull, Operation.CancelPartial],
            [TransactionState.Cancel] = [],
            [TransactionState.Return] = [],
            [TransactionState.PayFail] = [],
        };
        foreach (var (state, ok) in allowed)
        {
            foreach (var operation in new[] { Operation.Capture, Operation.CancelFull, Operation.CancelPartial, Operation.ChangeAmount }.Except(ok))
            {
                if (state == TransactionState.Auth && operation == Operation.CancelPartial)
                {
                    continue; // its own refusal: an authorization is cancelled whole (E01200003), tested below
                }

                data.Add(state, operation);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(NotAllowed))]
    public async Task An_operation_the_state_does_not_allow_is_refused_with_E11_and_nothing_changes(TransactionState state, Operation operation)
    {
        // Capturing captured money, or cancelling a cancelled or refunded sale, is "already processed" (E11010001, what
        // the second of two staff clicking at once is told); anything else the state does not allow is E11010003.
        var expected = (operation, state) is (Operation.Capture, TransactionState.Sales or TransactionState.Capture)
            or (Operation.CancelFull or Operation.CancelPartial, TransactionState.Cancel or TransactionState.Return)
            ? GatewayErrors.AlreadyProcessed
            : GatewayErrors.NotAllowedInState;
        var id = await ReachAsync(state);
        var before = await H.RowAsync(id);

        var result = operation switch
        {
            Operation.Capture => await H.CaptureAsync(id),
            Operation.CancelFull => await H.CancelAsync(id),
            Operation.CancelPartial => await H.CancelAsync(id, 100, 0),
            _ => await H.ChangeAmountAsync(id, 1_000),
        };

        Assert.Equal(expected.ErrInfo, result.Error?.ErrInfo);
        var after = await H.RowAsync(id);
        Assert.Equal((before.State, before.Version, before.Amount, before.CancelledAmount, before.Refunds.Count),
            (after.State, after.Version, after.Amount, after.CancelledAmount, after.Refunds.Count));
        Assert.Contains(await H.JournalAsync(id), j => j.Operation == operation && j.Outcome == GatewayOutcome.Refused
            && j.ErrorCode == expected.ErrInfo && j.StateBefore == state && j.StateAfter == state);
        await using var db = await H.DbAsync();
        Assert.False(await db.GatewayPendingOperations.AnyAsync(p => p.TransactionId == id));
    }

    [Fact]
    public async Task A_partial_cancel_of_an_authorization_is_refused_and_nothing_changes()
    {
        var id = await H.AuthorizedAsync(5_000);

        var result = await H.CancelAsync(id, 1_000, 0);

        Assert.Equal(GatewayErrors.AuthCancelMustBeWhole.ErrInfo, result.Error?.ErrInfo);
        Assert.Equal(TransactionState.Auth, (await H.RowAsync(id)).State);
    }

    [Fact]
    public async Task Exec_and_start_again_on_a_paid_transaction_are_refused_and_nothing_changes()
    {
        var (id, accessId, session, token) = await H.ReqSuccessAsync(PaymentType.OneTime, JobCd.Auth, 1_000);
        Assert.True((await H.Gateway.StartAsync(accessId, token, H.Console.Address)).IsSuccess);
        Assert.True((await H.Sandbox.Buyers.ConfirmAsync(session, "Approve")).Succeeded);
        Assert.True((await H.Gateway.ReturnAsync(accessId, session)).IsSuccess);

        var exec = await H.ExecAsync(id, session, PaymentType.OneTime);
        var start = await H.Gateway.StartAsync(accessId, token, H.Console.Address);

        Assert.Equal(GatewayErrors.NotAllowedInState.ErrInfo, exec.Error?.ErrInfo);
        Assert.Equal(GatewayErrors.NotAllowedInState.ErrInfo, start.Error?.ErrInfo);
        Assert.Equal(TransactionState.Auth, (await H.RowAsync(id)).State);
    }

    private async Task<long> ReachAsync(TransactionState state)
    {
        switch (state)
        {
            case TransactionState.Unprocessed:
                return (await H.EntryAsync(PaymentType.OneTime, JobCd.Auth, 1_000)).Id;
            case TransactionState.ReqSuccess:
                return (await H.ReqSuccessAsync(PaymentType.OneTime, JobCd.Auth, 1_000)).Id;
            case TransactionState.Auth:
                return await H.AuthorizedAsync(1_000);
            case TransactionState.Sales:
                return await H.SalesAsync(1_000);
            case TransactionState.Capture:
                return await H.CapturedAsync(1_000);
            case TransactionState.Cancel:
                var auth = await H.AuthorizedAsync(1_000);
                Assert.Equal(TransactionState.Cancel, (await H.CancelAsync(auth)).Value?.State);
                return auth;
            case TransactionState.Return:
                var sales = await H.SalesAsync(1_000);
                Assert.Equal(TransactionState.Return, (await H.CancelAsync(sales)).Value?.State);
                return sales;
            case TransactionState.PayFail:
                return (await H.PaidAsync(JobCd.Auth, 1_000, outcome: "HardDecline")).Id;
            default:
                throw new ArgumentOutOfRangeException(nameof(state), state, null);
        }
    }
}
