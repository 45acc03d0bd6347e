using System.Globalization;
using System.Resources;

namespace MerchantConsole.Resources;

/// <summary>
/// Data annotation messages in the current language: the attributes take a type and a property name
/// (<c>ErrorMessageResourceType</c>), so these read the same .resx files as the rest of the UI.
/// </summary>
public static class ValidationText
{
    private static readonly ResourceManager Strings = new(typeof(SharedResource).FullName!, typeof(SharedResource).Assembly);

    public static string Required => Get("Validation.Required");

    public static string Email => Get("Validation.Email");

    public static string PasswordsDiffer => Get("Validation.PasswordsDiffer");

    public static string ShopId => Get("Error.ShopIdInvalid");

    private static string Get(string key) => Strings.GetString(key, CultureInfo.CurrentUICulture) ?? key;
}
