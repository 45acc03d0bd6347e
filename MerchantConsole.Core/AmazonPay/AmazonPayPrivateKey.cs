using System.Security.Cryptography;

namespace MerchantConsole.Core.AmazonPay;

/// <summary>
/// A shop's RSA private key, checked and loaded. Signing goes through <see cref="Rsa"/>, .NET's
/// built-in RSA (OpenSSL underneath), which is an order of magnitude faster than BouncyCastle.
/// Dispose it to release the native key as soon as it is no longer needed.
/// </summary>
public sealed class AmazonPayPrivateKey : IDisposable
{
    internal AmazonPayPrivateKey(RSA rsa)
    {
        Rsa = rsa;
        var publicKeyDer = rsa.ExportSubjectPublicKeyInfo();
        Fingerprint = Convert.ToHexStringLower(SHA256.HashData(publicKeyDer));
        PublicKeyPem = PemEncoding.WriteString("PUBLIC KEY", publicKeyDer);
    }

    public RSA Rsa { get; }

    public int KeySizeBits => Rsa.KeySize;

    /// <summary>SHA-256 of the public key's SubjectPublicKeyInfo DER, lower-case hex: safe to show and log.</summary>
    public string Fingerprint { get; }

    /// <summary>The matching public key, PEM <c>BEGIN PUBLIC KEY</c>, for display and for the sandbox.</summary>
    public string PublicKeyPem { get; }

    public void Dispose() => Rsa.Dispose();

    // Never let a debugger display or a log line print the key.
    public override string ToString() => $"RSA-{KeySizeBits} {Fingerprint}";
}
