using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using CsCheck;
using MerchantConsole.Api;
using MerchantConsole.Core.AmazonPay;
using MerchantConsole.Core.Payments;
using MerchantConsole.Gateway;
using MerchantConsole.Transactions;

namespace MerchantConsole.Tests.Api;

/// <summary>
/// Every parser of an amount, against its documented format written here as a regular expression: it accepts
/// exactly the strings the format allows, with their value, and refuses everything else the way its surface
/// refuses (an ErrInfo, a broken Amazon response, an ignored filter) — never with another exception.
/// </summary>
public partial class AmountParserPropertyTests
{
    private const int Iterations = 3000;

    /// <summary>Amount-like text: digits of every length, and what people and programs put around or instead of them.</summary>
    private static readonly Gen<string> AmountText = Gen.Frequency(
        (4, (IGen<string>)Gen.Char['0', '9'].Array[0, 25].Select(c => new string(c))),
        (3, Gen.Select(Gen.Char['0', '9'].Array[0, 12], Gen.OneOf("", ".", ".0", ".00", ".5", ",000", "e3", "E+2", " ", "\t", "\n", "円", "-", "_0"),
            Gen.OneOf("", "+", "-", " ", "¥", "0x", "\u00a0"))
            .Select((digits, suffix, prefix) => prefix + new string(digits) + suffix)),
        (2, Gen.OneOf("", "0", "-0", "00", "1", "٣", "１０００", "1,000", "1 000", "١٢٣", "Infinity", "NaN", "9223372036854775807", "9223372036854775808",
            "99999999999999999999999999999999", "1e309", "0.0", ".0", "5.", "0x1F", "1_000")),
        (1, Gen.String[0, 15]));

    [Fact]
    public void The_API_takes_whole_yen_as_1_to_10_ASCII_digits_and_nothing_else()
    {
        AmountText.Sample(text =>
        {
            var input = new ApiInput(new Dictionary<string, string> { ["Amount"] = text }, liveMode: false);

            var yen = input.Yen("Amount", GatewayErrors.AmountMissing, GatewayErrors.AmountInvalid);

            if (text.Length == 0)
            {
                Assert.Null(yen);
                Assert.Equal([GatewayErrors.AmountMissing.ErrInfo], input.Errors.Select(e => e.ErrInfo));
            }
            else if (ApiAmount().IsMatch(text))
            {
                Assert.Equal(new Yen(long.Parse(text, CultureInfo.InvariantCulture)), yen);
                Assert.Empty(input.Errors);
            }
            else
            {
                Assert.Null(yen);
                Assert.Equal([GatewayErrors.AmountInvalid.ErrInfo], input.Errors.Select(e => e.ErrInfo));
            }
        }, iter: Iterations, threads: 1);
    }

    [Fact]
    public void The_API_takes_whole_numbers_in_their_range_as_ASCII_digits_and_nothing_else()
    {
        AmountText.Sample(text =>
        {
            var input = new ApiInput(new Dictionary<string, string> { ["PaymentTermSec"] = text }, liveMode: false);

            var seconds = input.Integer("PaymentTermSec", 1, 86400, GatewayErrors.PaymentTermInvalid);

            var valid = ApiInteger().IsMatch(text) && long.Parse(text, CultureInfo.InvariantCulture) is >= 1 and <= 86400;
            Assert.Equal(valid ? int.Parse(text, CultureInfo.InvariantCulture) : null, seconds);
            Assert.Equal(valid || text.Length == 0, input.Errors.Count == 0);
        }, iter: Iterations, threads: 1);
    }

    [Fact]
    public void An_Amazon_price_is_a_whole_number_of_yen_in_either_JSON_form_and_anything_else_is_a_broken_response()
    {
        Gen.Select(AmountText, Gen.Bool).Sample((text, asNumber) =>
        {
            var amount = asNumber && JsonNumber().IsMatch(text) ? text : JsonSerializer.Serialize(text);
            var json = $"{{\"amount\":{amount},\"currencyCode\":\"JPY\"}}";

            Yen? read;
            try
            {
                read = JsonSerializer.Deserialize<Yen>(json, WireJson.Options);
            }
            catch (JsonException)
            {
                read = null;
            }

            var match = WireAmount().Match(text);
            Assert.Equal(match.Success ? new Yen(long.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture)) : null, read);
        }, iter: Iterations, threads: 1);
    }

    [Fact]
    public void The_grids_amount_filter_takes_ASCII_digits_that_fit_and_ignores_anything_else()
    {
        AmountText.Sample(text =>
        {
            var filter = TransactionFilter.Parse("?min=" + Uri.EscapeDataString(text) + "&max=" + Uri.EscapeDataString(text));

            long? expected = FilterAmount().IsMatch(text) && long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) ? value : null;
            Assert.Equal((expected, expected), (filter.MinAmount, filter.MaxAmount));
        }, iter: Iterations, threads: 1);
    }

    // The documented formats (docs/api.md, docs/reliability.md), independent of the parsers' code.
    [GeneratedRegex(@"^[0-9]{1,10}\z")]
    private static partial Regex ApiAmount();

    [GeneratedRegex(@"^[0-9]{1,9}\z")]
    private static partial Regex ApiInteger();

    [GeneratedRegex(@"^([0-9]{1,18})(\.0+)?\z")]
    private static partial Regex WireAmount();

    [GeneratedRegex(@"^-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?\z")]
    private static partial Regex JsonNumber();

    [GeneratedRegex(@"^[0-9]+\z")]
    private static partial Regex FilterAmount();
}
