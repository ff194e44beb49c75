using System.Text;
using Artha.Admin.E2E.Infrastructure;
using Artha.Admin.Security;
using Deque.AxeCore.Commons;
using Deque.AxeCore.Playwright;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Artha.Admin.E2E;

/// <summary>
/// Every page each role can reach, in light and dark and at 390 px: a full-page screenshot of each
/// (pages-&lt;role&gt;-NN-&lt;page&gt;-&lt;variant&gt;.png under the screenshot folder) and an axe scan (WCAG 2.0/2.1 A and AA
/// rules) in light and in dark. The static account pages (no circuit) render in light only. A serious or critical violation fails the test with the page, theme, rule and elements;
/// every finding, whatever its impact, is written to axe-&lt;role&gt;.txt beside the screenshots.
/// </summary>
public class AccessibilityTourTests(PortalServer portal) : IClassFixture<PortalServer>
{
    private static readonly string[] WcagTags = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"];
    private static readonly TimeSpan PageTimeout = TimeSpan.FromSeconds(15);

    /// <summary>Loading indicators of MudBlazor lists and of the portal's own list state.</summary>
    private const string Loading = ".mud-table-loading-progress:visible, .mud-progress-circular:visible, .list-loading:visible";

    // Outside the default run until the findings it reports are fixed (README, "Accessibility"): it fails today.
    [Theory]
    [Trait("Category", "Accessibility")]
    [InlineData(PortalRoles.Support)]
    [InlineData(PortalRoles.Operations)]
    [InlineData(PortalRoles.Finance)]
    [InlineData(PortalRoles.Admin)]
    public async Task Every_page_of_the_role_is_captured_in_light_dark_and_narrow_and_has_no_serious_accessibility_violation(string role)
    {
        var seeded = await portal.SeedAsync(customers: 3, cardsPerCustomer: 1, transactionsPerCard: 3);
        await using var session = await PortalSession.SignInAsync(portal, role, $"pages-{role.ToLowerInvariant()}");
        var page = session.Page;

        var paths = new List<(string Name, string Path)>();
        foreach (var href in await page.Locator(".portal-nav a[href]").EvaluateAllAsync<string[]>("links => links.map(a => a.getAttribute('href'))"))
        {
            var path = href.TrimStart('/');
            paths.Add((path.Length == 0 ? "dashboard" : path, path));
        }
        Assert.NotEmpty(paths);
        paths.Add(("customer", $"customers/{seeded.CustomerIds[0]}"));
        paths.Add(("card", $"cards/{seeded.CardIds[0]}"));
        paths.Add(("customer-new", "customers/new"));
        paths.Add(("card-issue", "cards/issue"));
        paths.Add(("topup-new", "topups/new"));
        paths.Add(("account", "Account/Manage"));

        var findings = new List<string>();
        var serious = new List<string>();
        foreach (var (name, path) in paths)
        {
            await OpenAsync(session, path);
            // The account pages are static (no circuit): they render the light theme only.
            await CaptureAsync(session, name, findings, serious, followsTheme: !path.StartsWith("Account/", StringComparison.Ordinal));

            // Detail pages reached from the lists, where the role's lists show them.
            if (path is "products" or "transactions")
            {
                var link = page.Locator($"main a[href^='{path}/'], main a[href^='/{path}/']").First;
                if (await link.CountAsync() > 0)
                {
                    var detail = (await link.GetAttributeAsync("href"))!.TrimStart('/');
                    await OpenAsync(session, detail);
                    await CaptureAsync(session, path.TrimEnd('s'), findings, serious, followsTheme: true);
                }
            }
        }

        var report = Path.Combine(PortalServer.ScreenshotFolder, $"axe-{role.ToLowerInvariant()}.txt");
        Directory.CreateDirectory(PortalServer.ScreenshotFolder);
        await File.WriteAllTextAsync(report, findings.Count == 0 ? "no axe findings\n" : string.Join('\n', findings) + '\n');
        Assert.True(serious.Count == 0, $"{role}: serious or critical WCAG 2.1 AA violations:\n{string.Join('\n', serious)}");
    }

    /// <summary>Navigates inside the circuit and waits for the page's heading and for its lists to finish loading.</summary>
    private static async Task OpenAsync(PortalSession session, string path)
    {
        await session.NavigateAsync(path);
        // A page the role may not open shows the access-denied notice instead of its heading: that is its page then.
        await Expect(session.Page.Locator("h1, #access-denied").First).ToBeVisibleAsync(new() { Timeout = (float)PageTimeout.TotalMilliseconds });
        await Expect(session.Page.Locator(Loading)).ToHaveCountAsync(0, new() { Timeout = (float)PageTimeout.TotalMilliseconds });
    }

    /// <summary>Light (scan + screenshot), dark (scan + screenshot), then 390 px wide in light (screenshot).</summary>
    private static async Task CaptureAsync(PortalSession session, string name, List<string> findings, List<string> serious, bool followsTheme)
    {
        var page = session.Page;
        await SetDarkAsync(page, dark: false);
        await ScanAsync(page, $"{name} (light)", findings, serious);
        await session.ScreenshotAsync($"{name}-light");

        if (followsTheme)
        {
            await SetDarkAsync(page, dark: true);
            await ScanAsync(page, $"{name} (dark)", findings, serious);
            await session.ScreenshotAsync($"{name}-dark");
            await SetDarkAsync(page, dark: false);
        }

        await page.SetViewportSizeAsync(390, 844);
        // At this width the drawer is closed and the app bar shows the menu button instead.
        await Expect(page.Locator(".mud-drawer--open.mud-drawer-responsive")).ToHaveCountAsync(0);
        await Expect(page.Locator(".mud-drawer").First).Not.ToBeInViewportAsync();
        await session.ScreenshotAsync($"{name}-390px");
        await page.SetViewportSizeAsync(1366, 900);
    }

    /// <summary>
    /// Switches the operating system's colour scheme (the portal follows it by default) and waits until the background
    /// MudBlazor's theme paints is dark (relative luminance below one half) or light accordingly.
    /// </summary>
    private static async Task SetDarkAsync(IPage page, bool dark)
    {
        await page.EmulateMediaAsync(new() { ColorScheme = dark ? ColorScheme.Dark : ColorScheme.Light });
        await page.WaitForFunctionAsync(
            """
            dark => {
              const [r, g, b] = getComputedStyle(document.body).backgroundColor.match(/\d+/g).map(Number);
              return ((0.2126 * r + 0.7152 * g + 0.0722 * b) / 255 < 0.5) === dark;
            }
            """,
            dark,
            new() { Timeout = (float)PageTimeout.TotalMilliseconds });
    }

    private static async Task ScanAsync(IPage page, string where, List<string> findings, List<string> serious)
    {
        var result = await page.RunAxe(new AxeRunOptions { RunOnly = new RunOnlyOptions { Type = "tag", Values = [.. WcagTags] } });
        foreach (var violation in result.Violations)
        {
            var targets = string.Join(", ", violation.Nodes.Take(3).Select(node => node.Target?.ToString()));
            var line = new StringBuilder()
                .Append(where).Append(": ").Append(violation.Impact).Append(' ').Append(violation.Id)
                .Append(" — ").Append(violation.Help).Append(" (").Append(violation.Nodes.Length).Append(" element(s): ")
                .Append(targets).Append(')').ToString();
            findings.Add(line);
            if (violation.Impact is "serious" or "critical")
            {
                serious.Add(line);
            }
        }
    }
}
