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

public sealed class TestingHooks
{
    /// <summary>
    /// When set, the process dies (Environment.FailFast) right after Amazon answered this operation and
    /// before the outcome is committed: the crash-safety test's hook.
    /// </summary>
    public Operation? CrashAfterAmazonCall { get; set; }
}
