using Artha.Admin.Features.Dashboard;
using Artha.Admin.Security;
using Artha.Admin.Services;
using Artha.Admin.Tests.Infrastructure;
using Bunit;
using Microsoft.Extensions.DependencyInjection;

namespace Artha.Admin.Tests.Features.Dashboard;

/// <summary>The dashboard: count tiles from the sandbox, recent activity per role, and the user's own actions.</summary>
public class DashboardPageTests(PortalFactory portal) : PortalPageTestBase(portal), IClassFixture<PortalFactory>
{
    private static string Tile(IRenderedComponent<DashboardPage> page, string key) =>
        page.Find($"[data-count='{key}'] .count-value").TextContent.Trim();

    /// <summary>A refused top-up export by Support: an audit row every test here can look for.</summary>
    private async Task SupportIsRefusedAnExportAsync()
    {
        await using var support = Portal.ScopeAs(PortalRoles.Support);
        await Assert.ThrowsAsync<PermissionDeniedException>(() =>
            support.ServiceProvider.GetRequiredService<ArthaService>().ExportTopUpsCsvAsync(new TopUpFilter()));
    }

    [Fact]
    public async Task The_tiles_show_the_counts_of_the_sandbox_and_link_to_the_filtered_lists()
    {
        await Portal.ResetSandboxAsync();
        await Portal.SeedSandboxAsync(customers: 4, cardsPerCustomer: 1, transactionsPerCard: 1);
        SignInAs(PortalRoles.Support);

        var page = RenderWithProviders<DashboardPage>();

        page.WaitForAssertion(() =>
        {
            Assert.Equal("4", Tile(page, "customers"));
            Assert.Equal("4", Tile(page, "active-cards"));
            Assert.Equal("0", Tile(page, "frozen-cards"));
            Assert.Equal("0", Tile(page, "kyc-pending"));
            Assert.Equal("0", Tile(page, "topups-pending"));
        }, TimeSpan.FromSeconds(30));
        Assert.Equal("cards?status=active", page.Find("[data-count='active-cards'] .count-value").GetAttribute("href"));
        Assert.Equal("cards?status=frozen", page.Find("[data-count='frozen-cards'] .count-value").GetAttribute("href"));
        Assert.Equal("topups?status=pending", page.Find("[data-count='topups-pending'] .count-value").GetAttribute("href"));
        Assert.Contains("0 pending, 0 under review", page.Find("[data-count='kyc-pending'] .count-note").TextContent);
        Assert.Empty(page.FindAll(".count-error"));
    }

    [Fact]
    public async Task A_frozen_card_moves_from_the_active_tile_to_the_frozen_tile()
    {
        await Portal.ResetSandboxAsync();
        await Portal.SeedSandboxAsync(customers: 3, cardsPerCustomer: 1, transactionsPerCard: 1);
        await using (var operations = Portal.ScopeAs(PortalRoles.Operations))
        {
            var artha = operations.ServiceProvider.GetRequiredService<ArthaService>();
            var card = (await artha.ListCardsAsync(new CardListFilter(), 0, 1)).Items[0];
            await artha.FreezeCardAsync(card.Id);
        }
        SignInAs(PortalRoles.Finance);

        var page = RenderWithProviders<DashboardPage>();

        page.WaitForAssertion(() =>
        {
            Assert.Equal("2", Tile(page, "active-cards"));
            Assert.Equal("1", Tile(page, "frozen-cards"));
        }, TimeSpan.FromSeconds(30));
    }

    [Theory]
    [InlineData(PortalRoles.Support)]
    [InlineData(PortalRoles.Operations)]
    [InlineData(PortalRoles.Finance)]
    [InlineData(PortalRoles.Admin)]
    public void The_welcome_line_names_the_signed_in_user_and_role(string role)
    {
        SignInAs(role);

        var page = RenderWithProviders<DashboardPage>();

        Assert.Equal($"Signed in as {role.ToLowerInvariant()}@artha.local ({role}).", page.Find("#welcome").TextContent.Trim());
    }

    [Fact]
    public async Task An_admin_sees_the_audit_trail_as_recent_activity_with_who_did_what()
    {
        await SupportIsRefusedAnExportAsync();
        SignInAs(PortalRoles.Admin);

        var page = RenderWithProviders<DashboardPage>();

        page.WaitForAssertion(() => Assert.NotEmpty(page.FindAll("#recent-activity li")), TimeSpan.FromSeconds(30));
        Assert.Contains("from the audit trail", page.Find("section[aria-labelledby='recent-activity-title']").TextContent);
        Assert.Contains(page.FindAll("#recent-activity li"), li =>
            li.QuerySelector(".activity-who")?.TextContent == "support@artha.local"
            && li.QuerySelector(".activity-what")?.TextContent == "topup.export"
            && li.QuerySelector(".status-badge")?.GetAttribute("data-status") == "refused");
    }

    [Theory]
    [InlineData(PortalRoles.Support)]
    [InlineData(PortalRoles.Operations)]
    [InlineData(PortalRoles.Finance)]
    public async Task Other_roles_see_status_changes_and_never_who_did_what(string role)
    {
        await SupportIsRefusedAnExportAsync();
        SignInAs(role);

        var page = RenderWithProviders<DashboardPage>();

        page.WaitForAssertion(() => Assert.Contains("status changes the portal has seen",
            page.Find("section[aria-labelledby='recent-activity-title']").TextContent), TimeSpan.FromSeconds(30));
        Assert.Empty(page.FindAll("#recent-activity .activity-who"));
        Assert.DoesNotContain("support@artha.local", page.Find("section[aria-labelledby='recent-activity-title']").TextContent);
    }

    [Fact]
    public async Task Your_recent_actions_list_the_signed_in_users_own_audit_rows()
    {
        await SupportIsRefusedAnExportAsync();
        SignInAs(PortalRoles.Support);

        var page = RenderWithProviders<DashboardPage>();

        page.WaitForAssertion(() => Assert.NotEmpty(page.FindAll("#my-actions li")), TimeSpan.FromSeconds(30));
        var first = page.FindAll("#my-actions li")[0];
        Assert.Equal("topup.export", first.QuerySelector(".activity-what")?.TextContent);
        Assert.Equal("refused", first.QuerySelector(".status-badge")?.GetAttribute("data-status"));
        // The user's own list does not repeat the user's name.
        Assert.Empty(page.FindAll("#my-actions .activity-who"));
    }

    [Fact]
    public void A_user_who_has_done_nothing_sees_the_empty_text_for_their_actions()
    {
        // Nothing in this class acts as Finance on this host, so Finance has no audit rows.
        SignInAs(PortalRoles.Finance);

        var page = RenderWithProviders<DashboardPage>();

        page.WaitForAssertion(() => Assert.Equal("You have not done anything in the portal yet.", page.Find("#my-actions").TextContent.Trim()),
            TimeSpan.FromSeconds(30));
        Assert.Empty(page.FindAll("#my-actions li"));
    }

    [Fact]
    public async Task Finance_sees_the_top_up_chart_and_every_role_the_card_and_kyc_charts_with_their_figures_as_tables()
    {
        await Portal.ResetSandboxAsync();
        await Portal.SeedSandboxAsync(customers: 3, cardsPerCustomer: 1, transactionsPerCard: 1);
        var card = await Artha.Admin.Tests.Features.TopUps.MoneyTestData.ActiveCardAsync(Portal);
        await using (var finance = Portal.ScopeAs(PortalRoles.Finance))
        {
            await finance.ServiceProvider.GetRequiredService<ArthaService>().TopUpAsync(ArthaService.NewIdempotencyKey(), card.Id, 6m, card.Currency!);
        }
        SignInAs(PortalRoles.Finance);

        var page = RenderWithProviders<DashboardPage>();

        page.WaitForAssertion(() =>
        {
            Assert.Equal("3", page.Find("#cards-chart .chart-data tr[data-key=active] td").TextContent.Trim());
            Assert.Equal("3", page.Find("#kyc-chart .chart-data tbody").QuerySelectorAll("td").Sum(td => int.Parse(td.TextContent.Trim())).ToString());
            Assert.NotEmpty(page.FindAll("#topups-chart .chart-data tbody tr"));
        }, TimeSpan.FromSeconds(30));
        Assert.Contains("Cards by status: Inactive 0, Active 3, Frozen 0, Cancelled 0.", page.Find("#cards-chart figure").GetAttribute("aria-label"));
        Assert.StartsWith("Top-ups per day by status and currency, ", page.Find("#topups-chart figure").GetAttribute("aria-label"));
        Assert.Contains(page.FindAll("#topups-chart .chart-data tbody tr"), tr => tr.GetAttribute("data-series")!.EndsWith(card.Currency!.ToUpperInvariant()));
        Assert.Equal("Cards by status", page.Find("#cards-chart h2").TextContent.Trim());
    }

    [Fact]
    public void Support_gets_no_top_up_chart()
    {
        SignInAs(PortalRoles.Support);

        var page = RenderWithProviders<DashboardPage>();

        page.WaitForAssertion(() => Assert.NotEmpty(page.FindAll("#kyc-chart .chart-data")), TimeSpan.FromSeconds(30));
        Assert.Empty(page.FindAll("#topups-chart"));
    }
}
