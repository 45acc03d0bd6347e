using System.Security.Cryptography;
using System.Text;
using Org.BouncyCastle.Crypto.Digests;
using Org.BouncyCastle.Crypto.Engines;
using Org.BouncyCastle.Crypto.Parameters;
using Org.BouncyCastle.Crypto.Signers;
using BcBigInteger = Org.BouncyCastle.Math.BigInteger;

namespace MerchantConsole.Core.AmazonPay;

/// <summary>
/// RSASSA-PSS over a string to sign, Base64 out. V2 (salt 32 = the hash length) is exactly .NET's
/// <see cref="RSASignaturePadding.Pss"/>, so the hot path stays on the built-in RSA; only the legacy
/// salt of 20 needs BouncyCastle, which .NET cannot express.
/// </summary>
public static class RsaPss
{
    public static string Sign(string stringToSign, RSA privateKey, SignatureAlgorithm algorithm = SignatureAlgorithm.V2)
    {
        var data = Encoding.UTF8.GetBytes(stringToSign);
        if (algorithm == SignatureAlgorithm.V2)
        {
            return Convert.ToBase64String(privateKey.SignData(data, HashAlgorithmName.SHA256, RSASignaturePadding.Pss));
        }

        var p = privateKey.ExportParameters(includePrivateParameters: true);
        var key = new RsaPrivateCrtKeyParameters(
            Positive(p.Modulus), Positive(p.Exponent), Positive(p.D),
            Positive(p.P), Positive(p.Q), Positive(p.DP), Positive(p.DQ), Positive(p.InverseQ));
        var signer = LegacySigner();
        signer.Init(forSigning: true, key);
        signer.BlockUpdate(data, 0, data.Length);
        return Convert.ToBase64String(signer.GenerateSignature());
    }

    public static bool Verify(string stringToSign, string signatureBase64, RSA publicKey, SignatureAlgorithm algorithm)
    {
        var signature = new byte[signatureBase64.Length];
        if (!Convert.TryFromBase64String(signatureBase64, signature, out var length))
        {
            return false;
        }

        signature = signature[..length];
        var data = Encoding.UTF8.GetBytes(stringToSign);
        if (algorithm == SignatureAlgorithm.V2)
        {
            return publicKey.VerifyData(data, signature, HashAlgorithmName.SHA256, RSASignaturePadding.Pss);
        }

        var p = publicKey.ExportParameters(includePrivateParameters: false);
        var signer = LegacySigner();
        signer.Init(forSigning: false, new RsaKeyParameters(false, Positive(p.Modulus), Positive(p.Exponent)));
        signer.BlockUpdate(data, 0, data.Length);
        return signer.VerifySignature(signature);
    }

    // MGF1 takes the content digest and the trailer is 0xBC by default: Amazon's parameters.
    private static PssSigner LegacySigner() =>
        new(new RsaBlindedEngine(), new Sha256Digest(), SignatureAlgorithm.Legacy.SaltLength());

    private static BcBigInteger Positive(byte[]? bigEndian) => new(1, bigEndian ?? []);
}
