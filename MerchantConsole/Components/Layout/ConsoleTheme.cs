using MudBlazor;

namespace MerchantConsole.Components.Layout;

internal static class ConsoleTheme
{
    // System fonts only: the console must look right without reaching any font host.
    public static readonly MudTheme Theme = new()
    {
        PaletteLight = new PaletteLight
        {
            Primary = "#1f3a5f",
            AppbarBackground = "#1f3a5f",
            Secondary = "#ff9900",
        },
        Typography = new Typography
        {
            Default = new DefaultTypography
            {
                FontFamily = ["\"Hiragino Sans\"", "\"Noto Sans JP\"", "\"Yu Gothic UI\"", "Meiryo", "system-ui", "sans-serif"],
            },
        },
    };
}
