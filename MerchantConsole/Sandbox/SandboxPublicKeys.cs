using System.Security.Cryptography;
using MerchantConsole.Hosting;

namespace MerchantConsole.Sandbox;

/// <summary>
/// The merchants' public keys as the sandbox verifies with them, each imported once: OpenSSL's decoders take about
/// ten times as long to import a public key as the key takes to check a signature (0.4 ms against 0.04 ms on the
/// 2-core machine), and every signed call and button click would pay it. Whether a key may still be used (revoked or
/// not) is read from the database on every call; only the import is kept.
/// </summary>
public sealed class SandboxPublicKeys(TimeProvider clock)
{
    private readonly KeptKeys<RSA> kept = new(clock, TimeSpan.FromMinutes(30), maximumKept: 1024);

    /// <summary>The key of <paramref name="publicKeyPem"/>, shared by concurrent callers: never dispose it.</summary>
    public RSA Get(string publicKeyPem) => kept.Get(publicKeyPem, Import)!;

    /// <summary>How many keys are held now (for tests).</summary>
    internal int Count => kept.Count;

    private static RSA Import(string pem)
    {
        var rsa = RSA.Create();
        rsa.ImportFromPem(pem);
        return rsa;
    }
}
