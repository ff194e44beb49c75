using Artha.Admin.Auditing;
using Artha.Admin.Security;
using Artha.Admin.Services;
using Artha.Admin.Tests.Infrastructure;
using Artha.Admin.Tests.Money;
using Artha.Client;
using Artha.Client.Models;
using Microsoft.Extensions.DependencyInjection;

namespace Artha.Admin.Tests.Features.Dashboard;

public class DashboardServiceTests(PortalFactory portal) : IClassFixture<PortalFactory>
{
    private static ArthaService Service(AsyncServiceScope scope) => scope.ServiceProvider.GetRequiredService<ArthaService>();

    private async Task SeedAsync(int customers)
    {
        await portal.ResetSandboxAsync();
        await portal.SeedSandboxAsync(customers, 1, 2);
    }

    [Theory]
    [InlineData(PortalRoles.Support)]
    [InlineData(PortalRoles.Finance)]
    public async Task The_counts_match_a_seeded_sandbox(string role)
    {
        await SeedAsync(7);
        await using var scope = portal.ScopeAs(role);
        var artha = Service(scope);

        var customers = await artha.CountCustomersAsync();
        var active = await artha.CountCardsAsync("active");
        var frozen = await artha.CountCardsAsync("frozen");
        var kyc = await artha.CountKycPendingAsync();

        Assert.Equal((7, 7, 0, 0), (customers.Value, active.Value, frozen.Value, kyc.Value));
    }

    [Fact]
    public async Task A_frozen_card_moves_from_the_active_to_the_frozen_count()
    {
        await SeedAsync(3);
        var card = await portal.ActiveCardAsync();
        await using (var client = portal.Services.CreateAsyncScope())
        {
            await client.ServiceProvider.GetRequiredService<IArthaClient>().CardOperations.FreezeAsync(card.Id, CancellationToken.None);
        }
        await using var scope = portal.ScopeAs(PortalRoles.Operations);
        var artha = Service(scope);

        Assert.Equal((2, 1), ((await artha.CountCardsAsync("active")).Value, (await artha.CountCardsAsync("frozen")).Value));
    }

    [Fact]
    public async Task A_new_top_up_counts_as_pending_until_artha_decides()
    {
        await SeedAsync(2);
        var card = await portal.ActiveCardAsync();
        await using var scope = portal.ScopeAs(PortalRoles.Finance);
        var artha = Service(scope);
        await artha.TopUpAsync(ArthaService.NewIdempotencyKey(), card.Id, 5m, card.Currency!);

        var pending = await artha.CountTopUpsPendingAsync();
        var settled = await MoneyTestData.PollAsync(() => artha.CountTopUpsPendingAsync(), c => c.Value == 0);

        Assert.Equal(1, pending.Value);
        Assert.Equal(0, settled.Value);
    }

    [Fact]
    public async Task A_signed_out_caller_is_refused_the_counts()
    {
        await using var scope = portal.ScopeAsAnonymous();

        await Assert.ThrowsAsync<PermissionDeniedException>(() => Service(scope).CountCustomersAsync());

        Assert.Equal(AuditOutcome.Refused, (await portal.LatestAuditAsync()).First(a => a.Action == "dashboard.count").Outcome);
    }

    [Fact]
    public async Task Admins_see_the_audit_trail_as_recent_activity_others_see_status_changes()
    {
        await SeedAsync(2);
        var card = await portal.ActiveCardAsync();
        await using (var finance = portal.ScopeAs(PortalRoles.Finance))
        {
            await Service(finance).TopUpAsync(ArthaService.NewIdempotencyKey(), card.Id, 6m, card.Currency!);
        }
        await using var admin = portal.ScopeAs(PortalRoles.Admin);
        await using var support = portal.ScopeAs(PortalRoles.Support);

        var adminView = await Service(admin).RecentActivityAsync(10);
        var supportView = await Service(support).RecentActivityAsync(10);

        Assert.True(adminView.FromAuditTrail);
        Assert.Contains(adminView.Items, i => i.What == "topup.create" && i.Who == "finance@artha.local");
        Assert.False(supportView.FromAuditTrail);
        Assert.All(supportView.Items, i => Assert.Null(i.Who));
        Assert.Contains(supportView.Items, i => i.TargetType == "topup" && i.What.Contains("Top-up of"));
    }

    [Fact]
    public async Task Your_recent_actions_hold_only_your_own_audit_rows()
    {
        await using (var support = portal.ScopeAs(PortalRoles.Support))
        {
            await Assert.ThrowsAsync<PermissionDeniedException>(() => Service(support).ExportTopUpsCsvAsync(new TopUpFilter()));
        }
        await using var finance = portal.ScopeAs(PortalRoles.Finance);
        await using var supportAgain = portal.ScopeAs(PortalRoles.Support);

        var mine = await Service(supportAgain).MyRecentActionsAsync(10);
        var theirs = await Service(finance).MyRecentActionsAsync(50);

        Assert.Equal(("topup.export", "Refused"), (mine[0].What, mine[0].Outcome));
        Assert.DoesNotContain(theirs, i => i.What == "topup.export" && i.Outcome == "Refused");
    }
}
