using System.Text;
using MerchantConsole.Core.AmazonPay;
using MerchantConsole.Core.Payments;

namespace MerchantConsole.Tests.Core.AmazonPay;

public sealed class AmazonPayClientTests : IAsyncLifetime, IDisposable
{
    private static readonly DateTimeOffset Now = new(2024, 1, 2, 3, 4, 5, TimeSpan.Zero);

    private static readonly AmazonPayClientOptions FastRetries = new()
    {
        RetryBaseDelay = TimeSpan.FromMilliseconds(5),
        AttemptTimeout = TimeSpan.FromSeconds(10),
        TotalTimeout = TimeSpan.FromSeconds(20),
    };

    private readonly RawHttpServer server = new();
    private readonly HttpClient http = new();
    private readonly AmazonPayPrivateKey key = TestKeys.LoadShared();
    private AmazonPayClient client = null!;
    private AmazonPayCredentials shop = null!;

    public Task InitializeAsync()
    {
        client = new AmazonPayClient(http, new FixedClock(Now), FastRetries);
        shop = new AmazonPayCredentials(key, TestKeys.PublicKeyId, AmazonPayEnvironment.Sandbox,
            new Uri($"http://127.0.0.1:{server.Port}/sandbox/amazonpay"));
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await server.DisposeAsync();

    public void Dispose()
    {
        http.Dispose();
        key.Dispose();
    }

    [Fact]
    public async Task The_bytes_on_the_wire_are_the_bytes_signed_headers_included()
    {
        server.Responses.Enqueue(new CannedResponse(201, SessionJson, ("x-amz-pay-request-id", "req-1")));
        var request = new CreateCheckoutSessionRequest(
            new WebCheckoutDetails(CheckoutReviewReturnUrl: "https://shop.example/review"),
            TestKeys.StoreId,
            MerchantMetadata: new MerchantMetadata(MerchantStoreName: "春の店", NoteToBuyer: "ご注文ありがとうございます"));

        var result = await client.CreateCheckoutSessionAsync(shop, request, "idem-create-1");

        Assert.True(result.IsSuccess, result.Error?.ToString());
        var sent = Assert.Single(server.Requests);
        Assert.Equal("POST", sent.Method);
        Assert.Equal("/sandbox/amazonpay/v2/checkoutSessions", sent.Target);
        Assert.Equal(WireJson.Serialize(request), Encoding.UTF8.GetString(sent.Body));
        Assert.Equal("application/json", sent.Header("Content-Type"));
        Assert.Equal("application/json", sent.Header("accept"));
        Assert.Equal("20240102T030405Z", sent.Header("x-amz-pay-date"));
        Assert.Equal($"127.0.0.1:{server.Port}", sent.Header("x-amz-pay-host"));
        Assert.Equal("jp", sent.Header("x-amz-pay-region"));
        Assert.Equal("idem-create-1", sent.Header("x-amz-pay-idempotency-key"));

        var verification = VerifyAsAmazonWould(sent);
        Assert.True(verification.IsValid, verification.Message + "\n" + verification.ExpectedCanonicalRequest);
        Assert.Equal(
            $"POST\n/sandbox/amazonpay/v2/checkoutSessions\n\naccept:application/json\ncontent-type:application/json\nx-amz-pay-date:20240102T030405Z\nx-amz-pay-host:127.0.0.1:{server.Port}\nx-amz-pay-idempotency-key:idem-create-1\nx-amz-pay-region:jp\n\naccept;content-type;x-amz-pay-date;x-amz-pay-host;x-amz-pay-idempotency-key;x-amz-pay-region\n{CanonicalRequest.PayloadHash(sent.Body)}",
            verification.ExpectedCanonicalRequest);
    }

    [Fact]
    public async Task A_checkout_session_response_is_read_into_typed_values()
    {
        server.Responses.Enqueue(new CannedResponse(200, SessionJson, ("x-amz-pay-request-id", "req-7")));

        var result = await client.GetCheckoutSessionAsync(shop, "bd504926-f659-4ad7-a1a9-9a747aaf5275");

        Assert.True(result.IsSuccess, result.Error?.ToString());
        var session = result.Value;
        Assert.Equal("req-7", result.RequestId);
        Assert.Equal(CheckoutSessionState.Open, session.StatusDetails.State);
        Assert.Equal(new DateTimeOffset(2020, 10, 23, 21, 19, 23, TimeSpan.Zero), session.StatusDetails.LastUpdatedTimestamp);
        Assert.Equal(new Yen(14_000), session.PaymentDetails?.ChargeAmount);
        Assert.Equal(PaymentIntent.Authorize, session.PaymentDetails?.PaymentIntent);
        Assert.Equal("https://pay.amazon.jp/redirect", session.WebCheckoutDetails?.AmazonPayRedirectUrl);
        Assert.Equal("東京都", session.ShippingAddress?.StateOrRegion);
        Assert.True(session.HasConstraints);
        Assert.Equal("ChargeAmountNotSet", session.Constraints![0].ConstraintId);
        var sent = Assert.Single(server.Requests);
        Assert.Equal("GET", sent.Method);
        Assert.Equal("application/json", sent.Header("Content-Type"));
        Assert.DoesNotContain(sent.Headers, h => h.Key == "x-amz-pay-idempotency-key");
        Assert.True(VerifyAsAmazonWould(sent).IsValid);
    }

    [Fact]
    public async Task A_retry_after_503_carries_the_same_idempotency_key_and_the_same_body()
    {
        server.Responses.Enqueue(new CannedResponse(503, "{\"reasonCode\":\"ServiceUnavailable\",\"message\":\"try later\"}"));
        server.Responses.Enqueue(new CannedResponse(200, ChargeJson));

        var result = await client.CaptureChargeAsync(shop, "S03-1111111-2222222-C333333", new CaptureChargeRequest(new Yen(14_000)), "idem-capture-9");

        Assert.True(result.IsSuccess, result.Error?.ToString());
        Assert.Equal(ChargeState.Captured, result.Value.StatusDetails.State);
        Assert.Equal(new Yen(14_000), result.Value.CaptureAmount);
        var attempts = server.Requests.ToArray();
        Assert.Equal(2, attempts.Length);
        Assert.All(attempts, a => Assert.Equal("idem-capture-9", a.Header("x-amz-pay-idempotency-key")));
        Assert.Equal(attempts[0].Body, attempts[1].Body);
        Assert.Equal("{\"captureAmount\":{\"amount\":\"14000\",\"currencyCode\":\"JPY\"}}", Encoding.UTF8.GetString(attempts[1].Body));
        Assert.All(attempts, a => Assert.True(VerifyAsAmazonWould(a).IsValid));
    }

    [Theory]
    [InlineData(408)]
    [InlineData(425)]
    [InlineData(429)]
    [InlineData(500)]
    [InlineData(502)]
    [InlineData(504)]
    public async Task Transient_statuses_are_retried(int status)
    {
        server.Responses.Enqueue(new CannedResponse(status, "{\"reasonCode\":\"Transient\",\"message\":\"m\"}"));
        server.Responses.Enqueue(new CannedResponse(200, RefundJson));

        var result = await client.GetRefundAsync(shop, "S03-R1");

        Assert.True(result.IsSuccess, result.Error?.ToString());
        Assert.Equal(RefundState.RefundInitiated, result.Value.StatusDetails.State);
        Assert.Equal(2, server.Requests.Count);
    }

    [Fact]
    public async Task Server_errors_on_every_attempt_end_as_an_error_whose_outcome_is_unknown()
    {
        for (var i = 0; i < 4; i++)
        {
            server.Responses.Enqueue(new CannedResponse(503, "{\"reasonCode\":\"ServiceUnavailable\",\"message\":\"down\"}"));
        }

        var result = await client.CreateRefundAsync(shop, new CreateRefundRequest("S03-C1", new Yen(500)), "idem-refund-1");

        Assert.False(result.IsSuccess);
        Assert.Equal(4, server.Requests.Count);
        Assert.Equal(503, result.Error.HttpStatus);
        Assert.Equal("ServiceUnavailable", result.Error.ReasonCode);
        Assert.True(result.Error.OutcomeUnknown);
    }

    [Fact]
    public async Task A_403_InvalidRequestSignature_is_a_typed_error_and_not_retried()
    {
        server.Responses.Enqueue(new CannedResponse(403,
            "{\"reasonCode\":\"InvalidRequestSignature\",\"message\":\"Unable to verify signature, signing String [AMZN-PAY-RSASSA-PSS-V2\\nabc]\"}",
            ("x-amz-pay-request-id", "req-403")));

        var result = await client.GetChargePermissionAsync(shop, "S03-P1");

        Assert.False(result.IsSuccess);
        Assert.Equal(AmazonPayErrorKind.ErrorResponse, result.Error.Kind);
        Assert.Equal(403, result.Error.HttpStatus);
        Assert.True(result.Error.IsInvalidSignature);
        Assert.Equal("InvalidRequestSignature", result.Error.ReasonCode);
        Assert.StartsWith("Unable to verify signature", result.Error.Message, StringComparison.Ordinal);
        Assert.Equal("req-403", result.RequestId);
        Assert.False(result.Error.OutcomeUnknown);
        Assert.Single(server.Requests);
    }

    [Fact]
    public async Task Amazon_refusals_map_reason_code_and_status_without_retrying()
    {
        server.Responses.Enqueue(new CannedResponse(422, "{\"reasonCode\":\"InvalidChargeStatus\",\"message\":\"charge is not authorized\"}"));

        var result = await client.CancelChargeAsync(shop, "S03-C1", new CancelChargeRequest("在庫切れ"));

        Assert.Equal(422, result.Error?.HttpStatus);
        Assert.Equal("InvalidChargeStatus", result.Error?.ReasonCode);
        var sent = Assert.Single(server.Requests);
        Assert.Equal("DELETE", sent.Method);
        Assert.Equal("/sandbox/amazonpay/v2/charges/S03-C1/cancel", sent.Target);
        Assert.Equal("{\"cancellationReason\":\"在庫切れ\"}", Encoding.UTF8.GetString(sent.Body));
        Assert.True(VerifyAsAmazonWould(sent).IsValid);
    }

    [Fact]
    public async Task An_error_without_a_json_body_still_has_a_reason_code()
    {
        server.Responses.Enqueue(new CannedResponse(404, "not found"));

        var result = await client.GetBuyerAsync(shop, "token-1");

        Assert.Equal(404, result.Error?.HttpStatus);
        Assert.Equal("NotFound", result.Error?.ReasonCode);
    }

    [Fact]
    public async Task A_success_status_with_an_unreadable_body_is_an_unreadable_response_error()
    {
        server.Responses.Enqueue(new CannedResponse(200, "{\"chargeId\":\"S03-C1\",\"statusDetails\":{\"state\":\"Captured\"},\"chargeAmount\":{\"amount\":\"10.50\",\"currencyCode\":\"JPY\"}}"));

        var result = await client.GetChargeAsync(shop, "S03-C1");

        Assert.Equal(AmazonPayErrorKind.UnreadableResponse, result.Error?.Kind);
    }

    [Fact]
    public async Task An_unknown_state_from_amazon_reads_as_unknown()
    {
        server.Responses.Enqueue(new CannedResponse(200, "{\"chargePermissionId\":\"S03-P1\",\"statusDetails\":{\"state\":\"Suspended\",\"reasons\":[{\"reasonCode\":\"MFAFailed\"}]},\"limits\":{\"amountLimit\":{\"amount\":70000,\"currencyCode\":\"JPY\"}}}"));

        var result = await client.GetChargePermissionAsync(shop, "S03-P1");

        Assert.True(result.IsSuccess, result.Error?.ToString());
        Assert.Equal(ChargePermissionState.Unknown, result.Value.StatusDetails.State);
        Assert.Equal("MFAFailed", result.Value.StatusDetails.Reasons![0].ReasonCode);
        Assert.Equal(new Yen(70_000), result.Value.Limits?.AmountLimit);
    }

    [Fact]
    public async Task Connection_failures_are_retried_and_end_as_unreachable()
    {
        var closedPort = server.Port;
        await server.DisposeAsync();
        var unreachable = shop with { BaseAddress = new Uri($"http://127.0.0.1:{closedPort}/sandbox/amazonpay") };

        var result = await client.GetChargeAsync(unreachable, "S03-C1");

        Assert.Equal(AmazonPayErrorKind.Unreachable, result.Error?.Kind);
        Assert.Null(result.Error?.HttpStatus);
        Assert.True(result.Error?.OutcomeUnknown);
    }

    [Fact]
    public async Task An_attempt_that_does_not_answer_in_time_is_retried_and_ends_as_timed_out()
    {
        for (var i = 0; i < 2; i++)
        {
            server.Responses.Enqueue(new CannedResponse(200, ChargeJson) { Delay = TimeSpan.FromSeconds(5) });
        }

        var impatient = new AmazonPayClient(http, new FixedClock(Now), FastRetries with { AttemptTimeout = TimeSpan.FromMilliseconds(200), MaxRetryAttempts = 1 });

        var result = await impatient.GetChargeAsync(shop, "S03-C1");

        Assert.Equal(AmazonPayErrorKind.TimedOut, result.Error?.Kind);
        Assert.True(result.Error?.OutcomeUnknown);
    }

    [Fact]
    public async Task Object_ids_that_would_change_the_path_are_refused_before_sending()
    {
        await Assert.ThrowsAsync<ArgumentException>(() => client.GetChargeAsync(shop, "../refunds/x"));
        Assert.Empty(server.Requests);
    }

    [Fact]
    public void Idempotency_keys_are_32_hex_characters_without_dashes()
    {
        Assert.Matches("^[0-9a-f]{32}$", AmazonPayClient.NewIdempotencyKey());
    }

    private RequestVerification VerifyAsAmazonWould(RawRequest sent) =>
        RequestVerifier.Verify(
            new IncomingRequest(sent.Method, sent.Path, sent.Query, sent.Headers, sent.Body),
            id => id == TestKeys.PublicKeyId ? key.Rsa : null,
            Now);

    private const string SessionJson = """
        {"checkoutSessionId":"bd504926-f659-4ad7-a1a9-9a747aaf5275",
         "webCheckoutDetails":{"checkoutReviewReturnUrl":"https://shop.example/review","amazonPayRedirectUrl":"https://pay.amazon.jp/redirect"},
         "productType":"PayAndShip","chargePermissionType":"OneTime",
         "paymentDetails":{"paymentIntent":"Authorize","chargeAmount":{"amount":"14000","currencyCode":"JPY"},"presentmentCurrency":"JPY"},
         "shippingAddress":{"name":"山田 太郎","stateOrRegion":"東京都","postalCode":"150-0001","countryCode":"JP"},
         "statusDetails":{"state":"Open","reasonCode":null,"reasonDescription":null,"lastUpdatedTimestamp":"20201023T211923Z"},
         "constraints":[{"constraintId":"ChargeAmountNotSet","description":"chargeAmount is not set."}],
         "creationTimestamp":"20201023T211923Z","expirationTimestamp":"20201024T211923Z","releaseEnvironment":"Sandbox"}
        """;

    private const string ChargeJson = """
        {"chargeId":"S03-1111111-2222222-C333333","chargePermissionId":"S03-1111111-2222222",
         "chargeAmount":{"amount":"14000","currencyCode":"JPY"},"captureAmount":{"amount":"14000","currencyCode":"JPY"},
         "statusDetails":{"state":"Captured","lastUpdatedTimestamp":"20201023T211923Z"},"creationTimestamp":"20201023T211923Z"}
        """;

    private const string RefundJson = """
        {"refundId":"S03-R1","chargeId":"S03-C1","refundAmount":{"amount":500,"currencyCode":"JPY"},
         "statusDetails":{"state":"RefundInitiated","reasonCode":null},"creationTimestamp":"20201023T211923Z"}
        """;
}
