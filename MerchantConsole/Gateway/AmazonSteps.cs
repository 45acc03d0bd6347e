using System.Text.Json;
using MerchantConsole.Core.AmazonPay;
using MerchantConsole.Core.Payments;
using AmazonRefund = MerchantConsole.Core.AmazonPay.Refund;

namespace MerchantConsole.Gateway;

/// <summary>The inputs of a pending operation, kept with it so recovery re-sends exactly the same request.</summary>
internal sealed record OperationArguments(
    long? Amount = null,
    long? Tax = null,
    long? RefundRowId = null,
    long? MonthlyCeiling = null,
    string? OldChargeId = null)
{
    public string ToJson() => JsonSerializer.Serialize(this);

    public static OperationArguments FromJson(string? json) =>
        json is null ? new() : JsonSerializer.Deserialize<OperationArguments>(json) ?? new();

    /// <summary>The core's request for this operation, rebuilt from what was stored.</summary>
    public Request ToRequest(Operation operation) => operation switch
    {
        Operation.ExecTran => Request.ExecTran(),
        Operation.StartPayment => Request.StartPayment(),
        Operation.CustomerResult => Request.CustomerResult(),
        Operation.Capture => Amount is { } a ? Request.Capture(new Yen(a), new Yen(Tax ?? 0)) : Request.Capture(),
        Operation.CancelFull => Request.CancelFull(),
        Operation.CancelPartial => Request.CancelPartial(new Yen(Amount!.Value), new Yen(Tax ?? 0)),
        Operation.ChangeAmount => Request.ChangeAmount(new Yen(Amount!.Value), new Yen(Tax ?? 0)),
        Operation.EndRegistration => Request.EndRegistration(),
        Operation.RecurringCharge => Request.RecurringCharge(new Yen(Amount!.Value), new Yen(Tax ?? 0), new Yen(MonthlyCeiling!.Value)),
        Operation.Sync => Request.Sync(),
        _ => throw new ArgumentOutOfRangeException(nameof(operation), operation, null),
    };
}

/// <summary>
/// What Amazon said about a step. <see cref="Outcome"/> null means it is not known yet: no answer (recovery
/// will ask again) or, with <see cref="StillProcessing"/>, Amazon is still working (the sync will ask again).
/// </summary>
internal sealed record StepResult(Outcome? Outcome, DateTimeOffset At)
{
    public string? FailureReason { get; init; }

    public GatewayError? Error { get; init; }

    public string? RequestId { get; init; }

    public bool StillProcessing { get; init; }

    /// <summary>A capture failed and Amazon's charge is final (Declined or Canceled): no authorization is left to capture.</summary>
    public bool AuthorizationEnded { get; init; }

    public string? ChargeId { get; init; }

    public string? ChargePermissionId { get; init; }

    public string? RefundId { get; init; }

    public Uri? RedirectUrl { get; init; }

    /// <summary>APB: the signed button snippet the start page shows instead of a redirect.</summary>
    public string? ButtonHtml { get; init; }

    public bool? AmountChangeEnabled { get; init; }

    public static StepResult Unknown(AmazonPayError error, DateTimeOffset at) =>
        new(null, at) { Error = GatewayErrors.AmazonUnavailable.With(error.ReasonCode), RequestId = error.RequestId };

    public static StepResult Failed(AmazonPayError error, DateTimeOffset at) => new(Core.Payments.Outcome.Failed, at)
    {
        FailureReason = error.ReasonCode,
        Error = ErrorFor(error),
        RequestId = error.RequestId,
    };

    public static GatewayError ErrorFor(AmazonPayError error) => error.ReasonCode switch
    {
        AmazonPayError.InvalidRequestSignature or "UnauthorizedAccess" or "InvalidAccountStatus" => GatewayErrors.KeyRejected.With(error.ReasonCode),
        "SoftDeclined" or "HardDeclined" or "PaymentMethodNotAllowed" or "MFANotCompleted" => GatewayErrors.Declined.With(error.ReasonCode),
        "BuyerCanceled" or "CheckoutSessionCanceled" => GatewayErrors.BuyerCanceled.With(error.ReasonCode),
        _ => GatewayErrors.AmazonRejected.With(error.ReasonCode),
    };
}

/// <summary>What the steps need besides the transaction: the shop's key and the texts that travel to Amazon.</summary>
internal sealed record StepContext(AmazonPayCredentials Credentials, string StoreName, Uri? ReturnUrl = null)
{
    /// <summary>The shop as its buttons name it (APB).</summary>
    public ButtonShop? Button { get; init; }

    public string? MerchantId { get; init; }

    /// <summary>The embedded sandbox plays Amazon: buttons load its checkout.js.</summary>
    public bool SandboxMode { get; init; }
}

/// <summary>
/// The Amazon Pay side of each operation. Every step is safe to run twice with the same idempotency key:
/// when recovering, it first asks Amazon whether the step already happened.
/// </summary>
public sealed class AmazonSteps(AmazonPayClient amazon, TimeProvider clock)
{
    internal async Task<StepResult> RunAsync(
        GatewayPendingOperation op, GatewayTransaction row, StepContext context, bool recovering, CancellationToken cancellationToken)
    {
        var args = OperationArguments.FromJson(op.Arguments);
        var shop = context.Credentials;
        return op.Operation switch
        {
            Operation.ExecTran when row.PaymentType == PaymentType.Recurring =>
                await ChargeOnPermissionAsync(shop, row, row.Amount + row.Tax, row.JobCd == JobCd.Capture, op.IdempotencyKey, context, cancellationToken),
            Operation.ExecTran when row.AmazonPayType == PaymentGateway.ApbAmazonPayType => new StepResult(Outcome.Confirmed, Now),
            Operation.ExecTran => await PrepareCheckoutAsync(shop, row, context, cancellationToken),
            Operation.StartPayment when row.AmazonPayType == PaymentGateway.ApbAmazonPayType => ApbButton(row, context),
            Operation.StartPayment => await StartAsync(shop, row, cancellationToken),
            Operation.CustomerResult => await CompleteAsync(shop, row, op.IdempotencyKey, cancellationToken),
            Operation.Capture => await CaptureAsync(shop, row, op.IdempotencyKey, recovering, cancellationToken),
            Operation.CancelFull when row.State == TransactionState.Auth => await CancelAuthorizationAsync(shop, row, recovering, cancellationToken),
            Operation.CancelFull or Operation.CancelPartial =>
                await RefundAsync(shop, row, args.Amount!.Value + (args.Tax ?? 0), op.IdempotencyKey, cancellationToken),
            Operation.ChangeAmount => await ReauthorizeAsync(shop, row, args, op.IdempotencyKey, context, cancellationToken),
            _ => throw new InvalidOperationException($"{op.Operation} is not a transaction step."),
        };
    }

    /// <summary>決済実行: the checkout session must be open; it learns where to send the buyer back and what to charge.</summary>
    private async Task<StepResult> PrepareCheckoutAsync(AmazonPayCredentials shop, GatewayTransaction row, StepContext context, CancellationToken cancellationToken)
    {
        var sessionId = row.CheckoutSessionId!;
        var current = await amazon.GetCheckoutSessionAsync(shop, sessionId, cancellationToken);
        if (!current.IsSuccess)
        {
            return current.Error.HttpStatus == 404
                ? new StepResult(Outcome.Failed, Now) { FailureReason = "ResourceNotFound", Error = GatewayErrors.CheckoutSessionNotUsable, RequestId = current.Error.RequestId }
                : Answer(current.Error);
        }

        if (current.Value.StatusDetails.State != CheckoutSessionState.Open)
        {
            return new StepResult(Outcome.Failed, Now)
            {
                FailureReason = current.Value.StatusDetails.ReasonCode ?? current.Value.StatusDetails.State.ToString(),
                Error = GatewayErrors.CheckoutSessionNotUsable.With(current.Value.StatusDetails.State.ToString()),
                RequestId = current.RequestId,
            };
        }

        var registration = row.PaymentType is PaymentType.RegistrationOnly or PaymentType.RegistrationWithFirstPayment;
        var intent = row.PaymentType == PaymentType.RegistrationOnly ? PaymentIntent.Confirm
            : row.JobCd == JobCd.Capture ? PaymentIntent.AuthorizeWithCapture : PaymentIntent.Authorize;
        Yen? amount = row.PaymentType == PaymentType.RegistrationOnly ? null : new Yen(row.Amount + row.Tax);
        var update = new UpdateCheckoutSessionRequest(
            new WebCheckoutDetails(CheckoutResultReturnUrl: context.ReturnUrl!.AbsoluteUri),
            new PaymentDetails(intent, CanHandlePendingAuthorization: false, ChargeAmount: amount),
            new MerchantMetadata(row.OrderId, context.StoreName, row.Description),
            registration && row.FrequencyUnit is not null && Enum.TryParse<FrequencyUnit>(row.FrequencyUnit, out var unit)
                ? new RecurringMetadata(new Frequency(unit, row.FrequencyValue ?? 1), amount)
                : null);
        var updated = await amazon.UpdateCheckoutSessionAsync(shop, sessionId, update, cancellationToken);
        if (!updated.IsSuccess)
        {
            return Answer(updated.Error);
        }

        if (updated.Value.HasConstraints)
        {
            var constraints = string.Join(",", updated.Value.Constraints!.Select(c => c.ConstraintId));
            return new StepResult(Outcome.Failed, Now)
            {
                FailureReason = constraints,
                Error = GatewayErrors.CheckoutSessionNotUsable.With(constraints),
                RequestId = updated.RequestId,
            };
        }

        return new StepResult(Outcome.Confirmed, Now)
        {
            RequestId = updated.RequestId,
            AmountChangeEnabled = current.Value.PaymentDetails?.AllowOvercharge == true,
        };
    }

    /// <summary>
    /// 支払手続き開始 of an APB: the signed additional payment button for exactly this order (amount, intent, address,
    /// the gateway's return URL), which the start page shows; pressing it creates the session and goes to payment.
    /// </summary>
    private StepResult ApbButton(GatewayTransaction row, StepContext context)
    {
        var choice = System.Text.Json.JsonSerializer.Deserialize<ApbChoice>(row.ApbJson!)!;
        var signed = ButtonBuilder.AdditionalPaymentButton(
            context.Button!,
            new ApbButton(
                choice.ProductType,
                context.ReturnUrl!.AbsoluteUri,
                row.JobCd == JobCd.Capture ? PaymentIntent.AuthorizeWithCapture : PaymentIntent.Authorize,
                new Yen(row.Amount + row.Tax),
                choice.Address,
                MerchantReferenceId: row.OrderId,
                NoteToBuyer: row.Description),
            context.Credentials.Key.Rsa);
        if (!signed.IsOk)
        {
            return new StepResult(Outcome.Failed, Now) { FailureReason = signed.Refusal!.Code, Error = GatewayErrors.ApbAddressMissing.With(signed.Refusal.English) };
        }

        var script = context.SandboxMode ? new Uri(context.ReturnUrl, "/sandbox/checkout.js").AbsoluteUri : ButtonSnippet.JapanScriptUrl;
        var snippet = ButtonSnippet.Render(signed.Value!, new SnippetSettings(
            context.MerchantId ?? "", context.Credentials.Environment == AmazonPayEnvironment.Sandbox, script));
        return snippet.IsOk
            ? new StepResult(Outcome.Confirmed, Now) { ButtonHtml = snippet.Value }
            : new StepResult(Outcome.Failed, Now) { FailureReason = snippet.Refusal!.Code, Error = GatewayErrors.NotConfigured.With(snippet.Refusal.English) };
    }

    /// <summary>An APB's session was made by the button: it is ours when it returns to this transaction's AccessID.</summary>
    internal async Task<bool> SessionReturnsToAsync(AmazonPayCredentials shop, string checkoutSessionId, GatewayTransaction row, CancellationToken cancellationToken)
    {
        var session = await amazon.GetCheckoutSessionAsync(shop, checkoutSessionId, cancellationToken);
        return session.IsSuccess
            && session.Value.WebCheckoutDetails?.CheckoutResultReturnUrl is { } result
            && result.EndsWith("AccessID=" + row.AccessId, StringComparison.Ordinal)
            && session.Value.MerchantMetadata?.MerchantReferenceId == row.OrderId;
    }

    /// <summary>支払手続き開始: the session must still be open and ready; its redirect URL is where the browser goes.</summary>
    private async Task<StepResult> StartAsync(AmazonPayCredentials shop, GatewayTransaction row, CancellationToken cancellationToken)
    {
        var session = await amazon.GetCheckoutSessionAsync(shop, row.CheckoutSessionId!, cancellationToken);
        if (!session.IsSuccess)
        {
            return Answer(session.Error);
        }

        var redirect = session.Value.WebCheckoutDetails?.AmazonPayRedirectUrl;
        if (session.Value.StatusDetails.State != CheckoutSessionState.Open || session.Value.HasConstraints
            || !Uri.TryCreate(redirect, UriKind.Absolute, out var url))
        {
            return new StepResult(Outcome.Failed, Now)
            {
                FailureReason = session.Value.StatusDetails.State.ToString(),
                Error = GatewayErrors.CheckoutSessionNotUsable.With(session.Value.StatusDetails.State.ToString()),
                RequestId = session.RequestId,
            };
        }

        return new StepResult(Outcome.Confirmed, Now) { RedirectUrl = url, RequestId = session.RequestId };
    }

    /// <summary>The buyer came back from Amazon: complete the session, then read the charge it made.</summary>
    private async Task<StepResult> CompleteAsync(AmazonPayCredentials shop, GatewayTransaction row, string key, CancellationToken cancellationToken)
    {
        var sessionId = row.CheckoutSessionId!;
        var session = await amazon.GetCheckoutSessionAsync(shop, sessionId, cancellationToken);
        if (!session.IsSuccess)
        {
            return Answer(session.Error);
        }

        // A registration-only session carries no amount (Confirm): completing it with the row's 0 yen was refused
        // as an invalid price, so no permission could ever be granted. It completes with no amount instead.
        var amount = session.Value.PaymentDetails?.ChargeAmount
            ?? (row.PaymentType == PaymentType.RegistrationOnly ? null : new Yen(row.Amount + row.Tax));
        CheckoutSession completed;
        if (session.Value.StatusDetails.State == CheckoutSessionState.Completed)
        {
            completed = session.Value; // completed before a crash: the same session, read back
        }
        else if (session.Value.StatusDetails.State == CheckoutSessionState.Canceled)
        {
            return new StepResult(Outcome.Failed, Now)
            {
                FailureReason = session.Value.StatusDetails.ReasonCode ?? "Canceled",
                Error = (session.Value.StatusDetails.ReasonCode == "BuyerCanceled" ? GatewayErrors.BuyerCanceled : GatewayErrors.Declined)
                    .With(session.Value.StatusDetails.ReasonCode),
                RequestId = session.RequestId,
            };
        }
        else
        {
            var complete = await amazon.CompleteCheckoutSessionAsync(shop, sessionId, new CompleteCheckoutSessionRequest(amount), key, cancellationToken);
            if (!complete.IsSuccess)
            {
                return Answer(complete.Error);
            }

            completed = complete.Value;
        }

        if (completed.ChargeId is null)
        {
            // Confirm (registration only): the permission is the result.
            return new StepResult(Outcome.Confirmed, Now) { ChargePermissionId = completed.ChargePermissionId, RequestId = session.RequestId };
        }

        var charge = await amazon.GetChargeAsync(shop, completed.ChargeId, cancellationToken);
        if (!charge.IsSuccess)
        {
            return Answer(charge.Error) with { ChargeId = completed.ChargeId, ChargePermissionId = completed.ChargePermissionId };
        }

        return FromCharge(charge.Value, charge.RequestId) with { ChargeId = completed.ChargeId, ChargePermissionId = completed.ChargePermissionId };
    }

    private async Task<StepResult> CaptureAsync(AmazonPayCredentials shop, GatewayTransaction row, string key, bool recovering, CancellationToken cancellationToken)
    {
        if (recovering)
        {
            var current = await amazon.GetChargeAsync(shop, row.ChargeId!, cancellationToken);
            if (!current.IsSuccess)
            {
                return Answer(current.Error);
            }

            if (current.Value.StatusDetails.State is not ChargeState.Authorized)
            {
                return FromCapture(current.Value, current.RequestId);
            }
        }

        var captured = await amazon.CaptureChargeAsync(shop, row.ChargeId!, new CaptureChargeRequest(new Yen(row.Amount + row.Tax)), key, cancellationToken);
        return captured.IsSuccess ? FromCapture(captured.Value, captured.RequestId) : Answer(captured.Error);
    }

    /// <summary>Where a charge stands after its capture was asked for: a failure here means the charge itself is final.</summary>
    private StepResult FromCapture(Charge charge, string? requestId)
    {
        var result = FromCharge(charge, requestId);
        return result.Outcome == Outcome.Failed ? result with { AuthorizationEnded = true } : result;
    }

    private async Task<StepResult> CancelAuthorizationAsync(AmazonPayCredentials shop, GatewayTransaction row, bool recovering, CancellationToken cancellationToken)
    {
        if (recovering || row.AuthorizationEndedAt is not null)
        {
            // Already cancelled (by this step before a crash), or Amazon ended the authorization itself: nothing is held.
            var current = await amazon.GetChargeAsync(shop, row.ChargeId!, cancellationToken);
            if (current.IsSuccess && current.Value.StatusDetails.State is ChargeState.Canceled or ChargeState.Declined)
            {
                return new StepResult(Outcome.Confirmed, Now) { RequestId = current.RequestId };
            }
        }

        var cancelled = await amazon.CancelChargeAsync(shop, row.ChargeId!, new CancelChargeRequest("Cancelled by the merchant"), cancellationToken);
        if (!cancelled.IsSuccess)
        {
            return Answer(cancelled.Error);
        }

        return cancelled.Value.StatusDetails.State == ChargeState.Canceled
            ? new StepResult(Outcome.Confirmed, Now) { RequestId = cancelled.RequestId }
            : new StepResult(Outcome.Failed, Now) { FailureReason = cancelled.Value.StatusDetails.State.ToString(), Error = GatewayErrors.AmazonRejected, RequestId = cancelled.RequestId };
    }

    /// <summary>
    /// A refund; the same idempotency key after a crash returns the same refund. Amazon usually answers
    /// RefundInitiated, so one read follows at once in case it already finished.
    /// </summary>
    private async Task<StepResult> RefundAsync(AmazonPayCredentials shop, GatewayTransaction row, long total, string key, CancellationToken cancellationToken)
    {
        var created = await amazon.CreateRefundAsync(shop, new CreateRefundRequest(row.ChargeId!, new Yen(total)), key, cancellationToken);
        if (!created.IsSuccess)
        {
            return Answer(created.Error);
        }

        var refund = created.Value;
        if (refund.StatusDetails.State == RefundState.RefundInitiated)
        {
            var read = await amazon.GetRefundAsync(shop, refund.RefundId, cancellationToken);
            refund = read.IsSuccess ? read.Value : refund;
        }

        return FromRefund(refund, created.RequestId) with { RefundId = refund.RefundId };
    }

    /// <summary>金額変更: authorize the new amount on the permission, then release the old charge.</summary>
    private async Task<StepResult> ReauthorizeAsync(
        AmazonPayCredentials shop, GatewayTransaction row, OperationArguments args, string key, StepContext context, CancellationToken cancellationToken)
    {
        var total = args.Amount!.Value + (args.Tax ?? 0);
        var charged = await ChargeOnPermissionAsync(shop, row, total, captureNow: false, key, context, cancellationToken);
        if (charged.Outcome != Outcome.Confirmed || args.OldChargeId is null || args.OldChargeId == charged.ChargeId)
        {
            return charged;
        }

        // The old authorization would otherwise hold the customer's limit until it expires. If Amazon refuses
        // (already cancelled, expired), the new one stands all the same.
        var old = await amazon.GetChargeAsync(shop, args.OldChargeId, cancellationToken);
        if (old.IsSuccess && old.Value.StatusDetails.State is ChargeState.Authorized or ChargeState.AuthorizationInitiated)
        {
            await amazon.CancelChargeAsync(shop, args.OldChargeId, new CancelChargeRequest("Replaced by an amount change"), cancellationToken);
        }

        return charged;
    }

    private async Task<StepResult> ChargeOnPermissionAsync(
        AmazonPayCredentials shop, GatewayTransaction row, long total, bool captureNow, string key, StepContext context, CancellationToken cancellationToken)
    {
        var request = new CreateChargeRequest(
            row.ChargePermissionId!,
            new Yen(total),
            CaptureNow: captureNow,
            CanHandlePendingAuthorization: false,
            MerchantMetadata: new MerchantMetadata(row.OrderId, context.StoreName, row.Description),
            ChargeInitiator: row.PaymentType == PaymentType.Recurring ? ChargeInitiator.MITR : ChargeInitiator.MITU);
        var created = await amazon.CreateChargeAsync(shop, request, key, cancellationToken);
        return created.IsSuccess
            ? FromCharge(created.Value, created.RequestId) with { ChargeId = created.Value.ChargeId }
            : Answer(created.Error);
    }

    /// <summary>Where the charge stands, as the table's outcomes.</summary>
    private StepResult FromCharge(Charge charge, string? requestId) => charge.StatusDetails.State switch
    {
        ChargeState.Authorized or ChargeState.Captured => new StepResult(Outcome.Confirmed, Now) { RequestId = requestId },
        ChargeState.CaptureInitiated => new StepResult(Outcome.Pending, Now) { RequestId = requestId },
        ChargeState.AuthorizationInitiated => new StepResult(null, Now) { StillProcessing = true, RequestId = requestId },
        _ => new StepResult(Outcome.Failed, Now)
        {
            FailureReason = charge.StatusDetails.ReasonCode ?? charge.StatusDetails.State.ToString(),
            Error = (charge.StatusDetails.State == ChargeState.Declined ? GatewayErrors.Declined : GatewayErrors.AmazonRejected)
                .With(charge.StatusDetails.ReasonCode ?? charge.StatusDetails.State.ToString()),
            RequestId = requestId,
        },
    };

    private StepResult FromRefund(AmazonRefund refund, string? requestId) => refund.StatusDetails.State switch
    {
        RefundState.Refunded => new StepResult(Outcome.Confirmed, Now) { RequestId = requestId },
        RefundState.RefundInitiated => new StepResult(Outcome.Pending, Now) { RequestId = requestId },
        _ => new StepResult(Outcome.Failed, Now)
        {
            FailureReason = refund.StatusDetails.ReasonCode ?? refund.StatusDetails.State.ToString(),
            Error = GatewayErrors.AmazonRejected.With(refund.StatusDetails.ReasonCode),
            RequestId = requestId,
        },
    };

    /// <summary>The sync: where an accepted capture or refund stands now.</summary>
    internal async Task<StepResult> CheckAsync(AmazonPayCredentials shop, GatewayTransaction row, GatewayRefund? pendingRefund, CancellationToken cancellationToken)
    {
        if (pendingRefund is not null)
        {
            var refund = await amazon.GetRefundAsync(shop, pendingRefund.AmazonRefundId!, cancellationToken);
            if (!refund.IsSuccess)
            {
                return StepResult.Unknown(refund.Error, Now);
            }

            var result = FromRefund(refund.Value, refund.RequestId);
            return result.Outcome == Outcome.Pending ? result with { Outcome = null, StillProcessing = true } : result;
        }

        var charge = await amazon.GetChargeAsync(shop, row.ChargeId!, cancellationToken);
        if (!charge.IsSuccess)
        {
            return StepResult.Unknown(charge.Error, Now);
        }

        var state = FromCapture(charge.Value, charge.RequestId);
        return state.Outcome == Outcome.Pending ? state with { Outcome = null, StillProcessing = true } : state;
    }

    internal async Task<StepResult> ClosePermissionAsync(AmazonPayCredentials shop, string chargePermissionId, bool recovering, CancellationToken cancellationToken)
    {
        if (recovering)
        {
            var current = await amazon.GetChargePermissionAsync(shop, chargePermissionId, cancellationToken);
            if (current.IsSuccess && current.Value.StatusDetails.State == ChargePermissionState.Closed)
            {
                return new StepResult(Outcome.Confirmed, Now) { RequestId = current.RequestId };
            }
        }

        var closed = await amazon.CloseChargePermissionAsync(
            shop, chargePermissionId, new CloseChargePermissionRequest("Registration ended by the merchant", CancelPendingCharges: false), cancellationToken);
        return closed.IsSuccess ? new StepResult(Outcome.Confirmed, Now) { RequestId = closed.RequestId } : Answer(closed.Error);
    }

    /// <summary>An error answer: unknown when no answer came (or 5xx after retries), a failure when Amazon refused.</summary>
    private StepResult Answer(AmazonPayError error) =>
        error.OutcomeUnknown ? StepResult.Unknown(error, Now) : StepResult.Failed(error, Now);

    private DateTimeOffset Now => clock.GetUtcNow();
}
