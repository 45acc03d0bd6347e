using System.Net;
using MerchantConsole.Core.AmazonPay;
using MerchantConsole.Core.Shops;
using MerchantConsole.Data;
using MerchantConsole.Sandbox;
using MerchantConsole.Shops;
using MerchantConsole.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace MerchantConsole.Tests.Sandbox;

/// <summary>Sandbox Seller Central: Owners only, and a private key that is handed over once and loads as a real key.</summary>
public sealed class SandboxSellerCentralPageTests : IAsyncLifetime
{
    private const string Password = "staff member password";
    private TestConsole console = null!;

    public async Task InitializeAsync() => console = await TestConsole.StartAsync();

    public async Task DisposeAsync() => await console.DisposeAsync();

    private async Task<ActorRef> ActorAsync(string email)
    {
        await using var db = await console.Services.GetRequiredService<IDbContextFactory<ApplicationDbContext>>().CreateDbContextAsync();
        var user = await db.Users.SingleAsync(u => u.Email == email);
        return new ActorRef(user.Id, email);
    }

    private async Task<ActorRef> AddStaffAsync(string email, ShopRole role)
    {
        await using var scope = console.Services.CreateAsyncScope();
        var added = await scope.ServiceProvider.GetRequiredService<StaffDirectory>().AddAsync(await ActorAsync(TestConsole.OwnerEmail), email, role, Password);
        Assert.True(added.Succeeded, added.ErrorKey);
        return await ActorAsync(email);
    }

    [Fact]
    public async Task The_Owner_opens_Seller_Central_and_sees_the_sandbox_merchant_ID()
    {
        using var client = console.CreateClient();
        await console.SignInAsync(client, TestConsole.OwnerEmail, TestConsole.OwnerPassword);

        var response = await client.GetAsync(new Uri("/sandbox/seller-central", UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        await using var scope = console.Services.CreateAsyncScope();
        var account = await scope.ServiceProvider.GetRequiredService<SandboxSellerCentral>().GetAccountAsync(await ActorAsync(TestConsole.OwnerEmail));
        Assert.Contains(account!.MerchantId, await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(ShopRole.Operator)]
    [InlineData(ShopRole.Viewer)]
    public async Task Operators_and_Viewers_get_403_and_the_service_refuses_them_too(ShopRole role)
    {
        var member = await AddStaffAsync("member@example.test", role);
        using var client = console.CreateClient();
        await console.SignInAsync(client, "member@example.test", Password);

        var response = await client.GetAsync(new Uri("/sandbox/seller-central", UriKind.Relative));

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        await using var scope = console.Services.CreateAsyncScope();
        var sellerCentral = scope.ServiceProvider.GetRequiredService<SandboxSellerCentral>();
        Assert.Null(await sellerCentral.GenerateKeyAsync(member));
        Assert.Null(await sellerCentral.GetAccountAsync(member));
        Assert.Equal(ShopErrors.NotPermitted, (await sellerCentral.AddFaultAsync(member, SandboxFaultKind.InternalServerError, 1, null, 0)).ErrorKey);
    }

    [Fact]
    public async Task An_anonymous_visitor_is_sent_to_sign_in()
    {
        using var client = console.CreateClient();

        var response = await client.GetAsync(new Uri("/sandbox/seller-central", UriKind.Relative));

        Assert.Contains("/Account/Login", response.Headers.Location?.ToString() ?? await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_generated_private_key_loads_with_PrivateKeyPem_and_matches_the_listed_public_key()
    {
        var owner = await ActorAsync(TestConsole.OwnerEmail);
        await using var scope = console.Services.CreateAsyncScope();
        var sellerCentral = scope.ServiceProvider.GetRequiredService<SandboxSellerCentral>();

        var generated = await sellerCentral.GenerateKeyAsync(owner);

        var loaded = PrivateKeyPem.Load(generated!.PrivateKeyPem);
        Assert.True(loaded.IsOk, loaded.Refusal?.ToString());
        using var key = loaded.Value;
        Assert.Equal(2048, key.KeySizeBits);
        Assert.Equal(generated.Fingerprint, key.Fingerprint);
        Assert.Matches("^SANDBOX-[A-Z0-9]{24}$", generated.PublicKeyId);
        var account = await sellerCentral.GetAccountAsync(owner);
        var listed = Assert.Single(account!.Keys);
        Assert.Equal((generated.PublicKeyId, generated.Fingerprint, TestConsole.OwnerEmail, (DateTimeOffset?)null),
            (listed.PublicKeyId, listed.Fingerprint, listed.CreatedBy, listed.RevokedAt));
    }
}

/// <summary>In live mode nothing of the sandbox answers: not the script, not the button endpoint, not Seller Central.</summary>
public sealed class SandboxInLiveModeTests : IAsyncLifetime
{
    private TestConsole console = null!;

    public async Task InitializeAsync() => console = await TestConsole.StartAsync(true, "--AmazonPay:Mode=Live");

    public async Task DisposeAsync() => await console.DisposeAsync();

    [Theory]
    [InlineData("/sandbox/checkout.js")]
    [InlineData("/sandbox/seller-central")]
    [InlineData("/sandbox/buyer/checkout/any")]
    [InlineData("/sandbox/buyer/signin?ticket=any")]
    public async Task Sandbox_pages_and_the_script_answer_404(string path)
    {
        using var client = console.CreateClient();
        await console.SignInAsync(client, TestConsole.OwnerEmail, TestConsole.OwnerPassword);

        var response = await client.GetAsync(new Uri(path, UriKind.Relative));

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task The_button_endpoint_answers_404()
    {
        using var client = console.CreateClient();

        var response = await client.PostAsync(new Uri("/sandbox/buyer/start", UriKind.Relative),
            new FormUrlEncodedContent(new Dictionary<string, string> { ["payloadJSON"] = "{}" }));

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }
}
