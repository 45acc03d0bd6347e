using System.Diagnostics.CodeAnalysis;
using System.Text.RegularExpressions;

namespace MerchantConsole.Core.AmazonPay;

/// <summary>
/// Format checks for the identifiers a shop copies from Seller Central. Surrounding whitespace
/// (a common copy-and-paste accident) is trimmed; anything else off-format is refused, so a typo
/// shows up on the settings page instead of as a signature error from Amazon.
/// </summary>
public static partial class AmazonPayIds
{
    public const string StoreIdPrefix = "amzn1.application-oa2-client.";

    /// <summary>
    /// Public key ID: an optional <c>SANDBOX-</c> or <c>LIVE-</c> prefix (environment-specific keys),
    /// then 24 upper-case letters and digits.
    /// </summary>
    public static Checked<string> CheckPublicKeyId(string? text) =>
        Check(text, PublicKeyIdFormat(), new Refusal(
            "PublicKeyIdInvalid",
            "パブリックキーIDの形式が正しくありません。セラーセントラルに表示されている値（例: SANDBOX-または LIVE- に続く英大文字・数字24桁）をそのまま入力してください。",
            "The public key ID is not in the expected format: an optional SANDBOX- or LIVE- prefix followed by 24 upper-case letters and digits, as shown in Seller Central."));

    /// <summary>
    /// Merchant ID (Amazon's seller ID): 13 or 14 upper-case letters and digits. The wire spec only
    /// shows a 14-character placeholder; 13-character IDs exist for older accounts.
    /// </summary>
    public static Checked<string> CheckMerchantId(string? text) =>
        Check(text, MerchantIdFormat(), new Refusal(
            "MerchantIdInvalid",
            "マーチャントIDの形式が正しくありません。セラーセントラルに表示されている英大文字・数字13〜14桁の値を入力してください。",
            "The merchant ID is not in the expected format: 13 or 14 upper-case letters and digits, as shown in Seller Central."));

    /// <summary>Store ID (the Login with Amazon client ID): the fixed prefix, then 32 lower-case hex digits.</summary>
    public static Checked<string> CheckStoreId(string? text) =>
        Check(text, StoreIdFormat(), new Refusal(
            "StoreIdInvalid",
            "ストアIDの形式が正しくありません。amzn1.application-oa2-client. に続く16進数32桁の値を入力してください。",
            "The store ID is not in the expected format: amzn1.application-oa2-client. followed by 32 lower-case hexadecimal digits."));

    /// <summary>True for keys whose ID itself selects sandbox or live (no environment segment in the URL).</summary>
    public static bool IsEnvironmentSpecific(string publicKeyId) =>
        publicKeyId.StartsWith("SANDBOX-", StringComparison.OrdinalIgnoreCase)
        || publicKeyId.StartsWith("LIVE-", StringComparison.OrdinalIgnoreCase);

    /// <summary>
    /// A checkout session ID as Amazon makes them: a UUID in its 36-character form (8-4-4-4-12 hexadecimal digits).
    /// Anything else names no session, so it is refused before it becomes part of Amazon's URL (and of the logs).
    /// </summary>
    public static bool IsCheckoutSessionId([NotNullWhen(true)] string? text) => text is not null && CheckoutSessionIdFormat().IsMatch(text);

    private static Checked<string> Check(string? text, Regex format, Refusal refusal)
    {
        var trimmed = text?.Trim() ?? "";
        return format.IsMatch(trimmed) ? Checked.Ok(trimmed) : Checked.No<string>(refusal);
    }

    [GeneratedRegex(@"^(SANDBOX-|LIVE-)?[A-Z0-9]{24}\z")]
    private static partial Regex PublicKeyIdFormat();

    [GeneratedRegex(@"^[A-Z0-9]{13,14}\z")]
    private static partial Regex MerchantIdFormat();

    [GeneratedRegex(@"^amzn1\.application-oa2-client\.[0-9a-f]{32}\z")]
    private static partial Regex StoreIdFormat();

    [GeneratedRegex(@"^[0-9A-Fa-f]{8}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{12}\z")]
    private static partial Regex CheckoutSessionIdFormat();
}
