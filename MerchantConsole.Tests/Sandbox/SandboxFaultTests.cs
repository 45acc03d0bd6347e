using MerchantConsole.Core.AmazonPay;
using MerchantConsole.Core.Payments;
using MerchantConsole.Data;
using MerchantConsole.Sandbox;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace MerchantConsole.Tests.Sandbox;

/// <summary>Every fault the sandbox injects on demand, and what a client sees of it.</summary>
public sealed class SandboxFaultTests : SandboxTest
{
    private async Task<int> ChargesAsync()
    {
        await using var db = await Sandbox.Console.Services.GetRequiredService<IDbContextFactory<ApplicationDbContext>>().CreateDbContextAsync();
        return await db.SandboxCharges.CountAsync();
    }

    [Theory]
    [InlineData(SandboxFaultKind.AuthorizationSoftDecline, "SoftDeclined")]
    [InlineData(SandboxFaultKind.AuthorizationHardDecline, "HardDeclined")]
    public async Task Authorization_declines_fail_the_completion_and_a_recurring_charge(SandboxFaultKind kind, string reasonCode)
    {
        var oneTime = await Sandbox.ConfirmedSessionAsync(PaymentIntent.Authorize, 1_000);
        var registration = await Sandbox.ConfirmedSessionAsync(PaymentIntent.Confirm, 1_000, type: ChargePermissionType.Recurring);
        var permission = (await Client.CompleteCheckoutSessionAsync(Shop, registration, new CompleteCheckoutSessionRequest(new Yen(1_000)), Key())).Value!.ChargePermissionId!;
        await Sandbox.AddFaultAsync(kind, remaining: 2);

        var completed = await Client.CompleteCheckoutSessionAsync(Shop, oneTime, new CompleteCheckoutSessionRequest(new Yen(1_000)), Key());
        var charged = await Client.CreateChargeAsync(Shop, new CreateChargeRequest(permission, new Yen(1_000)), Key());
        var afterFault = await Client.CreateChargeAsync(Shop, new CreateChargeRequest(permission, new Yen(1_000)), Key());

        Assert.Equal((reasonCode, 422), (completed.Error!.ReasonCode, completed.HttpStatus));
        Assert.Equal((reasonCode, 422), (charged.Error!.ReasonCode, charged.HttpStatus));
        Assert.Equal(ChargeState.Authorized, afterFault.Value!.StatusDetails.State);
    }

    [Fact]
    public async Task A_declined_capture_leaves_the_charge_authorized()
    {
        var charge = await Sandbox.AuthorizedChargeAsync(1_000);
        await Sandbox.AddFaultAsync(SandboxFaultKind.CaptureDecline);

        var declined = await Client.CaptureChargeAsync(Shop, charge.ChargeId, new CaptureChargeRequest(new Yen(1_000)), Key());
        var retried = await Client.CaptureChargeAsync(Shop, charge.ChargeId, new CaptureChargeRequest(new Yen(1_000)), Key());

        Assert.Equal(("ProcessingFailure", 422), (declined.Error!.ReasonCode, declined.HttpStatus));
        Assert.Equal(ChargeState.Captured, retried.Value!.StatusDetails.State);
    }

    [Fact]
    public async Task A_pending_capture_settles_later_captured_or_declined()
    {
        var good = await Sandbox.AuthorizedChargeAsync(1_000);
        var bad = await Sandbox.AuthorizedChargeAsync(1_000);
        await Sandbox.AddFaultAsync(SandboxFaultKind.CapturePending, remaining: 2);
        await Sandbox.AddFaultAsync(SandboxFaultKind.CaptureDecline, remaining: 1);

        var declining = await Client.CaptureChargeAsync(Shop, bad.ChargeId, new CaptureChargeRequest(new Yen(1_000)), Key());
        var succeeding = await Client.CaptureChargeAsync(Shop, good.ChargeId, new CaptureChargeRequest(new Yen(1_000)), Key());
        await Sandbox.AdvanceClockAsync(TimeSpan.FromSeconds(61));
        var settledBad = await Client.GetChargeAsync(Shop, bad.ChargeId);
        var settledGood = await Client.GetChargeAsync(Shop, good.ChargeId);

        Assert.Equal(ChargeState.CaptureInitiated, declining.Value!.StatusDetails.State);
        Assert.Equal(ChargeState.CaptureInitiated, succeeding.Value!.StatusDetails.State);
        Assert.Equal((ChargeState.Declined, "ProcessingFailure"), (settledBad.Value!.StatusDetails.State, settledBad.Value.StatusDetails.ReasonCode));
        Assert.Equal(ChargeState.Captured, settledGood.Value!.StatusDetails.State);
    }

    [Fact]
    public async Task A_declined_refund_gives_its_amount_back_to_the_charge()
    {
        var charge = await Sandbox.CapturedChargeAsync(1_000);
        await Sandbox.AddFaultAsync(SandboxFaultKind.RefundDecline);

        var refund = await Client.CreateRefundAsync(Shop, new CreateRefundRequest(charge.ChargeId, new Yen(400)), Key());
        var reserved = await Client.GetChargeAsync(Shop, charge.ChargeId);
        await Sandbox.ControlAsync(HttpMethod.Post, "settle", new { });
        var settled = await Client.GetRefundAsync(Shop, refund.Value!.RefundId);
        var released = await Client.GetChargeAsync(Shop, charge.ChargeId);

        Assert.Equal(RefundState.RefundInitiated, refund.Value.StatusDetails.State);
        Assert.Equal(new Yen(400), reserved.Value!.RefundedAmount);
        Assert.Equal((RefundState.Declined, "ProcessingFailure"), (settled.Value!.StatusDetails.State, settled.Value.StatusDetails.ReasonCode));
        Assert.Equal(new Yen(0), released.Value!.RefundedAmount);
    }

    [Theory]
    [InlineData(SandboxFaultKind.InternalServerError, 500)]
    [InlineData(SandboxFaultKind.ServiceUnavailable, 503)]
    public async Task Server_errors_are_retried_by_the_client_and_the_charge_is_made_once(SandboxFaultKind kind, int status)
    {
        var registration = await Sandbox.ConfirmedSessionAsync(PaymentIntent.Confirm, 1_000, type: ChargePermissionType.Recurring);
        var permission = (await Client.CompleteCheckoutSessionAsync(Shop, registration, new CompleteCheckoutSessionRequest(new Yen(1_000)), Key())).Value!.ChargePermissionId!;
        await Sandbox.AddFaultAsync(kind, remaining: 2);
        var before = await ChargesAsync();

        var charged = await Client.CreateChargeAsync(Shop, new CreateChargeRequest(permission, new Yen(1_000)), Key());

        Assert.True(charged.IsSuccess, charged.Error?.Message);
        Assert.Equal(before + 1, await ChargesAsync());
        _ = status;
    }

    [Fact]
    public async Task Persistent_server_errors_reach_the_caller_as_outcome_unknown()
    {
        await Sandbox.AddFaultAsync(SandboxFaultKind.ServiceUnavailable, remaining: null, rate: 1);

        var read = await Client.GetChargeAsync(Shop, "S03-0000000-0000000-C00001");

        Assert.Equal(("ServiceUnavailable", 503), (read.Error!.ReasonCode, read.HttpStatus));
        Assert.True(read.Error.OutcomeUnknown);
    }

    [Fact]
    public async Task A_slow_answer_past_the_timeout_is_done_once_and_replayed_to_the_retry()
    {
        var charge = await Sandbox.AuthorizedChargeAsync(1_000);
        await Sandbox.AddFaultAsync(SandboxFaultKind.SlowAnswer, delayMilliseconds: 3_000);
        var impatient = new AmazonPayClient(Sandbox.Http, TimeProvider.System, new AmazonPayClientOptions
        {
            AttemptTimeout = TimeSpan.FromMilliseconds(800),
            RetryBaseDelay = TimeSpan.FromMilliseconds(10),
        });

        var captured = await impatient.CaptureChargeAsync(Shop, charge.ChargeId, new CaptureChargeRequest(new Yen(1_000)), Key());

        Assert.True(captured.IsSuccess, captured.Error?.Message);
        Assert.Equal(ChargeState.Captured, captured.Value!.StatusDetails.State);
        Assert.Equal(new Yen(1_000), captured.Value.CaptureAmount);
    }

    [Fact]
    public async Task A_fault_given_as_a_rate_strikes_about_that_often()
    {
        await Sandbox.AddFaultAsync(SandboxFaultKind.ServiceUnavailable, remaining: null, rate: 0.5);
        var results = new List<int>();
        for (var i = 0; i < 60; i++)
        {
            // Raw signed requests: the client's retries would hide individual strikes.
            var signed = RequestSigner.Sign(Shop, new ApiRequest(HttpMethod.Get, "charges/S03-0000000-0000000-C00001", []), DateTimeOffset.UtcNow);
            using var response = await Sandbox.Http.SendAsync(signed.ToHttpRequestMessage());
            results.Add((int)response.StatusCode);
        }

        // 60 draws at one half: fewer than 10 or more than 50 failures would happen once in ten million runs.
        Assert.InRange(results.Count(s => s == 503), 10, 50);
        Assert.All(results, status => Assert.True(status is 503 or 404));
    }

    [Fact]
    public async Task Controls_are_spared_by_the_faults_they_set_and_count_the_faults_that_struck()
    {
        await Sandbox.AddFaultAsync(SandboxFaultKind.ServiceUnavailable, remaining: null, rate: 1);
        await Sandbox.AddFaultAsync(SandboxFaultKind.SlowAnswer, remaining: null, rate: 1, delayMilliseconds: 60_000);
        for (var i = 0; i < 3; i++)
        {
            var signed = RequestSigner.Sign(Shop, new ApiRequest(HttpMethod.Get, "charges/S03-0000000-0000000-C00001", []), DateTimeOffset.UtcNow);
            using var response = await Sandbox.Http.SendAsync(signed.ToHttpRequestMessage());
            Assert.Equal(503, (int)response.StatusCode);
        }

        // Under a certain 503 and a minute-long slow answer, every control still answers at once.
        var listed = await Sandbox.ControlAsync(HttpMethod.Get, "faults");
        var cleared = await Sandbox.ControlAsync(HttpMethod.Delete, "faults");
        var after = await Sandbox.ControlAsync(HttpMethod.Get, "faults");

        Assert.Equal(2, listed["faults"]!.AsArray().Count);
        Assert.Equal(3, (long)listed["injected"]!["ServiceUnavailable"]!);
        Assert.Null(listed["injected"]!["SlowAnswer"]);
        Assert.Equal(2, (int)cleared["removed"]!);
        Assert.Empty(after["faults"]!.AsArray());
        Assert.Equal(3, (long)after["injected"]!["ServiceUnavailable"]!);
    }

    [Fact]
    public async Task Faults_of_several_kinds_each_strike_their_next_N_calls_and_are_then_gone()
    {
        await Sandbox.AddFaultAsync(SandboxFaultKind.ServiceUnavailable, remaining: 2);
        await Sandbox.AddFaultAsync(SandboxFaultKind.InternalServerError, remaining: 1);
        await Sandbox.AddFaultAsync(SandboxFaultKind.SlowAnswer, remaining: 1, delayMilliseconds: 1);
        var statuses = new List<int>();
        for (var i = 0; i < 5; i++)
        {
            var signed = RequestSigner.Sign(Shop, new ApiRequest(HttpMethod.Get, "charges/S03-0000000-0000000-C00001", []), DateTimeOffset.UtcNow);
            using var response = await Sandbox.Http.SendAsync(signed.ToHttpRequestMessage());
            statuses.Add((int)response.StatusCode);
        }

        var listed = await Sandbox.ControlAsync(HttpMethod.Get, "faults");

        // 500 is drawn first, then 503 twice; the slow answer strikes the first call no transport fault stopped.
        Assert.Equal([500, 503, 503, 404, 404], statuses);
        Assert.Empty(listed["faults"]!.AsArray());
        Assert.Equal((2L, 1L, 1L), ((long)listed["injected"]!["ServiceUnavailable"]!, (long)listed["injected"]!["InternalServerError"]!,
            (long)listed["injected"]!["SlowAnswer"]!));
    }

    [Fact]
    public async Task Bad_fault_settings_are_refused()
    {
        var refused = await Sandbox.SellerCentral.AddFaultAsync(Sandbox.Owner, SandboxFaultKind.CaptureDecline, rate: 1.5, remaining: null, delayMilliseconds: 0);
        var none = await Sandbox.SellerCentral.AddFaultAsync(Sandbox.Owner, SandboxFaultKind.CaptureDecline, rate: 0, remaining: null, delayMilliseconds: 0);

        Assert.Equal(SandboxErrors.FaultInvalid, refused.ErrorKey);
        Assert.Equal(SandboxErrors.FaultInvalid, none.ErrorKey);
        Assert.Empty((await Sandbox.SellerCentral.GetAccountAsync(Sandbox.Owner))!.Faults);
    }
}
