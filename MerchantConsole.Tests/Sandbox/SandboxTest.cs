using MerchantConsole.Core.AmazonPay;

namespace MerchantConsole.Tests.Sandbox;

/// <summary>A test class with its own running console, sandbox key and signed client.</summary>
public abstract class SandboxTest : IAsyncLifetime
{
    private SandboxHarness? harness;

    protected SandboxHarness Sandbox => harness ?? throw new InvalidOperationException("The sandbox has not started.");

    protected AmazonPayClient Client => Sandbox.Client;

    protected AmazonPayCredentials Shop => Sandbox.Credentials;

    protected static string Key() => AmazonPayClient.NewIdempotencyKey();

    public async Task InitializeAsync() => harness = await SandboxHarness.StartAsync();

    public async Task DisposeAsync()
    {
        if (harness is not null)
        {
            await harness.DisposeAsync();
        }
    }
}
