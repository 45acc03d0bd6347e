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
    public static Encoding Encoding { get; } = Create();

    // Static initializers run before a static constructor's body, so the provider is registered here, not there.
    private static Encoding Create()
    {
        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
        return Encoding.GetEncoding(932, EncoderFallback.ExceptionFallback, DecoderFallback.ExceptionFallback);
    }

    /// <summary>For exports: a character Windows-31J cannot carry becomes '?' instead of failing a download halfway.</summary>
    public static Encoding Lenient { get; } = Encoding.GetEncoding(932, new EncoderReplacementFallback("?"), DecoderFallback.ReplacementFallback);

    /// <summary>Percent-encodes each byte of the value's Windows-31J form; spaces become '+', as HTML forms send them.</summary>
    public static string UrlEncode(string value) => System.Web.HttpUtility.UrlEncode(value, Encoding);

    /// <summary>Decodes one form value; throws <see cref="DecoderFallbackException"/> for bytes that are not Windows-31J.</summary>
    public static string UrlDecode(string value) => Encoding.GetString(System.Web.HttpUtility.UrlDecodeToBytes(value, Encoding.ASCII));

    /// <summary>
    /// One name or value of a request form. A NUL (raw or %00) is no character of any parameter and PostgreSQL cannot
    /// store one, so it is refused like bytes that are not Windows-31J.
    /// </summary>
    private static string Decode(ReadOnlySpan<byte> raw)
    {
        var text = Encoding.GetString(System.Web.HttpUtility.UrlDecodeToBytes(raw.ToArray()));
        return text.Contains('\0', StringComparison.Ordinal)
            ? throw new DecoderFallbackException("A request form holds a NUL character, which no parameter can carry.")
            : text;
    }

    /// <summary>Parses a form body <c>a=b&amp;c=d</c> sent in Windows-31J. The first value of a repeated name wins.</summary>
    public static Dictionary<string, string> ParseForm(ReadOnlySpan<byte> body) => ParseRequestForm(body).Fields;

    /// <summary>
    /// Parses a form body sent in Windows-31J, percent-encoded or raw (a trail byte of Windows-31J is never '&amp;' or
    /// '=', so raw text splits safely), and names the first parameter that appears more than once: the API refuses
    /// such a request rather than guess which value was meant. Throws <see cref="DecoderFallbackException"/> for
    /// bytes that are not Windows-31J.
    /// </summary>
    public static (Dictionary<string, string> Fields, string? Repeated) ParseRequestForm(ReadOnlySpan<byte> body)
    {
        var fields = new Dictionary<string, string>(StringComparer.Ordinal);
        string? repeated = null;
        while (!body.IsEmpty)
        {
            var end = body.IndexOf((byte)'&');
            var pair = end < 0 ? body : body[..end];
            body = end < 0 ? [] : body[(end + 1)..];
            if (pair.IsEmpty)
            {
                continue;
            }

            var equals = pair.IndexOf((byte)'=');
            var name = Decode(equals < 0 ? pair : pair[..equals]);
            var value = equals < 0 ? "" : Decode(pair[(equals + 1)..]);
            if (!fields.TryAdd(name, value))
            {
                repeated ??= name;
            }
        }

        return (fields, repeated);
    }

    /// <summary>A form body in Windows-31J, fields in the given order.</summary>
    public static byte[] FormBody(IEnumerable<KeyValuePair<string, string>> fields) =>
        Encoding.ASCII.GetBytes(string.Join('&', fields.Select(f => UrlEncode(f.Key) + "=" + UrlEncode(f.Value))));
}
