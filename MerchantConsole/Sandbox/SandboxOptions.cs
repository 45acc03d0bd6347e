namespace MerchantConsole.Sandbox;

public enum AmazonPayMode
{
    /// <summary>The embedded sandbox at /sandbox plays Amazon Pay: the default, no Amazon account needed.</summary>
    Sandbox,

    /// <summary>Amazon's real endpoint (https://pay-api.amazon.jp); the sandbox is not mapped at all.</summary>
    Live,
}

/// <summary>Section <c>AmazonPay</c>: where the gateway's signed requests go, and how the sandbox behaves.</summary>
public sealed class AmazonPayOptions
{
    public const string Section = "AmazonPay";

    public AmazonPayMode Mode { get; set; } = AmazonPayMode.Sandbox;

    /// <summary>How long the client waits for one answer before it retries (same idempotency key).</summary>
    public int TimeoutSeconds { get; set; } = 20;

    public SandboxBehaviour Sandbox { get; set; } = new();
}

/// <summary>Amazon answers some requests asynchronously; the sandbox does too, on a clock a person can watch.</summary>
public sealed class SandboxBehaviour
{
    /// <summary>Share of captures (0–100) that answer CaptureInitiated and settle later instead of Captured at once.</summary>
    public int CaptureInitiatedPercent { get; set; }

    /// <summary>Seconds until a CaptureInitiated capture settles.</summary>
    public int CaptureSettleSeconds { get; set; } = 5;

    /// <summary>Seconds until a RefundInitiated refund settles.</summary>
    public int RefundSettleSeconds { get; set; } = 5;

    /// <summary>Seconds until a pending authorization (canHandlePendingAuthorization) settles.</summary>
    public int PendingAuthorizationSeconds { get; set; } = 5;

    /// <summary>How late a SlowAnswer fault answers unless the fault says otherwise.</summary>
    public int SlowAnswerMilliseconds { get; set; } = 30_000;
}
