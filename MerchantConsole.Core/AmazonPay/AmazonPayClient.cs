using System.Net;
using System.Text.Json;
using Microsoft.Extensions.Http.Resilience;
using Polly;
using Polly.Timeout;

namespace MerchantConsole.Core.AmazonPay;

/// <summary>
/// Typed client for Amazon Pay API v2. The shop's credentials come with each call, so one instance
/// serves every shop; register it as a typed <see cref="HttpClient"/> client without another
/// resilience handler (retries live here, see below).
/// <para>
/// Retries (408, 425, 429, 5xx, connection failures and attempt timeouts, exponential backoff with
/// jitter, Retry-After honoured) run in a Polly pipeline around signing: every attempt is signed
/// afresh with the current <c>x-amz-pay-date</c>, so a request delayed by backoff is never rejected
/// for a stale date, while the idempotency key — chosen by the caller and stored with the pending
/// operation — stays the same, so Amazon performs a POST at most once.
/// </para>
/// </summary>
public sealed class AmazonPayClient
{
    private readonly HttpClient http;
    private readonly TimeProvider time;
    private readonly ResiliencePipeline<HttpResponseMessage> pipeline;

    public AmazonPayClient(HttpClient http, TimeProvider time, AmazonPayClientOptions? options = null)
    {
        this.http = http;
        this.time = time;
        pipeline = BuildPipeline(options ?? new AmazonPayClientOptions(), time);
    }

    /// <summary>32 hex characters: Amazon does not accept dashes in idempotency keys.</summary>
    public static string NewIdempotencyKey() => Guid.NewGuid().ToString("N");

    public Task<AmazonPayResult<CheckoutSession>> CreateCheckoutSessionAsync(
        AmazonPayCredentials shop, CreateCheckoutSessionRequest request, string idempotencyKey, CancellationToken cancellationToken = default) =>
        SendAsync<CheckoutSession>(shop, HttpMethod.Post, "checkoutSessions", request, idempotencyKey, cancellationToken);

    public Task<AmazonPayResult<CheckoutSession>> GetCheckoutSessionAsync(
        AmazonPayCredentials shop, string checkoutSessionId, CancellationToken cancellationToken = default) =>
        SendAsync<CheckoutSession>(shop, HttpMethod.Get, Path("checkoutSessions", checkoutSessionId), null, null, cancellationToken);

    public Task<AmazonPayResult<CheckoutSession>> UpdateCheckoutSessionAsync(
        AmazonPayCredentials shop, string checkoutSessionId, UpdateCheckoutSessionRequest request, CancellationToken cancellationToken = default) =>
        SendAsync<CheckoutSession>(shop, HttpMethod.Patch, Path("checkoutSessions", checkoutSessionId), request, null, cancellationToken);

    public Task<AmazonPayResult<CheckoutSession>> CompleteCheckoutSessionAsync(
        AmazonPayCredentials shop, string checkoutSessionId, CompleteCheckoutSessionRequest request, string idempotencyKey, CancellationToken cancellationToken = default) =>
        SendAsync<CheckoutSession>(shop, HttpMethod.Post, Path("checkoutSessions", checkoutSessionId, "complete"), request, idempotencyKey, cancellationToken);

    public Task<AmazonPayResult<ChargePermission>> GetChargePermissionAsync(
        AmazonPayCredentials shop, string chargePermissionId, CancellationToken cancellationToken = default) =>
        SendAsync<ChargePermission>(shop, HttpMethod.Get, Path("chargePermissions", chargePermissionId), null, null, cancellationToken);

    public Task<AmazonPayResult<ChargePermission>> UpdateChargePermissionAsync(
        AmazonPayCredentials shop, string chargePermissionId, UpdateChargePermissionRequest request, CancellationToken cancellationToken = default) =>
        SendAsync<ChargePermission>(shop, HttpMethod.Patch, Path("chargePermissions", chargePermissionId), request, null, cancellationToken);

    public Task<AmazonPayResult<ChargePermission>> CloseChargePermissionAsync(
        AmazonPayCredentials shop, string chargePermissionId, CloseChargePermissionRequest request, CancellationToken cancellationToken = default) =>
        SendAsync<ChargePermission>(shop, HttpMethod.Delete, Path("chargePermissions", chargePermissionId, "close"), request, null, cancellationToken);

    public Task<AmazonPayResult<Charge>> CreateChargeAsync(
        AmazonPayCredentials shop, CreateChargeRequest request, string idempotencyKey, CancellationToken cancellationToken = default) =>
        SendAsync<Charge>(shop, HttpMethod.Post, "charges", request, idempotencyKey, cancellationToken);

    public Task<AmazonPayResult<Charge>> GetChargeAsync(
        AmazonPayCredentials shop, string chargeId, CancellationToken cancellationToken = default) =>
        SendAsync<Charge>(shop, HttpMethod.Get, Path("charges", chargeId), null, null, cancellationToken);

    public Task<AmazonPayResult<Charge>> CaptureChargeAsync(
        AmazonPayCredentials shop, string chargeId, CaptureChargeRequest request, string idempotencyKey, CancellationToken cancellationToken = default) =>
        SendAsync<Charge>(shop, HttpMethod.Post, Path("charges", chargeId, "capture"), request, idempotencyKey, cancellationToken);

    public Task<AmazonPayResult<Charge>> CancelChargeAsync(
        AmazonPayCredentials shop, string chargeId, CancelChargeRequest request, CancellationToken cancellationToken = default) =>
        SendAsync<Charge>(shop, HttpMethod.Delete, Path("charges", chargeId, "cancel"), request, null, cancellationToken);

    public Task<AmazonPayResult<Refund>> CreateRefundAsync(
        AmazonPayCredentials shop, CreateRefundRequest request, string idempotencyKey, CancellationToken cancellationToken = default) =>
        SendAsync<Refund>(shop, HttpMethod.Post, "refunds", request, idempotencyKey, cancellationToken);

    public Task<AmazonPayResult<Refund>> GetRefundAsync(
        AmazonPayCredentials shop, string refundId, CancellationToken cancellationToken = default) =>
        SendAsync<Refund>(shop, HttpMethod.Get, Path("refunds", refundId), null, null, cancellationToken);

    public Task<AmazonPayResult<Buyer>> GetBuyerAsync(
        AmazonPayCredentials shop, string buyerToken, CancellationToken cancellationToken = default) =>
        SendAsync<Buyer>(shop, HttpMethod.Get, Path("buyers", buyerToken), null, null, cancellationToken);

    private async Task<AmazonPayResult<T>> SendAsync<T>(
        AmazonPayCredentials shop, HttpMethod method, string path, object? body, string? idempotencyKey, CancellationToken cancellationToken)
        where T : class
    {
        // Serialised once: every attempt sends (and hashes) the same bytes.
        var bytes = body is null ? [] : JsonSerializer.SerializeToUtf8Bytes(body, body.GetType(), WireJson.Options);
        var request = new ApiRequest(method, path, bytes, idempotencyKey);

        HttpResponseMessage response;
        try
        {
            response = await pipeline.ExecuteAsync(
                async token =>
                {
                    using var message = RequestSigner.Sign(shop, request, time.GetUtcNow()).ToHttpRequestMessage();
                    return await http.SendAsync(message, HttpCompletionOption.ResponseContentRead, token).ConfigureAwait(false);
                },
                cancellationToken).ConfigureAwait(false);
        }
        catch (HttpRequestException)
        {
            return AmazonPayResult<T>.Failure(new AmazonPayError(
                AmazonPayErrorKind.Unreachable, null, "ConnectionFailed", "Amazon Pay could not be reached."));
        }
        catch (Exception e) when (e is TimeoutRejectedException
            || (e is OperationCanceledException && !cancellationToken.IsCancellationRequested))
        {
            // Our timeouts, or HttpClient.Timeout when it is set shorter than the attempt timeout;
            // a cancellation by the caller still propagates.
            return AmazonPayResult<T>.Failure(new AmazonPayError(
                AmazonPayErrorKind.TimedOut, null, "Timeout", "Amazon Pay did not answer in time."));
        }

        using (response)
        {
            return await ReadAsync<T>(response, cancellationToken).ConfigureAwait(false);
        }
    }

    private static async Task<AmazonPayResult<T>> ReadAsync<T>(HttpResponseMessage response, CancellationToken cancellationToken)
        where T : class
    {
        var status = (int)response.StatusCode;
        var requestId = response.Headers.TryGetValues(AmazonPayHeaders.RequestId, out var ids) ? ids.FirstOrDefault() : null;
        var content = await response.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);

        if (response.IsSuccessStatusCode)
        {
            var value = TryDeserialize<T>(content);
            return value is not null
                ? AmazonPayResult<T>.Success(value, status, requestId)
                : AmazonPayResult<T>.Failure(new AmazonPayError(
                    AmazonPayErrorKind.UnreadableResponse, status, "UnreadableResponse",
                    $"Amazon Pay answered {status} with a body that is not a {typeof(T).Name}.", requestId));
        }

        var error = TryDeserialize<ErrorBody>(content);
        return AmazonPayResult<T>.Failure(new AmazonPayError(
            AmazonPayErrorKind.ErrorResponse,
            status,
            error?.ReasonCode ?? ((HttpStatusCode)status).ToString(),
            error?.Message ?? $"Amazon Pay answered {status} without an error description.",
            requestId));
    }

    private static T? TryDeserialize<T>(byte[] content)
        where T : class
    {
        try
        {
            return content.Length == 0 ? null : JsonSerializer.Deserialize<T>(content, WireJson.Options);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static string Path(params string[] segments)
    {
        foreach (var segment in segments)
        {
            // An ID is one path segment; anything that could change the path's meaning is a bug upstream.
            if (string.IsNullOrWhiteSpace(segment) || segment.IndexOfAny(['/', '?', '#', '\\']) >= 0 || segment is "." or "..")
            {
                throw new ArgumentException("An Amazon Pay object ID must be a single, non-empty path segment.", nameof(segments));
            }
        }

        return string.Join('/', segments);
    }

    private static ResiliencePipeline<HttpResponseMessage> BuildPipeline(AmazonPayClientOptions options, TimeProvider time) =>
        new ResiliencePipelineBuilder<HttpResponseMessage> { TimeProvider = time }
            .AddTimeout(new HttpTimeoutStrategyOptions { Timeout = options.TotalTimeout })
            .AddRetry(new HttpRetryStrategyOptions
            {
                MaxRetryAttempts = options.MaxRetryAttempts,
                Delay = options.RetryBaseDelay,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                ShouldRetryAfterHeader = true,
                // The standard transient set (408, 429, 5xx, connection failures, attempt timeouts)
                // plus 425 Too Early, which Amazon's newer SDKs retry as well.
                ShouldHandle = args => ValueTask.FromResult(
                    HttpClientResiliencePredicates.IsTransient(args.Outcome)
                    || args.Outcome.Result?.StatusCode == TooEarly),
            })
            .AddTimeout(new HttpTimeoutStrategyOptions { Timeout = options.AttemptTimeout })
            .Build();

    private const HttpStatusCode TooEarly = (HttpStatusCode)425;

    private sealed record ErrorBody(string? ReasonCode, string? Message);
}
