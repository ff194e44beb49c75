using System.Diagnostics;
using Artha.Admin.E2E.Infrastructure;
using Artha.Admin.Security;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Artha.Admin.E2E;

/// <summary>A portal that requires an authenticator app of Operations (<c>Security:RequireMfaRoles</c>), as a deployment would.</summary>
public sealed class MfaForOperationsPortalServer : PortalServer
{
    protected override IReadOnlyDictionary<string, string?> Settings { get; } =
        new Dictionary<string, string?>(JourneySettings) { ["Security:RequireMfaRoles"] = PortalRoles.Operations };
}

/// <summary>
/// Issue 13 from outside: a disabled user loses every open page and tab within seconds, a role that requires MFA is
/// sent to enrolment, and revealing card details asks for the password again.
/// </summary>
public class SecurityJourneyTests(MfaForOperationsPortalServer portal) : IClassFixture<MfaForOperationsPortalServer>
{
    private static readonly TimeSpan Within = TimeSpan.FromSeconds(5);

    private static bool IsSignIn(string url) => new Uri(url).AbsolutePath.Equals("/Account/Login", StringComparison.OrdinalIgnoreCase);

    [Fact]
    public async Task A_user_disabled_in_one_browser_lands_on_sign_in_at_their_next_click_and_in_a_fresh_tab()
    {
        var (email, password) = await portal.CreateStaffAsync(PortalRoles.Support);
        await using var support = await PortalSession.SignInAsync(portal, email, password, "security-disabled-user");
        await using var admin = await PortalSession.SignInAsync(portal, PortalRoles.Admin, "security-admin");

        await admin.NavigateAsync($"users?q={Uri.EscapeDataString(email)}");
        var row = admin.Page.Locator("#users-grid tr.data-row", new() { HasText = email });
        await Expect(row).ToHaveCountAsync(1);
        await row.Locator("button.disable-user").ClickAsync();
        await admin.ConfirmDialogAsync();
        // User administration is a step-up action: the admin's password again.
        await Expect(admin.Page.Locator("#step-up-dialog")).ToBeVisibleAsync();
        await admin.ScreenshotAsync("disable-asks-for-step-up");
        await admin.StepUpAsync();
        await Expect(row.Locator(".user-status")).ToHaveAttributeAsync("data-status", "disabled");
        var disabledAt = Stopwatch.StartNew();
        await admin.ScreenshotAsync("user-disabled");

        // The disabled user's next click inside the page they had open: a link's navigation (Blazor.navigateTo, as the
        // portal's links do; it also works if the page's timed check already sent them away) lands on the sign-in page
        // within 5 s of the disable, whichever check gets there first.
        await support.Page.EvaluateAsync("() => window.Blazor?.navigateTo('cards')");
        await support.Page.WaitForURLAsync(IsSignIn, new() { Timeout = (float)Within.TotalMilliseconds });
        Assert.True(disabledAt.Elapsed < Within, $"The disabled user reached the sign-in page {disabledAt.Elapsed.TotalSeconds:0.0} s after the disable (at most {Within.TotalSeconds} s).");
        await Expect(support.Page.Locator("#Input\\.Email")).ToBeVisibleAsync();
        await support.ScreenshotAsync("next-click-signed-out");

        // A fresh tab of the same browser (same cookie).
        var tab = await support.Page.Context.NewPageAsync();
        var opened = Stopwatch.StartNew();
        await tab.GotoAsync("/cards");
        await tab.WaitForURLAsync(IsSignIn, new() { Timeout = (float)Within.TotalMilliseconds });
        Assert.True(opened.Elapsed < Within, $"The fresh tab reached the sign-in page after {opened.Elapsed.TotalSeconds:0.0} s (at most {Within.TotalSeconds} s).");
        await tab.ScreenshotAsync(new() { Path = Path.Combine(PortalServer.ScreenshotFolder, "security-disabled-user-fresh-tab.png"), FullPage = true });
    }

    [Fact]
    public async Task An_operations_user_without_an_authenticator_is_sent_to_enrolment_and_nowhere_else()
    {
        var (email, password) = await portal.CreateStaffAsync(PortalRoles.Operations);
        var page = await portal.NewPageAsync();
        try
        {
            await portal.SignInAsync(page, email, password);

            await page.WaitForURLAsync(url => new Uri(url).AbsolutePath.Equals(StaffAccess.EnrolmentPath, StringComparison.OrdinalIgnoreCase));
            await Expect(page.Locator("#mfa-required")).ToBeVisibleAsync();
            await Expect(page.Locator("#authenticator-key")).ToBeVisibleAsync();
            await page.ScreenshotAsync(new() { Path = Path.Combine(PortalServer.ScreenshotFolder, "security-mfa-01-enrolment.png"), FullPage = true });

            // A typed address of a portal page leads back to enrolment.
            await page.GotoAsync("/cards");
            await page.WaitForURLAsync(url => new Uri(url).AbsolutePath.Equals(StaffAccess.EnrolmentPath, StringComparison.OrdinalIgnoreCase));
            await Expect(page.Locator("#mfa-required")).ToBeVisibleAsync();
            await page.ScreenshotAsync(new() { Path = Path.Combine(PortalServer.ScreenshotFolder, "security-mfa-02-cards-refused.png"), FullPage = true });
        }
        finally
        {
            await page.Context.CloseAsync();
        }
    }

    [Fact]
    public async Task Revealing_card_details_asks_for_the_password_refuses_a_wrong_one_and_reveals_with_the_right_one()
    {
        var (_, cardId) = await portal.SeedActiveCardAsync();
        await using var admin = await PortalSession.SignInAsync(portal, PortalRoles.Admin, "security-reveal");
        var page = admin.Page;
        await admin.NavigateAsync($"cards/{cardId}");

        await page.Locator("#op-reveal").ClickAsync();
        await page.Locator("#reveal-reason").FillAsync("Customer asked on a verified call");
        await page.Locator("#reveal-submit").ClickAsync();
        await Expect(page.Locator("#step-up-dialog")).ToBeVisibleAsync();
        await Expect(page.Locator("#step-up-purpose")).ToContainTextAsync("To reveal the card details");
        await Expect(page.Locator("#revealed-pan")).ToHaveCountAsync(0);
        await admin.ScreenshotAsync("step-up-asked");

        await page.Locator("#step-up-secret").FillAsync("Not-The!Password-2026");
        await page.Locator("#step-up-confirm").ClickAsync();
        await Expect(page.Locator("#step-up-dialog")).ToContainTextAsync("That password is not correct");
        await Expect(page.Locator("#revealed-pan")).ToHaveCountAsync(0);
        await admin.ScreenshotAsync("wrong-password-refused");

        await admin.StepUpAsync();
        await Expect(page.Locator("#revealed-pan")).ToHaveTextAsync(new System.Text.RegularExpressions.Regex(@"^\d{4} \d{4} \d{4} \d{4}$"));
        await admin.ScreenshotAsync("revealed", page.Locator("#revealed-pan"), page.Locator("#revealed-cvv"), page.Locator("#revealed-expiry"));
        await admin.AssertPageHealthyAsync("card page after step-up");
    }
}
