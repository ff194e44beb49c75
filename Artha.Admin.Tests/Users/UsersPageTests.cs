using MudBlazor.Services;
using Microsoft.Extensions.DependencyInjection.Extensions;
using System.Net;
using Artha.Admin.Auditing;
using Artha.Admin.Components.Pages.Users;
using Artha.Admin.Components.UI;
using Artha.Admin.Data;
using Artha.Admin.Security;
using Artha.Admin.Tests.Infrastructure;
using Artha.Admin.Users;
using AngleSharp.Dom;
using Bunit;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Components.Web;
using Microsoft.Extensions.DependencyInjection;
using Radzen;

namespace Artha.Admin.Tests.Users;

/// <summary>
/// The Users page against a real UserAdministration (signed in as Admin) on the hosted portal's database. Its route
/// policy keeps other roles out (checked through the router); rendered for one anyway, it shows the refusal.
/// </summary>
public class UsersPageTests : BunitContext, IClassFixture<PortalFactory>, IAsyncLifetime
{
    private readonly PortalFactory portal;
    private AsyncServiceScope? scope;

    public UsersPageTests(PortalFactory portal)
    {
        this.portal = portal;
        Services.AddRadzenComponents();
        Services.AddMudServices();
        Services.TryAddSingleton(TimeProvider.System);
        Services.AddScoped<PortalNotifier>();
        JSInterop.Mode = JSRuntimeMode.Loose;
    }

    Task IAsyncLifetime.InitializeAsync() => Task.CompletedTask;

    async Task IAsyncLifetime.DisposeAsync()
    {
        if (scope is { } s)
        {
            await s.DisposeAsync();
        }
    }

    private IRenderedComponent<UsersPage> RenderAsAdmin()
    {
        var adminScope = portal.ScopeAs(PortalRoles.Admin);
        scope = adminScope;
        Services.AddSingleton(adminScope.ServiceProvider.GetRequiredService<UserAdministration>());
        AddAuthorization().SetAuthorized("admin@artha.local").SetRoles(PortalRoles.Admin);
        var page = Render<UsersPage>();
        page.WaitForAssertion(() => Assert.NotEmpty(Rows(page)), TimeSpan.FromSeconds(10));
        return page;
    }

    [Fact]
    public void A_user_who_lost_the_admin_role_while_the_page_was_open_sees_the_refusal_not_a_crash()
    {
        var supportScope = portal.ScopeAs(PortalRoles.Support);
        scope = supportScope;
        Services.AddSingleton(supportScope.ServiceProvider.GetRequiredService<UserAdministration>());
        AddAuthorization().SetAuthorized("support@artha.local").SetRoles(PortalRoles.Support);

        var page = Render<UsersPage>();

        page.WaitForAssertion(() => Assert.Contains("does not allow", page.Find("#users-load-error").TextContent), TimeSpan.FromSeconds(10));
        Assert.Empty(Rows(page));
    }

    private static IReadOnlyList<IElement> Rows(IRenderedComponent<UsersPage> page) =>
        page.FindAll("#users-grid tbody tr").Where(r => r.QuerySelector(".rz-badge") is not null).ToList();

    private static IElement RowOf(IRenderedComponent<UsersPage> page, string email) =>
        Rows(page).Single(r => r.QuerySelector("td")!.TextContent.Trim() == email);

    [Fact]
    public void An_admin_sees_every_staff_account_with_its_name_status_and_actions()
    {
        var page = RenderAsAdmin();

        var emails = Rows(page).Select(r => r.QuerySelector("td")!.TextContent.Trim()).ToList();
        foreach (var (email, _, _) in DefaultUsersSeeder.DevelopmentUsers)
        {
            Assert.Contains(email, emails);
        }
        var finance = RowOf(page, "finance@artha.local");
        Assert.Contains("Finance (development)", finance.TextContent);
        Assert.Equal("Active", finance.QuerySelector(".rz-badge")!.TextContent.Trim());
        var buttons = finance.QuerySelectorAll("button").Select(b => b.TextContent.Trim()).ToList();
        Assert.Contains("Disable", buttons);
        Assert.Contains("Reset password", buttons);
        Assert.Single(page.FindAll("#new-user"));
    }

    [Fact]
    public async Task Searching_narrows_the_list_and_a_search_nothing_matches_shows_the_empty_text()
    {
        var page = RenderAsAdmin();

        await page.Find(".list-search").InputAsync("operations@");
        page.WaitForAssertion(() => Assert.Equal(["operations@artha.local"], Rows(page).Select(r => r.QuerySelector("td")!.TextContent.Trim())),
            TimeSpan.FromSeconds(10));

        await page.Find(".list-search").InputAsync("nobody-matches-this");
        page.WaitForAssertion(() => Assert.Contains("No users match this search.", page.Find("#users-grid").TextContent), TimeSpan.FromSeconds(10));
        Assert.Empty(Rows(page));
    }

    [Fact]
    public async Task A_new_user_without_a_role_is_refused_with_the_reason_and_the_typed_email_is_kept()
    {
        var page = RenderAsAdmin();
        var email = $"no-role-{Guid.NewGuid():N}@artha.local";

        await page.Find("#new-user").ClickAsync(new MouseEventArgs());
        await page.Find("#new-user-email").ChangeAsync(email);
        await page.Find("#new-user-password").ChangeAsync("Colleague!Pass2026");
        await page.Find(".form-card form").SubmitAsync();

        page.WaitForAssertion(() => Assert.Contains("Choose at least one role.", page.Find(".form-card").TextContent), TimeSpan.FromSeconds(10));
        Assert.Equal(email, page.Find("#new-user-email").GetAttribute("value"));
        await using var check = portal.Services.CreateAsyncScope();
        Assert.Null(await check.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>().FindByEmailAsync(email));
    }

    [Fact]
    public async Task A_new_user_created_through_the_form_appears_in_the_list_with_its_role()
    {
        var page = RenderAsAdmin();
        var email = $"colleague-{Guid.NewGuid():N}@artha.local";

        await page.Find("#new-user").ClickAsync(new MouseEventArgs());
        await page.Find("#new-user-email").ChangeAsync(email);
        await page.Find("#new-user-name").ChangeAsync("New Colleague");
        await page.Find("#new-user-password").ChangeAsync("Colleague!Pass2026");
        await page.Find($"#new-user-roles [role=checkbox][aria-label={PortalRoles.Finance}]").ClickAsync(new MouseEventArgs());
        page.WaitForAssertion(() => Assert.Equal("true", page.Find($"#new-user-roles [role=checkbox][aria-label={PortalRoles.Finance}]").GetAttribute("aria-checked")));
        await page.Find(".form-card form").SubmitAsync();

        await page.Find(".list-search").InputAsync(email);
        page.WaitForAssertion(() => Assert.Contains("New Colleague", RowOf(page, email).TextContent), TimeSpan.FromSeconds(10));
        await using var check = portal.Services.CreateAsyncScope();
        var users = check.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>();
        var created = await users.FindByEmailAsync(email);
        Assert.NotNull(created);
        Assert.Equal([PortalRoles.Finance], await users.GetRolesAsync(created));
        var row = (await portal.LatestAuditAsync()).First(a => a.Action == "user.create");
        Assert.Equal((AuditOutcome.Succeeded, created.Id), (row.Outcome, row.TargetId));
    }

    [Theory]
    [InlineData("support@artha.local", "Support!Dev2026")]
    [InlineData("operations@artha.local", "Operations!Dev2026")]
    [InlineData("finance@artha.local", "Finance!Dev2026")]
    public async Task Through_the_router_other_roles_are_sent_to_access_denied(string email, string password)
    {
        using var browser = await portal.SignInAsync(email, password);

        var response = await browser.GetAsync("/users");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith("/Account/AccessDenied", response.Headers.Location!.PathAndQuery, StringComparison.OrdinalIgnoreCase);
    }
}
