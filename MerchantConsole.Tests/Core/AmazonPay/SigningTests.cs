using System.Security.Cryptography;
using System.Text;
using MerchantConsole.Core.AmazonPay;

namespace MerchantConsole.Tests.Core.AmazonPay;

public class SigningTests
{
    private static readonly DateTimeOffset Now = new(2024, 1, 2, 3, 4, 5, TimeSpan.Zero);

    [Fact]
    public void V2_request_signature_verifies_with_dotnet_built_in_PSS()
    {
        using var key = TestKeys.LoadShared();
        var signed = SignCapture(key);
        var signature = SignatureOf(signed);

        using var publicKey = TestKeys.PublicOnly();
        Assert.True(publicKey.VerifyData(
            Encoding.UTF8.GetBytes(signed.StringToSign), Convert.FromBase64String(signature),
            HashAlgorithmName.SHA256, RSASignaturePadding.Pss));
    }

    [Fact]
    public void V2_request_signature_verifies_with_the_openssl_command_line_at_salt_32()
    {
        using var key = TestKeys.LoadShared();
        var signed = SignCapture(key);

        Assert.True(Tool.OpenSslVerifies(signed.StringToSign, SignatureOf(signed), key.PublicKeyPem, saltLength: 32));
    }

    [Fact]
    public void V2_button_signature_verifies_with_dotnet_and_openssl()
    {
        using var key = TestKeys.LoadShared();
        var button = ButtonBuilder.Sign(ProductType.PayAndShip, "{\"storeId\":\"x\",\"merchantMetadata\":{\"merchantStoreName\":\"日本の店\"}}",
            new ButtonShop(TestKeys.StoreId, TestKeys.PublicKeyId, "店"), key.Rsa);

        Assert.True(key.Rsa.VerifyData(Encoding.UTF8.GetBytes(button.StringToSign), Convert.FromBase64String(button.Signature),
            HashAlgorithmName.SHA256, RSASignaturePadding.Pss));
        Assert.True(Tool.OpenSslVerifies(button.StringToSign, button.Signature, key.PublicKeyPem, saltLength: 32));
    }

    [Fact]
    public void Legacy_signature_verifies_at_salt_20_and_is_rejected_at_salt_32()
    {
        using var key = TestKeys.LoadShared();
        const string stringToSign = "AMZN-PAY-RSASSA-PSS\n8dec52d799607be40f82d5c8e7ecb6c171e6591c41b1111a576b16076c89381c";
        var signature = RsaPss.Sign(stringToSign, key.Rsa, SignatureAlgorithm.Legacy);

        Assert.True(RsaPss.Verify(stringToSign, signature, key.Rsa, SignatureAlgorithm.Legacy));
        Assert.True(Tool.OpenSslVerifies(stringToSign, signature, key.PublicKeyPem, saltLength: 20));
        Assert.False(RsaPss.Verify(stringToSign, signature, key.Rsa, SignatureAlgorithm.V2));
        Assert.False(key.Rsa.VerifyData(Encoding.UTF8.GetBytes(stringToSign), Convert.FromBase64String(signature),
            HashAlgorithmName.SHA256, RSASignaturePadding.Pss));
    }

    [Fact]
    public void V2_signature_is_rejected_by_the_legacy_verifier()
    {
        using var key = TestKeys.LoadShared();
        var signature = RsaPss.Sign("text", key.Rsa);

        Assert.False(RsaPss.Verify("text", signature, key.Rsa, SignatureAlgorithm.Legacy));
    }

    [Fact]
    public void Signed_request_carries_the_spec_headers_and_authorization_format()
    {
        using var key = TestKeys.LoadShared();
        var signed = SignCapture(key);
        var headers = signed.Headers.ToDictionary(h => h.Key, h => h.Value);

        Assert.Equal("https://pay-api.amazon.jp/v2/charges/S03-1111111-2222222-C333333/capture", signed.Uri.AbsoluteUri);
        Assert.Equal("application/json", headers["accept"]);
        Assert.Equal("application/json", headers["content-type"]);
        Assert.Equal("20240102T030405Z", headers["x-amz-pay-date"]);
        Assert.Equal("pay-api.amazon.jp", headers["x-amz-pay-host"]);
        Assert.Equal("jp", headers["x-amz-pay-region"]);
        Assert.Equal("idem-123", headers["x-amz-pay-idempotency-key"]);
        Assert.StartsWith(
            "AMZN-PAY-RSASSA-PSS-V2 PublicKeyId=SANDBOX-AHQ3Q2HLYKWXX7RKGZ5BZOVR, SignedHeaders=accept;content-type;x-amz-pay-date;x-amz-pay-host;x-amz-pay-idempotency-key;x-amz-pay-region, Signature=",
            headers["authorization"]);
        Assert.StartsWith("POST\n/v2/charges/S03-1111111-2222222-C333333/capture\n\naccept:application/json\n", signed.CanonicalRequest);
        Assert.EndsWith("\n" + CanonicalRequest.PayloadHash(signed.Body), signed.CanonicalRequest);
    }

    [Fact]
    public void Get_has_no_idempotency_key_and_hashes_the_empty_body()
    {
        using var key = TestKeys.LoadShared();
        var signed = RequestSigner.Sign(Credentials(key), new ApiRequest(HttpMethod.Get, "charges/S03-1", []), Now);

        Assert.DoesNotContain(signed.Headers, h => h.Key == "x-amz-pay-idempotency-key");
        Assert.EndsWith("\naccept;content-type;x-amz-pay-date;x-amz-pay-host;x-amz-pay-region\n" + CanonicalRequest.EmptyPayloadHash, signed.CanonicalRequest);
    }

    [Fact]
    public void Post_without_an_idempotency_key_is_a_programming_error()
    {
        using var key = TestKeys.LoadShared();

        Assert.Throws<ArgumentException>(() => RequestSigner.Sign(Credentials(key), new ApiRequest(HttpMethod.Post, "charges", []), Now));
    }

    [Theory]
    [InlineData("SANDBOX-AHQ3Q2HLYKWXX7RKGZ5BZOVR", AmazonPayEnvironment.Sandbox, null, "https://pay-api.amazon.jp/v2")]
    [InlineData("LIVE-AHQ3Q2HLYKWXX7RKGZ5BZOVR", AmazonPayEnvironment.Sandbox, null, "https://pay-api.amazon.jp/v2")]
    [InlineData("AHQ3Q2HLYKWXX7RKGZ5BZOVR", AmazonPayEnvironment.Sandbox, null, "https://pay-api.amazon.jp/sandbox/v2")]
    [InlineData("AHQ3Q2HLYKWXX7RKGZ5BZOVR", AmazonPayEnvironment.Live, null, "https://pay-api.amazon.jp/live/v2")]
    [InlineData("SANDBOX-AHQ3Q2HLYKWXX7RKGZ5BZOVR", AmazonPayEnvironment.Sandbox, "http://127.0.0.1:5123/sandbox/amazonpay", "http://127.0.0.1:5123/sandbox/amazonpay/v2")]
    [InlineData("AHQ3Q2HLYKWXX7RKGZ5BZOVR", AmazonPayEnvironment.Sandbox, "http://127.0.0.1:5123/sandbox/amazonpay/", "http://127.0.0.1:5123/sandbox/amazonpay/sandbox/v2")]
    public void Endpoint_follows_the_key_prefix_and_the_base_address(string publicKeyId, AmazonPayEnvironment environment, string? baseAddress, string expected)
    {
        using var key = TestKeys.LoadShared();
        var credentials = new AmazonPayCredentials(key, publicKeyId, environment, baseAddress is null ? null : new Uri(baseAddress));

        Assert.Equal(expected, AmazonPayEndpoint.ApiBase(credentials).AbsoluteUri);
    }

    [Fact]
    public void Host_header_keeps_the_port_of_a_local_sandbox_and_the_path_prefix_is_signed()
    {
        using var key = TestKeys.LoadShared();
        var credentials = new AmazonPayCredentials(key, TestKeys.PublicKeyId, AmazonPayEnvironment.Sandbox, new Uri("http://127.0.0.1:5123/sandbox/amazonpay"));
        var signed = RequestSigner.Sign(credentials, new ApiRequest(HttpMethod.Get, "refunds/S03-R1", []), Now);

        Assert.Contains(signed.Headers, h => h.Key == "x-amz-pay-host" && h.Value == "127.0.0.1:5123");
        Assert.StartsWith("GET\n/sandbox/amazonpay/v2/refunds/S03-R1\n", signed.CanonicalRequest);
    }

    internal static AmazonPayCredentials Credentials(AmazonPayPrivateKey key) =>
        new(key, TestKeys.PublicKeyId, AmazonPayEnvironment.Sandbox);

    private static SignedRequest SignCapture(AmazonPayPrivateKey key) =>
        RequestSigner.Sign(
            Credentials(key),
            new ApiRequest(HttpMethod.Post, "charges/S03-1111111-2222222-C333333/capture",
                Encoding.UTF8.GetBytes("{\"captureAmount\":{\"amount\":\"1000\",\"currencyCode\":\"JPY\"}}"), "idem-123"),
            Now);

    private static string SignatureOf(SignedRequest signed) =>
        signed.Authorization[(signed.Authorization.IndexOf("Signature=", StringComparison.Ordinal) + "Signature=".Length)..];
}
