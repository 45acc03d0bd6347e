using System.Text;
using System.Text.Json.Nodes;
using MerchantConsole.Core;
using MerchantConsole.Core.AmazonPay;
using MerchantConsole.Core.Payments;
using MerchantConsole.Data;
using MerchantConsole.Sandbox;
using MerchantConsole.Shops;
using MerchantConsole.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace MerchantConsole.Tests.Sandbox;

/// <summary>
/// The real console with its embedded sandbox, a key pair made through Sandbox Seller Central, and the real
/// Amazon Pay client signing every call — the sandbox verifies those signatures as Amazon would.
/// Asynchronous settlement is tested by moving the shop's sandbox clock, never by waiting.
/// </summary>
public sealed class SandboxHarness : IAsyncDisposable
{
    private SandboxHarness(TestConsole console, ActorRef owner, GeneratedSandboxKey key, AmazonPayPrivateKey privateKey, HttpClient http)
    {
        Console = console;
        Owner = owner;
        Key = key;
        Http = http;
        Credentials = new AmazonPayCredentials(privateKey, key.PublicKeyId, AmazonPayEnvironment.Sandbox, new Uri(console.Address, SandboxApi.BasePath));
        Client = new AmazonPayClient(http, TimeProvider.System, new AmazonPayClientOptions
        {
            RetryBaseDelay = TimeSpan.FromMilliseconds(10),
            AttemptTimeout = TimeSpan.FromSeconds(10),
        });
    }

    public TestConsole Console { get; }

    public ActorRef Owner { get; }

    public GeneratedSandboxKey Key { get; }

    public AmazonPayCredentials Credentials { get; }

    public AmazonPayClient Client { get; }

    public HttpClient Http { get; }

    public SandboxBuyerDesk Buyers => Console.Services.CreateScope().ServiceProvider.GetRequiredService<SandboxBuyerDesk>();

    public SandboxSellerCentral SellerCentral => Console.Services.CreateScope().ServiceProvider.GetRequiredService<SandboxSellerCentral>();

    public static async Task<SandboxHarness> StartAsync(params string[] extraArgs)
    {
        var console = await TestConsole.StartAsync(true, [
            "--AmazonPay:Sandbox:RefundSettleSeconds=60",
            "--AmazonPay:Sandbox:CaptureSettleSeconds=60",
            "--AmazonPay:Sandbox:PendingAuthorizationSeconds=60",
            .. extraArgs]);
        var owner = await OwnerAsync(console, TestConsole.OwnerEmail);
        return await ForShopAsync(console, owner);
    }

    public static async Task<SandboxHarness> ForShopAsync(TestConsole console, ActorRef owner)
    {
        var sellerCentral = console.Services.CreateScope().ServiceProvider.GetRequiredService<SandboxSellerCentral>();
        var key = (await sellerCentral.GenerateKeyAsync(owner))!;
        var loaded = PrivateKeyPem.Load(key.PrivateKeyPem);
        Assert.True(loaded.IsOk, loaded.Refusal?.English);
        return new SandboxHarness(console, owner, key, loaded.Value!, new HttpClient());
    }

    public static async Task<ActorRef> OwnerAsync(TestConsole console, string email)
    {
        await using var db = await console.Services.GetRequiredService<IDbContextFactory<ApplicationDbContext>>().CreateDbContextAsync();
        var user = await db.Users.SingleAsync(u => u.Email == email);
        return new ActorRef(user.Id, email);
    }

    public Uri Origin => Console.Address;

    public CreateCheckoutSessionRequest NewSession(ChargePermissionType type = ChargePermissionType.OneTime, bool allowOvercharge = false) => new(
        new WebCheckoutDetails(CheckoutReviewReturnUrl: "https://merchant.example/review"),
        Key.StoreId,
        ChargePermissionType: type,
        RecurringMetadata: type == ChargePermissionType.Recurring ? new RecurringMetadata(new Frequency(FrequencyUnit.Month, 1)) : null,
        PaymentDetails: allowOvercharge ? new PaymentDetails(AllowOvercharge: true, ExtendExpiration: true) : null);

    /// <summary>Create → the buyer picks a test buyer → update with result URL and payment → the buyer's answer on the confirm page.</summary>
    public async Task<string> ConfirmedSessionAsync(PaymentIntent intent, long yen, string outcome = "Approve",
        ChargePermissionType type = ChargePermissionType.OneTime, bool canHandlePending = false, bool allowOvercharge = false)
    {
        var created = await Client.CreateCheckoutSessionAsync(Credentials, NewSession(type, allowOvercharge), AmazonPayClient.NewIdempotencyKey());
        Assert.True(created.IsSuccess, created.Error?.Message);
        var id = created.Value!.CheckoutSessionId;
        var chosen = await Buyers.ChooseAsync(id, SandboxBuyers.All[0].BuyerId, SandboxBuyers.All[0].PaymentMethods[0].Id, Origin);
        Assert.True(chosen.Succeeded, chosen.ErrorKey);
        var updated = await Client.UpdateCheckoutSessionAsync(Credentials, id, new UpdateCheckoutSessionRequest(
            new WebCheckoutDetails(CheckoutResultReturnUrl: "https://merchant.example/result"),
            new PaymentDetails(intent, canHandlePending, new Yen(yen)),
            new MerchantMetadata("order-1", "テスト商店")));
        Assert.True(updated.IsSuccess, updated.Error?.Message);
        Assert.False(updated.Value!.HasConstraints);
        var confirmed = await Buyers.ConfirmAsync(id, outcome);
        Assert.True(confirmed.Succeeded, confirmed.ErrorKey);
        return id;
    }

    /// <summary>A completed one-time checkout and its charge.</summary>
    public async Task<Charge> AuthorizedChargeAsync(long yen, PaymentIntent intent = PaymentIntent.Authorize)
    {
        var id = await ConfirmedSessionAsync(intent, yen);
        var completed = await Client.CompleteCheckoutSessionAsync(Credentials, id, new CompleteCheckoutSessionRequest(new Yen(yen)), AmazonPayClient.NewIdempotencyKey());
        Assert.True(completed.IsSuccess, completed.Error?.Message);
        var charge = await Client.GetChargeAsync(Credentials, completed.Value!.ChargeId!);
        return charge.Value!;
    }

    public async Task<Charge> CapturedChargeAsync(long yen)
    {
        var charge = await AuthorizedChargeAsync(yen);
        var captured = await Client.CaptureChargeAsync(Credentials, charge.ChargeId, new CaptureChargeRequest(new Yen(yen)), AmazonPayClient.NewIdempotencyKey());
        Assert.True(captured.IsSuccess, captured.Error?.Message);
        return captured.Value!;
    }

    /// <summary>Calls a sandbox control endpoint, signed with the shop's key like any API call.</summary>
    public async Task<JsonObject> ControlAsync(HttpMethod method, string path, object? body = null)
    {
        var bytes = body is null ? [] : Encoding.UTF8.GetBytes(System.Text.Json.JsonSerializer.Serialize(body));
        var signed = RequestSigner.Sign(
            new ApiRequest(method, path, bytes, method == HttpMethod.Post ? AmazonPayClient.NewIdempotencyKey() : null),
            new Uri(Console.Address, SandboxApi.BasePath + "/control"), Credentials.PublicKeyId, Credentials.Key.Rsa, DateTimeOffset.UtcNow);
        using var response = await Http.SendAsync(signed.ToHttpRequestMessage());
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, text);
        return (JsonObject)JsonNode.Parse(text)!;
    }

    public Task<JsonObject> AdvanceClockAsync(TimeSpan by) =>
        ControlAsync(HttpMethod.Post, "clock", new { advanceSeconds = (long)by.TotalSeconds });

    public Task<JsonObject> AddFaultAsync(SandboxFaultKind kind, int? remaining = 1, double rate = 0, int delayMilliseconds = 0) =>
        ControlAsync(HttpMethod.Post, "faults", new { kind = kind.ToString(), remaining, rate, delayMilliseconds });

    public async ValueTask DisposeAsync()
    {
        Credentials.Key.Dispose();
        Http.Dispose();
        await Console.DisposeAsync();
    }
}
