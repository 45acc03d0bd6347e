using System.Security.Cryptography;
using System.Text;

namespace MerchantConsole.Core.AmazonPay;

/// <summary>
/// The canonical request of Amazon Pay's signature scheme, one pure step per line of it
/// (wire spec §1.2). The signer and the verifier both build it here, so they cannot drift apart.
/// </summary>
public static class CanonicalRequest
{
    /// <summary>SHA-256 of nothing: the payload hash of a request without a body.</summary>
    public const string EmptyPayloadHash = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

    public static string Build(
        string method,
        string canonicalUri,
        string canonicalQuery,
        string canonicalHeaders,
        string signedHeaders,
        string payloadHash) =>
        $"{method.ToUpperInvariant()}\n{canonicalUri}\n{canonicalQuery}\n{canonicalHeaders}\n{signedHeaders}\n{payloadHash}";

    /// <summary>
    /// The path (unescaped, as the application sees it): runs of <c>/</c> collapse to one, every
    /// UTF-8 byte outside <c>A-Za-z0-9-_.~/</c> becomes <c>%XX</c>, and it starts with <c>/</c>.
    /// </summary>
    public static string Uri(string path)
    {
        var builder = new StringBuilder(path.Length + 1);
        if (!path.StartsWith('/'))
        {
            builder.Append('/');
        }

        foreach (var rune in path.EnumerateRunes())
        {
            if (rune.Value == '/' && builder.Length > 0 && builder[^1] == '/')
            {
                continue;
            }

            AppendEncoded(builder, rune, keepSlash: true);
        }

        return builder.ToString();
    }

    /// <summary>RFC 3986 encoding: unreserved characters stay, every other UTF-8 byte is <c>%XX</c> (space is <c>%20</c>).</summary>
    public static string Encode(string text)
    {
        var builder = new StringBuilder(text.Length);
        foreach (var rune in text.EnumerateRunes())
        {
            AppendEncoded(builder, rune, keepSlash: false);
        }

        return builder.ToString();
    }

    /// <summary>Names and values encoded, sorted ordinally by name then value, joined with <c>&amp;</c>.</summary>
    public static string Query(IEnumerable<KeyValuePair<string, string>> parameters) =>
        string.Join('&', parameters
            .Select(p => (Name: Encode(p.Key), Value: Encode(p.Value)))
            .OrderBy(p => p.Name, StringComparer.Ordinal)
            .ThenBy(p => p.Value, StringComparer.Ordinal)
            .Select(p => p.Name + "=" + p.Value));

    /// <summary>
    /// Header lines (<c>name:value\n</c>, names lower-cased and sorted, values trimmed with inner
    /// whitespace collapsed, repeated names joined with <c>,</c>) and the signed-header list.
    /// </summary>
    public static (string Canonical, string Signed) Headers(IEnumerable<KeyValuePair<string, string>> headers)
    {
        var grouped = headers
            .GroupBy(h => h.Key.Trim().ToLowerInvariant(), h => CollapseWhitespace(h.Value))
            .OrderBy(g => g.Key, StringComparer.Ordinal)
            .ToList();

        var canonical = new StringBuilder();
        foreach (var header in grouped)
        {
            canonical.Append(header.Key).Append(':').AppendJoin(',', header).Append('\n');
        }

        return (canonical.ToString(), string.Join(';', grouped.Select(g => g.Key)));
    }

    public static string PayloadHash(ReadOnlySpan<byte> body) => Convert.ToHexStringLower(SHA256.HashData(body));

    /// <summary><c>ALGORITHM\nhex(sha256(text))</c>: for a canonical request, and for a button payload as it is.</summary>
    public static string StringToSign(SignatureAlgorithm algorithm, string text) =>
        algorithm.Name() + "\n" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));

    private static string CollapseWhitespace(string value)
    {
        var builder = new StringBuilder(value.Length);
        var inWhitespace = false;
        foreach (var c in value.Trim())
        {
            if (char.IsWhiteSpace(c))
            {
                inWhitespace = true;
                continue;
            }

            if (inWhitespace)
            {
                builder.Append(' ');
                inWhitespace = false;
            }

            builder.Append(c);
        }

        return builder.ToString();
    }

    private static void AppendEncoded(StringBuilder builder, Rune rune, bool keepSlash)
    {
        if (rune.IsAscii && (IsUnreserved((char)rune.Value) || (keepSlash && rune.Value == '/')))
        {
            builder.Append((char)rune.Value);
            return;
        }

        Span<byte> utf8 = stackalloc byte[4];
        var length = rune.EncodeToUtf8(utf8);
        foreach (var b in utf8[..length])
        {
            builder.Append('%').Append(b.ToString("X2", System.Globalization.CultureInfo.InvariantCulture));
        }
    }

    private static bool IsUnreserved(char c) =>
        char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' or '~';
}
