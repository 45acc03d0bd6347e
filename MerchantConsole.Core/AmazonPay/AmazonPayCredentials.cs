namespace MerchantConsole.Core.AmazonPay;

public enum AmazonPayEnvironment
{
    Sandbox,
    Live,
}

/// <summary>
/// What the client needs to act for one shop. Passed per call, so one process serves many shops.
/// <paramref name="BaseAddress"/> replaces <c>https://pay-api.amazon.jp</c> (for instance the embedded
/// sandbox at <c>http://127.0.0.1:PORT/sandbox/amazonpay</c>); the API path is appended to it unchanged.
/// </summary>
public sealed record AmazonPayCredentials(
    AmazonPayPrivateKey Key,
    string PublicKeyId,
    AmazonPayEnvironment Environment,
    Uri? BaseAddress = null)
{
    public const string JapanHost = "pay-api.amazon.jp";

    /// <summary>The <c>x-amz-pay-region</c> short form; this console serves Japanese merchants only.</summary>
    public const string Region = "jp";

    public override string ToString() => $"{PublicKeyId} ({Environment}, key {Key.Fingerprint})";
}

/// <summary>Where the API lives for a set of credentials (wire spec §1.5).</summary>
public static class AmazonPayEndpoint
{
    /// <summary>
    /// <c>{origin}/v2</c> for <c>SANDBOX-</c>/<c>LIVE-</c> keys (the key selects the environment),
    /// otherwise <c>{origin}/sandbox/v2</c> or <c>{origin}/live/v2</c>; no trailing slash.
    /// </summary>
    public static Uri ApiBase(AmazonPayCredentials credentials)
    {
        var origin = credentials.BaseAddress?.GetLeftPart(UriPartial.Path).TrimEnd('/')
            ?? "https://" + AmazonPayCredentials.JapanHost;
        var environment = AmazonPayIds.IsEnvironmentSpecific(credentials.PublicKeyId) ? ""
            : credentials.Environment == AmazonPayEnvironment.Sandbox ? "/sandbox" : "/live";
        return new Uri(origin + environment + "/v2", UriKind.Absolute);
    }
}
