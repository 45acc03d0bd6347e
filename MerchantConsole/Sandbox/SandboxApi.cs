using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using MerchantConsole.Core.AmazonPay;
using MerchantConsole.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace MerchantConsole.Sandbox;

/// <summary>
/// The sandbox's HTTP face at /sandbox/amazonpay/v2, with Amazon's paths, methods, status codes and JSON.
/// Every call is verified against the public key its authorization header names, exactly as Amazon would,
/// then runs in one database transaction with its idempotent answer.
/// </summary>
public static class SandboxApi
{
    public const string BasePath = "/sandbox/amazonpay";

    public static void MapSandboxApi(this IEndpointRouteBuilder endpoints)
    {
        var v2 = endpoints.MapGroup(BasePath + "/v2").AllowAnonymous().DisableAntiforgery();
        v2.MapPost("/checkoutSessions", (HttpContext http, SandboxOperations ops) =>
            HandleAsync(http, (call, body) => ops.CreateCheckoutSessionAsync(call, body)));
        v2.MapGet("/checkoutSessions/{id}", (HttpContext http, SandboxOperations ops, string id) =>
            HandleAsync(http, (call, _) => ops.GetCheckoutSessionAsync(call, id)));
        v2.MapPatch("/checkoutSessions/{id}", (HttpContext http, SandboxOperations ops, string id) =>
            HandleAsync(http, (call, body) => ops.UpdateCheckoutSessionAsync(call, id, body)));
        v2.MapPost("/checkoutSessions/{id}/complete", (HttpContext http, SandboxOperations ops, string id) =>
            HandleAsync(http, (call, body) => ops.CompleteCheckoutSessionAsync(call, id, body)));
        v2.MapGet("/chargePermissions/{id}", (HttpContext http, SandboxOperations ops, string id) =>
            HandleAsync(http, (call, _) => ops.GetChargePermissionAsync(call, id)));
        v2.MapPatch("/chargePermissions/{id}", (HttpContext http, SandboxOperations ops, string id) =>
            HandleAsync(http, (call, body) => ops.UpdateChargePermissionAsync(call, id, body)));
        v2.MapDelete("/chargePermissions/{id}/close", (HttpContext http, SandboxOperations ops, string id) =>
            HandleAsync(http, (call, body) => ops.CloseChargePermissionAsync(call, id, body)));
        v2.MapPost("/charges", (HttpContext http, SandboxOperations ops) =>
            HandleAsync(http, (call, body) => ops.CreateChargeAsync(call, body)));
        v2.MapGet("/charges/{id}", (HttpContext http, SandboxOperations ops, string id) =>
            HandleAsync(http, (call, _) => ops.GetChargeAsync(call, id)));
        v2.MapPost("/charges/{id}/capture", (HttpContext http, SandboxOperations ops, string id) =>
            HandleAsync(http, (call, body) => ops.CaptureChargeAsync(call, id, body)));
        v2.MapDelete("/charges/{id}/cancel", (HttpContext http, SandboxOperations ops, string id) =>
            HandleAsync(http, (call, body) => ops.CancelChargeAsync(call, id, body)));
        v2.MapPost("/refunds", (HttpContext http, SandboxOperations ops) =>
            HandleAsync(http, (call, body) => ops.CreateRefundAsync(call, body)));
        v2.MapGet("/refunds/{id}", (HttpContext http, SandboxOperations ops, string id) =>
            HandleAsync(http, (call, _) => ops.GetRefundAsync(call, id)));
        v2.MapGet("/buyers/{token}", (HttpContext http, SandboxOperations ops, string token) =>
            HandleAsync(http, (call, _) => ops.GetBuyerAsync(call, token)));

        // Sandbox-only controls, signed with the shop's key like any API call.
        var control = endpoints.MapGroup(BasePath + "/control").AllowAnonymous().DisableAntiforgery();
        control.MapGet("/faults", (HttpContext http, CancellationToken _) => ControlAsync(http, SandboxControl.ListFaultsAsync));
        control.MapPost("/clock", (HttpContext http, CancellationToken _) => ControlAsync(http, SandboxControl.AdvanceClockAsync));
        control.MapPost("/settle", (HttpContext http, CancellationToken _) => ControlAsync(http, SandboxControl.SettleAllAsync));
        control.MapPost("/faults", (HttpContext http, CancellationToken _) => ControlAsync(http, SandboxControl.AddFaultAsync));
        control.MapDelete("/faults", (HttpContext http, CancellationToken _) => ControlAsync(http, SandboxControl.ClearFaultsAsync));
    }

    // Controls are the test's own hands: the faults they set strike the API, never the controls themselves (a soak
    // test must be able to stop the faults it injected).
    private static Task<IResult> ControlAsync(HttpContext http, Func<SandboxCall, JsonObject?, Task<SandboxAnswer>> control) =>
        HandleAsync(http, control, isControl: true);

    private static async Task<IResult> HandleAsync(HttpContext http, Func<SandboxCall, JsonObject?, Task<SandboxAnswer>> operation, bool isControl = false)
    {
        var cancellationToken = http.RequestAborted;
        var services = http.RequestServices;
        var time = services.GetRequiredService<TimeProvider>();
        var behaviour = services.GetRequiredService<IOptions<AmazonPayOptions>>().Value.Sandbox;
        var requestId = Guid.NewGuid().ToString("N");
        http.Response.Headers["x-amz-pay-request-id"] = requestId;

        using var buffer = new MemoryStream();
        await http.Request.Body.CopyToAsync(buffer, cancellationToken);
        var bodyBytes = buffer.ToArray();

        await using var db = await services.GetRequiredService<IDbContextFactory<ApplicationDbContext>>().CreateDbContextAsync(cancellationToken);
        var (verification, key) = await VerifyAsync(http, db, bodyBytes, time.GetUtcNow(), cancellationToken);
        if (verification is not null)
        {
            return Json(verification);
        }

        var merchant = await db.SandboxMerchants.SingleAsync(m => m.ShopId == key!.ShopId, cancellationToken);
        var call = new SandboxCall(db, merchant, time.GetUtcNow().AddSeconds(merchant.ClockOffsetSeconds),
            new Uri($"{http.Request.Scheme}://{http.Request.Host}"), cancellationToken)
        {
            FaultLog = services.GetRequiredService<SandboxFaultLog>(),
        };

        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        foreach (var (kind, status, reason) in isControl ? [] : TransportFaults)
        {
            if (await SandboxFaults.StrikesAsync(call, kind))
            {
                // The fault itself is spent (a "next N" count goes down); nothing else happens.
                await db.SaveChangesAsync(cancellationToken);
                await transaction.CommitAsync(cancellationToken);
                return Json(SandboxAnswer.Error(status, reason, "The sandbox injected this failure (fault settings)."));
            }
        }

        var idempotencyKey = HttpMethods.IsPost(http.Request.Method) ? http.Request.Headers["x-amz-pay-idempotency-key"].ToString() : null;
        var requestHash = Convert.ToHexStringLower(SHA256.HashData(
            [.. Encoding.UTF8.GetBytes($"{http.Request.Method}\n{http.Request.Path}\n"), .. bodyBytes]));
        if (!string.IsNullOrEmpty(idempotencyKey))
        {
            var earlier = await db.SandboxIdempotentResponses.SingleOrDefaultAsync(
                r => r.ShopId == merchant.ShopId && r.IdempotencyKey == idempotencyKey, cancellationToken);
            if (earlier is not null)
            {
                return earlier.RequestHash == requestHash
                    ? Results.Text(earlier.ResponseBody, "application/json", Encoding.UTF8, earlier.StatusCode)
                    : Json(SandboxAnswer.Error(400, "DuplicateIdempotencyKey",
                        $"The idempotency key {idempotencyKey} was already used with a different request."));
            }
        }

        var body = bodyBytes.Length == 0 ? null : SandboxJson.ParseObject(Encoding.UTF8.GetString(bodyBytes));
        if (bodyBytes.Length > 0 && body is null)
        {
            return Json(SandboxAnswer.Error(400, "InvalidRequestFormat", "The request body is not a JSON object."));
        }

        var slow = isControl ? null : await SandboxFaults.DrawAsync(call, SandboxFaultKind.SlowAnswer);
        var answer = await operation(call, body);
        if (!string.IsNullOrEmpty(idempotencyKey) && answer.Status < 500)
        {
            db.SandboxIdempotentResponses.Add(new SandboxIdempotentResponse
            {
                ShopId = merchant.ShopId,
                IdempotencyKey = idempotencyKey,
                RequestHash = requestHash,
                StatusCode = answer.Status,
                ResponseBody = answer.Body.ToJsonString(),
                CreatedAt = call.Now,
            });
        }

        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        if (slow is not null)
        {
            // Done and recorded, but answered late: a client that gave up must retry with the same key.
            var delay = slow.DelayMilliseconds > 0 ? slow.DelayMilliseconds : behaviour.SlowAnswerMilliseconds;
            await Task.Delay(TimeSpan.FromMilliseconds(delay), time, cancellationToken);
        }

        return Json(answer);
    }

    private static readonly (SandboxFaultKind Kind, int Status, string Reason)[] TransportFaults =
    [
        (SandboxFaultKind.InternalServerError, 500, "InternalServerError"),
        (SandboxFaultKind.ServiceUnavailable, 503, "ServiceUnavailable"),
    ];

    /// <summary>Null when the request is signed by a live sandbox key; otherwise Amazon's refusal.</summary>
    private static async Task<(SandboxAnswer? Refusal, SandboxKey? Key)> VerifyAsync(
        HttpContext http, ApplicationDbContext db, byte[] body, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var headers = http.Request.Headers
            .SelectMany(h => h.Value.Select(v => new KeyValuePair<string, string>(h.Key, v ?? "")))
            .ToList();
        var incoming = new IncomingRequest(http.Request.Method, (http.Request.PathBase + http.Request.Path).Value ?? "/",
            http.Request.QueryString.Value, headers, body);

        var keys = new Dictionary<string, SandboxKey?>(StringComparer.Ordinal);
        var publicKeys = http.RequestServices.GetRequiredService<SandboxPublicKeys>();
        // The verifier asks for the key synchronously; the one it names is loaded first.
        var named = AuthorizationKeyId(http.Request.Headers.Authorization.ToString());
        if (named is not null)
        {
            keys[named] = await db.SandboxKeys.AsNoTracking().SingleOrDefaultAsync(k => k.PublicKeyId == named, cancellationToken);
        }

        var verification = RequestVerifier.Verify(incoming, id =>
        {
            if (!keys.TryGetValue(id, out var key) || key is null || key.RevokedAt is not null)
            {
                return null;
            }

            return publicKeys.Get(key.PublicKeyPem);
        }, now);

        if (verification.IsValid)
        {
            // Amazon refuses any date ahead of its clock; the verifier's window is for age only.
            var date = http.Request.Headers[AmazonPayHeaders.Date].ToString();
            if (DateTimeOffset.TryParseExact(date, AmazonPayHeaders.DateFormat, System.Globalization.CultureInfo.InvariantCulture,
                    System.Globalization.DateTimeStyles.AssumeUniversal, out var sent) && sent > now)
            {
                return (SandboxAnswer.Error(400, "InvalidHeaderValue", $"The value {date} provided for x-amz-pay-date should not be in future"), null);
            }

            return (null, keys[verification.PublicKeyId!]);
        }

        if (verification.Failure == VerificationFailure.UnknownPublicKey)
        {
            var known = verification.PublicKeyId is not null && keys.GetValueOrDefault(verification.PublicKeyId) is not null;
            return (SandboxAnswer.Error(401, "UnauthorizedAccess", known
                ? $"The public key {verification.PublicKeyId} has been revoked."
                : $"The public key {verification.PublicKeyId} is not registered with the sandbox."), null);
        }

        var message = verification.ExpectedStringToSign is null
            ? verification.Message
            : $"{verification.Message} The String-to-Sign should have been '{verification.ExpectedStringToSign}' "
              + $"and the canonical request '{verification.ExpectedCanonicalRequest}'.";
        return (SandboxAnswer.Error(verification.HttpStatus, verification.ReasonCode!, message), null);
    }

    private static string? AuthorizationKeyId(string authorization)
    {
        const string marker = "PublicKeyId=";
        var start = authorization.IndexOf(marker, StringComparison.Ordinal);
        if (start < 0)
        {
            return null;
        }

        start += marker.Length;
        var end = authorization.IndexOf(',', start);
        return (end < 0 ? authorization[start..] : authorization[start..end]).Trim();
    }

    private static IResult Json(SandboxAnswer answer) =>
        Results.Text(answer.Body.ToJsonString(), "application/json", Encoding.UTF8, answer.Status);
}
