using System.Globalization;
using Bunit;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor.Services;

namespace MerchantConsole.Tests.Components;

/// <summary>
/// One bUnit context per test with MudBlazor and the console's resources. Owned rather than inherited:
/// MudBlazor's services are only IAsyncDisposable, which xunit 2's synchronous dispose would trip over.
/// </summary>
public abstract class ComponentTestContext : IAsyncLifetime
{
    private readonly CultureInfo previousCulture = CultureInfo.CurrentUICulture;

    protected ComponentTestContext(string culture = "ja-JP")
    {
        CultureInfo.CurrentUICulture = CultureInfo.CurrentCulture = new CultureInfo(culture);
        Context.JSInterop.Mode = JSRuntimeMode.Loose;
        Context.Services.AddMudServices(options =>
        {
            options.SnackbarConfiguration.ShowTransitionDuration = 0;
            options.SnackbarConfiguration.HideTransitionDuration = 0;
        });
        Context.Services.AddLocalization();
    }

    protected BunitContext Context { get; } = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        await Context.DisposeAsync();
        CultureInfo.CurrentUICulture = CultureInfo.CurrentCulture = previousCulture;
    }
}
