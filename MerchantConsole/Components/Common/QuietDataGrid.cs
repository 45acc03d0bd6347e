using Microsoft.AspNetCore.Components;
using MudBlazor;

namespace MerchantConsole.Components.Common;

/// <summary>
/// MudDataGrid that renders once per reload. MudDataGrid's own reload renders every row three times: with its loading bar
/// before it asks for the rows, then twice with them (once when it groups them, once when it is done). A grid whose rows
/// refresh by themselves every few seconds, in every circuit of a busy shop, paid two of those for nothing
/// (docs/reliability.md §13). The first load still shows the loading bar, so an empty grid never flashes "no
/// transactions" before its rows arrive; a page the pager asks for skips the loading render.
/// </summary>
[CascadingTypeParameter(nameof(T))]
public sealed class QuietDataGrid<T> : MudDataGrid<T>
{
    private bool loadedOnce;
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

    protected override bool ShouldRender() => !held && !(Loading && loadedOnce) && base.ShouldRender();

    protected override async Task OnAfterRenderAsync(bool firstRender)
    {
        await base.OnAfterRenderAsync(firstRender);
        loadedOnce = true; // the first render's base call loaded the rows, loading bar and all
    }
}
