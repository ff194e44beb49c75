using Artha.Admin.Auditing;
using Artha.Admin.Security;
using Artha.Admin.Services;
using Artha.Admin.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Artha.Admin.Tests.Features.TopUps;

/// <summary>History, filters, totals and export of top-ups, over a sandbox seeded once for the class.</summary>
public class TopUpHistoryTests(TopUpHistoryTests.SeededPortal portal) : IClassFixture<TopUpHistoryTests.SeededPortal>
{
    /// <summary>A portal whose sandbox holds 6 seeded customers (one funded card each) plus known top-ups on the first card.</summary>
    public sealed class SeededPortal : PortalFactory, IAsyncLifetime
    {
        public Artha.Client.Models.Card Card { get; private set; } = default!;

        public async Task InitializeAsync()
        {
            await this.ResetSandboxAsync();
            await this.SeedSandboxAsync(6, 1, 2);
            Card = await this.ActiveCardAsync();
            await this.TopUpBehindThePortalAsync(Card.Id, 10.00m, Card.Currency!);
            await this.TopUpBehindThePortalAsync(Card.Id, 20.50m, Card.Currency!);
            await this.TopUpBehindThePortalAsync(Card.Id, 30.13m, Card.Currency!);
        }

        Task IAsyncLifetime.DisposeAsync() => Task.CompletedTask;
    }

    private static ArthaService Service(AsyncServiceScope scope) => scope.ServiceProvider.GetRequiredService<ArthaService>();

    [Theory]
    [InlineData(PortalRoles.Support)]
    [InlineData(PortalRoles.Operations)]
    [InlineData(PortalRoles.Finance)]
    [InlineData(PortalRoles.Admin)]
    public async Task Every_role_sees_the_history_across_all_cards(string role)
    {
        await using var scope = portal.ScopeAs(role);

        var page = await Service(scope).ListTopUpsAsync(new TopUpFilter(), 0, 20);

        Assert.True(page.Total >= 9, $"6 seeded funding top-ups and 3 made by the test; Artha reports {page.Total}.");
        Assert.True(page.Items.Select(t => t.CardId).Distinct().Count() > 1);
    }

    [Fact]
    public async Task A_signed_out_caller_is_refused_the_history()
    {
        await using var scope = portal.ScopeAsAnonymous();

        await Assert.ThrowsAsync<PermissionDeniedException>(() => Service(scope).ListTopUpsAsync(new TopUpFilter(), 0, 20));

        Assert.Equal(AuditOutcome.Refused, (await portal.LatestAuditAsync()).First(a => a.Action == "topup.list").Outcome);
    }

    [Fact]
    public async Task The_card_filter_shows_only_that_cards_top_ups()
    {
        await using var scope = portal.ScopeAs(PortalRoles.Support);

        var page = await Service(scope).ListTopUpsAsync(new TopUpFilter { CardId = portal.Card.Id }, 0, 20);

        Assert.Equal(4, page.Total);
        Assert.All(page.Items, t => Assert.Equal(portal.Card.Id, t.CardId));
    }

    [Fact]
    public async Task The_amount_range_filter_keeps_amounts_within_the_range()
    {
        await using var scope = portal.ScopeAs(PortalRoles.Support);

        var page = await Service(scope).ListTopUpsAsync(new TopUpFilter { CardId = portal.Card.Id, MinAmount = 15m, MaxAmount = 25m }, 0, 20);

        Assert.Equal([20.50m], page.Items.Select(t => t.Amount));
    }

    [Fact]
    public async Task The_customer_and_date_filters_narrow_the_history()
    {
        await using var scope = portal.ScopeAs(PortalRoles.Support);
        var artha = Service(scope);
        var today = DateOnly.FromDateTime(DateTime.UtcNow);

        var customers = await artha.ListTopUpsAsync(new TopUpFilter { CustomerId = portal.Card.CustomerId }, 0, 20);
        var tomorrow = await artha.ListTopUpsAsync(new TopUpFilter { CardId = portal.Card.Id, From = today.AddDays(1) }, 0, 20);

        Assert.All(customers.Items, t => Assert.Equal(portal.Card.CustomerId, t.CustomerId));
        Assert.Equal(4, customers.Total);
        Assert.Equal(0, tomorrow.Total);
    }

    [Fact]
    public async Task The_status_filter_and_totals_by_status_and_currency_add_up()
    {
        await using var scope = portal.ScopeAs(PortalRoles.Finance);
        var artha = Service(scope);
        var filter = new TopUpFilter { CardId = portal.Card.Id, MaxAmount = 40m };
        // The three test top-ups settle after the sandbox delay: .13 is rejected, the others approved.
        await MoneyTestData.PollAsync(() => artha.ListTopUpsAsync(filter with { Status = "pending" }, 0, 20), p => p.Total == 0);

        var totals = await artha.TotalTopUpsAsync(filter);
        var rejected = await artha.ListTopUpsAsync(filter with { Status = "rejected" }, 0, 20);

        Assert.True(totals.CoversAll);
        Assert.Equal(3, totals.Covered);
        var approved = Assert.Single(totals.Lines, l => l.Status == "approved");
        Assert.Equal((2, 30.50m, portal.Card.Currency), (approved.Count, approved.Sum, approved.Currency));
        Assert.Equal(30.13m, Assert.Single(totals.Lines, l => l.Status == "rejected").Sum);
        Assert.Equal([30.13m], rejected.Items.Select(t => t.Amount));
    }

    [Fact]
    public void Totals_never_mix_currencies()
    {
        var rows = new[]
        {
            new TopUpView("a", "c", null, 10m, null, "GBP", "approved", null, null, null),
            new TopUpView("b", "c", null, 5.25m, null, "GBP", "approved", null, null, null),
            new TopUpView("c", "d", null, 7m, null, "EUR", "approved", null, null, null),
        };

        var totals = ArthaService.Summarize(rows);

        Assert.Equal([("EUR", 1, 7m), ("GBP", 2, 15.25m)], totals.Select(t => (t.Currency, t.Count, t.Sum)));
    }

    [Theory]
    [InlineData(PortalRoles.Finance)]
    [InlineData(PortalRoles.Admin)]
    public async Task Finance_and_admin_export_the_filtered_top_ups_as_csv(string role)
    {
        await using var scope = portal.ScopeAs(role);

        var export = await Service(scope).ExportTopUpsCsvAsync(new TopUpFilter { CardId = portal.Card.Id });

        var lines = MoneyTestData.CsvLines(export.Content);
        Assert.StartsWith("Top-up id,Created (UTC),Updated (UTC),Status,Amount,Fee,Currency,Card id,Card last four,Customer id,Customer name,Remarks", lines[0]);
        Assert.Equal(4, export.Rows);
        Assert.Equal(5, lines.Length);
        Assert.False(export.Capped);
        Assert.Contains(lines, l => l.Contains(",20.50,") && l.Contains(portal.Card.Id));
        // Each row names the card by its last four digits and the customer by name, next to their ids.
        var last4 = portal.Card.CardNumberMasked![^4..];
        var name = (await Service(scope).GetCardholderAsync(portal.Card.CustomerId!)).Name;
        Assert.All(lines[1..], l => Assert.Contains($",{portal.Card.Id},{last4},{portal.Card.CustomerId},{name},", l));
        Assert.Equal(AuditOutcome.Succeeded, (await portal.LatestAuditAsync()).First(a => a.Action == "topup.export").Outcome);
    }

    [Theory]
    [InlineData(PortalRoles.Support)]
    [InlineData(PortalRoles.Operations)]
    public async Task Support_and_operations_are_refused_the_export(string role)
    {
        await using var scope = portal.ScopeAs(role);

        await Assert.ThrowsAsync<PermissionDeniedException>(() => Service(scope).ExportTopUpsCsvAsync(new TopUpFilter()));

        Assert.Equal(AuditOutcome.Refused, (await portal.LatestAuditAsync()).First(a => a.Action == "topup.export").Outcome);
    }
}
