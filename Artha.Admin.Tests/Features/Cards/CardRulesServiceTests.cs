using Artha.Admin.Auditing;
using Artha.Admin.Security;
using Artha.Admin.Services;
using Artha.Admin.Tests.Cards;
using Artha.Admin.Tests.Infrastructure;
using Artha.Client.Models;
using Microsoft.Extensions.DependencyInjection;

namespace Artha.Admin.Tests.Features.Cards;

/// <summary>
/// The service enforces the card rules itself (a page that offers too much cannot get past it): limit amounts, the card
/// state machine for an operation another user made stale, reasons in the audit trail, and the data the card pages
/// need for physical cards and failed issuance.
/// </summary>
public class CardRulesServiceTests(PortalFactory portal) : IClassFixture<PortalFactory>
{
    private async Task<T> AsAsync<T>(string role, Func<ArthaService, Task<T>> call)
    {
        await using var scope = portal.ScopeAs(role);
        return await call(scope.ServiceProvider.GetRequiredService<ArthaService>());
    }

    [Theory]
    [InlineData("-50", "Enter an amount above 0.")]
    [InlineData("0.001", "Enter at most 2 decimals (GBP has 2).")]
    [InlineData("1000000000000", "Enter at most 10,000,000 GBP.")]
    public async Task A_limit_that_is_negative_too_precise_or_too_large_is_refused_with_a_message_and_nothing_changes(string amount, string message)
    {
        var (_, cardId) = await portal.SeedActiveCardAsync();
        var before = await AsAsync(PortalRoles.Support, a => a.GetCardLimitsAsync(cardId));

        var error = await Assert.ThrowsAsync<ArthaOperationException>(() => AsAsync(PortalRoles.Operations, a => a.UpdateCardLimitsAsync(cardId,
            new CardLimitsUpdate { DailyLimit = LimitChange.Set(decimal.Parse(amount, System.Globalization.CultureInfo.InvariantCulture)) })));

        Assert.Equal(ArthaFailureKind.Validation, error.Kind);
        Assert.StartsWith(message, Assert.Single(error.FieldErrors["dailyLimit"]));
        Assert.Equal(before.DailyLimit, (await AsAsync(PortalRoles.Support, a => a.GetCardLimitsAsync(cardId))).DailyLimit);
        Assert.DoesNotContain(await portal.LatestAuditAsync(), a => a.Action == "card.limits.update" && a.TargetId == cardId);
    }

    [Fact]
    public async Task The_reason_for_a_limits_change_and_for_a_freeze_is_kept_in_the_audit_trail()
    {
        var (_, cardId) = await portal.SeedActiveCardAsync();

        await AsAsync(PortalRoles.Operations, a => a.UpdateCardLimitsAsync(cardId,
            new CardLimitsUpdate { DailyLimit = LimitChange.Set(250.50m), Reason = "customer travelling" }));
        await AsAsync(PortalRoles.Operations, a => a.FreezeCardAsync(cardId, "suspected fraud"));

        var audit = await portal.LatestAuditAsync();
        // Old → new: seeded cards carry no limits.
        Assert.Equal("limits: daily none → 250.5 — reason: customer travelling", audit.First(a => a.Action == "card.limits.update" && a.TargetId == cardId).Detail);
        Assert.EndsWith("— reason: suspected fraud", audit.First(a => a.Action == "card.freeze" && a.TargetId == cardId).Detail);
    }

    [Fact]
    public async Task Freezing_a_card_another_user_froze_meanwhile_is_refused_before_Artha()
    {
        var (_, cardId) = await portal.SeedActiveCardAsync();
        await using var secondTab = portal.ScopeAs(PortalRoles.Operations);
        var stale = secondTab.ServiceProvider.GetRequiredService<ArthaService>();
        Assert.Equal("active", (await stale.GetCardAsync(cardId)).Status); // what the second tab showed

        await AsAsync(PortalRoles.Operations, a => a.FreezeCardAsync(cardId, "lost"));
        var error = await Assert.ThrowsAsync<ArthaOperationException>(() => stale.FreezeCardAsync(cardId, "lost"));

        Assert.Equal(ArthaFailureKind.Conflict, error.Kind);
        Assert.StartsWith("Only an active card can be frozen; this card is frozen.", error.Message);
        Assert.Null(error.RequestId);
        var rows = (await portal.LatestAuditAsync()).Where(a => a.Action == "card.freeze" && a.TargetId == cardId).ToList();
        Assert.Equal([AuditOutcome.Failed, AuditOutcome.Succeeded], rows.Take(2).Select(r => r.Outcome));
    }

    [Fact]
    public async Task A_pending_card_cannot_be_given_a_PIN_or_limits_yet()
    {
        var customerId = await portal.CreateCustomerAsync();
        await portal.ApproveKycAsync(customerId, CardTestData.VirtualProductId);
        var pending = await AsAsync(PortalRoles.Operations, a => a.IssueCardAsync(new CardIssueRequest(customerId, CardTestData.VirtualProductId)));
        Assert.Equal("pending", pending.State);

        var pin = await Assert.ThrowsAsync<ArthaOperationException>(() => AsAsync(PortalRoles.Operations, a => a.SetCardPinAsync(pending.Id, "1234", "1234")));

        Assert.Equal(ArthaFailureKind.Conflict, pin.Kind);
        Assert.Contains("still being issued", pin.Message);
    }

    [Fact]
    public async Task A_physical_card_carries_its_shipping_address_and_the_cardholder_carries_the_customers_address()
    {
        var home = new Address { AddressLine1 = "221B Baker Street", City = "London", PostalCode = "NW1 6XE", Country = "GB" };
        var customerId = await portal.CreateCustomerAsync(address: home);
        await portal.ApproveKycAsync(customerId, CardTestData.PhysicalProductId);

        var cardholder = await AsAsync(PortalRoles.Support, a => a.GetCardholderAsync(customerId));
        var card = await portal.IssueActiveCardAsync(customerId, CardTestData.PhysicalProductId, cardholder.Address!.ToForm(), PortalRoles.Operations);

        Assert.Equal("221B Baker Street, London, NW1 6XE, GB", cardholder.Address.OneLine);
        Assert.Equal("221B Baker Street, London, NW1 6XE, GB", card.ShippingAddress?.OneLine);
    }

    [Fact]
    public async Task A_failed_issuance_carries_Arthas_reason()
    {
        var customerId = await portal.CreateCustomerAsync(emailTag: "+cardfail");
        await portal.ApproveKycAsync(customerId, CardTestData.VirtualProductId);
        var issued = await AsAsync(PortalRoles.Support, a => a.IssueCardAsync(new CardIssueRequest(customerId, CardTestData.VirtualProductId)));

        var failed = await portal.WaitForCardStateAsync(issued.Id, "failed");

        Assert.Equal("failed", failed.DisplayStatus);
        Assert.Contains("Card issuance failed at the provider", failed.FailureReason);
    }

    [Fact]
    public async Task A_cards_activity_lists_what_staff_did_naming_them_only_for_the_audit_role()
    {
        var (_, cardId) = await portal.SeedActiveCardAsync();
        await AsAsync(PortalRoles.Operations, a => a.FreezeCardAsync(cardId, "suspected fraud"));

        var forSupport = await AsAsync(PortalRoles.Support, a => a.CardActivityAsync(cardId));
        var forAdmin = await AsAsync(PortalRoles.Admin, a => a.CardActivityAsync(cardId));

        var seen = Assert.Single(forSupport, i => i.What == "Freeze");
        Assert.Equal("succeeded", seen.Outcome);
        Assert.Null(seen.Who);
        Assert.Null(seen.Detail);
        var full = Assert.Single(forAdmin, i => i.What == "Freeze");
        Assert.Equal("operations@artha.local", full.Who);
        Assert.Contains("suspected fraud", full.Detail);
    }
}
