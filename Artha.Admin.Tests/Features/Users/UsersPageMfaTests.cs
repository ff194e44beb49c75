using Artha.Admin.Auditing;
using Artha.Admin.Data;
using Artha.Admin.Features.Users;
using Artha.Admin.Security;
using Artha.Admin.Tests.Infrastructure;
using Artha.Admin.Tests.Security;
using Artha.Admin.Users;
using AngleSharp.Dom;
using Bunit;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;

namespace Artha.Admin.Tests.Features.Users;

/// <summary>
/// The Users page's MFA column and reset, on a portal requiring MFA of Admin, Operations and Finance
/// (<c>Security:RequireMfaRoles</c>); the reset asks for a step-up before the service is called.
/// </summary>
public class UsersPageMfaTests(MfaPortalFactory portal) : PortalPageTestBase(portal), IClassFixture<MfaPortalFactory>
{
    private const string Password = "Str0ng!Password-2026";

    private static IReadOnlyList<IElement> Rows(IRenderedComponent<UsersPage> page) => page.FindAll("#users-grid tbody tr.data-row").ToList();

    private async Task<string> NewUserAsync(string role, bool withAuthenticator)
    {
        var email = $"mfa-page-{Guid.NewGuid():N}@artha.local";
        await Portal.CreateUserAsync(email, Password, role);
        if (withAuthenticator)
        {
            await using var scope = Portal.Services.CreateAsyncScope();
            var users = scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>();
            var user = (await users.FindByEmailAsync(email))!;
            await users.ResetAuthenticatorKeyAsync(user);
            Assert.True((await users.SetTwoFactorEnabledAsync(user, true)).Succeeded);
        }
        return email;
    }

    private IRenderedComponent<UsersPage> RenderSearching(string email)
    {
        SignInAs(PortalRoles.Admin);
        AddPortalService<UserAdministration>(PortalRoles.Admin);
        NavigateTo($"/users?q={Uri.EscapeDataString(email)}");
        var page = RenderWithProviders<UsersPage>();
        page.WaitForAssertion(() => Assert.Single(Rows(page)), TimeSpan.FromSeconds(30));
        return page;
    }

    private static IElement Mfa(IRenderedComponent<UsersPage> page) => Rows(page).Single().QuerySelector(".user-mfa")!;

    [Theory]
    [InlineData(PortalRoles.Operations, false, "required", "Off (required)")]
    [InlineData(PortalRoles.Support, false, "off", "Off")]
    [InlineData(PortalRoles.Finance, true, "on", "On")]
    public async Task The_mfa_column_says_whether_a_user_has_an_authenticator_and_whether_their_role_requires_one(
        string role, bool withAuthenticator, string state, string label)
    {
        var email = await NewUserAsync(role, withAuthenticator);

        var page = RenderSearching(email);

        Assert.Equal(state, Mfa(page).GetAttribute("data-mfa"));
        Assert.Equal(label, Mfa(page).TextContent.Trim());
        Assert.Equal(!withAuthenticator, Rows(page).Single().QuerySelector("button.reset-mfa")!.HasAttribute("disabled"));
    }

    [Fact]
    public async Task Resetting_mfa_asks_to_confirm_then_for_a_step_up_and_only_then_removes_the_authenticator()
    {
        var email = await NewUserAsync(PortalRoles.Operations, withAuthenticator: true);
        var page = RenderSearching(email);

        // Without a recent step-up: the dialog asks; cancelling it changes nothing and says why.
        _ = Rows(page).Single().QuerySelector("button.reset-mfa")!.ClickAsync(new());
        Dialogs.WaitForAssertion(() => Assert.Contains($"Reset two-factor authentication of {email}?", Dialogs.Find("#confirm-dialog-title").TextContent));
        await Dialogs.Find("#confirm-ok").ClickAsync(new());
        Dialogs.WaitForAssertion(() => Assert.Contains("change staff accounts", Dialogs.Find("#step-up-purpose").TextContent));
        await Dialogs.Find("#step-up-cancel").ClickAsync(new());
        page.WaitForAssertion(() => Assert.Contains(Snackbars, s => s.Message != null && s.Message.Contains("Confirm it is you")), TimeSpan.FromSeconds(30));
        Assert.True((await Portal.FindUserAsync(email)).TwoFactorEnabled);
        Assert.Equal("on", Mfa(page).GetAttribute("data-mfa"));

        // With one (as if the password had just been typed), the reset goes through.
        StepUpNow(PortalRoles.Admin);
        _ = Rows(page).Single().QuerySelector("button.reset-mfa")!.ClickAsync(new());
        Dialogs.WaitForAssertion(() => Assert.NotEmpty(Dialogs.FindAll("#confirm-ok")));
        await Dialogs.Find("#confirm-ok").ClickAsync(new());

        page.WaitForAssertion(() => Assert.Equal("required", Mfa(page).GetAttribute("data-mfa")), TimeSpan.FromSeconds(30));
        Assert.Empty(Dialogs.FindAll("#step-up-dialog"));
        Assert.False((await Portal.FindUserAsync(email)).TwoFactorEnabled);
        var id = (await Portal.FindUserAsync(email)).Id;
        var row = (await Portal.LatestAuditAsync(50)).First(a => a.Action == "user.mfa.reset" && a.TargetId == id);
        Assert.Equal(AuditOutcome.Succeeded, row.Outcome);
    }
}
