using System.Globalization;
using System.Text;

namespace MerchantConsole.Core.AmazonPay;

/// <summary>
/// A JavaScript string literal that evaluates to exactly the given text and is safe inside an HTML
/// <c>&lt;script&gt;</c> element: quotes and backslashes are escaped, and so are <c>&lt;</c>, <c>&gt;</c>
/// and <c>&amp;</c> (no <c>&lt;/script&gt;</c> or <c>&lt;!--</c> can form), line terminators including
/// U+2028/U+2029, and every non-ASCII character (the value then survives a page served in any charset).
/// </summary>
public static class JsLiteral
{
    public static string SingleQuoted(string text)
    {
        var builder = new StringBuilder(text.Length + 2).Append('\'');
        foreach (var c in text)
        {
            switch (c)
            {
                case '\\':
                    builder.Append(@"\\");
                    break;
                case '\'':
                    builder.Append(@"\'");
                    break;
                case '"':
                    builder.Append("\\\"");
                    break;
                case < ' ' or > '~' or '<' or '>' or '&':
                    builder.Append(@"\u").Append(((int)c).ToString("X4", CultureInfo.InvariantCulture));
                    break;
                default:
                    builder.Append(c);
                    break;
            }
        }

        return builder.Append('\'').ToString();
    }
}
