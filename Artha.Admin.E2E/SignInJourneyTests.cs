using Artha.Admin.E2E.Infrastructure;
using Artha.Admin.Security;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Artha.Admin.E2E;

public class SignInJourneyTests(PortalServer portal) : IClassFixture<PortalServer>
{
    public static TheoryData<string> Roles => new(PortalRoles.All);

    [Theory]
    [MemberData(nameof(Roles))]
    public async Task Each_role_signs_in_sees_its_navigation_and_navigates_without_a_reload(string role)
    {
        var (email, password, _) = DefaultUsersSeeder.DevelopmentUsers.First(u => u.Role == role);
        var page = await portal.NewPageAsync();
        var circuitConnected = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        page.WebSocket += (_, socket) =>
        {
            if (socket.Url.Contains("/_blazor", StringComparison.Ordinal))
            {
                circuitConnected.TrySetResult(socket.Url);
            }
        };
        var blazorScriptStatuses = new List<int>();
        page.Response += (_, response) =>
        {
            if (response.Url.Contains("/_framework/blazor.web", StringComparison.Ordinal))
            {
                blazorScriptStatuses.Add(response.Status);
            }
        };

        await portal.SignInAsync(page, email, password);

        await Expect(page.Locator("h1")).ToHaveTextAsync("Dashboard");
        await Expect(page.Locator("#welcome")).ToContainTextAsync(email);
        var nav = page.Locator(".portal-nav .mud-nav-link-text");
        var expected = Artha.Admin.Components.Layout.PortalNavigation.Entries.Where(e => PermissionMatrix.RolesFor(e.Permission).Contains(role)).Select(e => e.Text);
        await Expect(nav).ToHaveTextAsync(expected.ToArray());
        Assert.Contains(200, blazorScriptStatuses);
        await circuitConnected.Task.WaitAsync(TimeSpan.FromSeconds(15));
        await page.WaitForLoadStateAsync(LoadState.NetworkIdle);
        await page.ScreenshotAsync(new() { Path = Path.Combine(PortalServer.ScreenshotFolder, $"dashboard-{role.ToLowerInvariant()}.png"), FullPage = true });

        // A marker on window survives client-side navigation but not a full page load.
        await page.EvaluateAsync("() => { window.__sameDocument = true; }");
        await page.Locator(".portal-nav a[href='cards']").ClickAsync();
        await page.WaitForUrlAsync(url => url.EndsWith("/cards", StringComparison.Ordinal));
        await Expect(page.Locator("h1")).ToHaveTextAsync("Cards");
        Assert.True(await page.EvaluateAsync<bool>("() => window.__sameDocument === true"), "Navigation reloaded the page; the Blazor circuit is not handling it.");
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task Wrong_password_shows_a_message_and_keeps_the_email()
    {
        var page = await portal.NewPageAsync();

        await page.GotoAsync("/Account/Login");
        await page.FillAsync("#Input\\.Email", "support@artha.local");
        await page.FillAsync("#Input\\.Password", "wrong-password");
        await page.ClickAsync("#sign-in");

        await Expect(page.Locator("[role=alert], .alert")).ToContainTextAsync("not correct");
        await Expect(page.Locator("#Input\\.Email")).ToHaveValueAsync("support@artha.local");
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task Support_user_opening_users_page_is_denied()
    {
        var (email, password, _) = DefaultUsersSeeder.DevelopmentUsers.First(u => u.Role == PortalRoles.Support);
        var page = await portal.NewPageAsync();
        await portal.SignInAsync(page, email, password);

        await page.GotoAsync("/users");

        await Expect(page.Locator("h1")).ToHaveTextAsync("Access denied");
        await page.Context.CloseAsync();
    }
}
