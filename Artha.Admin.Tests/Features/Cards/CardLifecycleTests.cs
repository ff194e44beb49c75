using System.Collections.Concurrent;
using Artha.Admin.Auditing;
using Artha.Admin.Data;
using Artha.Admin.LiveStatus;
using Artha.Admin.Security;
using Artha.Admin.Services;
using Artha.Admin.Tests.Cards;
using Artha.Admin.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Artha.Admin.Tests.Features.Cards;

/// <summary>Issuing, the card status transitions (valid and invalid), replacement and limits, against the embedded sandbox.</summary>
public class CardLifecycleTests(PortalFactory portal) : IClassFixture<PortalFactory>
{
    private async Task<T> AsAsync<T>(string role, Func<ArthaService, Task<T>> call)
    {
        await using var scope = portal.ScopeAs(role).SteppedUp();
        return await call(scope.ServiceProvider.GetRequiredService<ArthaService>());
    }

    private async Task<IReadOnlyList<StatusWatch>> WatchesForAsync(string cardId)
    {
        await using var scope = portal.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AdminDbContext>();
        return await db.StatusWatches.Where(w => w.EntityId == cardId).ToListAsync();
    }

    // ---------------------------------------------------------------- issue

    [Fact]
    public async Task Issuing_is_refused_with_the_reason_until_kyc_for_the_product_is_approved()
    {
        var customerId = await portal.CreateCustomerAsync();

        var refusal = await Assert.ThrowsAsync<CardIssueRefusedException>(() =>
            AsAsync(PortalRoles.Support, a => a.IssueCardAsync(new CardIssueRequest(customerId, CardTestData.VirtualProductId))));

        Assert.False(refusal.Eligibility.Allowed);
        Assert.Contains("under review", refusal.Message);
        Assert.Contains("Approved", refusal.Message);
        var row = (await portal.LatestAuditAsync()).First(a => a.Action == "card.issue");
        Assert.Equal(AuditOutcome.Failed, row.Outcome);
        Assert.Equal(customerId, row.TargetId);
        Assert.Empty((await AsAsync(PortalRoles.Support, a => a.ListCardsAsync(new CardListFilter(CustomerId: customerId), 0, 20))).Items);
    }

    [Fact]
    public async Task A_virtual_card_is_issued_pending_then_becomes_active_and_its_issuance_is_watched()
    {
        var customerId = await portal.CreateCustomerAsync();
        await portal.ApproveKycAsync(customerId, CardTestData.VirtualProductId);

        var issued = await AsAsync(PortalRoles.Support, a => a.IssueCardAsync(new CardIssueRequest(customerId, CardTestData.VirtualProductId)));

        Assert.Equal("pending", issued.State);
        var watch = Assert.Single(await WatchesForAsync(issued.Id));
        Assert.Equal(WatchKind.CardIssuance, watch.Kind);
        Assert.Equal(customerId, watch.CustomerId);
        var active = await portal.WaitForCardStateAsync(issued.Id, "active");
        Assert.Equal("active", active.Status);
        Assert.Equal("USD", active.Currency);
    }

    [Fact]
    public async Task A_physical_card_needs_a_shipping_address()
    {
        var customerId = await portal.CreateCustomerAsync();

        var error = await Assert.ThrowsAsync<ArthaOperationException>(() =>
            AsAsync(PortalRoles.Support, a => a.IssueCardAsync(new CardIssueRequest(customerId, CardTestData.PhysicalProductId))));

        Assert.Equal(ArthaFailureKind.Validation, error.Kind);
        Assert.Contains("shipping address", error.Message);
        Assert.Contains("shippingAddress.addressLine1", error.FieldErrors.Keys);
        Assert.Contains("shippingAddress.country", error.FieldErrors.Keys);
    }

    [Fact]
    public async Task A_physical_card_is_issued_inactive_and_activates_only_with_its_code()
    {
        var customerId = await portal.CreateCustomerAsync();
        await portal.ApproveKycAsync(customerId, CardTestData.PhysicalProductId);
        var card = await portal.IssueActiveCardAsync(customerId, CardTestData.PhysicalProductId, CardTestData.Address(), PortalRoles.Operations);
        Assert.Equal("inactive", card.Status);

        var missing = await Assert.ThrowsAsync<ArthaOperationException>(() => AsAsync(PortalRoles.Support, a => a.ActivateCardAsync(card.Id, " ")));
        var wrong = await Assert.ThrowsAsync<ArthaOperationException>(() => AsAsync(PortalRoles.Support, a => a.ActivateCardAsync(card.Id, "12ab")));
        var outcome = await AsAsync(PortalRoles.Support, a => a.ActivateCardAsync(card.Id, card.Last4));

        Assert.Contains("activationCode", missing.FieldErrors.Keys);
        Assert.Equal(ArthaFailureKind.Validation, wrong.Kind);
        Assert.Contains("activationCode", wrong.FieldErrors.Keys);
        Assert.Equal("active", outcome.Status);
        Assert.Equal("active", (await AsAsync(PortalRoles.Support, a => a.GetCardAsync(card.Id))).Status);
    }

    // ---------------------------------------------------------------- status transitions

    [Fact]
    public async Task A_frozen_card_is_frozen_at_artha_and_unfreezing_makes_it_active_again()
    {
        var (_, cardId) = await portal.SeedActiveCardAsync();

        await AsAsync(PortalRoles.Operations, a => a.FreezeCardAsync(cardId));
        var frozen = await AsAsync(PortalRoles.Support, a => a.GetCardAsync(cardId));
        await AsAsync(PortalRoles.Operations, a => a.UnfreezeCardAsync(cardId));
        var unfrozen = await AsAsync(PortalRoles.Support, a => a.GetCardAsync(cardId));

        Assert.Equal("frozen", frozen.Status);
        Assert.Equal("active", unfrozen.Status);
    }

    [Fact]
    public async Task Freezing_is_published_to_open_pages_with_the_last_four_digits()
    {
        var (customerId, cardId) = await portal.SeedActiveCardAsync();
        var changes = new ConcurrentQueue<StatusChange>();
        using var subscription = portal.Services.GetRequiredService<IStatusEventStream>().Subscribe(c =>
        {
            changes.Enqueue(c);
            return Task.CompletedTask;
        });

        await AsAsync(PortalRoles.Operations, a => a.FreezeCardAsync(cardId));

        var card = await AsAsync(PortalRoles.Support, a => a.GetCardAsync(cardId));
        var change = Assert.Single(changes, c => c.EntityId == cardId);
        Assert.Equal(StatusSubject.Card, change.Subject);
        Assert.Equal("frozen", change.Status);
        Assert.Equal($"Card ••{card.Last4} frozen", change.Message);
        Assert.Equal(customerId, change.CustomerId);
    }

    [Fact]
    public async Task Unfreezing_a_card_that_is_not_frozen_is_a_conflict_with_advice()
    {
        var (_, cardId) = await portal.SeedActiveCardAsync();

        var error = await Assert.ThrowsAsync<ArthaOperationException>(() => AsAsync(PortalRoles.Operations, a => a.UnfreezeCardAsync(cardId)));

        Assert.Equal(ArthaFailureKind.Conflict, error.Kind);
        Assert.Contains("Reload", error.Message);
    }

    [Fact]
    public async Task Freezing_a_cancelled_card_is_refused_before_Artha_with_advice_and_is_audited_as_failed()
    {
        var (_, cardId) = await portal.SeedActiveCardAsync();
        await AsAsync(PortalRoles.Operations, a => a.CancelCardAsync(cardId, "lost"));

        var error = await Assert.ThrowsAsync<ArthaOperationException>(() => AsAsync(PortalRoles.Operations, a => a.FreezeCardAsync(cardId)));

        Assert.Equal(ArthaFailureKind.Conflict, error.Kind);
        Assert.Contains("cancelled", error.Message);
        Assert.Contains("Reload", error.Message);
        Assert.Null(error.RequestId); // the card state machine refused it: Artha was not asked
        var row = (await portal.LatestAuditAsync()).First(a => a.Action == "card.freeze");
        Assert.Equal(AuditOutcome.Failed, row.Outcome);
        Assert.StartsWith("refused before Artha: status cancelled", row.Detail);
        Assert.Null(row.ArthaRequestId);
        Assert.Equal("cancelled", (await AsAsync(PortalRoles.Support, a => a.GetCardAsync(cardId))).Status);
    }

    [Fact]
    public async Task Cancelling_without_a_reason_is_refused_and_the_card_stays_active()
    {
        var (_, cardId) = await portal.SeedActiveCardAsync();

        var error = await Assert.ThrowsAsync<ArthaOperationException>(() => AsAsync(PortalRoles.Operations, a => a.CancelCardAsync(cardId, "   ")));

        Assert.Equal(ArthaFailureKind.Validation, error.Kind);
        Assert.Contains("reason", error.FieldErrors.Keys);
        Assert.Equal("active", (await AsAsync(PortalRoles.Support, a => a.GetCardAsync(cardId))).Status);
    }

    [Fact]
    public async Task Replacing_cancels_the_card_and_gives_a_new_card_that_is_watched_until_issued()
    {
        var (customerId, cardId) = await portal.SeedActiveCardAsync();

        var outcome = await AsAsync(PortalRoles.Operations, a => a.ReplaceCardAsync(cardId, "damaged", null));

        Assert.NotNull(outcome.NewCardId);
        Assert.NotEqual(cardId, outcome.NewCardId);
        Assert.Equal("cancelled", (await AsAsync(PortalRoles.Support, a => a.GetCardAsync(cardId))).Status);
        var watch = Assert.Single(await WatchesForAsync(outcome.NewCardId!));
        Assert.Equal(WatchKind.CardIssuance, watch.Kind);
        var replacement = await portal.WaitForCardStateAsync(outcome.NewCardId!, "active");
        Assert.Equal(customerId, replacement.CustomerId);
        Assert.Equal("active", replacement.Status);
        // Each card names the other, so the card pages link old and new.
        Assert.Equal(cardId, replacement.ReplacesCardId);
        Assert.Equal(outcome.NewCardId, (await AsAsync(PortalRoles.Support, a => a.GetCardAsync(cardId))).ReplacedByCardId);
    }

    [Fact]
    public async Task Replacing_a_cancelled_card_is_a_conflict()
    {
        var (_, cardId) = await portal.SeedActiveCardAsync();
        await AsAsync(PortalRoles.Operations, a => a.CancelCardAsync(cardId, "fraud"));

        var error = await Assert.ThrowsAsync<ArthaOperationException>(() => AsAsync(PortalRoles.Operations, a => a.ReplaceCardAsync(cardId, "lost", null)));

        Assert.Equal(ArthaFailureKind.Conflict, error.Kind);
    }

    // ---------------------------------------------------------------- limits

    [Fact]
    public async Task A_limit_left_unchanged_keeps_its_value_when_another_is_set()
    {
        var (_, cardId) = await portal.SeedActiveCardAsync();
        await AsAsync(PortalRoles.Operations, a => a.UpdateCardLimitsAsync(cardId, new CardLimitsUpdate { DailyLimit = LimitChange.Set(300m) }));

        var limits = await AsAsync(PortalRoles.Operations, a => a.UpdateCardLimitsAsync(cardId, new CardLimitsUpdate { MonthlyLimit = LimitChange.Set(900m) }));

        Assert.Equal(300m, limits.DailyLimit);
        Assert.Equal(900m, limits.MonthlyLimit);
    }

    [Fact]
    public async Task A_limit_reset_goes_back_to_the_product_default()
    {
        // Seeded GBP Virtual Prepaid cards carry no limits; the product default daily limit is 1000.
        var (_, cardId) = await portal.SeedActiveCardAsync();
        await AsAsync(PortalRoles.Operations, a => a.UpdateCardLimitsAsync(cardId, new CardLimitsUpdate { DailyLimit = LimitChange.Set(300m), MonthlyLimit = LimitChange.Set(900m) }));

        var limits = await AsAsync(PortalRoles.Operations, a => a.UpdateCardLimitsAsync(cardId, new CardLimitsUpdate { DailyLimit = LimitChange.ResetToDefault }));

        Assert.Equal(1000m, limits.DailyLimit);
        Assert.Equal(900m, limits.MonthlyLimit);
        Assert.Contains("daily 300 → product default", (await portal.LatestAuditAsync()).First(a => a.Action == "card.limits.update").Detail);
    }

    [Fact]
    public async Task A_negative_limit_is_refused_on_its_field_and_nothing_changes()
    {
        var (_, cardId) = await portal.SeedActiveCardAsync();
        await AsAsync(PortalRoles.Operations, a => a.UpdateCardLimitsAsync(cardId, new CardLimitsUpdate { DailyLimit = LimitChange.Set(300m) }));

        var error = await Assert.ThrowsAsync<ArthaOperationException>(() => AsAsync(PortalRoles.Operations,
            a => a.UpdateCardLimitsAsync(cardId, new CardLimitsUpdate { DailyLimit = LimitChange.Set(-1m) })));

        Assert.Equal(ArthaFailureKind.Validation, error.Kind);
        Assert.Equal(["dailyLimit"], error.FieldErrors.Keys);
        Assert.Equal(300m, (await AsAsync(PortalRoles.Support, a => a.GetCardLimitsAsync(cardId))).DailyLimit);
    }

    [Fact]
    public async Task An_update_that_changes_no_limit_is_refused()
    {
        var (_, cardId) = await portal.SeedActiveCardAsync();

        var error = await Assert.ThrowsAsync<ArthaOperationException>(() => AsAsync(PortalRoles.Operations,
            a => a.UpdateCardLimitsAsync(cardId, new CardLimitsUpdate())));

        Assert.Contains("No limit was changed", error.Message);
    }
}
