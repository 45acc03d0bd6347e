using System.Security.Cryptography;
using System.Text;
using MerchantConsole.Core.AmazonPay;

namespace MerchantConsole.Tests.Core.AmazonPay;

/// <summary>The known-answer vectors of the wire spec §5.1 and §5.2 (Amazon's .NET SDK tests).</summary>
public class CanonicalRequestVectorTests
{
    private const string H =
        "accept:application/json\ncontent-type:application/json\nx-amz-pay-date:20180524T223710Z\nx-amz-pay-host:pay-api.amazon.eu\nx-amz-pay-region:eu\n";

    private const string S = "accept;content-type;x-amz-pay-date;x-amz-pay-host;x-amz-pay-region";

    private const string Special = "@#$%^&+=/,?><`\";:\\|][{} ";
    private const string SpecialEncoded = "%40%23%24%25%5E%26%2B%3D%2F%2C%3F%3E%3C%60%22%3B%3A%5C%7C%5D%5B%7B%7D%20";
    private const string Unreserved = "-._~0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

    private static readonly KeyValuePair<string, string>[] SpecHeaders =
    [
        new("accept", "application/json"),
        new("content-type", "application/json"),
        new("x-amz-pay-region", "eu"),
        new("x-amz-pay-date", "20180524T223710Z"),
        new("x-amz-pay-host", "pay-api.amazon.eu"),
    ];

    // name, method, path, query as alternating name/value, expected URI, expected query, sha256(canonical)
    public static TheoryData<string, string, string, string[], string, string, string> Section51 => new()
    {
        { "SimpleGet", "GET", "/", [], "/", "", "13fdf6db844bdfb9e9c0e27a4251ca04e60c29ca2132249c5dd1cb09c26e22f5" },
        { "GetWithTooManySlashesInUri", "GET", "///foo//", [], "/foo/", "", "d8e13e1857bc9b5056cc8ccb2699812faa2c68960e00483b1390fdaf4a991cc4" },
        { "GetWithUnreservedCharacters", "GET", "/" + Unreserved, [], "/" + Unreserved, "", "585e034d38ed3d64c0cd77a9f357a4b4a0fc093eebe06f4b06f66845e3543038" },
        { "GetWithHighAsciiCharacterInParameterString", "GET", "/", ["\u1234", "bar"], "/", "%E1%88%B4=bar", "f0597d2fdcf97baf28002461796e916a74e35073b44042296d2ed45bacf6ecf0" },
        { "SimplePost", "POST", "/", [], "/", "", "322307b5dae22c3d59350c3de9202a488f337f674c8f430b186282008264bd2b" },
        { "PostWithQueryParameter", "POST", "/", ["foo", "bar"], "/", "foo=bar", "9d61b5abddbfdcaf7810a8e83dfffe0a5d5f272d2676c0550d974d5383e94cd5" },
        { "GetWithMultipleQueryValuesInSingleParameter", "GET", "/", ["foo", "b", "foo", "a"], "/", "foo=a&foo=b", "937de37fb8aed8af4214c373580c72f40c525202d1975df6836ba6ed0062b902" },
        { "GetWithMultipleQueryParameters", "GET", "/", ["a", "foo", "b", "foo"], "/", "a=foo&b=foo", "457de2535eedbd6ef25f5c8ec4653ee885b99838d722189928f4fdf8d3c3ef4f" },
        { "GetWithMultipleQueryParametersSorted", "GET", "/", ["A.1", "foo", "A.10", "foo", "A.2", "foo"], "/", "A.1=foo&A.10=foo&A.2=foo", "43ae5290e6742d30e3822b62b6d759afedafbe01534f778175c336b455d632e7" },
        { "GetWithMultipleQueryValuesInSingleParameterSorted", "GET", "/", ["foo", "Zoo", "foo", "aha"], "/", "foo=Zoo&foo=aha", "7a4d89bd832cb93f2102f66bc8d3a0bc5f224c0bb758eab261dcd34a8ed2f117" },
        { "GetWithReservedCharactersInQueryParameter", "GET", "/", [Unreserved, Unreserved], "/", Unreserved + "=" + Unreserved, "aa69ca06d93d9220f9aa16314d8556e18e1b0ae39802cd169bd3af6c08cd7164" },
        { "PostWithSpecialCharactersInQueryParameter", "POST", "/", [Special, Special], "/", SpecialEncoded + "=" + SpecialEncoded, "50709f5220d06911feee2d6aa8bf8453c8517f44527c0912e62b905d26c7e08f" },
        { "PostWithSpacesInQueryParameter", "POST", "/", ["f oo", "b ar"], "/", "f%20oo=b%20ar", "79481e4e38a053f7be8bda701c0d302d39df18bf468578b133c3be8e93fea86a" },
    };

    [Theory]
    [MemberData(nameof(Section51))]
    public void Canonical_request_matches_the_SDK_vector(
        string vector, string method, string path, string[] query, string expectedUri, string expectedQuery, string expectedHash)
    {
        _ = vector;
        var canonical = BuildCanonical(method, path, query);

        Assert.Equal($"{method}\n{expectedUri}\n{expectedQuery}\n{H}\n{S}\n{CanonicalRequest.EmptyPayloadHash}", canonical);
        Assert.Equal(expectedHash, Sha256Hex(canonical));
    }

    [Theory]
    [MemberData(nameof(Section51))]
    public void String_to_sign_is_the_algorithm_name_and_the_canonical_hash_for_both_algorithms(
        string vector, string method, string path, string[] query, string expectedUri, string expectedQuery, string expectedHash)
    {
        _ = (vector, expectedUri, expectedQuery);
        var canonical = BuildCanonical(method, path, query);

        Assert.Equal("AMZN-PAY-RSASSA-PSS\n" + expectedHash, CanonicalRequest.StringToSign(SignatureAlgorithm.Legacy, canonical));
        Assert.Equal("AMZN-PAY-RSASSA-PSS-V2\n" + expectedHash, CanonicalRequest.StringToSign(SignatureAlgorithm.V2, canonical));
    }

    [Fact]
    public void SimpleGet_canonical_request_is_verbatim_with_an_empty_query_line_and_an_empty_line_before_signed_headers()
    {
        Assert.Equal(
            "GET\n/\n\naccept:application/json\ncontent-type:application/json\nx-amz-pay-date:20180524T223710Z\nx-amz-pay-host:pay-api.amazon.eu\nx-amz-pay-region:eu\n\naccept;content-type;x-amz-pay-date;x-amz-pay-host;x-amz-pay-region\ne3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
            BuildCanonical("GET", "/", []));
    }

    [Fact]
    public void Query_encodes_spaces_as_percent_20_and_keeps_the_decimal_point()
    {
        var query = CanonicalRequest.Query([new("amount", "100.50"), new("customInformation", "Information about order")]);

        Assert.Equal("amount=100.50&customInformation=Information%20about%20order", query);
    }

    [Fact]
    public void Headers_are_lower_cased_sorted_and_listed_for_signing()
    {
        var (canonical, signed) = CanonicalRequest.Headers(
        [
            new("X-Amz-Pay-Region", "eu"),
            new("Accept", "application/json"),
            new("x-amz-pay-host", "pay-api.amazon.eu"),
            new("Content-Type", "application/json"),
            new("x-amz-pay-date", "20181013T004102Z"),
        ]);

        Assert.Equal("accept:application/json\ncontent-type:application/json\nx-amz-pay-date:20181013T004102Z\nx-amz-pay-host:pay-api.amazon.eu\nx-amz-pay-region:eu\n", canonical);
        Assert.Equal("accept;content-type;x-amz-pay-date;x-amz-pay-host;x-amz-pay-region", signed);
    }

    [Fact]
    public void Header_values_are_trimmed_with_inner_whitespace_collapsed_and_repeats_joined_by_comma()
    {
        var (canonical, signed) = CanonicalRequest.Headers(
        [
            new(" X-Custom ", "  a \t  b  "),
            new("x-custom", "c"),
            new("Accept", "application/json"),
            new("X-Amz-Pay-Host", "pay-api.amazon.jp"),
        ]);

        Assert.Equal("accept:application/json\nx-amz-pay-host:pay-api.amazon.jp\nx-custom:a b,c\n", canonical);
        Assert.Equal("accept;x-amz-pay-host;x-custom", signed);
    }

    [Theory]
    [InlineData("", "/")]
    [InlineData("/sandbox/in-store/v1/merchantScan", "/sandbox/in-store/v1/merchantScan")]
    [InlineData("sandbox/in-store/v1/merchantScan", "/sandbox/in-store/v1/merchantScan")]
    [InlineData("/live/in-store/v1/refund", "/live/in-store/v1/refund")]
    [InlineData("//", "/")]
    [InlineData("/ /foo", "/%20/foo")]
    [InlineData("///foo//", "/foo/")]
    [InlineData("/" + Unreserved, "/" + Unreserved)]
    [InlineData("/\u1234", "/%E1%88%B4")]
    public void Canonical_uri_collapses_slashes_and_percent_encodes_utf8(string path, string expected)
    {
        Assert.Equal(expected, CanonicalRequest.Uri(path));
    }

    [Theory]
    [InlineData(SignatureAlgorithm.Legacy, "AMZN-PAY-RSASSA-PSS\n8dec52d799607be40f82d5c8e7ecb6c171e6591c41b1111a576b16076c89381c")]
    [InlineData(SignatureAlgorithm.V2, "AMZN-PAY-RSASSA-PSS-V2\n8dec52d799607be40f82d5c8e7ecb6c171e6591c41b1111a576b16076c89381c")]
    public void Button_string_to_sign_hashes_the_payload_as_it_is(SignatureAlgorithm algorithm, string expected)
    {
        const string payload = "{\"storeId\":\"amzn1.application-oa2-client.xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx\",\"webCheckoutDetails\":{\"checkoutReviewReturnUrl\":\"https://localhost/test/CheckoutReview.php\",\"checkoutResultReturnUrl\":\"https://localhost/test/CheckoutResult.php\"}}";

        Assert.Equal(expected, CanonicalRequest.StringToSign(algorithm, payload));
    }

    [Fact]
    public void Japan_host_header_vector_gives_the_expected_lines()
    {
        var (canonical, signed) = CanonicalRequest.Headers(
            [new("Accept", "application/json"), new("Content-Type", "application/json"), new("X-Amz-Pay-Host", "pay-api.amazon.jp")]);

        Assert.Equal("accept:application/json\ncontent-type:application/json\nx-amz-pay-host:pay-api.amazon.jp\n", canonical);
        Assert.Equal("accept;content-type;x-amz-pay-host", signed);
    }

    [Fact]
    public void Payload_hash_of_no_body_is_the_hash_of_the_empty_string()
    {
        Assert.Equal(CanonicalRequest.EmptyPayloadHash, CanonicalRequest.PayloadHash([]));
    }

    private static string BuildCanonical(string method, string path, string[] query)
    {
        var pairs = query.Chunk(2).Select(p => new KeyValuePair<string, string>(p[0], p[1]));
        var (headers, signed) = CanonicalRequest.Headers(SpecHeaders);
        return CanonicalRequest.Build(method, CanonicalRequest.Uri(path), CanonicalRequest.Query(pairs), headers, signed, CanonicalRequest.PayloadHash([]));
    }

    private static string Sha256Hex(string text) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));
}
