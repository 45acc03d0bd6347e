using System.Security.Cryptography;
using System.Text;
using MerchantConsole.Core.AmazonPay;

namespace MerchantConsole.Tests.Core.AmazonPay;

public class RequestVerifierTests
{
    private static readonly DateTimeOffset Now = new(2024, 1, 2, 3, 4, 5, TimeSpan.Zero);
    private static readonly Uri ApiBase = new("http://127.0.0.1:5123/sandbox/amazonpay/v2");

    [Fact]
    public void A_request_signed_by_our_signer_verifies()
    {
        var result = Verify(Incoming(Sign()));

        Assert.True(result.IsValid, result.Message);
        Assert.Equal(TestKeys.PublicKeyId, result.PublicKeyId);
        Assert.Equal(SignatureAlgorithm.V2, result.Algorithm);
    }

    [Fact]
    public void A_request_signed_with_the_legacy_algorithm_verifies()
    {
        var result = Verify(Incoming(Sign(algorithm: SignatureAlgorithm.Legacy)));

        Assert.True(result.IsValid, result.Message);
        Assert.Equal(SignatureAlgorithm.Legacy, result.Algorithm);
    }

    [Theory]
    [InlineData("accept")]
    [InlineData("content-type")]
    [InlineData("x-amz-pay-host")]
    [InlineData("x-amz-pay-region")]
    [InlineData("x-amz-pay-idempotency-key")]
    public void Tampering_with_a_signed_header_fails_as_a_bad_signature(string header)
    {
        var request = Incoming(Sign());
        var tampered = request with
        {
            Headers = [.. request.Headers.Select(h => h.Key == header ? new KeyValuePair<string, string>(h.Key, h.Value + "x") : h)],
        };

        var result = Verify(tampered);

        Assert.Equal(VerificationFailure.BadSignature, result.Failure);
        Assert.Equal(403, result.HttpStatus);
        Assert.Equal("InvalidRequestSignature", result.ReasonCode);
        Assert.Contains(header + ":", result.ExpectedCanonicalRequest, StringComparison.Ordinal);
        Assert.StartsWith("AMZN-PAY-RSASSA-PSS-V2\n", result.ExpectedStringToSign, StringComparison.Ordinal);
    }

    [Fact]
    public void Tampering_with_the_date_within_the_allowed_skew_fails_as_a_bad_signature()
    {
        var request = Incoming(Sign());
        var tampered = request with { Headers = Replace(request.Headers, "x-amz-pay-date", "20240102T030406Z") };

        Assert.Equal(VerificationFailure.BadSignature, Verify(tampered).Failure);
    }

    [Fact]
    public void Tampering_with_the_body_fails()
    {
        var request = Incoming(Sign());

        Assert.Equal(VerificationFailure.BadSignature, Verify(request with { Body = Encoding.UTF8.GetBytes("{\"captureAmount\":{\"amount\":\"9000\"}}") }).Failure);
    }

    [Fact]
    public void Tampering_with_the_path_fails()
    {
        var request = Incoming(Sign());

        Assert.Equal(VerificationFailure.BadSignature, Verify(request with { Path = request.Path.Replace("C333333", "C444444", StringComparison.Ordinal) }).Failure);
    }

    [Fact]
    public void Tampering_with_the_query_fails()
    {
        var request = Incoming(Sign(query: [new("page", "1")]));

        Assert.True(Verify(request).IsValid);
        Assert.Equal(VerificationFailure.BadSignature, Verify(request with { QueryString = "?page=2" }).Failure);
        Assert.Equal(VerificationFailure.BadSignature, Verify(request with { QueryString = null }).Failure);
    }

    [Fact]
    public void An_escaped_or_unescaped_path_and_query_verify_alike()
    {
        var request = Incoming(Sign(query: [new("note", "a b+c")]));

        Assert.Equal("?note=a%20b%2Bc", request.QueryString);
        Assert.True(Verify(request).IsValid);
    }

    [Theory]
    [InlineData("20240102T022000Z", "is too old")]
    [InlineData("20240102T035000Z", "should not be in future")]
    public void A_date_outside_the_allowed_skew_is_refused_as_skew(string date, string message)
    {
        var result = Verify(Incoming(Sign()), now: Now, signedAt: date);

        Assert.Equal(VerificationFailure.DateSkew, result.Failure);
        Assert.Equal("InvalidHeaderValue", result.ReasonCode);
        Assert.Equal(400, result.HttpStatus);
        Assert.Contains(message, result.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_unparseable_date_is_refused()
    {
        var request = Incoming(Sign());

        Assert.Equal(VerificationFailure.MalformedDate,
            Verify(request with { Headers = Replace(request.Headers, "x-amz-pay-date", "2024-01-02T03:04:05Z") }).Failure);
    }

    [Fact]
    public void A_required_header_left_out_of_the_signed_list_is_refused()
    {
        // Signed correctly, but without x-amz-pay-host in SignedHeaders.
        var headers = new List<KeyValuePair<string, string>>
        {
            new("accept", "application/json"),
            new("x-amz-pay-date", "20240102T030405Z"),
            new("x-amz-pay-region", "jp"),
        };
        var (canonicalHeaders, signedHeaders) = CanonicalRequest.Headers(headers);
        var canonical = CanonicalRequest.Build("GET", "/v2/charges/S03-1", "", canonicalHeaders, signedHeaders, CanonicalRequest.EmptyPayloadHash);
        var signature = RsaPss.Sign(CanonicalRequest.StringToSign(SignatureAlgorithm.V2, canonical), TestKeys.Rsa2048);
        headers.Add(new("x-amz-pay-host", "pay-api.amazon.jp"));
        headers.Add(new("authorization", RequestSigner.AuthorizationHeader(SignatureAlgorithm.V2, TestKeys.PublicKeyId, signedHeaders, signature)));

        var result = Verify(new IncomingRequest("GET", "/v2/charges/S03-1", null, headers, Array.Empty<byte>()));

        Assert.Equal(VerificationFailure.UnsignedRequiredHeader, result.Failure);
        Assert.Contains("x-amz-pay-host", result.Message, StringComparison.Ordinal);
        Assert.Equal("MissingHeaderValue", result.ReasonCode);
    }

    [Fact]
    public void A_post_must_sign_its_idempotency_key()
    {
        var request = Incoming(Sign());
        var authorization = request.Headers.Single(h => h.Key == "authorization").Value
            .Replace("x-amz-pay-idempotency-key;", "", StringComparison.Ordinal);

        var result = Verify(request with { Headers = Replace(request.Headers, "authorization", authorization) });

        Assert.Equal(VerificationFailure.UnsignedRequiredHeader, result.Failure);
    }

    [Fact]
    public void A_signed_header_missing_from_the_request_is_refused()
    {
        var request = Incoming(Sign());

        var result = Verify(request with { Headers = [.. request.Headers.Where(h => h.Key != "accept")] });

        Assert.Equal(VerificationFailure.SignedHeaderMissing, result.Failure);
    }

    [Fact]
    public void Missing_or_malformed_authorization_and_unknown_algorithms_are_refused()
    {
        var request = Incoming(Sign());
        var authorization = request.Headers.Single(h => h.Key == "authorization").Value;

        Assert.Equal(VerificationFailure.MissingAuthorization,
            Verify(request with { Headers = [.. request.Headers.Where(h => h.Key != "authorization")] }).Failure);
        Assert.Equal(VerificationFailure.MalformedAuthorization,
            Verify(request with { Headers = Replace(request.Headers, "authorization", "Bearer abc") }).Failure);
        Assert.Equal(VerificationFailure.UnsupportedAlgorithm,
            Verify(request with { Headers = Replace(request.Headers, "authorization", authorization.Replace("AMZN-PAY-RSASSA-PSS-V2", "AWS4-HMAC-SHA256", StringComparison.Ordinal)) }).Failure);
    }

    [Fact]
    public void An_unknown_public_key_id_is_refused_with_the_expected_string_to_sign()
    {
        var result = RequestVerifier.Verify(Incoming(Sign()), _ => null, Now);

        Assert.Equal(VerificationFailure.UnknownPublicKey, result.Failure);
        Assert.NotNull(result.ExpectedStringToSign);
    }

    [Fact]
    public void A_signature_from_another_key_is_refused()
    {
        using var other = RSA.Create(2048);

        Assert.Equal(VerificationFailure.BadSignature, RequestVerifier.Verify(Incoming(Sign()), _ => other, Now).Failure);
    }

    private static SignedRequest Sign(
        SignatureAlgorithm algorithm = SignatureAlgorithm.V2,
        IReadOnlyList<KeyValuePair<string, string>>? query = null,
        DateTimeOffset? at = null) =>
        RequestSigner.Sign(
            new ApiRequest(HttpMethod.Post, "charges/S03-1111111-2222222-C333333/capture",
                Encoding.UTF8.GetBytes("{\"captureAmount\":{\"amount\":\"1000\",\"currencyCode\":\"JPY\"}}"), "idem-123", query),
            ApiBase, TestKeys.PublicKeyId, TestKeys.Rsa2048, at ?? Now, algorithm);

    private static IncomingRequest Incoming(SignedRequest signed) =>
        new(signed.Method.Method, signed.Uri.AbsolutePath, signed.Uri.Query, signed.Headers, signed.Body);

    private static RequestVerification Verify(IncomingRequest request, DateTimeOffset? now = null, string? signedAt = null)
    {
        if (signedAt is not null)
        {
            // Re-sign at another time so only the skew can fail.
            var at = DateTimeOffset.ParseExact(signedAt, "yyyyMMdd'T'HHmmss'Z'", System.Globalization.CultureInfo.InvariantCulture,
                System.Globalization.DateTimeStyles.AssumeUniversal);
            request = Incoming(Sign(at: at));
        }

        return RequestVerifier.Verify(request, id => id == TestKeys.PublicKeyId ? TestKeys.Rsa2048 : null, now ?? Now);
    }

    private static KeyValuePair<string, string>[] Replace(IReadOnlyList<KeyValuePair<string, string>> headers, string name, string value) =>
        [.. headers.Select(h => h.Key == name ? new KeyValuePair<string, string>(name, value) : h)];
}
