using MerchantConsole.Core.AmazonPay;
using MerchantConsole.Data;
using MerchantConsole.Sandbox;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Options;

namespace MerchantConsole.Settings;

/// <summary>
/// Turns a shop's stored settings into the client's credentials: decrypts the private key (Data Protection)
/// and points the client at Amazon Pay — or, in sandbox mode, at this very app's /sandbox/amazonpay.
/// </summary>
public sealed class AmazonPayConnection(IDataProtectionProvider protection, IOptions<AmazonPayOptions> options, IServer server)
{
    /// <summary>The Data Protection purpose of stored private keys; changing it makes every stored key unreadable.</summary>
    internal const string KeyPurpose = "MerchantConsole.ShopPrivateKeys.v1";

    private readonly IDataProtector keys = protection.CreateProtector(KeyPurpose);

    public string Protect(string pem) => keys.Protect(pem);

    /// <summary>The shop's key as the client needs it; the caller disposes it. Null when the key cannot be read.</summary>
    public AmazonPayCredentials? Credentials(ShopAmazonPaySettings settings, bool pending = false)
    {
        var protectedKey = pending ? settings.PendingProtectedPrivateKey : settings.ProtectedPrivateKey;
        if (protectedKey is null || settings.PublicKeyId is null)
        {
            return null;
        }

        var loaded = PrivateKeyPem.Load(keys.Unprotect(protectedKey));
        return loaded.IsOk ? new AmazonPayCredentials(loaded.Value, settings.PublicKeyId, settings.Environment, SandboxBase) : null;
    }

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
