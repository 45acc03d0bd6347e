using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using MerchantConsole.Gateway;
using Microsoft.Extensions.Options;

namespace MerchantConsole.Api;

/// <summary>
/// What this instance takes on of the merchant API (gateway-api.md's E92 family): a bound on requests in progress, so
/// that an overloaded gateway refuses at once instead of answering everyone late, and a token bucket per shop, so that
/// one shop's burst does not starve the others. Refusals come before the request is acted on (no transaction is looked
/// up, nothing is journaled or changed), and the merchant may send the same request again after Retry-After.
/// </summary>
public sealed class MerchantAdmission(IOptions<GatewayOptions> options, TimeProvider clock)
{
    /// <summary>
    /// The meter operators read (dotnet-counters, OpenTelemetry): <c>merchantconsole.api.refused</c> by ErrInfo, and by
    /// shop for E92000001 (only shops at their limit, and only authenticated ones, appear).
    /// </summary>
    public const string MeterName = "MerchantConsole.Api";

    private static readonly Meter Meter = new(MeterName);

    /// <summary>A .idPass refusal is HTTP 200 like every answer of that variant, so the access log does not show it.</summary>
    private static readonly Counter<long> Refused = Meter.CreateCounter<long>(
        "merchantconsole.api.refused", "{request}", "Merchant API requests refused by a rate limit (E92000001 per shop, E92000002 per instance).");

    private readonly AdmissionSettings settings = options.Value.Admission;
    private readonly ConcurrentDictionary<string, Bucket> buckets = new(StringComparer.Ordinal);
    private int inFlight;

    /// <summary>Merchant API requests in progress on this instance.</summary>
    public int InFlight => Volatile.Read(ref inFlight);

    /// <summary>
    /// A place among the requests in progress, or null (the gateway is at its limit: E92000002). Dispose the place
    /// when the answer is written.
    /// </summary>
    public IDisposable? TryEnter()
    {
        var now = Interlocked.Increment(ref inFlight);
        if (settings.MaxConcurrentRequests > 0 && now > settings.MaxConcurrentRequests)
        {
            Interlocked.Decrement(ref inFlight);
            Refused.Add(1, new KeyValuePair<string, object?>("errinfo", GatewayErrors.Overloaded.ErrInfo));
            return null;
        }

        return new Place(this);
    }

    /// <summary>
    /// Takes one of an authenticated shop's tokens: null when it had one, else how long until it has (E92000001).
    /// Only authenticated requests count, so nobody can spend a shop's rate by sending its ShopID with a wrong ShopPass;
    /// hence a bucket exists only for shops that exist.
    /// </summary>
    public TimeSpan? TryTake(string shopId)
    {
        var rate = settings.ShopRequestsPerSecond;
        if (rate <= 0)
        {
            return null;
        }

        var now = clock.GetTimestamp();
        var bucket = buckets.GetOrAdd(shopId, _ => new Bucket(settings.ShopBurst, now));
        lock (bucket)
        {
            bucket.Tokens = Math.Min(settings.ShopBurst, bucket.Tokens + (clock.GetElapsedTime(bucket.At, now).TotalSeconds * rate));
            bucket.At = now;
            if (bucket.Tokens >= 1)
            {
                bucket.Tokens -= 1;
                return null;
            }

            Refused.Add(1, new KeyValuePair<string, object?>("errinfo", GatewayErrors.ShopRateLimited.ErrInfo), new KeyValuePair<string, object?>("shop", shopId));
            return TimeSpan.FromSeconds((1 - bucket.Tokens) / rate);
        }
    }

    /// <summary>The Retry-After header's whole seconds for a wait: at least one.</summary>
    public static string RetryAfter(TimeSpan wait) =>
        Math.Max(1, (long)Math.Ceiling(wait.TotalSeconds)).ToString(System.Globalization.CultureInfo.InvariantCulture);

    private sealed class Bucket(double tokens, long at)
    {
        public double Tokens { get; set; } = tokens;

        public long At { get; set; } = at;
    }

    private sealed class Place(MerchantAdmission admission) : IDisposable
    {
        private int left;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref left, 1) == 0)
            {
                Interlocked.Decrement(ref admission.inFlight);
            }
        }
    }
}
