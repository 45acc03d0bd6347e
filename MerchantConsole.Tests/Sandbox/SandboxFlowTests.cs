using MerchantConsole.Core.AmazonPay;
using MerchantConsole.Core.Payments;
using MerchantConsole.Sandbox;

namespace MerchantConsole.Tests.Sandbox;

/// <summary>Each API operation's happy path and Amazon's rules, through the real client against the running Sandbox.</summary>
public sealed class SandboxFlowTests : SandboxTest
{
    [Fact]
    public async Task A_new_session_lists_what_is_missing_and_offers_the_redirect_once_nothing_is()
    {
        var created = await Client.CreateCheckoutSessionAsync(Shop, Sandbox.NewSession(), Key());
        var id = created.Value!.CheckoutSessionId;

        Assert.Equal(201, created.HttpStatus);
        Assert.Equal(CheckoutSessionState.Open, created.Value.StatusDetails.State);
        Assert.Equal(
            ["CheckoutResultReturnUrlNotSet", "PaymentIntentNotSet", "ChargeAmountNotSet", "BuyerNotAssociated"],
            created.Value.Constraints!.Select(c => c.ConstraintId));
        Assert.Null(created.Value.WebCheckoutDetails!.AmazonPayRedirectUrl);

        await Sandbox.Buyers.ChooseAsync(id, SandboxBuyers.All[1].BuyerId, SandboxBuyers.All[1].PaymentMethods[0].Id, Sandbox.Origin);
        var updated = await Client.UpdateCheckoutSessionAsync(Shop, id, new UpdateCheckoutSessionRequest(
            new WebCheckoutDetails(CheckoutResultReturnUrl: "https://merchant.example/result"),
            new PaymentDetails(PaymentIntent.Authorize, ChargeAmount: new Yen(4_980))));

        Assert.False(updated.Value!.HasConstraints);
        Assert.EndsWith($"/sandbox/buyer/confirm/{id}", updated.Value.WebCheckoutDetails!.AmazonPayRedirectUrl, StringComparison.Ordinal);
        Assert.Equal("佐藤 花子", updated.Value.Buyer!.Name);
        Assert.Equal("大阪府", updated.Value.ShippingAddress!.StateOrRegion);
        Assert.Equal("Mastercard ****4444", updated.Value.PaymentPreferences!.Single().PaymentDescriptor);
    }

    [Fact]
    public async Task Authorize_then_capture_then_a_partial_refund_that_settles_on_the_sandbox_clock()
    {
        var charge = await Sandbox.AuthorizedChargeAsync(10_000);
        Assert.Equal(ChargeState.Authorized, charge.StatusDetails.State);
        Assert.Equal(new Yen(10_000), charge.ChargeAmount);

        var captured = await Client.CaptureChargeAsync(Shop, charge.ChargeId, new CaptureChargeRequest(new Yen(10_000)), Key());
        var refund = await Client.CreateRefundAsync(Shop, new CreateRefundRequest(charge.ChargeId, new Yen(3_000)), Key());
        var pending = await Client.GetRefundAsync(Shop, refund.Value!.RefundId);
        await Sandbox.AdvanceClockAsync(TimeSpan.FromSeconds(61));
        var settled = await Client.GetRefundAsync(Shop, refund.Value.RefundId);
        var after = await Client.GetChargeAsync(Shop, charge.ChargeId);

        Assert.Equal(ChargeState.Captured, captured.Value!.StatusDetails.State);
        Assert.Equal(201, refund.HttpStatus);
        Assert.Equal(RefundState.RefundInitiated, pending.Value!.StatusDetails.State);
        Assert.Equal(RefundState.Refunded, settled.Value!.StatusDetails.State);
        Assert.Equal(new Yen(3_000), after.Value!.RefundedAmount);
    }

    [Fact]
    public async Task AuthorizeWithCapture_completes_captured()
    {
        var charge = await Sandbox.AuthorizedChargeAsync(2_500, PaymentIntent.AuthorizeWithCapture);

        Assert.Equal(ChargeState.Captured, charge.StatusDetails.State);
        Assert.Equal(new Yen(2_500), charge.CaptureAmount);
    }

    [Fact]
    public async Task A_pending_authorization_settles_to_Authorized()
    {
        var id = await Sandbox.ConfirmedSessionAsync(PaymentIntent.Authorize, 1_000, canHandlePending: true);
        var completed = await Client.CompleteCheckoutSessionAsync(Shop, id, new CompleteCheckoutSessionRequest(new Yen(1_000)), Key());
        var pending = await Client.GetChargeAsync(Shop, completed.Value!.ChargeId!);
        await Sandbox.AdvanceClockAsync(TimeSpan.FromSeconds(61));
        var settled = await Client.GetChargeAsync(Shop, completed.Value.ChargeId!);

        Assert.Equal(ChargeState.AuthorizationInitiated, pending.Value!.StatusDetails.State);
        Assert.Equal(ChargeState.Authorized, settled.Value!.StatusDetails.State);
    }

    [Fact]
    public async Task A_registration_gives_a_chargeable_permission_charged_later_and_closed_by_the_merchant()
    {
        var id = await Sandbox.ConfirmedSessionAsync(PaymentIntent.Confirm, 3_000, type: ChargePermissionType.Recurring);
        var completed = await Client.CompleteCheckoutSessionAsync(Shop, id, new CompleteCheckoutSessionRequest(new Yen(3_000)), Key());
        var permissionId = completed.Value!.ChargePermissionId!;
        var permission = await Client.GetChargePermissionAsync(Shop, permissionId);
        var charge = await Client.CreateChargeAsync(Shop, new CreateChargeRequest(permissionId, new Yen(3_000), CaptureNow: true), Key());
        var closed = await Client.CloseChargePermissionAsync(Shop, permissionId, new CloseChargePermissionRequest("解約", CancelPendingCharges: true));
        var afterClose = await Client.CreateChargeAsync(Shop, new CreateChargeRequest(permissionId, new Yen(3_000)), Key());

        Assert.Null(completed.Value.ChargeId);
        Assert.Equal(ChargePermissionState.Chargeable, permission.Value!.StatusDetails.State);
        Assert.Equal(ChargePermissionType.Recurring, permission.Value.ChargePermissionType);
        Assert.Equal(201, charge.HttpStatus);
        Assert.Equal(ChargeState.Captured, charge.Value!.StatusDetails.State);
        Assert.Equal(ChargePermissionState.Closed, closed.Value!.StatusDetails.State);
        Assert.Equal("MerchantClosed", closed.Value.StatusDetails.Reasons!.Single().ReasonCode);
        Assert.Equal(("InvalidChargePermissionStatus", 422), (afterClose.Error!.ReasonCode, afterClose.HttpStatus));
    }

    [Fact]
    public async Task Complete_needs_the_buyers_confirmation_and_the_sessions_amount()
    {
        var created = await Client.CreateCheckoutSessionAsync(Shop, Sandbox.NewSession(), Key());
        var early = await Client.CompleteCheckoutSessionAsync(Shop, created.Value!.CheckoutSessionId, new CompleteCheckoutSessionRequest(new Yen(1_000)), Key());
        var id = await Sandbox.ConfirmedSessionAsync(PaymentIntent.Authorize, 1_000);
        var mismatch = await Client.CompleteCheckoutSessionAsync(Shop, id, new CompleteCheckoutSessionRequest(new Yen(1_001)), Key());
        var completed = await Client.CompleteCheckoutSessionAsync(Shop, id, new CompleteCheckoutSessionRequest(new Yen(1_000)), Key());

        Assert.Equal(("InvalidCheckoutSessionStatus", 422), (early.Error!.ReasonCode, early.HttpStatus));
        Assert.Equal(("AmountMismatch", 409), (mismatch.Error!.ReasonCode, mismatch.HttpStatus));
        Assert.Equal(CheckoutSessionState.Completed, completed.Value!.StatusDetails.State);
    }

    [Theory]
    [InlineData("SoftDecline", "SoftDeclined")]
    [InlineData("HardDecline", "HardDeclined")]
    public async Task A_decline_chosen_by_the_buyer_fails_completion_and_cancels_the_session(string outcome, string reasonCode)
    {
        var id = await Sandbox.ConfirmedSessionAsync(PaymentIntent.Authorize, 1_000, outcome);

        var completed = await Client.CompleteCheckoutSessionAsync(Shop, id, new CompleteCheckoutSessionRequest(new Yen(1_000)), Key());
        var session = await Client.GetCheckoutSessionAsync(Shop, id);

        Assert.Equal((reasonCode, 422), (completed.Error!.ReasonCode, completed.HttpStatus));
        Assert.Equal((CheckoutSessionState.Canceled, "Declined"), (session.Value!.StatusDetails.State, session.Value.StatusDetails.ReasonCode));
    }

    [Fact]
    public async Task A_buyer_who_cancels_ends_the_session_BuyerCanceled()
    {
        var id = await Sandbox.ConfirmedSessionAsync(PaymentIntent.Authorize, 1_000, "Cancel");

        var completed = await Client.CompleteCheckoutSessionAsync(Shop, id, new CompleteCheckoutSessionRequest(new Yen(1_000)), Key());
        var session = await Client.GetCheckoutSessionAsync(Shop, id);

        Assert.Equal("CheckoutSessionCanceled", completed.Error!.ReasonCode);
        Assert.Equal("BuyerCanceled", session.Value!.StatusDetails.ReasonCode);
    }

    [Fact]
    public async Task Capture_is_limited_to_the_authorization_and_happens_once()
    {
        var charge = await Sandbox.AuthorizedChargeAsync(5_000);

        var over = await Client.CaptureChargeAsync(Shop, charge.ChargeId, new CaptureChargeRequest(new Yen(5_001)), Key());
        var exact = await Client.CaptureChargeAsync(Shop, charge.ChargeId, new CaptureChargeRequest(new Yen(5_000)), Key());
        var again = await Client.CaptureChargeAsync(Shop, charge.ChargeId, new CaptureChargeRequest(new Yen(5_000)), Key());

        Assert.Equal(("TransactionAmountExceeded", 400), (over.Error!.ReasonCode, over.HttpStatus));
        Assert.Equal(ChargeState.Captured, exact.Value!.StatusDetails.State);
        Assert.Equal(("InvalidChargeStatus", 422), (again.Error!.ReasonCode, again.HttpStatus));
    }

    [Fact]
    public async Task Only_an_authorization_can_be_canceled()
    {
        var authorized = await Sandbox.AuthorizedChargeAsync(1_000);
        var captured = await Sandbox.CapturedChargeAsync(1_000);

        var canceled = await Client.CancelChargeAsync(Shop, authorized.ChargeId, new CancelChargeRequest("在庫切れ"));
        var refused = await Client.CancelChargeAsync(Shop, captured.ChargeId, new CancelChargeRequest("在庫切れ"));

        Assert.Equal((ChargeState.Canceled, "MerchantCanceled"), (canceled.Value!.StatusDetails.State, canceled.Value.StatusDetails.ReasonCode));
        Assert.Equal(("InvalidChargeStatus", 422), (refused.Error!.ReasonCode, refused.HttpStatus));
    }

    [Theory]
    [InlineData(10_000, 11_500, true)]
    [InlineData(10_000, 11_501, false)]
    [InlineData(100_000, 108_400, true)]
    [InlineData(100_000, 108_401, false)]
    public async Task Refunds_may_exceed_the_capture_by_15_percent_or_8400_yen_whichever_is_less(long captured, long refund, bool allowed)
    {
        var charge = await Sandbox.CapturedChargeAsync(captured);

        var result = await Client.CreateRefundAsync(Shop, new CreateRefundRequest(charge.ChargeId, new Yen(refund)), Key());

        Assert.Equal(allowed, result.IsSuccess);
        if (!allowed)
        {
            Assert.Equal(("TransactionAmountExceeded", 400), (result.Error!.ReasonCode, result.HttpStatus));
        }
    }

    [Fact]
    public async Task A_charge_takes_at_most_ten_refunds()
    {
        var charge = await Sandbox.CapturedChargeAsync(10_000);
        for (var i = 1; i <= 10; i++)
        {
            var refund = await Client.CreateRefundAsync(Shop, new CreateRefundRequest(charge.ChargeId, new Yen(100)), Key());
            Assert.True(refund.IsSuccess, $"refund {i}: {refund.Error?.Message}");
        }

        var eleventh = await Client.CreateRefundAsync(Shop, new CreateRefundRequest(charge.ChargeId, new Yen(100)), Key());

        Assert.Equal(("TransactionCountExceeded", 422), (eleventh.Error!.ReasonCode, eleventh.HttpStatus));
    }

    [Fact]
    public async Task An_authorization_expires_unused_after_30_days_and_a_session_after_24_hours()
    {
        var charge = await Sandbox.AuthorizedChargeAsync(1_000);
        var open = await Client.CreateCheckoutSessionAsync(Shop, Sandbox.NewSession(), Key());

        await Sandbox.AdvanceClockAsync(TimeSpan.FromHours(24));
        var session = await Client.GetCheckoutSessionAsync(Shop, open.Value!.CheckoutSessionId);
        var dayOne = await Client.GetChargeAsync(Shop, charge.ChargeId);
        await Sandbox.AdvanceClockAsync(TimeSpan.FromDays(29));
        var expired = await Client.GetChargeAsync(Shop, charge.ChargeId);
        var capture = await Client.CaptureChargeAsync(Shop, charge.ChargeId, new CaptureChargeRequest(new Yen(1_000)), Key());

        Assert.Equal((CheckoutSessionState.Canceled, "Expired"), (session.Value!.StatusDetails.State, session.Value.StatusDetails.ReasonCode));
        Assert.Equal(ChargeState.Authorized, dayOne.Value!.StatusDetails.State);
        Assert.Equal((ChargeState.Canceled, "ExpiredUnused"), (expired.Value!.StatusDetails.State, expired.Value.StatusDetails.ReasonCode));
        Assert.Equal("InvalidChargeStatus", capture.Error!.ReasonCode);
    }

    [Fact]
    public async Task A_one_time_permission_allows_a_reauthorization_only_within_the_overcharge_limit()
    {
        var id = await Sandbox.ConfirmedSessionAsync(PaymentIntent.Authorize, 10_000, allowOvercharge: true);
        var completed = await Client.CompleteCheckoutSessionAsync(Shop, id, new CompleteCheckoutSessionRequest(new Yen(10_000)), Key());
        var permission = await Client.GetChargePermissionAsync(Shop, completed.Value!.ChargePermissionId!);

        // max(70,000, 9 × 10,000) = 90,000; 10,000 is held, so 80,000 more fits and 80,001 does not.
        var tooMuch = await Client.CreateChargeAsync(Shop, new CreateChargeRequest(completed.Value.ChargePermissionId!, new Yen(80_001)), Key());
        var fits = await Client.CreateChargeAsync(Shop, new CreateChargeRequest(completed.Value.ChargePermissionId!, new Yen(80_000)), Key());

        Assert.Equal(new Yen(90_000), permission.Value!.Limits!.AmountLimit);
        Assert.Equal(new Yen(80_000), permission.Value.Limits.AmountBalance);
        Assert.Equal("TransactionAmountExceeded", tooMuch.Error!.ReasonCode);
        Assert.Equal(ChargeState.Authorized, fits.Value!.StatusDetails.State);
    }

    [Fact]
    public async Task Sign_in_returns_a_buyer_token_that_GetBuyer_reads()
    {
        var button = ButtonBuilder.SignIn(
            new ButtonShop(Sandbox.Key.StoreId, Sandbox.Key.PublicKeyId, "テスト商店", Sandbox: true),
            new SignInButton("https://merchant.example/signed-in"), Sandbox.Credentials.Key.Rsa);
        var start = await Sandbox.Buyers.StartAsync(button.Value!.PayloadJson, button.Value.Signature, Sandbox.Key.PublicKeyId,
            "AMZN-PAY-RSASSA-PSS-V2", "SignIn", Sandbox.Origin);
        var ticket = Uri.UnescapeDataString(start.RedirectUrl!.Split("ticket=")[1]);
        var signedIn = await Sandbox.Buyers.SignInAsync(ticket, SandboxBuyers.All[2].BuyerId);
        var token = signedIn.RedirectUrl!.Split("buyerToken=")[1];
        var buyer = await Client.GetBuyerAsync(Shop, Uri.UnescapeDataString(token));

        Assert.StartsWith("https://merchant.example/signed-in?buyerToken=", signedIn.RedirectUrl, StringComparison.Ordinal);
        Assert.Equal(("Alex Smith", "060-0001"), (buyer.Value!.Name, buyer.Value.PostalCode));
    }

    [Fact]
    public async Task Bad_amounts_and_unknown_objects_get_Amazons_errors()
    {
        var id = await Sandbox.ConfirmedSessionAsync(PaymentIntent.Authorize, 9_999_999);
        var tooLarge = await Client.UpdateCheckoutSessionAsync(Shop, id, new UpdateCheckoutSessionRequest(
            PaymentDetails: new PaymentDetails(ChargeAmount: new Yen(10_000_001))));
        var zero = await Client.UpdateCheckoutSessionAsync(Shop, id, new UpdateCheckoutSessionRequest(
            PaymentDetails: new PaymentDetails(ChargeAmount: new Yen(0))));
        var missing = await Client.GetChargeAsync(Shop, "S03-0000000-0000000-C00001");

        Assert.Equal(("InvalidParameterValue", 400), (tooLarge.Error!.ReasonCode, tooLarge.HttpStatus));
        Assert.Equal("InvalidParameterValue", zero.Error!.ReasonCode);
        Assert.Equal(("ResourceNotFound", 404), (missing.Error!.ReasonCode, missing.HttpStatus));
    }

    [Fact]
    public async Task The_buyer_cannot_confirm_before_the_merchant_has_set_amount_and_result_url()
    {
        var created = await Client.CreateCheckoutSessionAsync(Shop, Sandbox.NewSession(), Key());
        var id = created.Value!.CheckoutSessionId;
        await Sandbox.Buyers.ChooseAsync(id, SandboxBuyers.All[0].BuyerId, SandboxBuyers.All[0].PaymentMethods[0].Id, Sandbox.Origin);

        var early = await Sandbox.Buyers.ConfirmAsync(id, "Approve");
        var view = await Sandbox.Buyers.GetAsync(id);

        Assert.Equal(SandboxErrors.SessionNotReady, early.ErrorKey);
        Assert.False(view!.ReadyToConfirm);
        Assert.Equal("Open", view.State);
    }
}
