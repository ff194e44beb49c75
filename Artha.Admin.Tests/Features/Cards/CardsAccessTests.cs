using Artha.Admin.Auditing;
using Artha.Admin.Security;
using Artha.Admin.Services;
using Artha.Admin.Tests.Cards;
using Artha.Admin.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Artha.Admin.Tests.Features.Cards;

/// <summary>The role table, method by method: an allowed role succeeds; a refused role gets PermissionDeniedException and a Refused audit row.</summary>
public class CardsAccessTests(PortalFactory portal) : IClassFixture<PortalFactory>
{
    private async Task<T> AsAsync<T>(string role, Func<ArthaService, Task<T>> call)
    {
        await using var scope = portal.ScopeAs(role).SteppedUp();
        return await call(scope.ServiceProvider.GetRequiredService<ArthaService>());
    }

    private async Task AssertRefusedAsync(string role, string action, string? cardId, Func<ArthaService, Task> call)
    {
        await using (var scope = portal.ScopeAs(role).SteppedUp())
        {
            var artha = scope.ServiceProvider.GetRequiredService<ArthaService>();
            await Assert.ThrowsAsync<PermissionDeniedException>(() => call(artha));
        }
        var refusal = (await portal.LatestAuditAsync()).First(a => a.Action == action);
        Assert.Equal(AuditOutcome.Refused, refusal.Outcome);
        Assert.Equal($"{role.ToLowerInvariant()}@artha.local", refusal.UserName);
        if (cardId is not null)
        {
            Assert.Equal(cardId, refusal.TargetId);
        }
    }

    // ---------------------------------------------------------------- reads (ViewProgramme: every role)

    [Theory]
    [InlineData(PortalRoles.Support)]
    [InlineData(PortalRoles.Operations)]
    [InlineData(PortalRoles.Finance)]
    [InlineData(PortalRoles.Admin)]
    public async Task Every_role_lists_cards_with_masked_numbers_only(string role)
    {
        var (customerId, cardId) = await portal.SeedActiveCardAsync();

        var page = await AsAsync(role, a => a.ListCardsAsync(new CardListFilter(CustomerId: customerId), 0, 20));

        var card = Assert.Single(page.Items);
        Assert.Equal(cardId, card.Id);
        Assert.Matches(@"^•••• •••• •••• \d{4}$", card.MaskedNumber);
    }

    [Fact]
    public async Task A_signed_out_caller_cannot_list_cards_and_the_refusal_is_audited()
    {
        await using var scope = portal.ScopeAsAnonymous();
        var artha = scope.ServiceProvider.GetRequiredService<ArthaService>();

        await Assert.ThrowsAsync<PermissionDeniedException>(() => artha.ListCardsAsync(new CardListFilter(), 0, 20));

        Assert.Equal(AuditOutcome.Refused, (await portal.LatestAuditAsync()).First(a => a.Action == "card.list").Outcome);
    }

    [Fact]
    public async Task Finance_reads_a_card_with_status_state_and_masked_number()
    {
        var (customerId, cardId) = await portal.SeedActiveCardAsync();

        var card = await AsAsync(PortalRoles.Finance, a => a.GetCardAsync(cardId));

        Assert.Equal(customerId, card.CustomerId);
        Assert.Equal("active", card.Status);
        Assert.Equal("active", card.State);
        Assert.Equal("virtual", card.Type);
        Assert.EndsWith(card.Last4!, card.MaskedNumber);
        Assert.False(string.IsNullOrEmpty(card.Currency));
    }

    [Fact]
    public async Task A_signed_out_caller_cannot_read_a_card()
    {
        var (_, cardId) = await portal.SeedActiveCardAsync();
        await using var scope = portal.ScopeAsAnonymous();
        var artha = scope.ServiceProvider.GetRequiredService<ArthaService>();

        await Assert.ThrowsAsync<PermissionDeniedException>(() => artha.GetCardAsync(cardId));

        var refusal = (await portal.LatestAuditAsync()).First(a => a.Action == "card.get");
        Assert.Equal(AuditOutcome.Refused, refusal.Outcome);
        Assert.Equal(cardId, refusal.TargetId);
    }

    [Fact]
    public async Task Support_reads_the_balance_as_available_held_and_total_in_the_card_currency()
    {
        var (_, cardId) = await portal.SeedActiveCardAsync();
        var card = await AsAsync(PortalRoles.Support, a => a.GetCardAsync(cardId));
        await portal.PurchaseAsync(cardId, 5m, card.Currency!);

        var balance = await AsAsync(PortalRoles.Support, a => a.GetCardBalanceAsync(cardId));

        Assert.Equal(card.Currency, balance.Total.Currency);
        Assert.Equal(5m, balance.Held.Amount);
        Assert.Equal(balance.Available.Amount + balance.Held.Amount, balance.Total.Amount);
        Assert.True(balance.Available.Amount > 0);
    }

    [Fact]
    public async Task A_signed_out_caller_cannot_read_a_balance()
    {
        var (_, cardId) = await portal.SeedActiveCardAsync();
        await using var scope = portal.ScopeAsAnonymous();
        var artha = scope.ServiceProvider.GetRequiredService<ArthaService>();

        await Assert.ThrowsAsync<PermissionDeniedException>(() => artha.GetCardBalanceAsync(cardId));

        Assert.Equal(AuditOutcome.Refused, (await portal.LatestAuditAsync()).First(a => a.Action == "card.balance").Outcome);
    }

    [Fact]
    public async Task Finance_reads_the_limits_of_a_card()
    {
        var (_, cardId) = await portal.SeedActiveCardAsync();

        await AsAsync(PortalRoles.Operations, a => a.UpdateCardLimitsAsync(cardId, new CardLimitsUpdate { MonthlyLimit = LimitChange.Set(900m) }));

        var limits = await AsAsync(PortalRoles.Finance, a => a.GetCardLimitsAsync(cardId));

        Assert.Equal(900m, limits.MonthlyLimit);
        Assert.Equal("GBP", limits.Currency);
    }

    [Fact]
    public async Task A_signed_out_caller_cannot_read_limits()
    {
        var (_, cardId) = await portal.SeedActiveCardAsync();
        await using var scope = portal.ScopeAsAnonymous();
        var artha = scope.ServiceProvider.GetRequiredService<ArthaService>();

        await Assert.ThrowsAsync<PermissionDeniedException>(() => artha.GetCardLimitsAsync(cardId));

        Assert.Equal(AuditOutcome.Refused, (await portal.LatestAuditAsync()).First(a => a.Action == "card.limits.get").Outcome);
    }

    [Fact]
    public async Task Support_finds_cardholders_and_their_kyc_eligibility()
    {
        var (customerId, _) = await portal.SeedActiveCardAsync();

        var cardholder = await AsAsync(PortalRoles.Support, a => a.GetCardholderAsync(customerId));
        var found = await AsAsync(PortalRoles.Support, a => a.FindCardholdersAsync(cardholder.Name));
        var eligibility = await AsAsync(PortalRoles.Support, a => a.GetCardIssueEligibilityAsync(customerId, CardTestData.VirtualProductId));

        Assert.Contains(found, c => c.Id == customerId);
        Assert.True(eligibility.Allowed);
    }

    [Fact]
    public async Task A_signed_out_caller_cannot_search_cardholders()
    {
        await using var scope = portal.ScopeAsAnonymous();
        var artha = scope.ServiceProvider.GetRequiredService<ArthaService>();

        await Assert.ThrowsAsync<PermissionDeniedException>(() => artha.FindCardholdersAsync("a"));
        await Assert.ThrowsAsync<PermissionDeniedException>(() => artha.GetCardIssueEligibilityAsync("c", "p"));

        var audit = await portal.LatestAuditAsync();
        Assert.Equal(AuditOutcome.Refused, audit.First(a => a.Action == "card.issue.customers").Outcome);
        Assert.Equal(AuditOutcome.Refused, audit.First(a => a.Action == "card.issue.eligibility").Outcome);
    }

    // ---------------------------------------------------------------- Onboard: issue, activate, PIN

    [Fact]
    public async Task Finance_cannot_issue_a_card_and_the_refusal_is_audited()
    {
        var (customerId, _) = await portal.SeedActiveCardAsync();

        await AssertRefusedAsync(PortalRoles.Finance, "card.issue", null,
            a => a.IssueCardAsync(new CardIssueRequest(customerId, CardTestData.VirtualProductId)));
    }

    [Fact]
    public async Task Finance_cannot_activate_a_card()
    {
        var (_, cardId) = await portal.SeedActiveCardAsync();

        await AssertRefusedAsync(PortalRoles.Finance, "card.activate", cardId, a => a.ActivateCardAsync(cardId, null));
    }

    [Fact]
    public async Task Support_sets_a_pin()
    {
        var (_, cardId) = await portal.SeedActiveCardAsync();

        var outcome = await AsAsync(PortalRoles.Support, a => a.SetCardPinAsync(cardId, "4821", "4821"));

        Assert.StartsWith("PIN set", outcome.Message);
        var row = (await portal.LatestAuditAsync()).First(a => a.Action == "card.pin.set");
        Assert.Equal(AuditOutcome.Succeeded, row.Outcome);
    }

    [Fact]
    public async Task Finance_cannot_set_a_pin()
    {
        var (_, cardId) = await portal.SeedActiveCardAsync();

        await AssertRefusedAsync(PortalRoles.Finance, "card.pin.set", cardId, a => a.SetCardPinAsync(cardId, "4821", "4821"));
    }

    // ---------------------------------------------------------------- ControlCards: freeze, unfreeze, cancel, replace, limits

    [Fact]
    public async Task Operations_freezes_an_active_card()
    {
        var (_, cardId) = await portal.SeedActiveCardAsync();

        var outcome = await AsAsync(PortalRoles.Operations, a => a.FreezeCardAsync(cardId));

        Assert.Equal("frozen", outcome.Status);
        var row = (await portal.LatestAuditAsync()).First(a => a.Action == "card.freeze");
        Assert.Equal(AuditOutcome.Succeeded, row.Outcome);
        Assert.Equal(cardId, row.TargetId);
    }

    [Fact]
    public async Task Support_cannot_freeze_a_card_and_the_refusal_is_audited()
    {
        var (_, cardId) = await portal.SeedActiveCardAsync();

        await AssertRefusedAsync(PortalRoles.Support, "card.freeze", cardId, a => a.FreezeCardAsync(cardId));

        Assert.Equal("active", (await AsAsync(PortalRoles.Support, a => a.GetCardAsync(cardId))).Status);
    }

    [Fact]
    public async Task Admin_unfreezes_a_frozen_card()
    {
        var (_, cardId) = await portal.SeedActiveCardAsync();
        await AsAsync(PortalRoles.Operations, a => a.FreezeCardAsync(cardId));

        var outcome = await AsAsync(PortalRoles.Admin, a => a.UnfreezeCardAsync(cardId));

        Assert.Equal("active", outcome.Status);
    }

    [Fact]
    public async Task Finance_cannot_unfreeze_a_card()
    {
        var (_, cardId) = await portal.SeedActiveCardAsync();
        await AsAsync(PortalRoles.Operations, a => a.FreezeCardAsync(cardId));

        await AssertRefusedAsync(PortalRoles.Finance, "card.unfreeze", cardId, a => a.UnfreezeCardAsync(cardId));
    }

    [Fact]
    public async Task Operations_cancels_a_card_with_a_reason()
    {
        var (_, cardId) = await portal.SeedActiveCardAsync();

        var outcome = await AsAsync(PortalRoles.Operations, a => a.CancelCardAsync(cardId, "stolen"));

        Assert.Equal("cancelled", outcome.Status);
        Assert.Contains("reason: stolen", (await portal.LatestAuditAsync()).First(a => a.Action == "card.cancel").Detail);
    }

    [Fact]
    public async Task Support_cannot_cancel_a_card()
    {
        var (_, cardId) = await portal.SeedActiveCardAsync();

        await AssertRefusedAsync(PortalRoles.Support, "card.cancel", cardId, a => a.CancelCardAsync(cardId, "stolen"));
    }

    [Fact]
    public async Task Operations_replaces_a_card()
    {
        var (_, cardId) = await portal.SeedActiveCardAsync();

        var outcome = await AsAsync(PortalRoles.Operations, a => a.ReplaceCardAsync(cardId, "damaged", null));

        Assert.NotNull(outcome.NewCardId);
    }

    [Fact]
    public async Task Support_cannot_replace_a_card()
    {
        var (_, cardId) = await portal.SeedActiveCardAsync();

        await AssertRefusedAsync(PortalRoles.Support, "card.replace", cardId, a => a.ReplaceCardAsync(cardId, "damaged", null));
    }

    [Fact]
    public async Task Operations_changes_a_limit()
    {
        var (_, cardId) = await portal.SeedActiveCardAsync();

        var limits = await AsAsync(PortalRoles.Operations, a => a.UpdateCardLimitsAsync(cardId, new CardLimitsUpdate { DailyLimit = LimitChange.Set(250m) }));

        Assert.Equal(250m, limits.DailyLimit);
    }

    [Fact]
    public async Task Support_cannot_change_limits()
    {
        var (_, cardId) = await portal.SeedActiveCardAsync();

        await AssertRefusedAsync(PortalRoles.Support, "card.limits.update", cardId,
            a => a.UpdateCardLimitsAsync(cardId, new CardLimitsUpdate { DailyLimit = LimitChange.Set(250m) }));
    }

    // ---------------------------------------------------------------- RevealCardDetails

    [Fact]
    public async Task Operations_reveals_card_details_with_a_reason()
    {
        var (_, cardId) = await portal.SeedActiveCardAsync();

        var details = await AsAsync(PortalRoles.Operations, a => a.RevealCardDetailsAsync(cardId, "customer request on verified call"));

        Assert.Matches(@"^\d{16}$", details.CardNumber);
        Assert.Matches(@"^\d{3}$", details.Cvv);
    }

    [Theory]
    [InlineData(PortalRoles.Support)]
    [InlineData(PortalRoles.Finance)]
    public async Task Roles_without_reveal_permission_cannot_reveal_card_details(string role)
    {
        var (_, cardId) = await portal.SeedActiveCardAsync();

        await AssertRefusedAsync(role, "card.reveal", cardId, a => a.RevealCardDetailsAsync(cardId, "customer request"));
    }
}
