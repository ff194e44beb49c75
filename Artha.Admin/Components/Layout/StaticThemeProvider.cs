using System.Text;
using Microsoft.AspNetCore.Components;
using MudBlazor;

namespace Artha.Admin.Components.Layout;

/// <summary>
/// MudBlazor's theme provider whose variables can apply only while the system prefers dark
/// (<see cref="OnlyWhenSystemPrefersDark"/>): what <see cref="StaticTheme"/> needs where no script runs.
/// </summary>
public sealed class StaticThemeProvider : MudThemeProvider
{
    /// <summary>Wraps the variables in <c>@media (prefers-color-scheme: dark)</c>; use with <c>IsDarkMode="true"</c>.</summary>
    [Parameter]
    public bool OnlyWhenSystemPrefersDark { get; set; }

    protected override void GenerateTheme(StringBuilder theme)
    {
        if (!OnlyWhenSystemPrefersDark)
        {
            base.GenerateTheme(theme);
            return;
        }
        // MudBlazor has opened "<scope>{" and closes one brace after this method: close its (empty) rule, open the
        // media block and the rule inside it, and leave MudBlazor's closing brace to end the media block.
        var scope = Theme?.PseudoCss.Scope ?? ":root";
        theme.AppendLine("}");
        theme.AppendLine("@media (prefers-color-scheme: dark) {");
        theme.Append(scope).AppendLine("{");
        base.GenerateTheme(theme);
        theme.AppendLine("}");
    }
}
