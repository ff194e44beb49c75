using Artha.Admin.Auditing;
using Artha.Admin.Security;
using Artha.Admin.Services;
using Artha.Admin.Features.Dashboard;
using Artha.Admin.LiveStatus;
using Artha.Admin.Tests.Infrastructure;
using Artha.Admin.Tests.Features.TopUps;
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
        // A top-up is named by its card's last four, not by an id.
        Assert.Contains(supportView.Items, i => i.TargetText == $"card •••• {card.CardNumberMasked![^4..]}" && i.What.Contains("Top-up of"));
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

    private static TopUpView TopUp(string status, string currency, decimal amount, string createdAt) =>
        new($"t-{Guid.NewGuid():N}", "card-1", "cus-1", amount, null, currency, status, null,
            DateTimeOffset.Parse(createdAt, System.Globalization.CultureInfo.InvariantCulture), null);

    [Fact]
    public void Top_ups_are_charted_per_utc_day_status_and_currency_with_empty_days_as_zero()
    {
        TopUpView[] topUps =
        [
            TopUp("approved", "GBP", 10.00m, "2026-12-03T09:00:00Z"),
            TopUp("Approved", "gbp", 5.50m, "2026-12-03T23:59:59Z"),
            TopUp("pending", "GBP", 20.00m, "2026-12-01T00:00:00Z"),
            TopUp("approved", "EUR", 7.25m, "2026-12-02T23:30:00-02:00"), // 01:30 UTC on the 3rd
            TopUp("approved", "GBP", 99.00m, "2026-11-26T12:00:00Z"), // before the seven days
        ];

        var chart = DashboardCharts.TopUpsPerDay(topUps, new DateOnly(2026, 12, 3), days: 7, capped: false);

        Assert.Equal(new DateOnly(2026, 11, 27), chart.Days[0]);
        Assert.Equal(new DateOnly(2026, 12, 3), chart.Days[^1]);
        Assert.Equal(["approved EUR", "approved GBP", "pending GBP"], chart.Series.Select(s => s.Name));
        var gbp = chart.Series.Single(s => s.Name == "approved GBP");
        Assert.Equal([0, 0, 0, 0, 0, 0, 2], gbp.Counts);
        Assert.Equal(15.50m, gbp.Sums[^1]);
        Assert.Equal(1, chart.Series.Single(s => s.Name == "approved EUR").Counts[^1]);
        Assert.Equal(1, chart.Series.Single(s => s.Name == "pending GBP").Counts[4]);
        Assert.Equal(4, chart.Total);
        Assert.False(chart.Capped);
    }

    [Fact]
    public async Task The_charts_match_a_seeded_sandbox_and_the_top_up_chart_is_for_finance_roles_only()
    {
        await SeedAsync(5);
        await using (var operations = portal.ScopeAs(PortalRoles.Operations))
        {
            var card = (await Service(operations).ListCardsAsync(new CardListFilter(), 0, 1)).Items[0];
            await Service(operations).FreezeCardAsync(card.Id);
        }
        await using var finance = portal.ScopeAs(PortalRoles.Finance);
        var funded = await portal.ActiveCardAsync();
        await Service(finance).TopUpAsync(ArthaService.NewIdempotencyKey(), funded.Id, 6m, funded.Currency!);
        await Service(finance).TopUpAsync(ArthaService.NewIdempotencyKey(), funded.Id, 4m, funded.Currency!);
        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        var listed = await Service(finance).ListTopUpsAsync(new TopUpFilter { From = today.AddDays(-6), To = today }, 0, 100);

        var cards = await Service(finance).CardsByStatusAsync();
        var kyc = await Service(finance).KycFunnelAsync();
        var topUps = await Service(finance).TopUpsPerDayAsync();

        Assert.Equal(["inactive", "active", "frozen", "cancelled"], cards.Slices.Select(s => s.Key));
        Assert.Equal([0, 4, 1, 0], cards.Slices.Select(s => s.Count));
        Assert.Equal(["not_submitted", "pending", "under_review", "approved", "rejected"], kyc.Slices.Select(s => s.Key));
        Assert.Equal(5, kyc.Total);
        Assert.True(kyc.Complete);
        // Every top-up Artha lists for the seven days is charted, on its day; today's include the two just made.
        Assert.Equal(listed.Items.Count, topUps.Total);
        Assert.True(topUps.Series.Where(s => s.Currency == funded.Currency!.ToUpperInvariant()).Sum(s => s.Counts[^1]) >= 2);
        Assert.True(topUps.Series.Where(s => s.Currency == funded.Currency!.ToUpperInvariant()).Sum(s => s.Sums[^1]) >= 10m);
        await using var support = portal.ScopeAs(PortalRoles.Support);
        await Assert.ThrowsAsync<PermissionDeniedException>(() => Service(support).TopUpsPerDayAsync());
        Assert.Equal(5, (await Service(support).KycFunnelAsync()).Total);
    }

    [Fact]
    public void The_same_change_reported_twice_is_listed_once()
    {
        var at = DateTime.UtcNow;
        StatusChange[] newestFirst =
        [
            new(StatusSubject.Card, "card-1", "frozen", "Card ••4242 frozen", at) { PreviousStatus = "active" },
            new(StatusSubject.Card, "card-1", "FROZEN", "Card ••4242 frozen", at.AddSeconds(-1)) { PreviousStatus = "active" },
            new(StatusSubject.Card, "card-1", "active", "Card ••4242 unfrozen", at.AddSeconds(-2)) { PreviousStatus = "frozen" },
        ];

        var shown = ArthaService.DistinctChanges(newestFirst);

        Assert.Equal([at, at.AddSeconds(-2)], shown.Select(c => c.OccurredAtUtc));
    }
}
