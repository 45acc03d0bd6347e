using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using CsCheck;
using MerchantConsole.Api;
using MerchantConsole.Data;
using MerchantConsole.Gateway;
using MerchantConsole.Tests.Gateway;
using MerchantConsole.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Xunit.Abstractions;

namespace MerchantConsole.Tests.Api;

/// <summary>
/// Hostile requests to every path of the merchant API against the real app, with a configured shop and live
/// transactions whose credentials the generator mixes in, so requests reach authentication and the engine, not
/// only the parser. Whatever arrives: no 500, no unhandled exception (E91099999), only catalogued ErrInfo codes,
/// and a request answered with an error changes nothing in the database.
/// </summary>
public sealed class ApiFuzzTests(ITestOutputHelper output) : IAsyncLifetime
{
    /// <summary>Requests per run: about 20 seconds here on two cores (a shared machine).</summary>
    private const int Requests = 500;

    private static readonly string[] HostileValues =
    [
        "<script>alert(1)</script>", "\"><img src=x onerror=alert(1)>", "=cmd|' /C calc'!A0", "'; DROP TABLE Shops;--", "%00", "\0",
        "../../etc/passwd", "${jndi:ldap://x/a}", "{{7*7}}", "\u202e", "😀", "ｱｲｳ", "①", "髙", "\r\n", "\t", "AUTH", "CAPTURE", "auth",
        "-1", "0", "1", "100", "1000", "9999999", "10000000", "00000000001", "1e3", "1.5", "+5", " 5", "５", "99999999999999999999",
        "", " ", "null", "true", "PayOnly", "PayAndShip", "Month", "38", "3", "4", "2", "https://merchant.example/r", "javascript:alert(1)",
        "http://", "ftp://x", new string('a', 300), new string('あ', 256), new string('9', 11),
    ];

    private GatewayHarness harness = null!;
    private HttpClient http = null!;
    private string[] liveValues = [];
    private Live[] transactions = [];

    public async Task InitializeAsync()
    {
        harness = await GatewayHarness.StartAsync();
        http = harness.Console.CreateClient();
        // Real transactions in three states, with the AccessPass a merchant would hold (SearchTradeMulti tells it).
        var api = new ApiClient(http);
        var entry = await api.IdPassAsync("EntryTranAmazonpay", ("OrderID", "fuzz-unprocessed"), ("JobCd", "AUTH"), ("Amount", "1000"));
        var live = new List<Live> { new("fuzz-unprocessed", entry["AccessID"], entry["AccessPass"], "1000", "0") };
        foreach (var id in new[] { await harness.AuthorizedAsync(2000), await harness.SalesAsync(3000, 300) })
        {
            var row = await harness.RowAsync(id);
            var trade = await api.IdPassAsync("SearchTradeMulti", ("OrderID", row.OrderId), ("PayType", "38"));
            live.Add(new(row.OrderId, trade["AccessID"], trade["AccessPass"], trade["Amount"], trade["Tax"]));
        }

        transactions = [.. live];
        liveValues = [TestConsole.ShopId, TestConsole.ShopPass, .. live.SelectMany(t => new[] { t.OrderId, t.AccessId, t.AccessPass, t.Amount })];
    }

    public async Task DisposeAsync()
    {
        http.Dispose();
        await harness.DisposeAsync();
    }

    [Fact]
    public async Task No_request_to_any_API_path_gets_a_500_or_a_system_error_and_a_refused_one_changes_nothing()
    {
        var outcomes = new Dictionary<string, int>();
        var sent = 0;
        var refusedUnchanged = 0;
        var journaled = 0;

        await Requests_().SampleAsync(async request =>
        {
            var before = await FingerprintAsync();
            var refusalsBefore = await RefusalEntriesAsync();
            var (errInfo, description) = await SendAsync(request);
            var after = await FingerprintAsync();
            var journaledRefusals = await RefusalEntriesAsync() - refusalsBefore;

            sent++;
            outcomes[errInfo ?? "success"] = outcomes.GetValueOrDefault(errInfo ?? "success") + 1;
            if (errInfo is not null)
            {
                foreach (var code in errInfo.Split('|'))
                {
                    Assert.True(GatewayErrors.All.Any(e => e.ErrInfo == code), $"{description}: ErrInfo {code} is not in the catalogue");
                    Assert.True(code != GatewayErrors.SystemError.ErrInfo, $"{description}: an unhandled exception (E91099999)");
                }

                Assert.True(before == after, $"{description}: refused with {errInfo}, yet the database changed");
                // A rule's refusal of an authenticated operation on a real transaction is journaled (the audit log shows
                // refused attempts); that one line is all it may leave, and only for such a refusal.
                var ruleRefusal = errInfo.StartsWith("E11", StringComparison.Ordinal) || GatewayErrors.All.Any(e => e.ErrInfo == errInfo && IsRuleError(e));
                Assert.True(journaledRefusals == 0 || (journaledRefusals == 1 && ruleRefusal), $"{description}: {journaledRefusals} refusal lines journaled for {errInfo}");
                refusedUnchanged++;
                journaled += journaledRefusals;
            }
        }, iter: Requests, threads: 1, print: r => r.ToString());

        output.WriteLine($"requests: {sent}, refused with nothing changed: {refusedUnchanged} (of which {journaled} left their one audit line)");
        foreach (var (code, count) in outcomes.OrderByDescending(o => o.Value))
        {
            output.WriteLine($"  {code}: {count}");
        }

        // The generator reaches past the parser: authentication, validation and the engine all answer.
        Assert.Contains(GatewayErrors.UnreadableBody.ErrInfo, outcomes.Keys);
        Assert.Contains(GatewayErrors.RepeatedParameter.ErrInfo, outcomes.Keys);
        Assert.Contains(GatewayErrors.ShopAuthFailed.ErrInfo, outcomes.Keys);
        Assert.True(outcomes.Keys.Count(k => k.StartsWith("E01", StringComparison.Ordinal)) >= 5, string.Join(", ", outcomes.Keys));
        Assert.True(outcomes.Keys.Any(k => k.StartsWith("E11", StringComparison.Ordinal) || k == "success"), string.Join(", ", outcomes.Keys));
    }

    /// <summary>One request: where it goes and the exact bytes it carries.</summary>
    public sealed record FuzzRequest(string Path, bool Json, byte[] Body, string Shape)
    {
        public override string ToString() =>
            $"POST {Path} [{Shape}] {Encoding.Latin1.GetString(Body[..Math.Min(Body.Length, 300)])}";
    }

    private Gen<FuzzRequest> Requests_()
    {
        var value = Gen.Frequency(
            (4, (IGen<string>)Gen.OneOf(HostileValues)),
            (4, Gen.OneOf(liveValues)),
            (2, Gen.String[0, 40]),
            (1, Gen.Char["abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-"].Array[0, 30].Select(c => new string(c))));
        var junkName = Gen.Frequency((3, (IGen<string>)Gen.OneOf("shopid", "Junk", "", "ORDERID", "Amount ")), (1, Gen.String[0, 12]));

        // Per operation: each of its parameters present or not, with a generated value; the shop's credentials right,
        // wrong or missing; now and then a parameter twice or one the operation does not know.
        Gen<(string Api, List<(string Name, string Value)> Fields)> ForOperation(ApiOperation? operation, string api)
        {
            var names = operation?.Request.Select(p => p.Name).ToArray() ?? ["OrderID", "Amount"];
            return Gen.Select(Gen.Bool.Array[names.Length], value.Array[names.Length], Gen.Int[0, 9], Gen.Int[0, 9], Gen.Select(junkName, value))
                .Select((present, values, shop, extra, junk) =>
                {
                    var fields = names.Zip(values, present).Where(f => f.Third).Select(f => (f.First, f.Second)).ToList();
                    fields.InsertRange(0, shop switch
                    {
                        0 => [],
                        1 => [("ShopID", TestConsole.ShopId), ("ShopPass", "WrongShopPass0001")],
                        2 => [("ShopID", "noshop999"), ("ShopPass", TestConsole.ShopPass)],
                        _ => [("ShopID", TestConsole.ShopId), ("ShopPass", TestConsole.ShopPass)],
                    });
                    if (extra == 0 && fields.Count > 0)
                    {
                        fields.Add((fields[junk.Item2.Length % fields.Count].Item1, junk.Item2));
                    }
                    else if (extra == 1)
                    {
                        fields.Add(junk);
                    }

                    return (api, fields);
                });
        }

        // Mostly: a request that would be valid, with up to two things made hostile — a value replaced, a parameter
        // dropped or given twice — so the engine, not only the parser, meets them (and a valid one now and then runs).
        Gen<(string Api, List<(string Name, string Value)> Fields)> Valid(ApiOperation operation) =>
            Gen.Select(Gen.Int[0, transactions.Length - 1], Gen.Int[0, 99_999_999], Gen.Select(Gen.Int[0, 2], Gen.Int[0, 63], value).Array[0, 2])
                .Select((which, fresh, mutations) =>
                {
                    var fields = new List<(string Name, string Value)> { ("ShopID", TestConsole.ShopId), ("ShopPass", TestConsole.ShopPass) };
                    fields.AddRange(operation.Request.Where(p => p.Required || p.Name is "Tax" or "Description" or "ClientField1" or "PayType")
                        .Select(p => (p.Name, Plausible(operation.Name, p.Name, transactions[which], fresh))));
                    foreach (var (kind, at, hostile) in mutations)
                    {
                        var index = at % fields.Count;
                        switch (kind)
                        {
                            case 0:
                                fields[index] = (fields[index].Name, hostile);
                                break;
                            case 1:
                                fields.RemoveAt(index);
                                break;
                            default:
                                fields.Add((fields[index].Name, hostile));
                                break;
                        }

                        if (fields.Count == 0)
                        {
                            break;
                        }
                    }

                    return (operation.Name, fields);
                });

        var operations = ApiOperations.All.Select(o => ForOperation(o, o.Name))
            .Append(ForOperation(null, "NoSuchApi")).Append(ForOperation(null, "entrytranamazonpay")).ToArray();
        var request = Gen.Frequency(
            [.. ApiOperations.All.Select(o => (12, (IGen<(string, List<(string, string)>)>)Valid(o))),
             .. operations.Select(g => (g == operations[^1] || g == operations[^2] ? 1 : 4, (IGen<(string, List<(string, string)>)>)g))]);
        var garbage = Gen.Byte.Array[0, 300];

        var idPass = Gen.Select(request, Gen.Int[0, 11], garbage, Gen.Int[0, 1000], Gen.Byte)
            .Select((r, shape, bytes, at, b) => shape switch
            {
                0 => new FuzzRequest($"/payment/{r.Item1}.idPass", false, bytes, "random bytes"),
                1 => new FuzzRequest($"/payment/{r.Item1}.idPass", false, Corrupt(FormBody(r.Item2), at, b), "form with one byte changed"),
                2 => new FuzzRequest(PaymentGateway.StartPath, false, FormBody(r.Item2), "start URL form"),
                _ => new FuzzRequest($"/payment/{r.Item1}.idPass", false, FormBody(r.Item2), "form"),
            });
        var json = Gen.Select(request, Gen.Int[0, 11], garbage, Gen.Int[0, 1000], Gen.Int[0, 5])
            .Select((r, shape, bytes, at, kind) => shape switch
            {
                0 => new FuzzRequest($"/payment/{r.Item1}.json", true, bytes, "random bytes"),
                1 => new FuzzRequest($"/payment/{r.Item1}.json", true, JsonBody(r.Item2, kind)[..Math.Min(at, JsonBody(r.Item2, kind).Length)], "cut JSON"),
                2 => new FuzzRequest($"/payment/{r.Item1}.json", true, Encoding.UTF8.GetBytes(NotAnObject(kind)), "JSON, not an object"),
                _ => new FuzzRequest($"/payment/{r.Item1}.json", true, JsonBody(r.Item2, kind), "JSON object"),
            });
        return Gen.OneOf(idPass, json);
    }

    /// <summary>A value the operation would accept for the parameter, for one of the live transactions.</summary>
    private static string Plausible(string api, string name, Live live, int fresh) => name switch
    {
        "OrderID" when api == "EntryTranAmazonpay" => $"fz-{fresh}",
        "OrderID" => live.OrderId,
        "AccessID" => live.AccessId,
        "AccessPass" => live.AccessPass,
        "JobCd" => "AUTH",
        "Amount" when api == "EntryTranAmazonpay" => "1000",
        "Amount" => live.Amount,
        "Tax" when api == "EntryTranAmazonpay" => "100",
        "Tax" => live.Tax,
        "PayType" => "38",
        "RetURL" => "https://merchant.example/ret",
        "Description" => "ご注文ありがとうございます",
        "ClientField1" => "会員123",
        "AmazonCheckoutSessionID" => $"{fresh:x8}-0000-4000-8000-000000000000",
        "AmazonChargePermissionID" => "S01-0000000-0000000",
        _ => "1",
    };

    private sealed record Live(string OrderId, string AccessId, string AccessPass, string Amount, string Tax);

    /// <summary>Windows-31J where the text allows, else UTF-8 percent-encoded (bytes Windows-31J may not accept).</summary>
    private static byte[] FormBody(IEnumerable<(string Name, string Value)> fields) =>
        Encoding.ASCII.GetBytes(string.Join('&', fields.Select(f => Encode(f.Name) + "=" + Encode(f.Value))));

    private static string Encode(string text)
    {
        try
        {
            return Windows31J.UrlEncode(text);
        }
        catch (EncoderFallbackException)
        {
            return System.Web.HttpUtility.UrlEncode(text, Encoding.UTF8);
        }
    }

    /// <summary>Each value as a string, a number when it looks like one, or (by <paramref name="kind"/>) as true, an array or an object.</summary>
    private static byte[] JsonBody(IEnumerable<(string Name, string Value)> fields, int kind)
    {
        // Written by hand: JsonObject refuses a repeated key, which is exactly what is being sent here.
        var members = fields.Select((f, i) =>
        {
            var key = JsonSerializer.Serialize(f.Name.Length > 0 ? JsonTransport.CamelCase(f.Name) : f.Name);
            var text = (kind, i % 4) switch
            {
                (1, 0) => "true",
                (2, 0) => "[" + JsonSerializer.Serialize(f.Value) + "]",
                (3, 0) => "{\"v\":" + JsonSerializer.Serialize(f.Value) + "}",
                (4, _) when f.Value.Length is > 0 and < 25 && f.Value.All(char.IsAsciiDigit) => f.Value,
                (5, 1) => "null",
                _ => JsonSerializer.Serialize(f.Value),
            };
            return key + ":" + text;
        });
        return Encoding.UTF8.GetBytes("{" + string.Join(',', members) + "}");
    }

    private static string NotAnObject(int kind) => kind switch
    {
        0 => "[1,2]",
        1 => "\"text\"",
        2 => "1000",
        3 => new string('[', 200) + new string(']', 200),
        4 => "{\"shopID\":\"\\ud800\"}",
        _ => "null",
    };

    private static byte[] Corrupt(byte[] body, int at, byte value)
    {
        if (body.Length == 0)
        {
            return [value];
        }

        var copy = body.ToArray();
        copy[at % copy.Length] = value;
        return copy;
    }

    /// <summary>Sends the request and checks the transport's contract; returns the ErrInfo (null on success).</summary>
    private async Task<(string? ErrInfo, string Description)> SendAsync(FuzzRequest request)
    {
        using var content = new ByteArrayContent(request.Body);
        content.Headers.ContentType = request.Json
            ? new MediaTypeHeaderValue("application/json")
            : new MediaTypeHeaderValue("application/x-www-form-urlencoded") { CharSet = Windows31J.CharsetName };
        using var response = await http.PostAsync(new Uri(request.Path, UriKind.Relative), content);
        var bytes = await response.Content.ReadAsByteArrayAsync();
        var description = $"{request} → {(int)response.StatusCode}";

        if (request.Path == PaymentGateway.StartPath)
        {
            // The customer's browser gets a page: a 400 error page with the ErrInfo (no valid token can be guessed).
            Assert.True(response.StatusCode == HttpStatusCode.BadRequest, description);
            var page = Encoding.UTF8.GetString(bytes);
            return (GatewayErrors.All.FirstOrDefault(e => page.Contains(e.ErrInfo, StringComparison.Ordinal))?.ErrInfo ?? "no ErrInfo on the page", description);
        }

        if (!request.Json)
        {
            Assert.True(response.StatusCode == HttpStatusCode.OK, description);
            Assert.Equal("text/plain; charset=windows-31j", response.Content.Headers.ContentType?.ToString());
            var answer = Windows31J.ParseForm(bytes);
            return (answer.GetValueOrDefault("ErrInfo"), description + " " + Encoding.ASCII.GetString(bytes));
        }

        Assert.True(response.StatusCode is HttpStatusCode.OK or HttpStatusCode.BadRequest or HttpStatusCode.BadGateway, description);
        var body = JsonNode.Parse(bytes) as JsonObject;
        Assert.True(body is not null, description);
        Assert.Equal(response.StatusCode != HttpStatusCode.OK, body.ContainsKey("errInfo"));
        return (body["errInfo"]?.ToString(), description + " " + body.ToJsonString());
    }

    /// <summary>The errors a rule of the manual gives once the request was read and authenticated (GatewayErrors.From).</summary>
    private static bool IsRuleError(GatewayError error) =>
        error == GatewayErrors.AmountOutOfRange || error == GatewayErrors.CaptureAmountMismatch || error == GatewayErrors.RefundExceedsRemaining
        || error == GatewayErrors.AmountChangeCeiling || error == GatewayErrors.RecurringCeiling;

    private async Task<int> RefusalEntriesAsync()
    {
        await using var db = await harness.DbAsync();
        return await db.GatewayJournal.CountAsync(j => j.Outcome == GatewayOutcome.Refused);
    }

    /// <summary>Everything a request could have written — the gateway's rows, its journal but for refusal lines, the sandbox's objects.</summary>
    private async Task<string> FingerprintAsync()
    {
        await using var db = await harness.DbAsync();
        var transactions = await db.GatewayTransactions.AsNoTracking().OrderBy(t => t.Id)
            .Select(t => new { t.Id, t.State, t.Amount, t.Tax, t.CapturedAmount, t.CancelledAmount, t.UpdatedAt, t.StartTokenHash, t.RetUrl, t.Description, t.ClientField1 })
            .ToListAsync();
        var counts = new[]
        {
            await db.GatewayJournal.CountAsync(j => j.Outcome != GatewayOutcome.Refused), await db.GatewayRefunds.CountAsync(), await db.GatewayAmountChanges.CountAsync(),
            await db.GatewayPermissions.CountAsync(), await db.GatewayPermissionCharges.CountAsync(), await db.GatewayPendingOperations.CountAsync(),
            await db.GatewayNotifications.CountAsync(), await db.AuditEntries.CountAsync(), await db.SandboxCheckoutSessions.CountAsync(),
            await db.SandboxCharges.CountAsync(), await db.SandboxRefunds.CountAsync(), await db.SandboxChargePermissions.CountAsync(),
        };
        return JsonSerializer.Serialize(new { transactions, counts });
    }
}
