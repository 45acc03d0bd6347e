using System.Security.Cryptography;
using System.Text;
using MerchantConsole.Data;
using Microsoft.AspNetCore.DataProtection;

namespace MerchantConsole.Gateway;

/// <summary>
/// The merchant API password (ShopPass): random, stored encrypted with Data Protection because the RetURL's
/// CheckString needs it in clear, compared in constant time, never logged.
/// </summary>
public sealed class ShopPasswords(IDataProtectionProvider protection)
{
    public const int Length = 24;

    private const string Alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789";

    /// <summary>The Data Protection purpose of stored ShopPasses; changing it makes every stored one unreadable.</summary>
    internal const string Purpose = "MerchantConsole.ShopPass.v1";

    private readonly IDataProtector protector = protection.CreateProtector(Purpose);

    /// <summary>24 characters from an alphabet without look-alikes (0/O, 1/l/I): about 140 bits.</summary>
    public static string Generate() => RandomNumberGenerator.GetString(Alphabet, Length);

    /// <summary>A ShopPass set from configuration: 8 to 64 ASCII letters and digits (it travels in forms and URLs).</summary>
    public static bool IsAcceptable(string shopPass) =>
        shopPass is { Length: >= 8 and <= 64 } && shopPass.All(char.IsAsciiLetterOrDigit);

    public string Protect(string shopPass) => protector.Protect(shopPass);

    public string? Reveal(Shop shop)
    {
        ArgumentNullException.ThrowIfNull(shop);
        return shop.ProtectedShopPass is null ? null : protector.Unprotect(shop.ProtectedShopPass);
    }

    public bool Verify(Shop shop, string candidate)
    {
        var actual = Reveal(shop);
        return actual is not null && CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(actual), Encoding.UTF8.GetBytes(candidate));
    }
}
