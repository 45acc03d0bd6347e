using System.Text.Json.Nodes;
using MerchantConsole.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using static MerchantConsole.Sandbox.SandboxAnswer;
using static MerchantConsole.Sandbox.SandboxJson;

namespace MerchantConsole.Sandbox;

/// <summary>One API call's context: the shop it acts for, its database unit of work and its sandbox clock.</summary>
public sealed record SandboxCall(ApplicationDbContext Db, SandboxMerchant Merchant, DateTimeOffset Now, Uri Origin, CancellationToken CancellationToken)
{
    public string ShopId => Merchant.ShopId;

    /// <summary>Where the faults that strike this call are counted (none outside the sandbox's API).</summary>
    public SandboxFaultLog? FaultLog { get; init; }

    private List<SandboxFault>? faults;

    /// <summary>
    /// The shop's fault settings, read once per call in its unit of work (a call asks for up to five kinds; most shops
    /// have none). The list is the call's own: a "next N" fault spent to nothing leaves it as it leaves the table.
    /// </summary>
    internal async Task<List<SandboxFault>> FaultsAsync() =>
        faults ??= await Db.SandboxFaults.Where(f => f.ShopId == ShopId).OrderBy(f => f.Id).ToListAsync(CancellationToken);
}

/// <summary>
/// Amazon Pay API v2's operations as the gateway uses them (wire spec section 4), with the rules listed in the
/// sandbox issue: whole yen up to 10,000,000, completion with the session's amount, capture up to the
/// authorization, refunds up to the capture plus Amazon's allowance, ten refunds per charge, expiries.
/// Each method returns Amazon's status code and body; the caller saves the unit of work.
/// </summary>
public sealed class SandboxOperations(IOptions<AmazonPayOptions> options)
{
    private static readonly string[] PaymentIntents = ["Confirm", "Authorize", "AuthorizeWithCapture"];
    private static readonly string[] FrequencyUnits = ["Year", "Month", "Week", "Day", "Variable"];
    private static readonly string[] RequiredJapaneseAddressFields = ["name", "addressLine1", "stateOrRegion", "postalCode", "countryCode", "phoneNumber"];
    private static readonly string[] EchoedSessionFields = ["merchantMetadata", "recurringMetadata", "platformId", "providerMetadata", "supplementaryData"];
    private static readonly string[] EchoedPermissionFields = ["merchantMetadata", "recurringMetadata"];

    private SandboxBehaviour Behaviour => options.Value.Sandbox;

    // ---------------------------------------------------------------- checkout sessions

    public async Task<SandboxAnswer> CreateCheckoutSessionAsync(SandboxCall call, JsonObject? payload, string? productType = null)
    {
        if (payload is null)
        {
            return Error(400, "InvalidRequestFormat", "The request body is not a JSON object.");
        }

        if (String(payload, "storeId") != call.Merchant.StoreId)
        {
            return Error(400, "InvalidParameterValue", "storeId is missing or does not belong to this merchant.");
        }

        var details = Walk(payload, "webCheckoutDetails") as JsonObject;
        var apb = String(details, "checkoutMode") == "ProcessOrder";
        var review = String(details, "checkoutReviewReturnUrl");
        var result = String(details, "checkoutResultReturnUrl");
        if (details is null || (!apb && review is null) || (apb && result is null))
        {
            return Error(400, "MissingParameterValue",
                apb ? "webCheckoutDetails.checkoutResultReturnUrl is required with checkoutMode ProcessOrder."
                    : "webCheckoutDetails.checkoutReviewReturnUrl is required.");
        }

        foreach (var url in new[] { review, result, String(details, "checkoutCancelUrl") }.OfType<string>())
        {
            if (!Uri.TryCreate(url, UriKind.Absolute, out var parsed) || parsed.Scheme is not ("https" or "http"))
            {
                return Error(400, "InvalidParameterValue", $"{url} is not an absolute URL.");
            }
        }

        var type = String(payload, "chargePermissionType") ?? "OneTime";
        if (type is not ("OneTime" or "Recurring"))
        {
            return Error(400, "InvalidParameterValue", "chargePermissionType must be OneTime or Recurring.");
        }

        var intent = String(payload, "paymentDetails", "paymentIntent");
        if (intent is not null && !PaymentIntents.Contains(intent))
        {
            return Error(400, "InvalidParameterValue", "paymentDetails.paymentIntent must be Confirm, Authorize or AuthorizeWithCapture.");
        }

        var (amount, priceError) = ReadPrice(Walk(payload, "paymentDetails", "chargeAmount"), "paymentDetails.chargeAmount");
        if (priceError is not null)
        {
            return priceError;
        }

        if (type == "Recurring" && FrequencyError(payload) is { } frequencyError)
        {
            return frequencyError;
        }

        if (apb && (intent is null || amount is null))
        {
            return Error(400, "MissingParameterValue", "checkoutMode ProcessOrder needs paymentDetails.paymentIntent and paymentDetails.chargeAmount.");
        }

        if (apb && productType == "PayAndShip" && MissingAddressField(payload) is { } missing)
        {
            return Error(400, "MissingParameterValue", $"addressDetails.{missing} is required for PayAndShip with checkoutMode ProcessOrder.");
        }

        var session = new SandboxCheckoutSession
        {
            Id = SandboxIds.CheckoutSessionId(),
            ShopId = call.ShopId,
            StoreId = call.Merchant.StoreId,
            State = "Open",
            ProductType = productType,
            ChargePermissionType = type,
            PaymentIntent = intent,
            ChargeAmount = amount,
            CanHandlePendingAuthorization = Bool(payload, "paymentDetails", "canHandlePendingAuthorization") ?? false,
            AllowOvercharge = Bool(payload, "paymentDetails", "allowOvercharge") ?? false,
            ExtendExpiration = Bool(payload, "paymentDetails", "extendExpiration") ?? false,
            DetailsJson = Copy(payload).ToJsonString(),
            CreatedAt = call.Now,
            UpdatedAt = call.Now,
        };
        call.Db.SandboxCheckoutSessions.Add(session);
        return new(201, Render(session, call));
    }

    public async Task<SandboxAnswer> GetCheckoutSessionAsync(SandboxCall call, string id)
    {
        var session = await FindSessionAsync(call, id);
        return session is null ? NotFound("CheckoutSession", id) : new(200, Render(session, call));
    }

    public async Task<SandboxAnswer> UpdateCheckoutSessionAsync(SandboxCall call, string id, JsonObject? body)
    {
        var session = await FindSessionAsync(call, id);
        if (session is null)
        {
            return NotFound("CheckoutSession", id);
        }

        if (body is null)
        {
            return Error(400, "InvalidRequestFormat", "The request body is not a JSON object.");
        }

        if (session.State != "Open")
        {
            return Error(422, "InvalidCheckoutSessionStatus", $"The checkout session is {session.State} and can no longer be updated.");
        }

        var document = ParseObject(session.DetailsJson)!;
        if (String(body, "webCheckoutDetails", "checkoutResultReturnUrl") is { } result)
        {
            if (!Uri.TryCreate(result, UriKind.Absolute, out _))
            {
                return Error(400, "InvalidParameterValue", "webCheckoutDetails.checkoutResultReturnUrl is not an absolute URL.");
            }

            var web = document["webCheckoutDetails"] as JsonObject ?? [];
            web["checkoutResultReturnUrl"] = result;
            document["webCheckoutDetails"] = web;
        }

        if (Walk(body, "paymentDetails") is JsonObject payment)
        {
            var intent = String(payment, "paymentIntent");
            if (intent is not null && !PaymentIntents.Contains(intent))
            {
                return Error(400, "InvalidParameterValue", "paymentDetails.paymentIntent must be Confirm, Authorize or AuthorizeWithCapture.");
            }

            var (amount, priceError) = ReadPrice(payment["chargeAmount"], "paymentDetails.chargeAmount");
            if (priceError is not null)
            {
                return priceError;
            }

            session.PaymentIntent = intent ?? session.PaymentIntent;
            session.ChargeAmount = amount ?? session.ChargeAmount;
            session.CanHandlePendingAuthorization = Bool(payment, "canHandlePendingAuthorization") ?? session.CanHandlePendingAuthorization;
            var stored = document["paymentDetails"] as JsonObject ?? [];
            foreach (var (name, value) in payment)
            {
                stored[name] = value?.DeepClone();
            }

            document["paymentDetails"] = stored;
        }

        foreach (var name in EchoedSessionFields)
        {
            if (body.TryGetPropertyValue(name, out var value))
            {
                document[name] = value?.DeepClone();
            }
        }

        if (session.ChargePermissionType == "Recurring" && FrequencyError(document) is { } frequencyError && Walk(body, "recurringMetadata") is not null)
        {
            return frequencyError;
        }

        session.DetailsJson = document.ToJsonString();
        session.UpdatedAt = call.Now;
        return new(200, Render(session, call));
    }

    public async Task<SandboxAnswer> CompleteCheckoutSessionAsync(SandboxCall call, string id, JsonObject? body)
    {
        var session = await FindSessionAsync(call, id);
        if (session is null)
        {
            return NotFound("CheckoutSession", id);
        }

        if (session.State == "Canceled")
        {
            return Error(400, "CheckoutSessionCanceled", $"The checkout session was canceled ({session.ReasonCode}).");
        }

        if (session.State == "Completed")
        {
            return new(200, Render(session, call));
        }

        if (Constraints(session).Count > 0 || session.BuyerOutcome is null)
        {
            return Error(422, "InvalidCheckoutSessionStatus", "The buyer has not confirmed the payment on amazonPayRedirectUrl yet.");
        }

        var (amount, priceError) = ReadPrice(Walk(body, "chargeAmount"), "chargeAmount");
        if (priceError is not null)
        {
            return priceError;
        }

        if (session.ChargeAmount is { } expected && amount != expected)
        {
            return Error(409, "AmountMismatch", $"chargeAmount {amount} does not match the checkout session's {expected} JPY.");
        }

        var decline = session.BuyerOutcome switch
        {
            "SoftDecline" => "SoftDeclined",
            "HardDecline" => "HardDeclined",
            _ => await AuthorizationDeclineAsync(call),
        };
        if (decline is not null && session.PaymentIntent != "Confirm")
        {
            session.State = "Canceled";
            session.ReasonCode = "Declined";
            session.UpdatedAt = call.Now;
            return Error(422, decline, "The payment method was declined.");
        }

        var buyer = SandboxBuyers.Find(session.BuyerId)!;
        var document = ParseObject(session.DetailsJson)!;
        var limit = session.ChargeAmount ?? 0;
        var permission = new SandboxChargePermission
        {
            Id = SandboxIds.ChargePermissionId(),
            ShopId = call.ShopId,
            CheckoutSessionId = session.Id,
            ChargePermissionType = session.ChargePermissionType,
            State = "Chargeable",
            AmountLimit = session.ChargePermissionType == "Recurring" ? MaxAmount
                : session.AllowOvercharge ? Math.Max(70_000, 9 * limit) : limit,
            BuyerId = buyer.BuyerId,
            DetailsJson = new JsonObject
            {
                ["merchantMetadata"] = document["merchantMetadata"]?.DeepClone(),
                ["recurringMetadata"] = document["recurringMetadata"]?.DeepClone(),
            }.ToJsonString(),
            CreatedAt = call.Now,
            UpdatedAt = call.Now,
            ExpiresAt = session.ChargePermissionType == "Recurring" || session.ExtendExpiration ? call.Now.AddMonths(13) : call.Now.AddDays(180),
        };
        call.Db.SandboxChargePermissions.Add(permission);
        session.ChargePermissionId = permission.Id;

        if (session.PaymentIntent is "Authorize" or "AuthorizeWithCapture")
        {
            var charge = await AuthorizeAsync(call, permission, session.ChargeAmount!.Value, session.PaymentIntent == "AuthorizeWithCapture",
                session.CanHandlePendingAuthorization, softDescriptor: String(document, "paymentDetails", "softDescriptor"), sequence: 1);
            session.ChargeId = charge.Id;
        }

        session.State = "Completed";
        session.UpdatedAt = call.Now;
        return new(200, Render(session, call));
    }

    // ---------------------------------------------------------------- charge permissions

    public async Task<SandboxAnswer> GetChargePermissionAsync(SandboxCall call, string id)
    {
        var permission = await FindPermissionAsync(call, id);
        return permission is null ? NotFound("ChargePermission", id) : new(200, Render(permission));
    }

    public async Task<SandboxAnswer> UpdateChargePermissionAsync(SandboxCall call, string id, JsonObject? body)
    {
        var permission = await FindPermissionAsync(call, id);
        if (permission is null)
        {
            return NotFound("ChargePermission", id);
        }

        if (permission.State == "Closed")
        {
            return Error(422, "ChargePermissionNotModifiable", "The charge permission is closed.");
        }

        var document = ParseObject(permission.DetailsJson) ?? [];
        foreach (var name in EchoedPermissionFields)
        {
            if (body is not null && body.TryGetPropertyValue(name, out var value))
            {
                document[name] = value?.DeepClone();
            }
        }

        permission.DetailsJson = document.ToJsonString();
        permission.UpdatedAt = call.Now;
        return new(200, Render(permission));
    }

    public async Task<SandboxAnswer> CloseChargePermissionAsync(SandboxCall call, string id, JsonObject? body)
    {
        var permission = await FindPermissionAsync(call, id);
        if (permission is null)
        {
            return NotFound("ChargePermission", id);
        }

        if (permission.State == "Closed")
        {
            return new(200, Render(permission));
        }

        permission.State = "Closed";
        permission.ReasonCode = "MerchantClosed";
        permission.UpdatedAt = call.Now;
        if (Bool(body, "cancelPendingCharges") == true)
        {
            var pending = await call.Db.SandboxCharges
                .Where(c => c.ChargePermissionId == id && (c.State == "Authorized" || c.State == "AuthorizationInitiated"))
                .ToListAsync(call.CancellationToken);
            foreach (var charge in pending)
            {
                charge.State = "Canceled";
                charge.ReasonCode = "ChargePermissionCanceled";
                charge.SettlesAt = null;
                charge.UpdatedAt = call.Now;
            }
        }

        return new(200, Render(permission));
    }

    // ---------------------------------------------------------------- charges

    public async Task<SandboxAnswer> CreateChargeAsync(SandboxCall call, JsonObject? body)
    {
        var permissionId = String(body, "chargePermissionId");
        if (permissionId is null)
        {
            return Error(400, "MissingParameterValue", "chargePermissionId is required.");
        }

        var (amount, priceError) = ReadPrice(Walk(body, "chargeAmount"), "chargeAmount");
        if (priceError is not null)
        {
            return priceError;
        }

        if (amount is null)
        {
            return Error(400, "MissingParameterValue", "chargeAmount is required.");
        }

        var permission = await FindPermissionAsync(call, permissionId);
        if (permission is null)
        {
            return NotFound("ChargePermission", permissionId);
        }

        if (permission.State != "Chargeable")
        {
            return Error(422, "InvalidChargePermissionStatus", $"The charge permission is {permission.State} ({permission.ReasonCode}).");
        }

        if (permission.ChargePermissionType == "OneTime" && amount > permission.AmountLimit - permission.AmountAuthorized)
        {
            return Error(400, "TransactionAmountExceeded",
                $"chargeAmount {amount} exceeds the charge permission's balance of {permission.AmountLimit - permission.AmountAuthorized} JPY.");
        }

        var decline = await AuthorizationDeclineAsync(call);
        if (decline is not null)
        {
            return Error(422, decline, "The payment method was declined.");
        }

        var sequence = await call.Db.SandboxCharges.CountAsync(c => c.ChargePermissionId == permissionId, call.CancellationToken)
            + call.Db.ChangeTracker.Entries<SandboxCharge>().Count(e => e.State == EntityState.Added && e.Entity.ChargePermissionId == permissionId) + 1;
        var charge = await AuthorizeAsync(call, permission, amount.Value, Bool(body, "captureNow") ?? false,
            Bool(body, "canHandlePendingAuthorization") ?? false, String(body, "softDescriptor"), sequence);
        if (body?["merchantMetadata"] is JsonNode metadata)
        {
            charge.DetailsJson = new JsonObject { ["merchantMetadata"] = metadata.DeepClone() }.ToJsonString();
        }

        if (permission.ChargePermissionType == "Recurring")
        {
            // Each payment keeps a recurring permission alive for another 13 months.
            permission.ExpiresAt = call.Now.AddMonths(13);
            permission.UpdatedAt = call.Now;
        }

        return new(201, Render(charge));
    }

    public async Task<SandboxAnswer> GetChargeAsync(SandboxCall call, string id)
    {
        var charge = await FindChargeAsync(call, id);
        return charge is null ? NotFound("Charge", id) : new(200, Render(charge));
    }

    public async Task<SandboxAnswer> CaptureChargeAsync(SandboxCall call, string id, JsonObject? body)
    {
        var charge = await FindChargeAsync(call, id);
        if (charge is null)
        {
            return NotFound("Charge", id);
        }

        var (amount, priceError) = ReadPrice(Walk(body, "captureAmount"), "captureAmount");
        if (priceError is not null)
        {
            return priceError;
        }

        if (amount is null)
        {
            return Error(400, "MissingParameterValue", "captureAmount is required.");
        }

        if (charge.State is "Captured" or "CaptureInitiated")
        {
            return Error(422, "InvalidChargeStatus", $"The charge is already {charge.State}.");
        }

        if (charge.State != "Authorized")
        {
            return Error(422, "InvalidChargeStatus", $"The charge is {charge.State} ({charge.ReasonCode}) and cannot be captured.");
        }

        if (amount > charge.Amount)
        {
            return Error(400, "TransactionAmountExceeded", $"captureAmount {amount} exceeds the authorized {charge.Amount} JPY.");
        }

        var pending = await CapturePendsAsync(call);
        var declines = await SandboxFaults.StrikesAsync(call, SandboxFaultKind.CaptureDecline);
        if (declines && !pending)
        {
            return Error(422, "ProcessingFailure", "Amazon could not process the capture; the charge stays Authorized.");
        }

        charge.CaptureAmount = amount;
        charge.SoftDescriptor = String(body, "softDescriptor") ?? charge.SoftDescriptor;
        Capture(charge, call, pending, declines);
        return new(200, Render(charge));
    }

    public async Task<SandboxAnswer> CancelChargeAsync(SandboxCall call, string id, JsonObject? body)
    {
        var charge = await FindChargeAsync(call, id);
        if (charge is null)
        {
            return NotFound("Charge", id);
        }

        if (charge.State == "Canceled")
        {
            return new(200, Render(charge));
        }

        if (charge.State is not ("Authorized" or "AuthorizationInitiated"))
        {
            return Error(422, "InvalidChargeStatus", $"The charge is {charge.State}; only an authorization can be canceled.");
        }

        charge.State = "Canceled";
        charge.ReasonCode = "MerchantCanceled";
        charge.SettlesAt = null;
        charge.SettlesTo = null;
        charge.UpdatedAt = call.Now;
        var permission = await call.Db.SandboxChargePermissions.SingleAsync(p => p.Id == charge.ChargePermissionId, call.CancellationToken);
        permission.AmountAuthorized -= charge.Amount;
        permission.UpdatedAt = call.Now;
        _ = body;
        return new(200, Render(charge));
    }

    // ---------------------------------------------------------------- refunds

    public async Task<SandboxAnswer> CreateRefundAsync(SandboxCall call, JsonObject? body)
    {
        var chargeId = String(body, "chargeId");
        if (chargeId is null)
        {
            return Error(400, "MissingParameterValue", "chargeId is required.");
        }

        var (amount, priceError) = ReadPrice(Walk(body, "refundAmount"), "refundAmount");
        if (priceError is not null)
        {
            return priceError;
        }

        if (amount is null)
        {
            return Error(400, "MissingParameterValue", "refundAmount is required.");
        }

        var charge = await FindChargeAsync(call, chargeId);
        if (charge is null)
        {
            return NotFound("Charge", chargeId);
        }

        if (charge.State != "Captured")
        {
            return Error(422, "InvalidChargeStatus", $"The charge is {charge.State}; only captured money can be refunded.");
        }

        if (charge.RefundCount >= 10)
        {
            return Error(422, "TransactionCountExceeded", "A charge can be refunded at most 10 times.");
        }

        var captured = charge.CaptureAmount ?? charge.Amount;
        var allowance = Math.Min(captured * 15 / 100, 8_400);
        if (charge.RefundedAmount + amount > captured + allowance)
        {
            return Error(400, "TransactionAmountExceeded",
                $"refundAmount {amount} with {charge.RefundedAmount} already refunded exceeds the captured {captured} JPY plus the allowance of {allowance} JPY.");
        }

        var declines = await SandboxFaults.StrikesAsync(call, SandboxFaultKind.RefundDecline);
        charge.RefundCount++;
        charge.RefundedAmount += amount.Value;
        charge.UpdatedAt = call.Now;
        var refund = new SandboxRefund
        {
            Id = SandboxIds.RefundId(charge.Id, charge.RefundCount),
            ShopId = call.ShopId,
            ChargeId = charge.Id,
            Amount = amount.Value,
            State = "RefundInitiated",
            SettlesAt = call.Now.AddSeconds(Behaviour.RefundSettleSeconds),
            SettlesTo = declines ? "Declined" : "Refunded",
            SettlesReason = declines ? "ProcessingFailure" : null,
            SoftDescriptor = String(body, "softDescriptor"),
            CreatedAt = call.Now,
            UpdatedAt = call.Now,
        };
        call.Db.SandboxRefunds.Add(refund);
        SandboxSettlement.Settle(refund, charge, call.Now);
        return new(201, Render(refund));
    }

    public async Task<SandboxAnswer> GetRefundAsync(SandboxCall call, string id)
    {
        var refund = await call.Db.SandboxRefunds.SingleOrDefaultAsync(r => r.Id == id && r.ShopId == call.ShopId, call.CancellationToken);
        if (refund is null)
        {
            return NotFound("Refund", id);
        }

        var charge = await call.Db.SandboxCharges.SingleAsync(c => c.Id == refund.ChargeId, call.CancellationToken);
        SandboxSettlement.Settle(refund, charge, call.Now);
        return new(200, Render(refund));
    }

    // ---------------------------------------------------------------- buyers

    public async Task<SandboxAnswer> GetBuyerAsync(SandboxCall call, string token)
    {
        var found = await call.Db.SandboxBuyerTokens.SingleOrDefaultAsync(t => t.Token == token && t.ShopId == call.ShopId, call.CancellationToken);
        if (found is null || call.Now >= found.ExpiresAt || SandboxBuyers.Find(found.BuyerId) is not { } buyer)
        {
            return NotFound("Buyer", token);
        }

        var body = Buyer(buyer);
        body["postalCode"] = buyer.Address.PostalCode;
        body["countryCode"] = SandboxAddress.CountryCode;
        body["shippingAddress"] = Address(buyer.Address);
        body["billingAddress"] = Address(buyer.Address);
        return new(200, body);
    }

    // ---------------------------------------------------------------- shared steps

    /// <summary>Why a checkout session cannot be sent to the buyer's confirmation page yet.</summary>
    internal static List<(string Id, string Description)> Constraints(SandboxCheckoutSession session)
    {
        var document = ParseObject(session.DetailsJson);
        var constraints = new List<(string, string)>();
        if (String(document, "webCheckoutDetails", "checkoutResultReturnUrl") is null)
        {
            constraints.Add(("CheckoutResultReturnUrlNotSet", "checkoutResultReturnUrl is not set."));
        }

        if (session.PaymentIntent is null)
        {
            constraints.Add(("PaymentIntentNotSet", "paymentIntent is not set."));
        }

        if (session.ChargeAmount is null && session.PaymentIntent != "Confirm")
        {
            constraints.Add(("ChargeAmountNotSet", "chargeAmount is not set."));
        }

        if (session.BuyerId is null)
        {
            constraints.Add(("BuyerNotAssociated", "The buyer is not associated with the checkout session."));
        }

        if (session.ChargePermissionType == "Recurring" && Walk(document, "recurringMetadata", "frequency") is null)
        {
            constraints.Add(("RecurringFrequencyNotSet", "recurringMetadata.frequency is not set."));
        }

        return constraints;
    }

    private async Task<SandboxCharge> AuthorizeAsync(SandboxCall call, SandboxChargePermission permission, long amount, bool captureNow,
        bool canHandlePending, string? softDescriptor, int sequence)
    {
        permission.AmountAuthorized += amount;
        permission.UpdatedAt = call.Now;
        var charge = new SandboxCharge
        {
            Id = SandboxIds.ChargeId(permission.Id, sequence),
            ShopId = call.ShopId,
            ChargePermissionId = permission.Id,
            Amount = amount,
            State = "Authorized",
            CaptureNow = captureNow,
            CanHandlePendingAuthorization = canHandlePending,
            SoftDescriptor = softDescriptor,
            CreatedAt = call.Now,
            UpdatedAt = call.Now,
            ExpiresAt = call.Now + SandboxSettlement.AuthorizationLifetime,
        };
        call.Db.SandboxCharges.Add(charge);
        if (canHandlePending)
        {
            charge.State = "AuthorizationInitiated";
            charge.SettlesAt = call.Now.AddSeconds(Behaviour.PendingAuthorizationSeconds);
            charge.SettlesTo = captureNow ? "Captured" : "Authorized";
            if (captureNow)
            {
                charge.CaptureAmount = amount;
            }

            return charge;
        }

        if (captureNow)
        {
            var pending = await CapturePendsAsync(call);
            var declines = await SandboxFaults.StrikesAsync(call, SandboxFaultKind.CaptureDecline);
            charge.CaptureAmount = amount;
            Capture(charge, call, pending, declines);
        }

        return charge;
    }

    private void Capture(SandboxCharge charge, SandboxCall call, bool pending, bool declines)
    {
        charge.UpdatedAt = call.Now;
        if (pending)
        {
            charge.State = "CaptureInitiated";
            charge.SettlesAt = call.Now.AddSeconds(Behaviour.CaptureSettleSeconds);
            charge.SettlesTo = declines ? "Declined" : "Captured";
            charge.SettlesReason = declines ? "ProcessingFailure" : null;
        }
        else if (declines)
        {
            charge.State = "Declined";
            charge.ReasonCode = "ProcessingFailure";
        }
        else
        {
            charge.State = "Captured";
        }
    }

    private async Task<bool> CapturePendsAsync(SandboxCall call) =>
        await SandboxFaults.StrikesAsync(call, SandboxFaultKind.CapturePending)
        || (Behaviour.CaptureInitiatedPercent > 0 && Random.Shared.Next(100) < Behaviour.CaptureInitiatedPercent);

    private static async Task<string?> AuthorizationDeclineAsync(SandboxCall call) =>
        await SandboxFaults.StrikesAsync(call, SandboxFaultKind.AuthorizationHardDecline) ? "HardDeclined"
        : await SandboxFaults.StrikesAsync(call, SandboxFaultKind.AuthorizationSoftDecline) ? "SoftDeclined"
        : null;

    private static SandboxAnswer? FrequencyError(JsonObject document)
    {
        var unit = String(document, "recurringMetadata", "frequency", "unit");
        var value = Walk(document, "recurringMetadata", "frequency", "value");
        var number = value switch
        {
            JsonValue v when v.TryGetValue<int>(out var i) => i,
            JsonValue v when v.TryGetValue<string>(out var s) && int.TryParse(s, out var i) => i,
            _ => (int?)null,
        };
        return unit is null || !FrequencyUnits.Contains(unit) || (unit != "Variable" && number is not > 0)
            ? Error(400, "InvalidParameterValue", "recurringMetadata.frequency needs unit Year, Month, Week, Day or Variable and a positive value.")
            : null;
    }

    private static string? MissingAddressField(JsonObject payload) =>
        RequiredJapaneseAddressFields.FirstOrDefault(field => string.IsNullOrWhiteSpace(String(payload, "addressDetails", field)));

    private static SandboxAnswer NotFound(string kind, string id) =>
        Error(404, "ResourceNotFound", $"{kind} {id} was not found.");

    internal static async Task<SandboxCheckoutSession?> FindSessionAsync(SandboxCall call, string id)
    {
        var session = await call.Db.SandboxCheckoutSessions.SingleOrDefaultAsync(s => s.Id == id && s.ShopId == call.ShopId, call.CancellationToken);
        if (session is not null)
        {
            SandboxSettlement.Settle(session, call.Now);
        }

        return session;
    }

    private static async Task<SandboxChargePermission?> FindPermissionAsync(SandboxCall call, string id)
    {
        var permission = await call.Db.SandboxChargePermissions.SingleOrDefaultAsync(p => p.Id == id && p.ShopId == call.ShopId, call.CancellationToken);
        if (permission is not null)
        {
            SandboxSettlement.Settle(permission, call.Now);
        }

        return permission;
    }

    private static async Task<SandboxCharge?> FindChargeAsync(SandboxCall call, string id)
    {
        var charge = await call.Db.SandboxCharges.SingleOrDefaultAsync(c => c.Id == id && c.ShopId == call.ShopId, call.CancellationToken);
        if (charge is not null)
        {
            SandboxSettlement.Settle(charge, call.Now);
        }

        return charge;
    }

    // ---------------------------------------------------------------- rendering

    internal static JsonObject Render(SandboxCheckoutSession session, SandboxCall call)
    {
        var document = ParseObject(session.DetailsJson)!;
        var web = document["webCheckoutDetails"] as JsonObject ?? [];
        var constraints = session.State == "Open" ? Constraints(session) : [];
        if (session.State == "Open" && constraints.Count == 0)
        {
            web["amazonPayRedirectUrl"] = new Uri(call.Origin, $"/sandbox/buyer/confirm/{session.Id}").ToString();
        }

        var buyer = SandboxBuyers.Find(session.BuyerId);
        var body = new JsonObject
        {
            ["checkoutSessionId"] = session.Id,
            ["webCheckoutDetails"] = web.DeepClone(),
            ["productType"] = session.ProductType,
            ["paymentDetails"] = document["paymentDetails"]?.DeepClone(),
            ["chargePermissionType"] = session.ChargePermissionType,
            ["recurringMetadata"] = document["recurringMetadata"]?.DeepClone(),
            ["merchantMetadata"] = document["merchantMetadata"]?.DeepClone(),
            ["buyer"] = buyer is null ? null : Buyer(buyer),
            ["billingAddress"] = buyer is null ? null : Address(buyer.Address),
            ["shippingAddress"] = buyer is null ? null : Address(buyer.Address),
            ["paymentPreferences"] = session.PaymentDescriptor is null ? null : new JsonArray(new JsonObject { ["paymentDescriptor"] = session.PaymentDescriptor }),
            ["statusDetails"] = StatusDetails(session.State, session.ReasonCode, session.UpdatedAt),
            ["constraints"] = new JsonArray([.. constraints.Select(c => (JsonNode)new JsonObject { ["constraintId"] = c.Id, ["description"] = c.Description })]),
            ["creationTimestamp"] = Timestamp(session.CreatedAt),
            ["expirationTimestamp"] = Timestamp(session.CreatedAt + SandboxSettlement.SessionLifetime),
            ["chargePermissionId"] = session.ChargePermissionId,
            ["chargeId"] = session.ChargeId,
            ["storeId"] = session.StoreId,
            ["releaseEnvironment"] = "Sandbox",
        };
        return body;
    }

    internal static JsonObject Render(SandboxChargePermission permission)
    {
        var document = ParseObject(permission.DetailsJson) ?? [];
        var buyer = SandboxBuyers.Find(permission.BuyerId);
        return new JsonObject
        {
            ["chargePermissionId"] = permission.Id,
            ["chargePermissionType"] = permission.ChargePermissionType,
            ["limits"] = new JsonObject
            {
                ["amountLimit"] = Price(permission.AmountLimit),
                ["amountBalance"] = Price(Math.Max(0, permission.AmountLimit - permission.AmountAuthorized)),
            },
            ["buyer"] = buyer is null ? null : Buyer(buyer),
            ["shippingAddress"] = buyer is null ? null : Address(buyer.Address),
            ["billingAddress"] = buyer is null ? null : Address(buyer.Address),
            ["merchantMetadata"] = document["merchantMetadata"]?.DeepClone(),
            ["recurringMetadata"] = document["recurringMetadata"]?.DeepClone(),
            ["statusDetails"] = new JsonObject
            {
                ["state"] = permission.State,
                ["reasons"] = permission.ReasonCode is null ? null
                    : new JsonArray(new JsonObject { ["reasonCode"] = permission.ReasonCode, ["reasonDescription"] = permission.ReasonCode }),
                ["lastUpdatedTimestamp"] = Timestamp(permission.UpdatedAt),
            },
            ["creationTimestamp"] = Timestamp(permission.CreatedAt),
            ["expirationTimestamp"] = Timestamp(permission.ExpiresAt),
            ["presentmentCurrency"] = "JPY",
            ["releaseEnvironment"] = "Sandbox",
        };
    }

    internal static JsonObject Render(SandboxCharge charge)
    {
        var document = ParseObject(charge.DetailsJson) ?? [];
        return new JsonObject
        {
            ["chargeId"] = charge.Id,
            ["chargePermissionId"] = charge.ChargePermissionId,
            ["chargeAmount"] = Price(charge.Amount),
            ["captureAmount"] = charge.CaptureAmount is { } captured && charge.State is "Captured" or "CaptureInitiated" ? Price(captured) : null,
            ["refundedAmount"] = Price(charge.RefundedAmount),
            ["softDescriptor"] = charge.SoftDescriptor,
            ["captureNow"] = charge.CaptureNow,
            ["canHandlePendingAuthorization"] = charge.CanHandlePendingAuthorization,
            ["merchantMetadata"] = document["merchantMetadata"]?.DeepClone(),
            ["creationTimestamp"] = Timestamp(charge.CreatedAt),
            ["expirationTimestamp"] = Timestamp(charge.ExpiresAt),
            ["statusDetails"] = StatusDetails(charge.State, charge.ReasonCode, charge.UpdatedAt),
            ["releaseEnvironment"] = "Sandbox",
        };
    }

    internal static JsonObject Render(SandboxRefund refund) => new()
    {
        ["refundId"] = refund.Id,
        ["chargeId"] = refund.ChargeId,
        ["refundAmount"] = Price(refund.Amount),
        ["softDescriptor"] = refund.SoftDescriptor,
        ["creationTimestamp"] = Timestamp(refund.CreatedAt),
        ["statusDetails"] = StatusDetails(refund.State, refund.ReasonCode, refund.UpdatedAt),
        ["releaseEnvironment"] = "Sandbox",
    };
}
