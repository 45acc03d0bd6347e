using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using MerchantConsole.Gateway;

namespace MerchantConsole.Api;

/// <summary>What a transport read: the fields by their spec names, or why the request cannot be read.</summary>
internal sealed record ApiRead(Dictionary<string, string>? Fields, GatewayError? Error, string? Repeated = null)
{
    public static ApiRead Of(Dictionary<string, string> fields, string? repeated) =>
        repeated is null ? new(fields, null) : new(null, GatewayErrors.RepeatedParameter, repeated);

    public static readonly ApiRead Unreadable = new(null, GatewayErrors.UnreadableBody);

    public static readonly ApiRead TooLarge = new(null, GatewayErrors.BodyTooLarge);
}

/// <summary>How a variant reads the request into the spec's field names and writes the outcome.</summary>
internal abstract class ApiTransport
{
    /// <summary>Requests are a few hundred bytes; anything far larger is not a merchant's request (E00000003).</summary>
    public const int MaxBodyBytes = 64 * 1024;

    /// <summary>
    /// The fields by their spec names; E00000002 when the body cannot be read, E00000003 when it is over the limit,
    /// E00000004 when a parameter is given twice (which of the two was meant is not ours to guess).
    /// </summary>
    public abstract Task<ApiRead> ReadAsync(HttpRequest request);

    public abstract IResult Write(ApiOperation? operation, ApiOutcome outcome);

    /// <summary>The whole body, or null when it is over the limit (refused by its Content-Length before reading any of it).</summary>
    internal static async Task<byte[]?> BodyAsync(HttpRequest request)
    {
        if (request.ContentLength > MaxBodyBytes)
        {
            return null;
        }

        using var buffer = new MemoryStream();
        var chunk = new byte[8192];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, request.HttpContext.RequestAborted)) > 0)
        {
            if (buffer.Length + read > MaxBodyBytes)
            {
                return null;
            }

            buffer.Write(chunk, 0, read);
        }

        return buffer.ToArray();
    }
}

/// <summary>
/// <c>.idPass</c>: a Windows-31J form in, <c>Key=Value&amp;…</c> in Windows-31J out, always 200 with errors in-band.
/// </summary>
internal sealed class IdPassTransport : ApiTransport
{
    public const string ContentType = "text/plain;charset=" + Windows31J.CharsetName;

    /// <summary>
    /// For answers only: text from Amazon (a buyer's name) may hold characters Windows-31J lacks; they become '?'
    /// rather than failing the whole answer. Requests are decoded strictly.
    /// </summary>
    private static readonly Encoding Lenient = CreateLenient();

    public override async Task<ApiRead> ReadAsync(HttpRequest request)
    {
        var body = await BodyAsync(request);
        if (body is null)
        {
            return ApiRead.TooLarge;
        }

        try
        {
            var (fields, repeated) = Windows31J.ParseRequestForm(body);
            return ApiRead.Of(fields, repeated);
        }
        catch (DecoderFallbackException)
        {
            return ApiRead.Unreadable;
        }
    }

    public override IResult Write(ApiOperation? operation, ApiOutcome outcome) =>
        Results.Bytes(Encoding.ASCII.GetBytes(Format(outcome)), ContentType);

    public static string Format(ApiOutcome outcome)
    {
        ArgumentNullException.ThrowIfNull(outcome);
        if (!outcome.IsSuccess)
        {
            // The codes are ASCII letters and digits; '|' stays literal, as clients split on it.
            return "ErrCode=" + string.Join('|', outcome.Errors.Select(e => e.ErrCode))
                + "&ErrInfo=" + string.Join('|', outcome.Errors.Select(e => e.ErrInfo));
        }

        return string.Join('&', outcome.Fields.Select(f => f.Key + "=" + Encode(f.Key, f.Value)));
    }

    /// <summary>
    /// The known quirk clients rely on: Token keeps its '+' unencoded ('/' and '=' are encoded as usual). A Token is
    /// Base64, so it holds no space that an encoder would also have turned into '+'.
    /// </summary>
    private static string Encode(string name, string value)
    {
        var encoded = System.Web.HttpUtility.UrlEncode(value, Lenient);
        return name == "Token" ? encoded.Replace("%2b", "+", StringComparison.OrdinalIgnoreCase) : encoded;
    }

    private static Encoding CreateLenient()
    {
        _ = Windows31J.Encoding; // registers the code-pages provider
        return Encoding.GetEncoding(932, new EncoderReplacementFallback("?"), DecoderFallback.ReplacementFallback);
    }
}

/// <summary>
/// <c>.json</c>: a UTF-8 object with camelCase keys in, camelCase out; 200 on success, else the first error's status
/// (400 input or settings, 500 system, 502 Amazon Pay).
/// </summary>
internal sealed class JsonTransport : ApiTransport
{
    public static string CamelCase(string name) => char.ToLowerInvariant(name[0]) + name[1..];

    public static string SpecName(string camelCase) => char.ToUpperInvariant(camelCase[0]) + camelCase[1..];

    public override async Task<ApiRead> ReadAsync(HttpRequest request)
    {
        var body = await BodyAsync(request);
        if (body is null)
        {
            return ApiRead.TooLarge;
        }

        try
        {
            using var document = JsonDocument.Parse(body);
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                return ApiRead.Unreadable;
            }

            var fields = new Dictionary<string, string>(StringComparer.Ordinal);
            // By spec name: "shopID" and "ShopID" are the same parameter given twice, as is a name repeated with null.
            var seen = new HashSet<string>(StringComparer.Ordinal);
            string? repeated = null;
            foreach (var property in document.RootElement.EnumerateObject())
            {
                if (property.Name.Length == 0)
                {
                    continue;
                }

                var name = SpecName(property.Name);
                if (!seen.Add(name))
                {
                    repeated ??= name;
                    continue;
                }

                switch (property.Value.ValueKind)
                {
                    case JsonValueKind.String:
                        var text = property.Value.GetString()!;
                        if (text.Contains('\0', StringComparison.Ordinal))
                        {
                            // "\u0000": no character of any parameter, and PostgreSQL cannot store one (as in .idPass).
                            return ApiRead.Unreadable;
                        }

                        fields[name] = text;
                        break;
                    case JsonValueKind.Number:
                        // The raw text: "1000" stays 1000, "1000.5" or "1e3" fail the digits-only check as in the form variant.
                        fields[name] = property.Value.GetRawText();
                        break;
                    case JsonValueKind.Null:
                        break;
                    default:
                        return ApiRead.Unreadable;
                }
            }

            return ApiRead.Of(fields, repeated);
        }
        catch (Exception ex) when (ex is JsonException or InvalidOperationException)
        {
            // InvalidOperationException: a string escape that is not valid UTF-16 (a lone surrogate) cannot become text.
            return ApiRead.Unreadable;
        }
    }

    public override IResult Write(ApiOperation? operation, ApiOutcome outcome)
    {
        ArgumentNullException.ThrowIfNull(outcome);
        if (!outcome.IsSuccess)
        {
            return Results.Json(Errors(outcome.Errors), statusCode: outcome.Errors[0].HttpStatus);
        }

        var body = new JsonObject();
        foreach (var (name, value) in outcome.Fields)
        {
            var type = operation?.Response.FirstOrDefault(p => p.Name == name)?.Type ?? ApiValueType.String;
            body[CamelCase(name)] = type == ApiValueType.Integer
                ? (long.TryParse(value, System.Globalization.CultureInfo.InvariantCulture, out var number) ? JsonValue.Create(number) : null)
                : JsonValue.Create(value);
        }

        return Results.Json(body, statusCode: StatusCodes.Status200OK);
    }

    public static JsonObject Errors(IReadOnlyList<GatewayError> errors)
    {
        ArgumentNullException.ThrowIfNull(errors);
        var list = new JsonArray();
        foreach (var error in errors)
        {
            var item = new JsonObject
            {
                ["errCode"] = error.ErrCode,
                ["errInfo"] = error.ErrInfo,
                ["message"] = new JsonObject { ["ja"] = error.Japanese, ["en"] = error.English },
            };
            if (error.Detail is not null)
            {
                item["detail"] = error.Detail;
            }

            list.Add(item);
        }

        return new JsonObject
        {
            ["errCode"] = string.Join('|', errors.Select(e => e.ErrCode)),
            ["errInfo"] = string.Join('|', errors.Select(e => e.ErrInfo)),
            ["errors"] = list,
        };
    }
}
