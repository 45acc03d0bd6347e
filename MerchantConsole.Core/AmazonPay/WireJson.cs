using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.RegularExpressions;
using MerchantConsole.Core.Payments;

namespace MerchantConsole.Core.AmazonPay;

/// <summary>
/// One set of JSON rules for everything that goes to or comes from Amazon Pay: camelCase names,
/// nulls left out, <see cref="Yen"/> as a Price object with a whole-number string, enums by name,
/// timestamps in Amazon's basic format. Non-ASCII stays as UTF-8 (Japanese store names are hashed
/// as the UTF-8 bytes Amazon sees).
/// </summary>
public static partial class WireJson
{
    public static JsonSerializerOptions Options { get; } = CreateOptions();

    public static string Serialize<T>(T value) => JsonSerializer.Serialize(value, Options);

    private static JsonSerializerOptions CreateOptions()
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web)
        {
            DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
            Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
            Converters = { new PriceConverter(), new TimestampConverter(), new EnumByNameConverterFactory() },
        };
        options.MakeReadOnly(populateMissingResolver: true);
        return options;
    }

    /// <summary><c>{"amount":"1000","currencyCode":"JPY"}</c>. Reads a number or a string; a fraction or another currency is a broken response.</summary>
    [GeneratedRegex(@"^([0-9]{1,18})(\.0+)?\z", RegexOptions.CultureInvariant)]
    private static partial Regex WholeYen();

    private sealed class PriceConverter : JsonConverter<Yen>
    {
        public override Yen Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
        {
            using var document = JsonDocument.ParseValue(ref reader);
            var price = document.RootElement;
            if (price.ValueKind != JsonValueKind.Object
                || !price.TryGetProperty("amount", out var amount)
                || !price.TryGetProperty("currencyCode", out var currency))
            {
                throw new JsonException("A price needs amount and currencyCode.");
            }

            if (currency.GetString() != "JPY")
            {
                throw new JsonException("Only JPY prices are expected.");
            }

            // Digits, optionally ".0…" (whole yen written with decimals); at most 18 digits, so it always fits a long.
            // Anything else — a fraction, a sign, an exponent, 19 digits and more — is a broken response, never an overflow.
            var text = amount.ValueKind is JsonValueKind.String or JsonValueKind.Number
                ? (amount.ValueKind == JsonValueKind.String ? amount.GetString() : amount.GetRawText())
                : null;
            var match = text is null ? null : WholeYen().Match(text);
            if (match is not { Success: true })
            {
                throw new JsonException("A JPY amount must be a whole number of at most 18 digits.");
            }

            return new Yen(long.Parse(match.Groups[1].ValueSpan, NumberStyles.None, CultureInfo.InvariantCulture));
        }

        public override void Write(Utf8JsonWriter writer, Yen value, JsonSerializerOptions options)
        {
            writer.WriteStartObject();
            writer.WriteString("amount", value.ToWireAmount());
            writer.WriteString("currencyCode", "JPY");
            writer.WriteEndObject();
        }
    }

    /// <summary><c>20201023T211923Z</c>; ISO 8601 is accepted on reading as well.</summary>
    private sealed class TimestampConverter : JsonConverter<DateTimeOffset>
    {
        public override DateTimeOffset Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
        {
            var text = reader.GetString() ?? throw new JsonException("A timestamp is expected.");
            const DateTimeStyles utc = DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal;
            if (DateTimeOffset.TryParseExact(text, AmazonPayHeaders.DateFormat, CultureInfo.InvariantCulture, utc, out var basic))
            {
                return basic;
            }

            return DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, utc, out var iso)
                ? iso
                : throw new JsonException("The timestamp is not in a known format.");
        }

        public override void Write(Utf8JsonWriter writer, DateTimeOffset value, JsonSerializerOptions options) =>
            writer.WriteStringValue(AmazonPayHeaders.FormatDate(value));
    }

    /// <summary>
    /// Enums by their exact name. A value Amazon adds later reads as the enum's <c>Unknown</c> member
    /// when it has one (states, reasons), so a new state never breaks reading a response.
    /// </summary>
    private sealed class EnumByNameConverterFactory : JsonConverterFactory
    {
        public override bool CanConvert(Type typeToConvert) => typeToConvert.IsEnum;

        public override JsonConverter CreateConverter(Type typeToConvert, JsonSerializerOptions options) =>
            (JsonConverter)Activator.CreateInstance(typeof(EnumByNameConverter<>).MakeGenericType(typeToConvert))!;
    }

    private sealed class EnumByNameConverter<T> : JsonConverter<T>
        where T : struct, Enum
    {
        public override T Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
        {
            var text = reader.GetString();
            if (text is { Length: > 0 } && !char.IsAsciiDigit(text[0]) && text != "Unknown"
                && Enum.TryParse<T>(text, ignoreCase: false, out var value))
            {
                return value;
            }

            return Enum.TryParse<T>("Unknown", out var unknown)
                ? unknown
                : throw new JsonException($"Unexpected value for {typeof(T).Name}.");
        }

        public override void Write(Utf8JsonWriter writer, T value, JsonSerializerOptions options)
        {
            var name = Enum.GetName(value);
            if (name is null or "Unknown")
            {
                throw new JsonException($"{typeof(T).Name} has no wire name for {value}.");
            }

            writer.WriteStringValue(name);
        }
    }
}
