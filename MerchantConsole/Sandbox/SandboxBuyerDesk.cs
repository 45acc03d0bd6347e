using System.Security.Cryptography;
using System.Text.Json.Nodes;
using MerchantConsole.Core.AmazonPay;
using MerchantConsole.Data;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using static MerchantConsole.Sandbox.SandboxJson;

namespace MerchantConsole.Sandbox;

/// <summary>What the buyer's browser is told to do next, or why it cannot go on.</summary>
public sealed record BuyerStep(string? RedirectUrl, string? ErrorKey = null, string? Detail = null)
{
    public bool Succeeded => ErrorKey is null;

    public static BuyerStep Refused(string errorKey, string? detail = null) => new(null, errorKey, detail);
}

/// <summary>A checkout session as the buyer pages show it.</summary>
public sealed record BuyerCheckoutView(
    string SessionId, string State, string StoreName, long? Amount, string? PaymentIntent, string ChargePermissionType,
    string? BuyerId, string? PaymentDescriptor, string? NoteToBuyer, bool ReadyToConfirm);

/// <summary>
/// The buyer's side of the sandbox: the button click (signature checked as checkout.js's server side would),
/// choosing a test buyer and payment method, confirming or declining, and signing in. The checkout session ID,
/// a random GUID, is what identifies a buyer's visit, as on Amazon's own pages.
/// </summary>
public sealed class SandboxBuyerDesk(
    IDbContextFactory<ApplicationDbContext> dbFactory, SandboxOperations operations, SandboxPublicKeys publicKeys, IDataProtectionProvider protection, TimeProvider time)
{
    private readonly IDataProtector signInTickets = protection.CreateProtector("MerchantConsole.Sandbox.SignIn");

    /// <summary>
    /// A button was clicked: verify the payload's signature with the public key it names, then start a checkout
    /// session (or, for a sign-in button, a sign-in ticket). A mismatch is refused with the string to sign the
    /// sandbox computed, as Amazon's InvalidSignatureError shows it.
    /// </summary>
    public async Task<BuyerStep> StartAsync(string payloadJson, string signature, string publicKeyId, string algorithm, string productType, Uri origin, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var key = await db.SandboxKeys.AsNoTracking().SingleOrDefaultAsync(k => k.PublicKeyId == publicKeyId && k.RevokedAt == null, cancellationToken);
        if (key is null)
        {
            return BuyerStep.Refused(SandboxErrors.ButtonSignatureInvalid, $"Error Code: InvalidParameterValue — the public key {publicKeyId} is unknown or revoked.");
        }

        if (!SignatureAlgorithms.TryParse(algorithm, out var parsedAlgorithm))
        {
            return BuyerStep.Refused(SandboxErrors.ButtonSignatureInvalid, $"Error Code: InvalidParameterValue — algorithm {algorithm} is not supported.");
        }

        var merchant = await db.SandboxMerchants.SingleAsync(m => m.ShopId == key.ShopId, cancellationToken);
        var stringToSign = CanonicalRequest.StringToSign(parsedAlgorithm, payloadJson);
        if (!RsaPss.Verify(stringToSign, signature, publicKeys.Get(key.PublicKeyPem), parsedAlgorithm))
        {
            return BuyerStep.Refused(SandboxErrors.ButtonSignatureInvalid,
                $"Error Code: InvalidSignatureError — the signature does not match signedString {stringToSign.Replace('\n', ' ')} for merchant {merchant.MerchantId}.");
        }

        var payload = ParseObject(payloadJson);
        var now = time.GetUtcNow().AddSeconds(merchant.ClockOffsetSeconds);
        if (productType == "SignIn")
        {
            var returnUrl = String(payload, "signInReturnUrl");
            if (String(payload, "storeId") != merchant.StoreId || returnUrl is null || !Uri.IsWellFormedUriString(returnUrl, UriKind.Absolute))
            {
                return BuyerStep.Refused(SandboxErrors.ButtonSignatureInvalid, "Error Code: InvalidParameterValue — storeId or signInReturnUrl is wrong.");
            }

            var ticket = signInTickets.ToTimeLimitedDataProtector().Protect($"{merchant.ShopId}\n{returnUrl}", TimeSpan.FromHours(1));
            return new BuyerStep(new Uri(origin, $"/sandbox/buyer/signin?ticket={Uri.EscapeDataString(ticket)}").ToString());
        }

        var call = new SandboxCall(db, merchant, now, origin, cancellationToken);
        var created = await operations.CreateCheckoutSessionAsync(call, payload, productType);
        if (!created.IsSuccess)
        {
            return BuyerStep.Refused(SandboxErrors.ButtonSignatureInvalid, $"Error Code: {String(created.Body, "reasonCode")} — {String(created.Body, "message")}");
        }

        await db.SaveChangesAsync(cancellationToken);
        return new BuyerStep(new Uri(origin, $"/sandbox/buyer/checkout/{String(created.Body, "checkoutSessionId")}").ToString());
    }

    public async Task<BuyerCheckoutView?> GetAsync(string sessionId, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var session = await LoadAsync(db, sessionId, cancellationToken);
        if (session is null)
        {
            return null;
        }

        var document = ParseObject(session.DetailsJson);
        return new BuyerCheckoutView(session.Id, session.State,
            String(document, "merchantMetadata", "merchantStoreName") ?? session.ShopId,
            session.ChargeAmount, session.PaymentIntent, session.ChargePermissionType, session.BuyerId, session.PaymentDescriptor,
            String(document, "merchantMetadata", "noteToBuyer"), SandboxOperations.Constraints(session).Count == 0);
    }

    /// <summary>The buyer picked who they are and how they pay; back to the merchant's review page (or, for APB, on to confirm).</summary>
    public async Task<BuyerStep> ChooseAsync(string sessionId, string buyerId, string paymentMethodId, Uri origin, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var session = await LoadAsync(db, sessionId, cancellationToken);
        if (session is null)
        {
            return BuyerStep.Refused(SandboxErrors.SessionNotFound);
        }

        if (session.State != "Open")
        {
            return BuyerStep.Refused(SandboxErrors.SessionNotOpen, session.State);
        }

        var method = SandboxBuyers.Find(buyerId)?.PaymentMethods.FirstOrDefault(m => m.Id == paymentMethodId);
        if (method is null)
        {
            return BuyerStep.Refused(SandboxErrors.BuyerInvalid);
        }

        session.BuyerId = buyerId;
        session.PaymentDescriptor = method.Descriptor;
        session.UpdatedAt = await NowAsync(db, session, cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        var document = ParseObject(session.DetailsJson);
        if (String(document, "webCheckoutDetails", "checkoutMode") == "ProcessOrder")
        {
            return new BuyerStep(new Uri(origin, $"/sandbox/buyer/confirm/{session.Id}").ToString());
        }

        return new BuyerStep(WithQuery(String(document, "webCheckoutDetails", "checkoutReviewReturnUrl")!, "amazonCheckoutSessionId", session.Id));
    }

    /// <summary>
    /// The buyer's answer on amazonPayRedirectUrl: Approve, SoftDecline or HardDecline (the merchant learns the
    /// outcome from CompleteCheckoutSession) or Cancel (the session ends BuyerCanceled).
    /// </summary>
    public async Task<BuyerStep> ConfirmAsync(string sessionId, string outcome, CancellationToken cancellationToken = default)
    {
        if (outcome is not ("Approve" or "SoftDecline" or "HardDecline" or "Cancel"))
        {
            return BuyerStep.Refused(SandboxErrors.BuyerInvalid);
        }

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var session = await LoadAsync(db, sessionId, cancellationToken);
        if (session is null)
        {
            return BuyerStep.Refused(SandboxErrors.SessionNotFound);
        }

        if (session.State != "Open")
        {
            return BuyerStep.Refused(SandboxErrors.SessionNotOpen, session.State);
        }

        if (SandboxOperations.Constraints(session).Count > 0)
        {
            // The merchant has not yet set the amount and result URL (UpdateCheckoutSession): too early, not too late.
            return BuyerStep.Refused(SandboxErrors.SessionNotReady);
        }

        var document = ParseObject(session.DetailsJson);
        var result = String(document, "webCheckoutDetails", "checkoutResultReturnUrl")!;
        session.BuyerOutcome = outcome;
        session.UpdatedAt = await NowAsync(db, session, cancellationToken);
        if (outcome == "Cancel")
        {
            session.State = "Canceled";
            session.ReasonCode = "BuyerCanceled";
            result = String(document, "webCheckoutDetails", "checkoutCancelUrl") ?? result;
        }

        await db.SaveChangesAsync(cancellationToken);
        return new BuyerStep(WithQuery(result, "amazonCheckoutSessionId", session.Id));
    }

    /// <summary>Which shop a sign-in ticket is for; null when the ticket is forged or stale.</summary>
    public string? ReadSignInTicket(string ticket)
    {
        try
        {
            return signInTickets.ToTimeLimitedDataProtector().Unprotect(ticket).Split('\n')[0];
        }
        catch (CryptographicException)
        {
            return null;
        }
    }

    /// <summary>The buyer signed in: a buyer token (24 hours) goes back to signInReturnUrl for GetBuyer.</summary>
    public async Task<BuyerStep> SignInAsync(string ticket, string buyerId, CancellationToken cancellationToken = default)
    {
        string[] parts;
        try
        {
            parts = signInTickets.ToTimeLimitedDataProtector().Unprotect(ticket).Split('\n');
        }
        catch (CryptographicException)
        {
            return BuyerStep.Refused(SandboxErrors.SessionNotFound);
        }

        if (SandboxBuyers.Find(buyerId) is null)
        {
            return BuyerStep.Refused(SandboxErrors.BuyerInvalid);
        }

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var merchant = await db.SandboxMerchants.SingleAsync(m => m.ShopId == parts[0], cancellationToken);
        var token = new SandboxBuyerToken
        {
            Token = SandboxIds.BuyerToken(),
            ShopId = merchant.ShopId,
            BuyerId = buyerId,
            ExpiresAt = time.GetUtcNow().AddSeconds(merchant.ClockOffsetSeconds).AddHours(24),
        };
        db.SandboxBuyerTokens.Add(token);
        await db.SaveChangesAsync(cancellationToken);
        return new BuyerStep(WithQuery(parts[1], "buyerToken", token.Token));
    }

    private async Task<SandboxCheckoutSession?> LoadAsync(ApplicationDbContext db, string sessionId, CancellationToken cancellationToken)
    {
        var session = await db.SandboxCheckoutSessions.SingleOrDefaultAsync(s => s.Id == sessionId, cancellationToken);
        if (session is not null)
        {
            SandboxSettlement.Settle(session, await NowAsync(db, session, cancellationToken));
        }

        return session;
    }

    private async Task<DateTimeOffset> NowAsync(ApplicationDbContext db, SandboxCheckoutSession session, CancellationToken cancellationToken)
    {
        var offset = await db.SandboxMerchants.Where(m => m.ShopId == session.ShopId).Select(m => m.ClockOffsetSeconds).SingleAsync(cancellationToken);
        return time.GetUtcNow().AddSeconds(offset);
    }

    private static string WithQuery(string url, string name, string value) =>
        url + (url.Contains('?', StringComparison.Ordinal) ? "&" : "?") + name + "=" + Uri.EscapeDataString(value);
}
