using MudBlazor;

namespace Artha.Admin.Components.Layout;

/// <summary>
/// The portal's one theme, light and dark. Fonts are the operating system's own (no web font is fetched: back offices
/// and our machines have no internet); icons are MudBlazor's inline SVGs, served with the portal.
/// </summary>
public static class PortalTheme
{
    private static readonly string[] SystemFonts =
        ["system-ui", "-apple-system", "Segoe UI", "Roboto", "Helvetica Neue", "Arial", "Noto Sans", "sans-serif"];

    public static MudTheme Theme { get; } = new()
    {
        PaletteLight = new PaletteLight
        {
            Primary = "#3b3ab0",
            Secondary = "#5f6b7a",
            AppbarBackground = "#2f2e8f",
            AppbarText = "#ffffff",
            Background = "#f6f7fb",
            DrawerBackground = "#ffffff",
            TextPrimary = "rgba(0,0,0,0.87)",
            // Darker than the stock greys so secondary text keeps 4.5:1 contrast (WCAG 2.1 AA).
            TextSecondary = "rgba(0,0,0,0.68)",
            // Disabled links (the current breadcrumb) stay readable: 4.5:1 on the background.
            TextDisabled = "rgba(0,0,0,0.6)",
            Success = "#1b7a3a",
            Warning = "#9a5b00",
            Error = "#c62828",
            Info = "#0b63a8",
        },
        PaletteDark = new PaletteDark
        {
            Primary = "#a5a4ff",
            Secondary = "#aab4c0",
            AppbarBackground = "#1c1b3a",
            AppbarText = "#ffffff",
            Background = "#16161d",
            Surface = "#1f1f29",
            DrawerBackground = "#1c1c25",
            TextPrimary = "rgba(255,255,255,0.92)",
            TextSecondary = "rgba(255,255,255,0.72)",
            TextDisabled = "rgba(255,255,255,0.6)",
            // The dark palette's colours are light: filled buttons and chips need dark text on them for 4.5:1.
            PrimaryContrastText = "#14133a",
            SecondaryContrastText = "#14161a",
            SuccessContrastText = "#0b2414",
            WarningContrastText = "#2b1a00",
            ErrorContrastText = "#2b0a08",
            InfoContrastText = "#06223a",
            Success = "#5ccf85",
            Warning = "#ffb74d",
            Error = "#ff8a80",
            Info = "#7cc4ff",
        },
        Typography = new Typography
        {
            Default = new DefaultTypography { FontFamily = SystemFonts },
        },
        LayoutProperties = new LayoutProperties { DrawerWidthLeft = "232px" },
    };
}

/// <summary>What the user chose for the theme: follow the operating system (the default), or always light or dark.</summary>
public enum ThemeChoice
{
    System,
    Light,
    Dark,
}
