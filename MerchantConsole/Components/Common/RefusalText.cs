using System.Globalization;
using MerchantConsole.Core;

namespace MerchantConsole.Components.Common;

public static class RefusalText
{
    /// <summary>A refusal in the language the staff member reads the console in.</summary>
    public static string Localized(this Refusal refusal) =>
        CultureInfo.CurrentUICulture.TwoLetterISOLanguageName == "ja" ? refusal.Japanese : refusal.English;

    public static string Localized(string japanese, string english) =>
        CultureInfo.CurrentUICulture.TwoLetterISOLanguageName == "ja" ? japanese : english;
}
