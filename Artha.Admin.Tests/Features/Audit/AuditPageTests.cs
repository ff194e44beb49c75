using System.Net;
using Artha.Admin.Auditing;
using Artha.Admin.Features.Audit;
using Artha.Admin.Security;
using Artha.Admin.Services;
using Artha.Admin.Tests.Infrastructure;
using AngleSharp.Dom;
using Bunit;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;

namespace Artha.Admin.Tests.Features.Audit;

/// <summary>The /audit page: the trail with URL filters and export for an admin; nothing of it for other roles.</summary>
public class AuditPageTests(PortalFactory portal) : PortalPageTestBase(portal), IClassFixture<PortalFactory>
{
    /// <summary>Support is refused a transaction export of a card nobody else touches; returns that card id.</summary>
    private async Task<string> SupportIsRefusedAnExportAsync()
    {
        var cardId = $"card-under-audit-{Guid.NewGuid():N}";
        await using var support = Portal.ScopeAs(PortalRoles.Support);
        await Assert.ThrowsAsync<PermissionDeniedException>(() =>
            support.ServiceProvider.GetRequiredService<ArthaService>().ExportTransactionsCsvAsync(new TransactionFilter { CardId = cardId }));
        return cardId;
    }

    private static IElement Input(IRenderedComponent<AuditPage> page, string id)
    {
        var element = page.Find($"#{id}");
        return element.TagName == "INPUT" ? element : element.QuerySelector("input")!;
    }

    private static IReadOnlyList<IElement> Rows(IRenderedComponent<AuditPage> page) =>
        page.FindAll(".audit-grid tbody tr.data-row").ToList();

    [Fact]
    public async Task An_admin_sees_who_did_what_with_which_role_and_outcome_filtered_by_the_address()
    {
        var cardId = await SupportIsRefusedAnExportAsync();
        SignInAs(PortalRoles.Admin);

        NavigateTo($"audit?targetType=card&targetId={cardId}");
        var page = RenderWithProviders<AuditPage>();

        page.WaitForAssertion(() => Assert.Single(Rows(page)), TimeSpan.FromSeconds(30));
        var cells = Rows(page)[0].QuerySelectorAll("td").Select(td => td.TextContent.Trim()).ToList();
        Assert.Contains("support@artha.local", cells);
        Assert.Contains(PortalRoles.Support, cells);
        Assert.Contains("transaction.export", cells);
        // An unknown card has no last four to show, so the target keeps its id.
        Assert.Contains($"card {cardId}", cells);
        Assert.Contains(nameof(AuditOutcome.Refused), cells);
        Assert.Contains("role lacks MoveMoney", cells);
        Assert.EndsWith($"cards/{cardId}", Rows(page)[0].QuerySelector($"a[href$='{cardId}']")!.GetAttribute("href"));
        Assert.Equal(cardId, Input(page, "filter-target-id").GetAttribute("value"));
        Assert.Single(page.FindAll("#export-audit"));
    }

    [Fact]
    public void A_filter_nothing_matches_shows_the_empty_state()
    {
        SignInAs(PortalRoles.Admin);

        NavigateTo("audit?user=nobody-with-this-name");
        var page = RenderWithProviders<AuditPage>();

        page.WaitForAssertion(() => Assert.Contains("No audit rows match these filters.", page.Find(".audit-grid .list-empty").TextContent),
            TimeSpan.FromSeconds(30));
        Assert.Empty(Rows(page));
    }

    [Fact]
    public async Task Applying_the_form_writes_the_filters_into_the_address()
    {
        SignInAs(PortalRoles.Admin);
        var page = RenderWithProviders<AuditPage>();

        await Input(page, "filter-user").ChangeAsync("support");
        await Input(page, "filter-target-id").ChangeAsync("card-1");
        await page.Find("#audit-filters").SubmitAsync();

        var query = Microsoft.AspNetCore.WebUtilities.QueryHelpers.ParseQuery(new Uri(Services.GetRequiredService<NavigationManager>().Uri).Query);
        Assert.Equal(("support", "card-1"), (query["user"].ToString(), query["targetId"].ToString()));
        Assert.False(query.ContainsKey("outcome"));
    }

    [Theory]
    [InlineData(PortalRoles.Support)]
    [InlineData(PortalRoles.Operations)]
    [InlineData(PortalRoles.Finance)]
    public async Task Other_roles_get_no_audit_rows_and_no_export_and_the_refusal_is_audited(string role)
    {
        var cardId = await SupportIsRefusedAnExportAsync();
        SignInAs(role);

        NavigateTo($"audit?targetId={cardId}");
        var page = RenderWithProviders<AuditPage>();

        var me = $"{role.ToLowerInvariant()}@artha.local";
        var trail = await Features.TopUps.MoneyTestData.PollAsync(() => Portal.LatestAuditAsync(), rows => rows.Any(a => a.Action == "audit.list" && a.UserName == me));
        Assert.Equal(AuditOutcome.Refused, trail.First(a => a.Action == "audit.list" && a.UserName == me).Outcome);
        page.WaitForAssertion(() => Assert.Empty(page.FindAll(".audit-grid")));
        Assert.Empty(page.FindAll("#export-audit"));
        Assert.DoesNotContain("transaction.export", page.Markup);
        Assert.DoesNotContain("support@artha.local", page.Markup);
    }

    [Theory]
    [InlineData("support@artha.local", "Support!Dev2026")]
    [InlineData("operations@artha.local", "Operations!Dev2026")]
    [InlineData("finance@artha.local", "Finance!Dev2026")]
    public async Task Through_the_router_other_roles_are_sent_to_access_denied(string email, string password)
    {
        using var browser = await Portal.SignInAsync(email, password);

        var response = await browser.GetAsync("/audit");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith("/Account/AccessDenied", response.Headers.Location!.PathAndQuery, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Through_the_router_an_admin_opens_the_audit_page()
    {
        using var browser = await Portal.SignInAsync("admin@artha.local", "Admin!Dev2026");

        var response = await browser.GetAsync("/audit");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("audit-filters", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public void A_range_that_ends_before_it_starts_says_so_and_lists_nothing()
    {
        SignInAs(PortalRoles.Admin);

        NavigateTo("audit?from=2026-12-02&to=2026-12-01");
        var page = RenderWithProviders<AuditPage>();

        Assert.Contains("start date is after the end date", page.Find("#filter-range-error").TextContent);
        page.WaitForAssertion(() => Assert.NotEmpty(page.FindAll(".audit-grid .list-empty")), TimeSpan.FromSeconds(30));
        Assert.Empty(Rows(page));
    }

    [Fact]
    public async Task A_role_change_shows_the_user_by_email_with_the_old_value_struck_through()
    {
        var email = $"audit.page.{Guid.NewGuid():N}@artha.local";
        string target;
        await using (var admin = Portal.ScopeAs(PortalRoles.Admin).SteppedUp())
        {
            var users = admin.ServiceProvider.GetRequiredService<Artha.Admin.Users.UserAdministration>();
            Assert.True((await users.CreateAsync(email, null, [PortalRoles.Support], "Str0ng!Password")).Succeeded);
            var id = (await Portal.LatestAuditAsync()).First(a => a.Action == "user.create" && a.Detail!.StartsWith(email)).TargetId!;
            Assert.True((await users.SetRolesAsync(id, [PortalRoles.Operations])).Succeeded);
            target = id;
        }
        SignInAs(PortalRoles.Admin);
        NavigateTo($"audit?action=user.roles&targetId={target}");

        var page = RenderWithProviders<AuditPage>();

        // Generous: the machine may be busy hashing passwords for other test classes.
        page.WaitForAssertion(() => Assert.Single(Rows(page)), TimeSpan.FromSeconds(30));
        var row = Rows(page)[0];
        Assert.Equal($"user {email}", row.QuerySelector(".audit-target")!.TextContent.Trim());
        Assert.Equal("Support", row.QuerySelector(".audit-old")!.TextContent.Trim());
        Assert.Equal("Operations", row.QuerySelector(".audit-new")!.TextContent.Trim());
    }

    [Theory]
    [InlineData(PortalRoles.Support)]
    [InlineData(PortalRoles.Finance)]
    public void The_embedded_audit_grid_shows_nothing_to_non_admins(string role)
    {
        SignInAs(role);

        var grid = RenderWithProviders<AuditGrid>(p => p.Add(g => g.TargetType, "customer").Add(g => g.TargetId, "c-1"));

        grid.WaitForAssertion(() => Assert.Empty(grid.FindAll(".audit-grid")));
        Assert.Empty(grid.FindAll("#export-audit"));
    }

    [Fact]
    public void An_admin_sees_the_embedded_audit_grid_with_its_export_and_without_a_target_column()
    {
        SignInAs(PortalRoles.Admin);

        var grid = RenderWithProviders<AuditGrid>(p => p.Add(g => g.TargetType, "customer").Add(g => g.TargetId, "c-1"));

        grid.WaitForAssertion(() => Assert.Single(grid.FindAll("#export-audit")));
        Assert.Single(grid.FindAll(".audit-grid"));
        grid.WaitForAssertion(() => Assert.NotEmpty(grid.FindAll(".audit-grid thead th")));
        Assert.DoesNotContain("Target", grid.FindAll(".audit-grid thead th").Select(th => th.TextContent.Trim()));
    }
}
