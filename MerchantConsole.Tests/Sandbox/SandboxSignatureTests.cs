using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using MerchantConsole.Core.AmazonPay;
using MerchantConsole.Core.Payments;
using MerchantConsole.Sandbox;
using MerchantConsole.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace MerchantConsole.Tests.Sandbox;

/// <summary>The sandbox refuses what Amazon refuses: any change to what was signed, a wrong or revoked key, a bad date.</summary>
public sealed class SandboxSignatureTests : IAsyncLifetime
{
    private static readonly byte[] Body = Encoding.UTF8.GetBytes("""{"chargePermissionId":"S03-0000000-0000000","chargeAmount":{"amount":"100","currencyCode":"JPY"}}""");
    private SandboxHarness sandbox = null!;

    public async Task InitializeAsync() => sandbox = await SandboxHarness.StartAsync();

    public async Task DisposeAsync() => await sandbox.DisposeAsync();

    private Uri ApiBase => AmazonPayEndpoint.ApiBase(sandbox.Credentials);

    private SignedRequest Sign(HttpMethod method, string path, byte[] body, DateTimeOffset? at = null, RSA? key = null,
        SignatureAlgorithm algorithm = SignatureAlgorithm.V2, IReadOnlyList<KeyValuePair<string, string>>? query = null, string? publicKeyId = null) =>
        RequestSigner.Sign(new ApiRequest(method, path, body, method == HttpMethod.Post ? AmazonPayClient.NewIdempotencyKey() : null, query),
            ApiBase, publicKeyId ?? sandbox.Credentials.PublicKeyId, key ?? sandbox.Credentials.Key.Rsa, at ?? DateTimeOffset.UtcNow, algorithm);

    private async Task<(HttpStatusCode Status, string ReasonCode, string Message)> SendAsync(SignedRequest signed, Action<HttpRequestMessage>? tamper = null)
    {
        using var message = signed.ToHttpRequestMessage();
        tamper?.Invoke(message);
        using var response = await sandbox.Http.SendAsync(message);
        var text = await response.Content.ReadAsStringAsync();
        var body = text.Length == 0 ? null : JsonNode.Parse(text);
        return (response.StatusCode, body?["reasonCode"]?.GetValue<string>() ?? "", body?["message"]?.GetValue<string>() ?? "");
    }

    [Fact]
    public async Task An_untampered_request_passes_verification()
    {
        var (status, reason, _) = await SendAsync(Sign(HttpMethod.Post, "charges", Body));

        // Verified, then refused by the business rule: the permission does not exist.
        Assert.Equal((HttpStatusCode.NotFound, "ResourceNotFound"), (status, reason));
    }

    [Fact]
    public async Task The_legacy_algorithm_is_verified_too()
    {
        var (status, reason, _) = await SendAsync(Sign(HttpMethod.Post, "charges", Body, algorithm: SignatureAlgorithm.Legacy));

        Assert.Equal((HttpStatusCode.NotFound, "ResourceNotFound"), (status, reason));
    }

    public static TheoryData<string> Tamperings => ["method", "path", "query", "header", "body", "date"];

    [Theory]
    [MemberData(nameof(Tamperings))]
    public async Task Changing_anything_signed_is_refused_with_the_string_to_sign_the_sandbox_computed(string what)
    {
        var signed = Sign(HttpMethod.Post, "charges", Body, query: [new("a", "1")]);

        var (status, reason, message) = await SendAsync(signed, message =>
        {
            switch (what)
            {
                case "method":
                    message.Method = HttpMethod.Put;
                    break;
                case "path":
                    message.RequestUri = new Uri(message.RequestUri!.ToString().Replace("/charges", "/refunds", StringComparison.Ordinal));
                    break;
                case "query":
                    message.RequestUri = new Uri(message.RequestUri!.ToString().Replace("a=1", "a=2", StringComparison.Ordinal));
                    break;
                case "header":
                    message.Headers.Remove(AmazonPayHeaders.Region);
                    message.Headers.Add(AmazonPayHeaders.Region, "eu");
                    break;
                case "body":
                    message.Content = new ByteArrayContent(Encoding.UTF8.GetBytes(Encoding.UTF8.GetString(Body).Replace("100", "900", StringComparison.Ordinal)));
                    message.Content.Headers.ContentType = new("application/json");
                    break;
                case "date":
                    message.Headers.Remove(AmazonPayHeaders.Date);
                    message.Headers.Add(AmazonPayHeaders.Date, AmazonPayHeaders.FormatDate(DateTimeOffset.UtcNow.AddMinutes(-1)));
                    break;
            }
        });

        if (what == "method")
        {
            // No PUT route exists: the request never reaches a handler that would run it.
            Assert.Equal(HttpStatusCode.MethodNotAllowed, status);
            return;
        }

        Assert.Equal((HttpStatusCode.Forbidden, "InvalidRequestSignature"), (status, reason));
        Assert.Contains("String-to-Sign should have been 'AMZN-PAY-RSASSA-PSS-V2\n", message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_tampered_method_on_an_existing_route_is_refused()
    {
        // GET and DELETE share /charges/{id}/cancel's prefix family: sign a GET, send it as DELETE.
        var signed = Sign(HttpMethod.Get, "charges/S03-0000000-0000000-C00001/cancel", []);

        var (status, reason, _) = await SendAsync(signed, message => message.Method = HttpMethod.Delete);

        Assert.Equal((HttpStatusCode.Forbidden, "InvalidRequestSignature"), (status, reason));
    }

    [Fact]
    public async Task A_signature_by_another_key_under_this_key_id_is_refused()
    {
        using var other = RSA.Create(2048);

        var (status, reason, _) = await SendAsync(Sign(HttpMethod.Get, "charges/x", [], key: other));

        Assert.Equal((HttpStatusCode.Forbidden, "InvalidRequestSignature"), (status, reason));
    }

    [Fact]
    public async Task An_unknown_or_revoked_key_is_unauthorized()
    {
        var unknown = await SendAsync(Sign(HttpMethod.Get, "charges/x", [], publicKeyId: "SANDBOX-AAAAAAAAAAAAAAAAAAAAAAAA"));
        await sandbox.SellerCentral.RevokeKeyAsync(sandbox.Owner, sandbox.Credentials.PublicKeyId);
        var revoked = await SendAsync(Sign(HttpMethod.Get, "charges/x", []));

        Assert.Equal((HttpStatusCode.Unauthorized, "UnauthorizedAccess"), (unknown.Status, unknown.ReasonCode));
        Assert.Equal((HttpStatusCode.Unauthorized, "UnauthorizedAccess"), (revoked.Status, revoked.ReasonCode));
        Assert.Contains("revoked", revoked.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_key_is_imported_once_and_still_refused_the_moment_it_is_revoked()
    {
        var publicKeys = sandbox.Console.Services.GetRequiredService<SandboxPublicKeys>();
        var before = await SendAsync(Sign(HttpMethod.Post, "charges", Body));
        var again = await SendAsync(Sign(HttpMethod.Post, "charges", Body));
        var kept = publicKeys.Count;
        await sandbox.SellerCentral.RevokeKeyAsync(sandbox.Owner, sandbox.Credentials.PublicKeyId);
        var revoked = await SendAsync(Sign(HttpMethod.Post, "charges", Body));

        Assert.Equal((HttpStatusCode.NotFound, "ResourceNotFound"), (before.Status, before.ReasonCode));
        Assert.Equal((HttpStatusCode.NotFound, "ResourceNotFound"), (again.Status, again.ReasonCode));
        Assert.Equal(1, kept);
        Assert.Equal((HttpStatusCode.Unauthorized, "UnauthorizedAccess"), (revoked.Status, revoked.ReasonCode));
        Assert.Contains("revoked", revoked.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(5)]
    [InlineData(-16)]
    public async Task A_date_in_the_future_or_more_than_15_minutes_old_is_refused(int minutes)
    {
        var (status, reason, _) = await SendAsync(Sign(HttpMethod.Get, "charges/x", [], at: DateTimeOffset.UtcNow.AddMinutes(minutes)));

        Assert.Equal((HttpStatusCode.BadRequest, "InvalidHeaderValue"), (status, reason));
    }

    [Fact]
    public async Task A_request_without_a_signature_is_refused()
    {
        using var response = await sandbox.Http.GetAsync(new Uri(ApiBase + "/charges/x"));

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }

    [Fact]
    public async Task A_POST_must_sign_its_idempotency_key()
    {
        var signed = Sign(HttpMethod.Get, "charges", Body);

        var (status, reason, _) = await SendAsync(signed, message =>
        {
            message.Method = HttpMethod.Post;
            message.Headers.Add(AmazonPayHeaders.IdempotencyKey, "unsigned");
        });

        Assert.Equal((HttpStatusCode.BadRequest, "MissingHeaderValue"), (status, reason));
    }

    [Fact]
    public async Task The_same_idempotency_key_replays_the_first_answer_and_refuses_a_different_body()
    {
        var charge = await sandbox.AuthorizedChargeAsync(1_000);
        var key = AmazonPayClient.NewIdempotencyKey();

        var first = await sandbox.Client.CaptureChargeAsync(sandbox.Credentials, charge.ChargeId, new CaptureChargeRequest(new Yen(1_000)), key);
        var replay = await sandbox.Client.CaptureChargeAsync(sandbox.Credentials, charge.ChargeId, new CaptureChargeRequest(new Yen(1_000)), key);
        var different = await sandbox.Client.CaptureChargeAsync(sandbox.Credentials, charge.ChargeId, new CaptureChargeRequest(new Yen(999)), key);

        Assert.Equal(ChargeState.Captured, first.Value!.StatusDetails.State);
        Assert.Equal(first.Value, replay.Value);
        Assert.Equal(("DuplicateIdempotencyKey", 400), (different.Error!.ReasonCode, different.HttpStatus));
    }

    [Fact]
    public async Task One_shops_key_cannot_reach_another_shops_objects()
    {
        var charge = await sandbox.AuthorizedChargeAsync(1_000);
        var shops = sandbox.Console.Services.CreateScope().ServiceProvider.GetRequiredService<MerchantConsole.Shops.ShopAdministration>();
        await shops.CreateShopAsync(new MerchantConsole.Shops.NewShop("other", "他店", "other@example.test", "other owner passphrase"), sandbox.Owner);
        var otherOwner = await SandboxHarness.OwnerAsync(sandbox.Console, "other@example.test");
        var other = await SandboxHarness.ForShopAsync(sandbox.Console, otherOwner);

        var read = await other.Client.GetChargeAsync(other.Credentials, charge.ChargeId);
        var capture = await other.Client.CaptureChargeAsync(other.Credentials, charge.ChargeId, new CaptureChargeRequest(new Yen(1_000)), AmazonPayClient.NewIdempotencyKey());

        Assert.Equal(("ResourceNotFound", 404), (read.Error!.ReasonCode, read.HttpStatus));
        Assert.Equal("ResourceNotFound", capture.Error!.ReasonCode);
        Assert.Equal(ChargeState.Authorized, (await sandbox.Client.GetChargeAsync(sandbox.Credentials, charge.ChargeId)).Value!.StatusDetails.State);
    }

    [Fact]
    public async Task In_Live_mode_nothing_of_the_sandbox_is_reachable()
    {
        await using var live = await TestConsole.StartAsync(true, "--AmazonPay:Mode=Live");
        using var client = live.CreateClient();

        var api = await client.GetAsync(new Uri("/sandbox/amazonpay/v2/charges/x", UriKind.Relative));
        var page = await client.GetAsync(new Uri("/sandbox/buyer/checkout/x", UriKind.Relative));

        Assert.Equal(HttpStatusCode.NotFound, api.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, page.StatusCode);
    }
}
