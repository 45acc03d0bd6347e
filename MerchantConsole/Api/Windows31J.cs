using System.Text;

namespace MerchantConsole.Api;

/// <summary>
/// Windows-31J (code page 932, Microsoft's Shift_JIS): the encoding of the .idPass API and of result
/// notifications. .NET has it once the code-pages provider is registered.
/// </summary>
public static class Windows31J
{
    public const string CharsetName = "windows-31j";

    /// <summary>Strict: a character Windows-31J cannot carry, or bytes that are not Windows-31J, throw instead of becoming '?'.</summary>
    public static Encoding Encoding { get; } = Strict932();

    // A static property initializer runs before a static constructor's body: the provider must be registered
    // in the same expression that asks for code page 932, or the first use throws.
    private static Encoding Strict932()
    {
        System.Text.Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
        return System.Text.Encoding.GetEncoding(932, EncoderFallback.ExceptionFallback, DecoderFallback.ExceptionFallback);
    }

    /// <summary>Percent-encodes each byte of the value's Windows-31J form; spaces become '+', as HTML forms send them.</summary>
    public static string UrlEncode(string value) => System.Web.HttpUtility.UrlEncode(value, Encoding);

    /// <summary>Decodes one form value; throws <see cref="DecoderFallbackException"/> for bytes that are not Windows-31J.</summary>
    public static string UrlDecode(string value) => Encoding.GetString(System.Web.HttpUtility.UrlDecodeToBytes(value, Encoding.ASCII));

    /// <summary>Parses a form body <c>a=b&amp;c=d</c> sent in Windows-31J. The first value of a repeated name wins.</summary>
    public static Dictionary<string, string> ParseForm(ReadOnlySpan<byte> body)
    {
        var fields = new Dictionary<string, string>(StringComparer.Ordinal);
        var text = Encoding.ASCII.GetString(body);
        foreach (var pair in text.Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var equals = pair.IndexOf('=', StringComparison.Ordinal);
            var name = UrlDecode(equals < 0 ? pair : pair[..equals]);
            var value = equals < 0 ? "" : UrlDecode(pair[(equals + 1)..]);
            fields.TryAdd(name, value);
        }

        return fields;
    }

    /// <summary>A form body in Windows-31J, fields in the given order.</summary>
    public static byte[] FormBody(IEnumerable<KeyValuePair<string, string>> fields) =>
        Encoding.ASCII.GetBytes(string.Join('&', fields.Select(f => UrlEncode(f.Key) + "=" + UrlEncode(f.Value))));
}
