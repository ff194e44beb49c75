using System.Net;
using Artha.Admin.Auditing;
using Artha.Admin.Components.Pages.Audit;
using Artha.Admin.Security;
using Artha.Admin.Services;
using Artha.Admin.Tests.Infrastructure;
using AngleSharp.Dom;
using Bunit;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;

namespace Artha.Admin.Tests.Reporting;

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
        page.FindAll(".audit-grid tbody tr").Where(r => r.QuerySelector("code") is not null).ToList();

    [Fact]
    public async Task An_admin_sees_who_did_what_with_which_role_and_outcome_filtered_by_the_address()
    {
        var cardId = await SupportIsRefusedAnExportAsync();
        SignInAs(PortalRoles.Admin);

        NavigateTo($"audit?targetType=card&targetId={cardId}");
        var page = Render<AuditPage>();

        page.WaitForAssertion(() => Assert.Single(Rows(page)), TimeSpan.FromSeconds(10));
        var cells = Rows(page)[0].QuerySelectorAll("td").Select(td => td.TextContent.Trim()).ToList();
        Assert.Contains("support@artha.local", cells);
        Assert.Contains(PortalRoles.Support, cells);
        Assert.Contains("transaction.export", cells);
        Assert.Contains($"card {cardId}", cells);
        Assert.Contains(nameof(AuditOutcome.Refused), cells);
        Assert.Contains("role lacks MoveMoney", cells);
        Assert.EndsWith($"cards/{cardId}", Rows(page)[0].QuerySelector($"a[href$='{cardId}']")!.GetAttribute("href"));
        Assert.Equal(cardId, Input(page, "filter-target-id").GetAttribute("value"));
        Assert.Single(page.FindAll("#export-audit"));
    }

    [Fact]
    public void A_filter_nothing_matches_shows_the_empty_text()
    {
        SignInAs(PortalRoles.Admin);

        NavigateTo("audit?user=nobody-with-this-name");
        var page = Render<AuditPage>();

        page.WaitForAssertion(() => Assert.Contains("No audit rows match these filters.", page.Find(".audit-grid").TextContent),
            TimeSpan.FromSeconds(10));
        Assert.Empty(Rows(page));
    }

    [Fact]
    public async Task Applying_the_form_writes_the_filters_into_the_address()
    {
        SignInAs(PortalRoles.Admin);
        var page = Render<AuditPage>();

        await Input(page, "filter-user").ChangeAsync("support");
        await Input(page, "filter-target-type").ChangeAsync("card");
        await page.Find("#audit-filters").SubmitAsync();

        var query = Microsoft.AspNetCore.WebUtilities.QueryHelpers.ParseQuery(new Uri(Services.GetRequiredService<NavigationManager>().Uri).Query);
        Assert.Equal(("support", "card"), (query["user"].ToString(), query["targetType"].ToString()));
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
        var page = Render<AuditPage>();

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
}
