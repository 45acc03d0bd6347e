namespace MerchantConsole.Core.AmazonPay;

/// <summary>The two RSASSA-PSS variants Amazon Pay names (SHA-256, MGF1-SHA-256, trailer 0xBC).</summary>
public enum SignatureAlgorithm
{
    /// <summary><c>AMZN-PAY-RSASSA-PSS-V2</c>, salt 32: what we sign with, everywhere.</summary>
    V2,

    /// <summary><c>AMZN-PAY-RSASSA-PSS</c>, salt 20: the SDKs' old default, accepted when verifying.</summary>
    Legacy,
}

public static class SignatureAlgorithms
{
    public const string V2Name = "AMZN-PAY-RSASSA-PSS-V2";
    public const string LegacyName = "AMZN-PAY-RSASSA-PSS";

    public static string Name(this SignatureAlgorithm algorithm) => algorithm switch
    {
        SignatureAlgorithm.V2 => V2Name,
        SignatureAlgorithm.Legacy => LegacyName,
        _ => throw new ArgumentOutOfRangeException(nameof(algorithm)),
    };

    public static int SaltLength(this SignatureAlgorithm algorithm) => algorithm == SignatureAlgorithm.V2 ? 32 : 20;

    public static bool TryParse(string name, out SignatureAlgorithm algorithm)
    {
        algorithm = name switch
        {
            V2Name => SignatureAlgorithm.V2,
            LegacyName => SignatureAlgorithm.Legacy,
            _ => (SignatureAlgorithm)(-1),
        };
        return Enum.IsDefined(algorithm);
    }
}
