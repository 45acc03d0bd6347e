using System.Text;
using CsCheck;
using MerchantConsole.Api;

namespace MerchantConsole.Tests.Api;

/// <summary>
/// The .idPass form parser alone, on generated input: it answers or says "not Windows-31J", and nothing else;
/// what a client encodes comes back exactly; a repeated name is always noticed.
/// </summary>
public class IdPassParserPropertyTests
{
    private const int Iterations = 2000;

    /// <summary>Text Windows-31J can carry: ASCII (with the form's own '&amp;', '=', '%', '+'), kana, kanji, full-width forms.</summary>
    private static readonly Gen<string> Windows31JText =
        Gen.Char["abcXYZ019 -_.~&=%+?/#;:'\"<>\t\r\nｱｲｳアイウあいう漢字髙①＝－"].Array[0, 20].Select(c => new string(c));

    [Fact]
    public void Any_bytes_parse_or_are_refused_as_not_Windows31J_and_nothing_else_is_thrown()
    {
        var refused = 0;
        Gen.Byte.Array[0, 200].Sample(body =>
        {
            try
            {
                Windows31J.ParseRequestForm(body);
            }
            catch (DecoderFallbackException)
            {
                refused++;
            }
        }, iter: Iterations, threads: 1);

        // Random bytes are often not Windows-31J: the refusal path is exercised, not only the happy one.
        Assert.InRange(refused, 1, Iterations - 1);
    }

    [Fact]
    public void What_a_client_encodes_comes_back_exactly_and_a_repeated_name_is_named()
    {
        Gen.Select(Gen.Select(Windows31JText, Windows31JText).Array[0, 8], Gen.Int[0, 7], Gen.Bool).Sample((pairs, pick, repeat) =>
        {
            var distinct = pairs.DistinctBy(p => p.Item1).ToList();
            var sent = distinct.Select(p => new KeyValuePair<string, string>(p.Item1, p.Item2)).ToList();
            string? repeated = null;
            if (repeat && distinct.Count > 0)
            {
                var again = distinct[pick % distinct.Count];
                sent.Insert(pick % (sent.Count + 1), new(again.Item1, "second value"));
                repeated = again.Item1;
            }

            var (fields, named) = Windows31J.ParseRequestForm(Windows31J.FormBody(sent));

            Assert.Equal(repeated, named);
            if (repeated is null)
            {
                Assert.Equal(distinct.ToDictionary(p => p.Item1, p => p.Item2), fields);
            }
        }, iter: Iterations, threads: 1);
    }

    [Fact]
    public void Raw_Windows31J_bytes_read_the_same_as_percent_encoded_ones()
    {
        // Without the form's own delimiters, text may be sent as raw Windows-31J bytes: a trail byte is never '&' or '='
        // (ソ, 表 and 能 end in 0x5C, the byte of '\', which is no delimiter either).
        var plain = Gen.Char["abcXYZ019 -_.ｱｲｳアイウあいう漢字髙①＝－ソ表能"].Array[1, 20].Select(c => new string(c));
        Gen.Select(plain, plain).Sample((name, value) =>
        {
            var raw = Windows31J.Encoding.GetBytes(name + "=" + value);
            var encoded = Windows31J.FormBody([new(name, value)]);

            Assert.Equal(Windows31J.ParseRequestForm(encoded).Fields, Windows31J.ParseRequestForm(raw).Fields);
            Assert.Equal(value, Windows31J.ParseRequestForm(raw).Fields[name]);
        }, iter: Iterations, threads: 1);
    }
}
