using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace MerchantConsole.Sandbox;

/// <summary>An answer of the sandbox API: Amazon's status code and JSON body.</summary>
public sealed record SandboxAnswer(int Status, JsonObject Body)
{
    public static SandboxAnswer Error(int status, string reasonCode, string message) =>
        new(status, new JsonObject { ["reasonCode"] = reasonCode, ["message"] = message });

    public bool IsSuccess => Status is >= 200 and < 300;
}

/// <summary>Reading Amazon's request shapes and writing its response shapes (wire spec sections 3 and 4).</summary>
internal static class SandboxJson
{
    public const long MaxAmount = 10_000_000;

    public static string Timestamp(DateTimeOffset instant) =>
        instant.UtcDateTime.ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture);

    public static JsonObject Price(long yen) => new() { ["amount"] = yen.ToString(CultureInfo.InvariantCulture), ["currencyCode"] = "JPY" };

    public static JsonObject? ParseObject(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        try
        {
            return JsonNode.Parse(text) as JsonObject;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    public static string? String(JsonNode? node, params string[] path)
    {
        var value = Walk(node, path);
        return value is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;
    }

    public static bool? Bool(JsonNode? node, params string[] path)
    {
        var value = Walk(node, path);
        return value is JsonValue v && v.TryGetValue<bool>(out var b) ? b : null;
    }

    public static JsonNode? Walk(JsonNode? node, params string[] path)
    {
        foreach (var name in path)
        {
            node = node is JsonObject obj && obj.TryGetPropertyValue(name, out var child) ? child : null;
        }

        return node;
    }

    /// <summary>
    /// A Price in whole yen. Amazon accepts the amount as a number or a string; JPY has no fractions and
    /// no thousands separators. Returns an error answer when the price is present but wrong.
    /// </summary>
    public static (long? Yen, SandboxAnswer? Error) ReadPrice(JsonNode? price, string field)
    {
        if (price is null)
        {
            return (null, null);
        }

        if (price is not JsonObject obj)
        {
            return (null, SandboxAnswer.Error(400, "InvalidParameterValue", $"{field} must be an object with amount and currencyCode."));
        }

        var currency = String(obj, "currencyCode");
        if (currency is not null && currency != "JPY")
        {
            return (null, SandboxAnswer.Error(400, "CurrencyMismatch", $"{field}.currencyCode must be JPY for this merchant's ledger currency."));
        }

        var amountNode = obj["amount"];
        var text = amountNode switch
        {
            JsonValue v when v.TryGetValue<string>(out var s) => s,
            JsonValue v => v.ToJsonString(),
            _ => null,
        };
        if (text is null || !decimal.TryParse(text, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var amount)
            || amount != decimal.Truncate(amount))
        {
            return (null, SandboxAnswer.Error(400, "InvalidParameterValue", $"{field}.amount must be a whole number of yen; received {text ?? "nothing"}."));
        }

        if (amount < 1 || amount > MaxAmount)
        {
            return (null, SandboxAnswer.Error(400, "InvalidParameterValue", $"{field}.amount must be between 1 and {MaxAmount} JPY."));
        }

        return ((long)amount, null);
    }

    public static JsonObject StatusDetails(string state, string? reasonCode, DateTimeOffset updated) => new()
    {
        ["state"] = state,
        ["reasonCode"] = reasonCode,
        ["reasonDescription"] = reasonCode,
        ["lastUpdatedTimestamp"] = Timestamp(updated),
    };

    public static JsonObject Address(SandboxAddress address) => new()
    {
        ["name"] = address.Name,
        ["addressLine1"] = address.AddressLine1,
        ["addressLine2"] = address.AddressLine2,
        ["addressLine3"] = null,
        ["city"] = address.City,
        ["districtOrCounty"] = null,
        ["stateOrRegion"] = address.StateOrRegion,
        ["postalCode"] = address.PostalCode,
        ["countryCode"] = SandboxAddress.CountryCode,
        ["phoneNumber"] = address.PhoneNumber,
    };

    public static JsonObject Buyer(SandboxBuyer buyer) => new()
    {
        ["buyerId"] = buyer.BuyerId,
        ["name"] = buyer.Name,
        ["email"] = buyer.Email,
        ["phoneNumber"] = buyer.Address.PhoneNumber,
        ["primeMembershipTypes"] = null,
    };

    public static JsonObject Copy(JsonObject source) => (JsonObject)source.DeepClone();
}
