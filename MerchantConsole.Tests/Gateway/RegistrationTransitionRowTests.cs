using MerchantConsole.Core.Payments;
using MerchantConsole.Gateway;
using MerchantConsole.Sandbox;
using MerchantConsole.Tests.Support;
using Microsoft.EntityFrameworkCore;

namespace MerchantConsole.Tests.Gateway;

/// <summary>The registration-only table (利用承諾のみ) and the recurring table (随時決済).</summary>
public sealed class RegistrationTransitionRowTests(InstantRefundsFixture fixture) : IClassFixture<InstantRefundsFixture>
{
    private GatewayHarness H => fixture.Harness;

    [Fact]
    public async Task The_customer_granting_the_permission_moves_AUTHPROCESS_to_REGISTER()
    {
        var (id, chargePermissionId) = await H.RegisteredAsync();

        var permission = await H.PermissionAsync(chargePermissionId);
        Assert.Equal((TransactionState.Register, PaymentType.RegistrationOnly, id), (permission.State, permission.Origin, permission.OriginTransactionId));
        Assert.NotNull(permission.ExpiresAt);
        Journal.Shows(await H.JournalAsync(id), Operation.CustomerResult, GatewayOutcome.Succeeded, GatewayActorKind.Customer, TransactionState.AuthProcess, TransactionState.Register);
    }

    [Fact]
    public async Task The_customer_refusing_the_permission_moves_AUTHPROCESS_to_PAYFAIL_and_no_permission_exists()
    {
        var paid = await H.PaidAsync(JobCd.Auth, 0, 0, PaymentType.RegistrationOnly, outcome: "Cancel");

        Assert.False(paid.Result.IsSuccess);
        Assert.Equal(TransactionState.PayFail, (await H.RowAsync(paid.Id)).State);
        await using var db = await H.DbAsync();
        Assert.False(await db.GatewayPermissions.AnyAsync(p => p.OriginTransactionId == paid.Id));
    }

    [Fact]
    public async Task End_registration_moves_REGISTER_to_END_and_closes_the_permission_at_Amazon()
    {
        var (id, chargePermissionId) = await H.RegisteredAsync();

        var ended = await H.Permissions.EndAsync(TestConsole.ShopId, chargePermissionId, H.Staff);

        Assert.True(ended.IsSuccess, ended.Error?.ToString());
        Assert.Equal(TransactionState.End, (await H.PermissionAsync(chargePermissionId)).State);
        Assert.Equal(TransactionState.End, (await H.RowAsync(id)).State);
        await using var db = await H.DbAsync();
        Assert.Equal("Closed", (await db.SandboxChargePermissions.SingleAsync(p => p.Id == chargePermissionId)).State);
        var journal = await db.GatewayJournal.Where(j => j.Operation == Operation.EndRegistration && j.PermissionId != null).ToListAsync();
        Assert.Contains(journal, j => j.Outcome == GatewayOutcome.Requested && j.ActorKind == GatewayActorKind.Staff);
        Assert.Contains(journal, j => j.Outcome == GatewayOutcome.Succeeded && j.StateAfter == TransactionState.End);
    }

    [Fact]
    public async Task End_registration_Amazon_does_not_answer_stays_REGISTER_until_recovery_ends_it()
    {
        var (_, chargePermissionId) = await H.RegisteredAsync();
        await H.AddFaultAsync(SandboxFaultKind.ServiceUnavailable, remaining: 4);

        var ended = await H.Permissions.EndAsync(TestConsole.ShopId, chargePermissionId, H.Staff);

        Assert.Equal(GatewayErrors.AmazonUnavailable.ErrInfo, ended.Error?.ErrInfo);
        var permission = await H.PermissionAsync(chargePermissionId);
        Assert.Equal(TransactionState.Register, permission.State);
        await using (var db = await H.DbAsync())
        {
            Assert.Single(await db.GatewayJournal.Where(j => j.PermissionId == permission.Id && j.Outcome == GatewayOutcome.Unanswered
                && j.ErrorCode == GatewayErrors.AmazonUnavailable.ErrInfo && j.ActorKind == GatewayActorKind.Staff).ToListAsync());
        }

        await H.Sync.RecoverAsync();
        Assert.Equal(TransactionState.End, (await H.PermissionAsync(chargePermissionId)).State);
    }

    [Fact]
    public async Task End_registration_of_an_ended_permission_is_refused_and_it_stays_END()
    {
        var (_, chargePermissionId) = await H.RegisteredAsync();
        Assert.True((await H.Permissions.EndAsync(TestConsole.ShopId, chargePermissionId, H.Staff)).IsSuccess);

        var again = await H.Permissions.EndAsync(TestConsole.ShopId, chargePermissionId, H.Staff);

        Assert.Equal(GatewayErrors.AlreadyProcessed.ErrInfo, again.Error?.ErrInfo);
        Assert.Equal(TransactionState.End, (await H.PermissionAsync(chargePermissionId)).State);
    }

    [Fact]
    public async Task A_registration_row_refuses_payment_operations()
    {
        var (id, _) = await H.RegisteredAsync();

        var capture = await H.CaptureAsync(id);
        var cancel = await H.CancelAsync(id);

        Assert.Equal(GatewayErrors.NotAllowedInState.ErrInfo, capture.Error?.ErrInfo);
        Assert.Equal(GatewayErrors.NotAllowedInState.ErrInfo, cancel.Error?.ErrInfo);
        Assert.Equal(TransactionState.Register, (await H.RowAsync(id)).State);
    }

    [Theory]
    [InlineData(JobCd.Auth, TransactionState.Auth)]
    [InlineData(JobCd.Capture, TransactionState.Capture)]
    public async Task A_recurring_payment_on_a_permission_moves_UNPROCESSED_to_the_JobCds_state(JobCd jobCd, TransactionState expected)
    {
        var (_, chargePermissionId) = await H.RegisteredAsync();

        var (id, exec) = await H.RecurringAsync(chargePermissionId, jobCd, 9_000, 900);

        Assert.True(exec.IsSuccess, exec.Error?.ToString());
        var row = await H.RowAsync(id);
        Assert.Equal((expected, chargePermissionId), (row.State, row.ChargePermissionId));
        Journal.Shows(await H.JournalAsync(id), Operation.ExecTran, GatewayOutcome.Succeeded, GatewayActorKind.Staff, TransactionState.Unprocessed, expected);
        Assert.Equal(9_900L, Assert.Single((await H.PermissionAsync(chargePermissionId)).Charges).Amount);
    }

    [Fact]
    public async Task A_recurring_immediate_capture_Amazon_has_not_finished_is_REQCAPTURE_and_sync_gives_CAPTURE()
    {
        var (_, chargePermissionId) = await H.RegisteredAsync();
        await H.AddFaultAsync(SandboxFaultKind.CapturePending);

        var (id, exec) = await H.RecurringAsync(chargePermissionId, JobCd.Capture, 9_000);

        Assert.True(exec.IsSuccess, exec.Error?.ToString());
        Assert.Equal(TransactionState.ReqCapture, (await H.RowAsync(id)).State);
        Assert.True(await H.SettleAtAmazonThenSyncAsync(id));
        Assert.Equal(TransactionState.Capture, (await H.RowAsync(id)).State);
    }

    [Fact]
    public async Task A_recurring_payment_Amazon_declines_stays_UNPROCESSED()
    {
        var (_, chargePermissionId) = await H.RegisteredAsync();
        await H.AddFaultAsync(SandboxFaultKind.AuthorizationHardDecline);

        var (id, exec) = await H.RecurringAsync(chargePermissionId, JobCd.Auth, 9_000);

        Assert.Equal(GatewayErrors.Declined.ErrInfo, exec.Error?.ErrInfo);
        Assert.Equal(TransactionState.Unprocessed, (await H.RowAsync(id)).State);
        Journal.Shows(await H.JournalAsync(id), Operation.ExecTran, GatewayOutcome.Failed, GatewayActorKind.Staff, TransactionState.Unprocessed, TransactionState.Unprocessed);
        Assert.Empty((await H.PermissionAsync(chargePermissionId)).Charges);
    }

    [Fact]
    public async Task A_recurring_payment_over_the_monthly_ceiling_is_refused_before_Amazon_and_stays_UNPROCESSED()
    {
        var (_, chargePermissionId) = await H.RegisteredAsync();
        var (first, ok) = await H.RecurringAsync(chargePermissionId, JobCd.Auth, 60_000);
        Assert.True(ok.IsSuccess, ok.Error?.ToString());
        Assert.True((await H.CancelAsync(first)).IsSuccess); // Interpretation 5: a cancel gives no room back

        var (id, exec) = await H.RecurringAsync(chargePermissionId, JobCd.Auth, 45_000);

        Assert.Equal(GatewayErrors.RecurringCeiling.ErrInfo, exec.Error?.ErrInfo);
        Assert.Equal(TransactionState.Unprocessed, (await H.RowAsync(id)).State);
        Assert.Contains(await H.JournalAsync(id), j => j.Operation == Operation.ExecTran && j.Outcome == GatewayOutcome.Refused);
        await using var db = await H.DbAsync();
        Assert.Single(await db.SandboxCharges.Where(c => c.ChargePermissionId == chargePermissionId).ToListAsync());
    }

    [Fact]
    public async Task A_recurring_payment_on_an_ended_permission_is_refused()
    {
        var (_, chargePermissionId) = await H.RegisteredAsync();
        Assert.True((await H.Permissions.EndAsync(TestConsole.ShopId, chargePermissionId, H.Staff)).IsSuccess);

        var (id, exec) = await H.RecurringAsync(chargePermissionId, JobCd.Auth, 1_000);

        Assert.False(exec.IsSuccess);
        Assert.Equal(TransactionState.Unprocessed, (await H.RowAsync(id)).State);
    }

    [Fact]
    public async Task A_recurring_payment_then_follows_the_one_time_table()
    {
        var (_, chargePermissionId) = await H.RegisteredAsync();
        var (id, _) = await H.RecurringAsync(chargePermissionId, JobCd.Auth, 5_000);

        Assert.Equal(TransactionState.Auth, (await H.ChangeAmountAsync(id, 6_000)).Value?.State);
        Assert.Equal(TransactionState.Sales, (await H.CaptureAsync(id)).Value?.State);
        Assert.Equal(TransactionState.Sales, (await H.CancelAsync(id, 1_000, 0)).Value?.State);
        Assert.Equal(TransactionState.Return, (await H.CancelAsync(id)).Value?.State);
    }
}
