using MerchantConsole.Core.Payments;

namespace MerchantConsole.Gateway;

/// <summary>Section <c>Gateway</c>: the merchant API's public address, the workers' pace, the notification schedule.</summary>
public sealed class GatewayOptions
{
    public const string Section = "Gateway";

    /// <summary>
    /// The address customers' browsers and Amazon reach the gateway at (StartURL, Amazon's return URL).
    /// Empty: the address the merchant's API request came in on.
    /// </summary>
    public string? PublicBaseUrl { get; set; }

    /// <summary>How long the start URL stays valid when 決済実行 gives no PaymentTermSec.</summary>
    public int DefaultPaymentTermSeconds { get; set; } = 1800;

    /// <summary>How long an operation may run before recovery treats it as interrupted.</summary>
    public int OperationLeaseSeconds { get; set; } = 120;

    public SyncSettings Sync { get; set; } = new();

    public NotificationSettings Notifications { get; set; } = new();

    public AdmissionSettings Admission { get; set; } = new();

    /// <summary>Test-only fault hooks; refused at startup in live mode.</summary>
    public TestingHooks Testing { get; set; } = new();
}

public sealed class SyncSettings
{
    /// <summary>How often the worker looks for REQ* transactions, expired leases and passed windows.</summary>
    public int IntervalSeconds { get; set; } = 30;

    /// <summary>The first wait before asking Amazon about an accepted step; doubles per attempt.</summary>
    public int FirstDelaySeconds { get; set; } = 60;

    public int MaxDelaySeconds { get; set; } = 3600;
}

public sealed class NotificationSettings
{
    /// <summary>The wait between attempts (the gateway this imitates: about 60 minutes).</summary>
    public int RetryIntervalSeconds { get; set; } = 3600;

    /// <summary>Attempts in all, the first included (the gateway this imitates: 5).</summary>
    public int MaxAttempts { get; set; } = 5;

    /// <summary>How long the shop's server has to answer one POST.</summary>
    public int TimeoutSeconds { get; set; } = 30;

    /// <summary>How often the notifier looks for due notifications.</summary>
    public int PollSeconds { get; set; } = 5;
}

/// <summary>
/// How much of the merchant API one instance takes on (docs/api.md, "Rate limits"). Each figure holds per instance: with
/// several instances behind a balancer, a shop's rate is this times the instances. Zero turns a limit off.
/// </summary>
public sealed class AdmissionSettings
{
    /// <summary>A shop's steady rate of authenticated requests; more is refused with E92000001 (429).</summary>
    public double ShopRequestsPerSecond { get; set; } = 100;

    /// <summary>How many requests a shop may send at once above its steady rate (the token bucket's size).</summary>
    public int ShopBurst { get; set; } = 200;

    /// <summary>Merchant API requests in progress at once on this instance; one more is refused with E92000002 (503).</summary>
    public int MaxConcurrentRequests { get; set; } = 512;
}

public sealed class TestingHooks
{
    /// <summary>
    /// When set, the process dies (Environment.FailFast) right after Amazon answered this operation and
    /// before the outcome is committed: the crash-safety test's hook.
    /// </summary>
    public Operation? CrashAfterAmazonCall { get; set; }
}
