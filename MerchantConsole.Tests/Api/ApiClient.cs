using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using MerchantConsole.Api;
using MerchantConsole.Tests.Support;

namespace MerchantConsole.Tests.Api;

/// <summary>
/// A merchant's server talking to the gateway: .idPass calls as a Windows-31J form, .json calls as UTF-8 JSON.
/// ShopID and ShopPass are added to every call unless the caller sends its own (or none, with <c>withShop: false</c>).
/// </summary>
public sealed class ApiClient(HttpClient http, string shopId = TestConsole.ShopId, string shopPass = TestConsole.ShopPass)
{
    public HttpClient Http { get; } = http;

    public Task<IdPassAnswer> IdPassAsync(string api, params (string Name, string Value)[] fields) => IdPassAsync(api, true, fields);

    public async Task<IdPassAnswer> IdPassAsync(string api, bool withShop, params (string Name, string Value)[] fields)
    {
        var all = withShop ? [("ShopID", shopId), ("ShopPass", shopPass), .. fields] : fields;
        return await IdPassRawAsync(api, Windows31J.FormBody(all.Select(f => new KeyValuePair<string, string>(f.Name, f.Value))));
    }

    /// <summary>Sends the body exactly as given (for malformed requests).</summary>
    public async Task<IdPassAnswer> IdPassRawAsync(string api, byte[] body)
    {
        using var content = new ByteArrayContent(body);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/x-www-form-urlencoded") { CharSet = Windows31J.CharsetName };
        using var response = await Http.PostAsync(new Uri($"/payment/{api}.idPass", UriKind.Relative), content);
        var bytes = await response.Content.ReadAsByteArrayAsync();
        return new IdPassAnswer(response.StatusCode, response.Content.Headers.ContentType?.ToString() ?? "", Encoding.ASCII.GetString(bytes));
    }

    public Task<JsonAnswer> JsonAsync(string api, JsonObject body) => JsonAsync(api, true, body);

    public async Task<JsonAnswer> JsonAsync(string api, bool withShop, JsonObject body)
    {
        ArgumentNullException.ThrowIfNull(body);
        if (withShop)
        {
            body["shopID"] ??= shopId;
            body["shopPass"] ??= shopPass;
        }

        using var content = new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json");
        using var response = await Http.PostAsync(new Uri($"/payment/{api}.json", UriKind.Relative), content);
        var text = await response.Content.ReadAsStringAsync();
        return new JsonAnswer(response.StatusCode, (JsonObject)JsonNode.Parse(text)!)
        {
            RetryAfter = response.Headers.RetryAfter?.Delta is { } wait ? (long)wait.TotalSeconds : null,
        };
    }
}

/// <summary>An .idPass answer: the raw <c>Key=Value&amp;…</c> text and its fields decoded from Windows-31J.</summary>
public sealed record IdPassAnswer(HttpStatusCode Status, string ContentType, string Raw)
{
    public IReadOnlyDictionary<string, string> Fields { get; } = Windows31J.ParseForm(Encoding.ASCII.GetBytes(Raw));

    public string this[string name] => Fields[name];

    public string? ErrInfo => Fields.GetValueOrDefault("ErrInfo");

    /// <summary>The value as sent, before any decoding.</summary>
    public string RawValue(string name) =>
        Raw.Split('&').Select(pair => pair.Split('=', 2)).Single(pair => pair[0] == name)[1];

    /// <summary>The Token as clients read it: '+' is literal (the quirk), the rest percent-decoded.</summary>
    public string Token => Windows31J.UrlDecode(RawValue("Token").Replace("+", "%2B", StringComparison.Ordinal));
}

public sealed record JsonAnswer(HttpStatusCode Status, JsonObject Body)
{
    public string? this[string name] => Body[name]?.ToString();

    /// <summary>The Retry-After header in seconds, when the answer has one (the E92 rate limits).</summary>
    public long? RetryAfter { get; init; }
}
