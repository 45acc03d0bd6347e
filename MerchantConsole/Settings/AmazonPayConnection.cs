using MerchantConsole.Core.AmazonPay;
using MerchantConsole.Data;
using MerchantConsole.Hosting;
using MerchantConsole.Sandbox;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Options;

namespace MerchantConsole.Settings;

/// <summary>
/// Turns a shop's stored settings into the client's credentials: decrypts the private key (Data Protection)
/// and points the client at Amazon Pay — or, in sandbox mode, at this very app's /sandbox/amazonpay.
/// A key, once read, is kept for the operations that follow: reading one costs several signatures (.NET checks the
/// key's primes on import, and its first signature sets up what later ones reuse), and every capture would pay it.
/// </summary>
public sealed class AmazonPayConnection(IDataProtectionProvider protection, IOptions<AmazonPayOptions> options, IServer server, TimeProvider clock)
{
    /// <summary>The Data Protection purpose of stored private keys; changing it makes every stored key unreadable.</summary>
    internal const string KeyPurpose = "MerchantConsole.ShopPrivateKeys.v1";

    /// <summary>A key nobody used for this long is let go; a shop's next operation reads it again.</summary>
    internal static readonly TimeSpan IdleLifetime = TimeSpan.FromMinutes(30);

    /// <summary>At most this many keys are kept (one per shop, two while a new key awaits its test); beyond it the least recently used go.</summary>
    internal const int MaximumKept = 1024;

    private readonly IDataProtector keys = protection.CreateProtector(KeyPurpose);
    private readonly KeptKeys<AmazonPayPrivateKey> kept = new(clock, IdleLifetime, MaximumKept);

    public string Protect(string pem) => keys.Protect(pem);

    /// <summary>
    /// The shop's key as the client needs it, or null when there is none or it cannot be read. The key belongs to this
    /// connection and is shared by concurrent operations: callers never dispose it.
    /// </summary>
    public AmazonPayCredentials? Credentials(ShopAmazonPaySettings settings, bool pending = false)
    {
        var protectedKey = pending ? settings.PendingProtectedPrivateKey : settings.ProtectedPrivateKey;
        if (protectedKey is null || settings.PublicKeyId is null)
        {
            return null;
        }

        var key = kept.Get(protectedKey, stored => PrivateKeyPem.Load(keys.Unprotect(stored)) is { IsOk: true } loaded ? loaded.Value : null);
        return key is null ? null : new AmazonPayCredentials(key, settings.PublicKeyId, settings.Environment, SandboxBase);
    }

    /// <summary>How many keys are held now (for tests).</summary>
    internal int KeptCount => kept.Count;

    /// <summary>In sandbox mode the gateway calls its own embedded Amazon Pay over loopback HTTP, signed like the real thing.</summary>
    public Uri? SandboxBase => options.Value.Mode == AmazonPayMode.Sandbox ? new Uri(SelfAddress(), SandboxApi.BasePath) : null;

    private Uri SelfAddress()
    {
        var address = server.Features.Get<IServerAddressesFeature>()?.Addresses.FirstOrDefault(a => a.StartsWith("http://", StringComparison.Ordinal))
            ?? server.Features.Get<IServerAddressesFeature>()?.Addresses.FirstOrDefault()
            ?? throw new InvalidOperationException("The server has no address to reach its own sandbox at.");
        var uri = new UriBuilder(address.Replace("://+", "://127.0.0.1", StringComparison.Ordinal).Replace("://*", "://127.0.0.1", StringComparison.Ordinal));
        if (uri.Host is "0.0.0.0" or "[::]" or "::" or "localhost")
        {
            uri.Host = "127.0.0.1";
        }

        return new Uri(uri.Uri.GetLeftPart(UriPartial.Authority));
    }
}
