using System.Diagnostics;
using System.Text;
using Artha.Admin.Data;
using Artha.Admin.E2E.Infrastructure;
using Artha.Admin.Security;
using Deque.AxeCore.Commons;
using Deque.AxeCore.Playwright;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Artha.Admin.E2E;

/// <summary>
/// Accessibility (WCAG 2.0/2.1 A and AA rules, axe) of every page, in the light and the dark theme. In the default run:
/// every page once as Admin, plus the static account pages (sign-in, second factor, lockout, your account), each
/// scanned in light and dark. In Category=Accessibility: the same for each role, with full-page screenshots in light,
/// dark and at 390 px (pages-&lt;role&gt;-NN-&lt;page&gt;-&lt;variant&gt;.png under the screenshot folder). A serious or
/// critical violation fails the test with the page, theme, rule, elements and axe's reason; every finding, whatever its
/// impact, is written to axe-&lt;name&gt;.txt beside the screenshots.
/// </summary>
public class AccessibilityTourTests(PortalServer portal) : IClassFixture<PortalServer>
{
    private static readonly string[] WcagTags = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"];
    private static readonly TimeSpan PageTimeout = TimeSpan.FromSeconds(15);

    /// <summary>
    /// Every WCAG 2.0/2.1 A and AA rule; only violations are reported in full (axe then skips serialising every passing
    /// element, most of a scan's time on these pages).
    /// </summary>
    private static readonly AxeRunOptions ScanOptions = new()
    {
        RunOnly = new RunOnlyOptions { Type = "tag", Values = [.. WcagTags] },
        ResultTypes = [ResultType.Violations],
    };

    /// <summary>Loading indicators of MudBlazor lists and of the portal's own list state.</summary>
    private const string Loading = ".mud-table-loading-progress:visible, .mud-progress-circular:visible, .list-loading:visible";

    /// <summary>The account pages a signed-in member of staff opens (static, no circuit).</summary>
    private static readonly string[] ManagePages =
        ["Account/Manage", "Account/Manage/ChangePassword", "Account/Manage/TwoFactorAuthentication", "Account/Manage/EnableAuthenticator"];

    [Fact]
    public async Task Every_page_as_Admin_and_every_account_page_has_no_serious_accessibility_violation_in_light_or_dark()
    {
        var tour = new Tour("admin-and-account-pages", screenshots: false);
        await using (var session = await PortalSession.SignInAsync(portal, PortalRoles.Admin, "a11y-admin"))
        {
            await VisitPortalPagesAsync(session, tour);
            await VisitManagePagesAsync(session, tour);
        }
        await VisitSignedOutPagesAsync(tour);
        await tour.ReportAsync();
    }

    [Theory]
    [Trait("Category", "Accessibility")]
    [InlineData(PortalRoles.Support)]
    [InlineData(PortalRoles.Operations)]
    [InlineData(PortalRoles.Finance)]
    [InlineData(PortalRoles.Admin)]
    public async Task Every_page_of_the_role_is_captured_in_light_dark_and_narrow_and_has_no_serious_accessibility_violation(string role)
    {
        var tour = new Tour(role.ToLowerInvariant(), screenshots: true);
        await using var session = await PortalSession.SignInAsync(portal, role, $"pages-{role.ToLowerInvariant()}");
        await VisitPortalPagesAsync(session, tour);
        await VisitManagePagesAsync(session, tour);
        await tour.ReportAsync();
    }

    /// <summary>Every page of the navigation, a seeded customer and card, the forms, and a product and a transaction where listed.</summary>
    private async Task VisitPortalPagesAsync(PortalSession session, Tour tour)
    {
        var seeded = await SeededAsync();
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

        foreach (var (name, path) in paths)
        {
            await OpenAsync(session, path);
            await tour.CaptureAsync(session, name);

            // Detail pages reached from the lists, where the role's lists show them.
            if (path is "products" or "transactions")
            {
                var link = page.Locator($"main a[href^='{path}/'], main a[href^='/{path}/']").First;
                if (await link.CountAsync() > 0)
                {
                    var detail = (await link.GetAttributeAsync("href"))!.TrimStart('/');
                    await OpenAsync(session, detail);
                    await tour.CaptureAsync(session, path.TrimEnd('s'));
                }
            }
        }
    }

    /// <summary>The static "Your account" pages: full page loads (they have no circuit), in light and dark.</summary>
    private static async Task VisitManagePagesAsync(PortalSession session, Tour tour)
    {
        foreach (var path in ManagePages)
        {
            await session.LoadAsync(path, interactive: false);
            await Expect(session.Page.Locator("h1").First).ToBeVisibleAsync(new() { Timeout = (float)PageTimeout.TotalMilliseconds });
            await tour.CaptureAsync(session, path.Replace('/', '-').ToLowerInvariant(), narrow: false);
        }
    }

    /// <summary>
    /// Signed out: sign-in, lockout and the second-factor step (a user with an authenticator), in light and dark, and
    /// the remembered theme choice (the cookie the theme menu writes) winning over the system's preference.
    /// </summary>
    private async Task VisitSignedOutPagesAsync(Tour tour)
    {
        var page = await portal.NewPageAsync();
        try
        {
            await page.GotoAsync("Account/Login");
            await Expect(page.Locator("#sign-in")).ToBeVisibleAsync();
            await tour.ScanBothThemesAsync(page, "sign-in");

            await page.GotoAsync("Account/Lockout");
            await Expect(page.Locator("h1").First).ToBeVisibleAsync();
            await tour.ScanBothThemesAsync(page, "lockout");

            // Chosen dark in the portal, signed out, the system light: the sign-in page is dark; and the other way round.
            await page.Context.AddCookiesAsync([new Cookie { Name = "artha-admin-theme", Value = "Dark", Url = portal.Address.ToString() }]);
            await page.EmulateMediaAsync(new() { ColorScheme = ColorScheme.Light });
            await page.GotoAsync("Account/Login");
            await WaitForThemeAsync(page, dark: true, because: "the theme cookie says Dark while the system prefers light");
            await page.Context.AddCookiesAsync([new Cookie { Name = "artha-admin-theme", Value = "Light", Url = portal.Address.ToString() }]);
            await page.EmulateMediaAsync(new() { ColorScheme = ColorScheme.Dark });
            await page.ReloadAsync();
            await WaitForThemeAsync(page, dark: false, because: "the theme cookie says Light while the system prefers dark");
            await page.Context.ClearCookiesAsync();

            var (email, password) = await CreateUserWithAuthenticatorAsync();
            await page.GotoAsync("Account/Login");
            await page.FillAsync("#Input\\.Email", email);
            await page.FillAsync("#Input\\.Password", password);
            await page.ClickAsync("#sign-in");
            await page.WaitForURLAsync(url => url.Contains("/Account/LoginWith2fa", StringComparison.OrdinalIgnoreCase));
            await Expect(page.Locator("h1").First).ToBeVisibleAsync();
            await tour.ScanBothThemesAsync(page, "sign-in-second-factor");
        }
        finally
        {
            await page.Context.CloseAsync();
        }
    }

    private async Task<(string Email, string Password)> CreateUserWithAuthenticatorAsync()
    {
        var email = $"two.factor.{Guid.NewGuid():N}@artha.local";
        const string password = "TwoFactor!Tour2026";
        await using var scope = portal.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>();
        var user = new ApplicationUser { UserName = email, Email = email, EmailConfirmed = true, DisplayName = "Two-factor tour", LockoutEnabled = true };
        Assert.True((await users.CreateAsync(user, password)).Succeeded, $"could not create {email}");
        Assert.True((await users.AddToRoleAsync(user, PortalRoles.Support)).Succeeded, $"could not add {email} to Support");
        Assert.True((await users.ResetAuthenticatorKeyAsync(user)).Succeeded, $"could not give {email} an authenticator key");
        Assert.True((await users.SetTwoFactorEnabledAsync(user, true)).Succeeded, $"could not enable two-factor sign-in for {email}");
        return (email, password);
    }

    private static readonly SemaphoreSlim SeedGate = new(1, 1);
    private static readonly Dictionary<PortalServer, (IReadOnlyList<string> CustomerIds, IReadOnlyList<string> CardIds)> Seeded = [];

    /// <summary>One seed per portal (the tests of this class share it): 3 customers, a card each, 3 transactions per card.</summary>
    private async Task<(IReadOnlyList<string> CustomerIds, IReadOnlyList<string> CardIds)> SeededAsync()
    {
        await SeedGate.WaitAsync();
        try
        {
            if (!Seeded.TryGetValue(portal, out var seeded))
            {
                seeded = await portal.SeedAsync(customers: 3, cardsPerCustomer: 1, transactionsPerCard: 3);
                Seeded[portal] = seeded;
            }
            return seeded;
        }
        finally
        {
            SeedGate.Release();
        }
    }

    /// <summary>Navigates inside the circuit and waits for the page's heading and for its lists to finish loading.</summary>
    private static async Task OpenAsync(PortalSession session, string path)
    {
        await session.NavigateAsync(path);
        // A page the role may not open shows the access-denied notice instead of its heading: that is its page then.
        await Expect(session.Page.Locator("h1, #access-denied").First).ToBeVisibleAsync(new() { Timeout = (float)PageTimeout.TotalMilliseconds });
        await Expect(session.Page.Locator(Loading)).ToHaveCountAsync(0, new() { Timeout = (float)PageTimeout.TotalMilliseconds });
    }

    /// <summary>
    /// Switches the operating system's colour scheme (the portal follows it by default), waits until the background
    /// MudBlazor's theme paints is dark (relative luminance below one half) or light accordingly, and until no colour
    /// transition is still running (axe would otherwise measure a colour half-way between the themes).
    /// </summary>
    private static async Task SetDarkAsync(IPage page, bool dark)
    {
        await page.EmulateMediaAsync(new() { ColorScheme = dark ? ColorScheme.Dark : ColorScheme.Light });
        await WaitForThemeAsync(page, dark, because: dark ? "the system prefers dark" : "the system prefers light");
    }

    private static async Task WaitForThemeAsync(IPage page, bool dark, string because)
    {
        try
        {
            await page.WaitForFunctionAsync(
                """
                dark => {
                  const [r, g, b] = getComputedStyle(document.body).backgroundColor.match(/\d+/g).map(Number);
                  const isDark = (0.2126 * r + 0.7152 * g + 0.0722 * b) / 255 < 0.5;
                  const transitioning = document.getAnimations().some(a => a instanceof CSSTransition && a.playState === 'running');
                  return isDark === dark && !transitioning;
                }
                """,
                dark,
                new() { Timeout = (float)PageTimeout.TotalMilliseconds });
        }
        catch (TimeoutException)
        {
            Assert.Fail($"{page.Url}: the page did not turn {(dark ? "dark" : "light")} although {because}. Check StaticTheme (static pages) or MainLayout's theme.");
        }
    }

    /// <summary>The findings of one test: what it scanned, what it found, and its screenshots.</summary>
    private sealed class Tour(string name, bool screenshots)
    {
        private readonly List<string> findings = [];
        private readonly List<string> serious = [];
        private readonly Stopwatch clock = Stopwatch.StartNew();
        private int scans;
        private TimeSpan axeTime, themeTime, screenshotTime;

        /// <summary>Light (scan, screenshot), dark (scan, screenshot), then 390 px wide in light (screenshot) when taking screenshots.</summary>
        public async Task CaptureAsync(PortalSession session, string pageName, bool narrow = true)
        {
            var page = session.Page;
            foreach (var dark in new[] { false, true })
            {
                await SwitchAsync(page, dark);
                await ScanAsync(page, $"{pageName} ({(dark ? "dark" : "light")})");
                if (screenshots)
                {
                    await ShotAsync(session, $"{pageName}-{(dark ? "dark" : "light")}");
                }
            }
            await SwitchAsync(page, dark: false);

            if (screenshots && narrow)
            {
                await page.SetViewportSizeAsync(390, 844);
                // At this width the drawer is closed and the app bar shows the menu button instead.
                await Expect(page.Locator(".mud-drawer--open.mud-drawer-responsive")).ToHaveCountAsync(0);
                await Expect(page.Locator(".mud-drawer").First).Not.ToBeInViewportAsync();
                await ShotAsync(session, $"{pageName}-390px");
                await page.SetViewportSizeAsync(1366, 900);
            }
        }

        /// <summary>A page without a session of its own (signed out): scanned in light and dark.</summary>
        public async Task ScanBothThemesAsync(IPage page, string pageName)
        {
            foreach (var dark in new[] { false, true })
            {
                await SwitchAsync(page, dark);
                await ScanAsync(page, $"{pageName} ({(dark ? "dark" : "light")})");
            }
            await SwitchAsync(page, dark: false);
        }

        private async Task SwitchAsync(IPage page, bool dark)
        {
            var started = Stopwatch.GetTimestamp();
            await SetDarkAsync(page, dark);
            themeTime += Stopwatch.GetElapsedTime(started);
        }

        private async Task ShotAsync(PortalSession session, string step)
        {
            var started = Stopwatch.GetTimestamp();
            // The authenticator key and recovery codes are secrets even for a test user: never in a screenshot.
            var mask = await session.Page.AddStyleTagAsync(new() { Content = "#authenticator-key, #recovery-codes td { filter: blur(10px) !important; }" });
            try
            {
                await session.ScreenshotAsync(step);
            }
            finally
            {
                await mask.EvaluateAsync("style => style.remove()");
            }
            screenshotTime += Stopwatch.GetElapsedTime(started);
        }

        private async Task ScanAsync(IPage page, string where)
        {
            scans++;
            // A popover or a panel still fading in would be measured half-transparent: scan a settled page.
            await page.WaitForFunctionAsync(
                "() => !document.getAnimations().some(a => a instanceof CSSTransition && a.playState === 'running')",
                null, new() { Timeout = (float)PageTimeout.TotalMilliseconds });
            var started = Stopwatch.GetTimestamp();
            var result = await page.RunAxe(ScanOptions);
            axeTime += Stopwatch.GetElapsedTime(started);
            foreach (var violation in result.Violations)
            {
                var targets = string.Join(", ", violation.Nodes.Take(3).Select(node => node.Target?.ToString()));
                // axe's own reason for the first element (e.g. the measured contrast and both colours).
                var first = violation.Nodes.FirstOrDefault();
                var why = first is null ? "" : string.Join("; ", (first.Any ?? []).Concat(first.All ?? []).Concat(first.None ?? []).Select(check => check.Message).Where(m => !string.IsNullOrEmpty(m)).Take(2));
                var line = new StringBuilder()
                    .Append(where).Append(": ").Append(violation.Impact).Append(' ').Append(violation.Id)
                    .Append(" — ").Append(violation.Help).Append(" (").Append(violation.Nodes.Length).Append(" element(s): ")
                    .Append(targets).Append(") ").Append(why).ToString();
                findings.Add(line);
                if (violation.Impact is "serious" or "critical")
                {
                    serious.Add(line);
                }
            }
        }

        /// <summary>Writes axe-&lt;name&gt;.txt and fails on any serious or critical finding.</summary>
        public async Task ReportAsync()
        {
            var report = Path.Combine(PortalServer.ScreenshotFolder, $"axe-{name}.txt");
            Directory.CreateDirectory(PortalServer.ScreenshotFolder);
            var summary = $"{scans} axe scans in {clock.Elapsed.TotalSeconds:0} s (axe {axeTime.TotalSeconds:0} s, theme switches {themeTime.TotalSeconds:0} s, " +
                $"screenshots {screenshotTime.TotalSeconds:0} s), {findings.Count} finding(s), {serious.Count} serious or critical";
            await File.WriteAllTextAsync(report, summary + "\n" + string.Join('\n', findings) + (findings.Count > 0 ? "\n" : ""));
            Assert.True(scans > 0, $"{name}: no page was scanned");
            Assert.True(serious.Count == 0,
                $"{name}: serious or critical WCAG 2.1 AA violations (all findings: {report}); fix the colours in PortalTheme, the shared component or the page named:\n{string.Join('\n', serious)}");
        }
    }
}
