using Microsoft.AspNetCore.Components;
using MudBlazor;

namespace MerchantConsole.Components.Common;

/// <summary>
/// MudDataGrid that renders once per reload. MudDataGrid's own reload renders every row three times: with its loading bar
/// before it asks for the rows, then twice with them (once when it groups them, once when it is done). A grid whose rows
/// refresh by themselves every few seconds, in every circuit of a busy shop, paid two of those for nothing
/// (docs/reliability.md §13). The first render shows the loading bar, so an empty grid never flashes "no
/// transactions" before its rows arrive, and the first load then renders its rows once; a page the pager asks for skips
/// the loading render.
/// </summary>
[CascadingTypeParameter(nameof(T))]
public sealed class QuietDataGrid<T> : MudDataGrid<T>
{
    private bool loadedOnce;
    private bool firstLoad;
    private bool held;

    /// <summary>Reads the rows again and renders them once (MudDataGrid's own reload renders up to three times).</summary>
    public async Task ReloadAsync()
    {
        await ReloadWithoutRenderingAsync();
        StateHasChanged();
    }

    /// <summary>
    /// Reads the rows again without rendering them: for a parent that renders next anyway, so the grid renders once, with
    /// the parent.
    /// </summary>
    public async Task ReloadWithoutRenderingAsync()
    {
        held = true;
        try
        {
            await ReloadServerData();
        }
        finally
        {
            held = false;
        }
    }

    /// <summary>How many times the grid itself rendered, for tests.</summary>
    internal int Renders { get; private set; }

    protected override void BuildRenderTree(Microsoft.AspNetCore.Components.Rendering.RenderTreeBuilder __builder)
    {
        Renders++;
        base.BuildRenderTree(__builder);
    }

    /// <summary>
    /// The grid loads from its first render on, so it shows its loading bar from the start: MudDataGrid's first render
    /// (the page's prerendered HTML, what staff see until the circuit connects) otherwise said "no transactions".
    /// </summary>
    protected override void OnInitialized()
    {
        base.OnInitialized();
        Loading = ServerData is not null;
    }

    protected override bool ShouldRender() => !held && !firstLoad && !(Loading && loadedOnce) && base.ShouldRender();

    protected override async Task OnAfterRenderAsync(bool firstRender)
    {
        if (!firstRender)
        {
            await base.OnAfterRenderAsync(firstRender);
            return;
        }

        // The first render's base call loads the rows: it renders the loading bar again, then the rows twice (once done,
        // once more when it marks itself rendered). The first render showed the loading bar; the rows render once, here.
        firstLoad = true;
        try
        {
            await base.OnAfterRenderAsync(firstRender);
        }
        finally
        {
            firstLoad = false;
            loadedOnce = true;
        }

        StateHasChanged();
    }
}
