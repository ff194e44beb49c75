using System.Net;
using Artha.Admin.Auditing;
using Artha.Admin.Data;
using Artha.Admin.Features.Users;
using Artha.Admin.Features.Users.Rules;
using Artha.Admin.Security;
using Artha.Admin.Tests.Infrastructure;
using Artha.Admin.Users;
using AngleSharp.Dom;
using Bunit;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;

namespace Artha.Admin.Tests.Features.Users;

/// <summary>
/// The Users page against a real UserAdministration (signed in as Admin) on the hosted portal's database. Its route
/// policy keeps other roles out (checked through the router); rendered for one anyway, it shows the refusal.
/// </summary>
public class UsersPageTests(PortalFactory portal) : PortalPageTestBase(portal), IClassFixture<PortalFactory>
{
    /// <param name="steppedUp">False to see the step-up dialog; true for tests of other behaviour (as if the password was just given).</param>
    private IRenderedComponent<UsersPage> RenderAs(string role, bool waitForRows = true, bool steppedUp = true)
    {
        SignInAs(role);
        AddPortalService<UserAdministration>(role);
        if (steppedUp)
        {
            StepUpNow(role);
        }
        var page = RenderWithProviders<UsersPage>();
        if (waitForRows)
        {
            // The first render of a class also starts the portal's host: slow on a busy machine.
            page.WaitForAssertion(() => Assert.NotEmpty(Rows(page)), TimeSpan.FromSeconds(30));
        }
        return page;
    }

    private static IReadOnlyList<IElement> Rows(IRenderedComponent<UsersPage> page) => page.FindAll("#users-grid tbody tr.data-row").ToList();

    private static string EmailOf(IElement row) => row.QuerySelector(".user-email")!.TextContent.Trim();

    private static IElement RowOf(IRenderedComponent<UsersPage> page, string email) => Rows(page).Single(r => EmailOf(r) == email);

    private static IElement Input(IRenderedComponent<UsersPage> page, string id)
    {
        var element = page.Find($"#{id}");
        return element.TagName == "INPUT" ? element : element.QuerySelector("input")!;
    }

    private async Task<string> NewUserAsync(string role)
    {
        var email = $"page-{Guid.NewGuid():N}@artha.local";
        await using var scope = Portal.ScopeAs(PortalRoles.Admin).SteppedUp();
        Assert.True((await scope.ServiceProvider.GetRequiredService<UserAdministration>().CreateAsync(email, null, [role], "Str0ng!Password")).Succeeded);
        return email;
    }

    private async Task<ApplicationUser> FindAsync(string email)
    {
        await using var scope = Portal.Services.CreateAsyncScope();
        return (await scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>().FindByEmailAsync(email))!;
    }

    private async Task SearchAsync(IRenderedComponent<UsersPage> page, string text)
    {
        await Input(page, "users-search").InputAsync(text);
        page.WaitForAssertion(() => Assert.True(Rows(page).All(r => EmailOf(r).Contains(text, StringComparison.OrdinalIgnoreCase)) || Rows(page).Count == 0),
            TimeSpan.FromSeconds(30));
    }

    [Fact]
    public void A_user_who_lost_the_admin_role_while_the_page_was_open_sees_the_refusal_not_a_crash()
    {
        var page = RenderAs(PortalRoles.Support, waitForRows: false);

        page.WaitForAssertion(() => Assert.Contains("does not allow", page.Find("#users-load-error").TextContent), TimeSpan.FromSeconds(30));
        Assert.Empty(Rows(page));
    }

    [Fact]
    public void An_admin_sees_every_staff_account_with_its_name_status_mfa_and_actions()
    {
        var page = RenderAs(PortalRoles.Admin);

        var emails = Rows(page).Select(EmailOf).ToList();
        foreach (var (email, _, _) in DefaultUsersSeeder.DevelopmentUsers)
        {
            Assert.Contains(email, emails);
        }
        var finance = RowOf(page, "finance@artha.local");
        Assert.Contains("Finance (development)", finance.TextContent);
        Assert.Equal("active", finance.QuerySelector(".user-status")!.GetAttribute("data-status"));
        Assert.Equal("off", finance.QuerySelector(".user-mfa")!.GetAttribute("data-mfa"));
        Assert.Contains("MFA", page.FindAll("#users-grid thead th").Select(th => th.TextContent.Trim()));
        var buttons = finance.QuerySelectorAll("button").Select(b => b.TextContent.Trim()).ToList();
        Assert.Equal(["Roles", "Disable", "Reset password", "Reset MFA", "Sign out everywhere"], buttons);
        Assert.Single(page.FindAll("#new-user"));
    }

    [Fact]
    public async Task An_account_with_an_authenticator_shows_mfa_on()
    {
        var email = await NewUserAsync(PortalRoles.Support);
        await using (var scope = Portal.Services.CreateAsyncScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>();
            Assert.True((await users.SetTwoFactorEnabledAsync((await users.FindByEmailAsync(email))!, true)).Succeeded);
        }
        var page = RenderAs(PortalRoles.Admin);

        await SearchAsync(page, email);

        page.WaitForAssertion(() => Assert.Equal("on", RowOf(page, email).QuerySelector(".user-mfa")!.GetAttribute("data-mfa")), TimeSpan.FromSeconds(30));
    }

    [Fact]
    public async Task Searching_narrows_the_list_keeps_the_search_in_the_address_and_a_search_nothing_matches_shows_the_empty_state()
    {
        var page = RenderAs(PortalRoles.Admin);

        await Input(page, "users-search").InputAsync("operations@");
        page.WaitForAssertion(() => Assert.Equal(["operations@artha.local"], Rows(page).Select(EmailOf)), TimeSpan.FromSeconds(30));
        Assert.Contains("q=operations%40", Services.GetRequiredService<Microsoft.AspNetCore.Components.NavigationManager>().Uri);

        await Input(page, "users-search").InputAsync("nobody-matches-this");
        page.WaitForAssertion(() => Assert.Contains("No users match this search.", page.Find("#users-grid .list-empty").TextContent), TimeSpan.FromSeconds(30));
        Assert.Empty(Rows(page));
    }

    [Fact]
    public async Task A_new_user_without_a_role_or_with_a_short_password_is_refused_with_the_reasons_and_the_typed_email_is_kept()
    {
        var page = RenderAs(PortalRoles.Admin);
        var email = $"no-role-{Guid.NewGuid():N}@artha.local";

        await page.Find("#new-user").ClickAsync(new());
        await Input(page, "new-user-email").ChangeAsync(email);
        await Input(page, "new-user-password").ChangeAsync("Short!1a");
        await page.Find("#new-user-form").SubmitAsync();

        page.WaitForAssertion(() => Assert.Contains("Choose at least one role.", page.Find("#new-user-card").TextContent), TimeSpan.FromSeconds(30));
        Assert.Contains("Use at least 12 characters", page.Find("#new-user-card").TextContent);
        Assert.Equal(email, Input(page, "new-user-email").GetAttribute("value"));
        await using var check = Portal.Services.CreateAsyncScope();
        Assert.Null(await check.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>().FindByEmailAsync(email));
    }

    [Fact]
    public async Task A_new_user_created_through_the_form_appears_in_the_list_with_its_role()
    {
        var page = RenderAs(PortalRoles.Admin);
        var email = $"colleague-{Guid.NewGuid():N}@artha.local";

        await page.Find("#new-user").ClickAsync(new());
        await Input(page, "new-user-email").ChangeAsync(email);
        await Input(page, "new-user-name").ChangeAsync("New Colleague");
        await Input(page, "new-user-password").ChangeAsync("Colleague!Pass2026");
        await page.Find($"#new-user-roles .role-choice[data-role={PortalRoles.Finance}] input").ChangeAsync(true);
        await page.Find("#new-user-form").SubmitAsync();

        page.WaitForAssertion(() => Assert.Empty(page.FindAll("#new-user-card")), TimeSpan.FromSeconds(30));
        await SearchAsync(page, email);
        page.WaitForAssertion(() => Assert.Contains("New Colleague", RowOf(page, email).TextContent), TimeSpan.FromSeconds(30));
        var created = await FindAsync(email);
        await using var check = Portal.Services.CreateAsyncScope();
        Assert.Equal([PortalRoles.Finance], await check.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>().GetRolesAsync(created));
        var row = (await Portal.LatestAuditAsync()).First(a => a.Action == "user.create");
        Assert.Equal((AuditOutcome.Succeeded, created.Id), (row.Outcome, row.TargetId));
    }

    [Fact]
    public async Task Disabling_asks_first_and_cancelling_changes_nothing_while_confirming_disables()
    {
        var email = await NewUserAsync(PortalRoles.Support);
        var page = RenderAs(PortalRoles.Admin);
        await SearchAsync(page, email);
        page.WaitForAssertion(() => Assert.Single(Rows(page)), TimeSpan.FromSeconds(30));

        _ = RowOf(page, email).QuerySelector("button.disable-user")!.ClickAsync(new());
        Dialogs.WaitForAssertion(() => Assert.Contains($"Disable {email}?", Dialogs.Find("#confirm-dialog-title").TextContent));
        await Dialogs.Find("#confirm-cancel").ClickAsync(new());
        Dialogs.WaitForAssertion(() => Assert.Empty(Dialogs.FindAll("#confirm-dialog-title")));
        Assert.False((await FindAsync(email)).IsDisabled);

        _ = RowOf(page, email).QuerySelector("button.disable-user")!.ClickAsync(new());
        Dialogs.WaitForAssertion(() => Assert.NotEmpty(Dialogs.FindAll("#confirm-ok")));
        Assert.Contains("mud-button-filled-error", Dialogs.Find("#confirm-ok").ClassName);
        await Dialogs.Find("#confirm-ok").ClickAsync(new());

        page.WaitForAssertion(() => Assert.Equal("disabled", RowOf(page, email).QuerySelector(".user-status")!.GetAttribute("data-status")), TimeSpan.FromSeconds(30));
        Assert.True((await FindAsync(email)).IsDisabled);
        Assert.Single(RowOf(page, email).QuerySelectorAll("button.enable-user"));
    }

    [Fact]
    public async Task The_last_active_admin_cannot_be_disabled_or_demoted_from_the_page()
    {
        var page = RenderAs(PortalRoles.Admin);

        var admin = RowOf(page, "admin@artha.local");
        Assert.True(admin.QuerySelector("button.disable-user")!.HasAttribute("disabled"));
        Assert.Equal(LastAdminRule.DisableRefusal, admin.QuerySelector("button.disable-user")!.GetAttribute("title"));

        _ = admin.QuerySelector("button.change-roles")!.ClickAsync(new());
        Dialogs.WaitForAssertion(() => Assert.NotEmpty(Dialogs.FindAll("#roles-dialog-title")));
        Assert.Contains(LastAdminRule.DemoteRefusal, Dialogs.Find("#roles-last-admin").TextContent);
        Assert.True(Dialogs.Find($".role-choice[data-role={PortalRoles.Admin}] input").HasAttribute("disabled"));
        await Dialogs.Find("#roles-cancel").ClickAsync(new());
    }

    [Fact]
    public async Task Changing_roles_through_the_dialog_saves_them()
    {
        var email = await NewUserAsync(PortalRoles.Support);
        var page = RenderAs(PortalRoles.Admin);
        await SearchAsync(page, email);
        page.WaitForAssertion(() => Assert.Single(Rows(page)), TimeSpan.FromSeconds(30));

        _ = RowOf(page, email).QuerySelector("button.change-roles")!.ClickAsync(new());
        Dialogs.WaitForAssertion(() => Assert.NotEmpty(Dialogs.FindAll("#roles-save")));
        await Dialogs.Find($".role-choice[data-role={PortalRoles.Operations}] input").ChangeAsync(true);
        await Dialogs.Find($".role-choice[data-role={PortalRoles.Support}] input").ChangeAsync(false);
        await Dialogs.Find("#roles-save").ClickAsync(new());

        page.WaitForAssertion(() => Assert.Equal(PortalRoles.Operations, RowOf(page, email).QuerySelector(".user-roles")!.TextContent.Trim()), TimeSpan.FromSeconds(30));
    }

    [Fact]
    public async Task Sign_out_everywhere_asks_first_then_changes_the_security_stamp()
    {
        var email = await NewUserAsync(PortalRoles.Finance);
        var stamp = (await FindAsync(email)).SecurityStamp;
        var page = RenderAs(PortalRoles.Admin);
        await SearchAsync(page, email);
        page.WaitForAssertion(() => Assert.Single(Rows(page)), TimeSpan.FromSeconds(30));

        _ = RowOf(page, email).QuerySelector("button.sign-out-everywhere")!.ClickAsync(new());
        Dialogs.WaitForAssertion(() => Assert.Contains($"Sign {email} out everywhere?", Dialogs.Find("#confirm-dialog-title").TextContent));
        await Dialogs.Find("#confirm-ok").ClickAsync(new());

        await Artha.Admin.Tests.Features.TopUps.MoneyTestData.PollAsync(() => FindAsync(email), u => u.SecurityStamp != stamp);
        page.WaitForAssertion(() => Assert.Contains(Snackbars, s => s.Message != null && s.Message.Contains($"Every session of {email} has ended.")), TimeSpan.FromSeconds(30));
    }

    [Theory]
    [InlineData("support@artha.local", "Support!Dev2026")]
    [InlineData("operations@artha.local", "Operations!Dev2026")]
    [InlineData("finance@artha.local", "Finance!Dev2026")]
    public async Task Through_the_router_other_roles_are_sent_to_access_denied(string email, string password)
    {
        using var browser = await Portal.SignInAsync(email, password);

        var response = await browser.GetAsync("/users");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith("/Account/AccessDenied", response.Headers.Location!.PathAndQuery, StringComparison.OrdinalIgnoreCase);
    }
}
