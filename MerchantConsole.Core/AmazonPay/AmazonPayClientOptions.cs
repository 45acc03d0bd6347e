namespace MerchantConsole.Core.AmazonPay;

/// <summary>Timeouts and retries of <see cref="AmazonPayClient"/>; the defaults suit Amazon's production API.</summary>
public sealed record AmazonPayClientOptions
{
    /// <summary>One attempt, from sending to the last byte of the answer.</summary>
    public TimeSpan AttemptTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>The whole call, retries and waits included.</summary>
    public TimeSpan TotalTimeout { get; init; } = TimeSpan.FromSeconds(120);

    /// <summary>Amazon's SDKs retry three times.</summary>
    public int MaxRetryAttempts { get; init; } = 3;

    /// <summary>The first wait; it doubles with each retry (with jitter) unless Amazon sends Retry-After.</summary>
    public TimeSpan RetryBaseDelay { get; init; } = TimeSpan.FromSeconds(1);
}
