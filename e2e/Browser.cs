using Microsoft.Playwright;

namespace MerchantConsole.E2E;

/// <summary>Debian's Chromium driven by Playwright; nothing is downloaded (MC_CHROMIUM overrides the path).</summary>
public sealed class Browser : IAsyncLifetime
{
    private IPlaywright? playwright;

    public IBrowser Instance { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        var executable = Environment.GetEnvironmentVariable("MC_CHROMIUM") ?? "/usr/bin/chromium";
        if (!File.Exists(executable))
        {
            throw new InvalidOperationException($"Chromium not found at {executable}. Install Debian's chromium (the test script does so as root) or set MC_CHROMIUM.");
        }

        // A Blazor Server round trip (a file read through the circuit, a sync that settles) can outlast Playwright's
        // default 5 s when the two cores are busy (one run under outside load missed a snackbar that way).
        Assertions.SetDefaultExpectTimeout(15_000);
        playwright = await Playwright.CreateAsync();
        Instance = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = executable,
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--no-first-run", "--disable-quic"],
        });
    }

    /// <summary>A fresh browser profile whose browser prefers English, to prove the console stays Japanese by default.</summary>
    public Task<IBrowserContext> NewContextAsync(Uri baseAddress) =>
        Instance.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = baseAddress.ToString(),
            Locale = "en-US",
            ViewportSize = new ViewportSize { Width = 1366, Height = 800 },
        });

    public async Task DisposeAsync()
    {
        if (Instance is not null)
        {
            await Instance.DisposeAsync();
        }

        playwright?.Dispose();
    }
}
