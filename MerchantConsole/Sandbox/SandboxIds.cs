using System.Security.Cryptography;

namespace MerchantConsole.Sandbox;

/// <summary>Identifiers shaped like Amazon's, from a cryptographic source so that nobody guesses another shop's.</summary>
internal static class SandboxIds
{
    private const string UpperAlphanumerics = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";

    public static string PublicKeyId() => "SANDBOX-" + RandomNumberGenerator.GetString(UpperAlphanumerics, 24);

    public static string MerchantId() => "A" + RandomNumberGenerator.GetString(UpperAlphanumerics, 13);

    public static string StoreId() => "amzn1.application-oa2-client." + RandomNumberGenerator.GetHexString(32, lowercase: true);

    public static string CheckoutSessionId() => Guid.NewGuid().ToString();

    /// <summary>S03-1234567-1234567, Amazon's charge permission (order reference) shape.</summary>
    public static string ChargePermissionId() => $"S03-{Digits(7)}-{Digits(7)}";

    public static string ChargeId(string chargePermissionId, int sequence) => $"{chargePermissionId}-C{sequence:D5}";

    public static string RefundId(string chargeId, int sequence) => $"{chargeId[..^7]}-R{sequence:D5}";

    public static string BuyerToken() => RandomNumberGenerator.GetHexString(48, lowercase: true);

    private static string Digits(int count) => RandomNumberGenerator.GetString("0123456789", count);
}
