using Artha.Admin.Auditing;
using Artha.Admin.Data;
using Artha.Admin.Security;
using Artha.Admin.Services;
using Artha.Admin.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Artha.Admin.Tests.Features.TopUps;

public class TopUpServiceTests(PortalFactory portal) : IClassFixture<PortalFactory>
{
    private static ArthaService Service(AsyncServiceScope scope) => scope.ServiceProvider.GetRequiredService<ArthaService>();

    [Theory]
    [InlineData(PortalRoles.Finance)]
    [InlineData(PortalRoles.Admin)]
    public async Task Finance_and_admin_top_up_a_card_and_artha_approves_it(string role)
    {
        var card = await portal.ActiveCardAsync();
        await using var scope = portal.ScopeAs(role);
        var artha = Service(scope);
        var form = await artha.PrepareTopUpAsync(card.Id);

        var outcome = await artha.TopUpAsync(form.IdempotencyKey, card.Id, 25.50m, form.Currency);

        Assert.Equal(TopUpIntentState.Submitted, outcome.State);
        Assert.NotNull(outcome.TopUpId);
        var status = await MoneyTestData.PollAsync(() => artha.GetTopUpStatusAsync(outcome.TopUpId!), t => t.Status == "approved");
        Assert.Equal("approved", status.Status);
        Assert.Equal(25.50m, status.Amount);
        var intent = Assert.Single(await portal.IntentsAsync(i => i.Id == outcome.IntentId));
        Assert.Equal(TopUpIntentState.Approved, intent.State);
        var created = (await portal.LatestAuditAsync(50)).First(a => a.Action == "topup.create" && a.Detail!.Contains(outcome.IntentId.ToString()));
        Assert.Equal(AuditOutcome.Succeeded, created.Outcome);
    }

    [Theory]
    [InlineData(PortalRoles.Support)]
    [InlineData(PortalRoles.Operations)]
    public async Task Support_and_operations_are_refused_a_top_up_and_the_refusal_is_audited(string role)
    {
        var card = await portal.ActiveCardAsync();
        var before = await portal.SandboxTopUpCountAsync(card.Id);
        await using var scope = portal.ScopeAs(role);

        await Assert.ThrowsAsync<PermissionDeniedException>(() => Service(scope).TopUpAsync(ArthaService.NewIdempotencyKey(), card.Id, 10m, card.Currency!));

        var refusal = (await portal.LatestAuditAsync()).First(a => a.Action == "topup.create");
        Assert.Equal(AuditOutcome.Refused, refusal.Outcome);
        Assert.Equal(role, refusal.Roles);
        Assert.Equal(before, await portal.SandboxTopUpCountAsync(card.Id));
    }

    [Theory]
    [InlineData(PortalRoles.Support)]
    [InlineData(PortalRoles.Operations)]
    public async Task Support_and_operations_cannot_open_the_top_up_form(string role)
    {
        var card = await portal.ActiveCardAsync();
        await using var scope = portal.ScopeAs(role);

        await Assert.ThrowsAsync<PermissionDeniedException>(() => Service(scope).PrepareTopUpAsync(card.Id));

        Assert.Equal(AuditOutcome.Refused, (await portal.LatestAuditAsync()).First(a => a.Action == "topup.prepare").Outcome);
    }

    [Fact]
    public async Task The_form_fixes_the_currency_to_the_cards_and_shows_the_sandbox_merchant_balance_and_what_remains()
    {
        var card = await portal.ActiveCardAsync();
        await using var scope = portal.ScopeAs(PortalRoles.Finance);
        using var control = portal.SandboxControl();
        var balances = await System.Net.Http.Json.HttpClientJsonExtensions.GetFromJsonAsync<System.Text.Json.JsonElement>(control, "/_sandbox/merchant-balance");
        var available = balances.GetProperty("balances").EnumerateArray()
            .First(b => string.Equals(b.GetProperty("currency").GetString(), card.Currency, StringComparison.OrdinalIgnoreCase))
            .GetProperty("available").GetDecimal();

        var form = await Service(scope).PrepareTopUpAsync(card.Id);

        Assert.Equal(card.Currency, form.Currency);
        Assert.Equal("••" + card.CardNumberMasked![^4..], form.MaskedNumber);
        Assert.Equal(new Artha.Admin.Services.Money(available, form.Currency), form.MerchantBalance);
        Assert.Contains($"{new Artha.Admin.Services.Money(available - 50m, form.Currency)} remains", form.MerchantBalanceNote(50m));
        Assert.Contains("reject it", form.MerchantBalanceNote(available + 1m));
        Assert.Contains("does not report the merchant balance", (form with { MerchantBalance = null }).MerchantBalanceNote(50m));
        Assert.StartsWith("−", form.MerchantImpact(50m));
        Assert.Contains(new Artha.Admin.Services.Money(50m, form.Currency).ToString(), form.MerchantImpact(50m));
    }

    [Fact]
    public async Task An_amount_ending_in_13_is_rejected_by_artha()
    {
        var card = await portal.ActiveCardAsync();
        await using var scope = portal.ScopeAs(PortalRoles.Finance);
        var artha = Service(scope);

        var outcome = await artha.TopUpAsync(ArthaService.NewIdempotencyKey(), card.Id, 100.13m, card.Currency!);

        var status = await MoneyTestData.PollAsync(() => artha.GetTopUpStatusAsync(outcome.TopUpId!), t => t.Status != "pending");
        Assert.Equal("rejected", status.Status);
        Assert.Equal(TopUpIntentState.Rejected, Assert.Single(await portal.IntentsAsync(i => i.Id == outcome.IntentId)).State);
    }

    [Theory]
    [InlineData("0")]
    [InlineData("-5")]
    [InlineData("10.005")]
    public async Task An_invalid_amount_is_refused_on_its_field_before_artha_is_called(string amount)
    {
        var card = await portal.ActiveCardAsync();
        var before = await portal.SandboxTopUpCountAsync(card.Id);
        await using var scope = portal.ScopeAs(PortalRoles.Finance);

        var error = await Assert.ThrowsAsync<ArthaOperationException>(() =>
            Service(scope).TopUpAsync(ArthaService.NewIdempotencyKey(), card.Id, decimal.Parse(amount, System.Globalization.CultureInfo.InvariantCulture), card.Currency!));

        Assert.Equal(ArthaFailureKind.Validation, error.Kind);
        Assert.True(error.FieldErrors.ContainsKey("amount"));
        Assert.Equal(before, await portal.SandboxTopUpCountAsync(card.Id));
    }

    [Fact]
    public async Task A_currency_other_than_the_cards_is_refused_on_its_field()
    {
        var card = await portal.ActiveCardAsync();
        var other = card.Currency == "GBP" ? "EUR" : "GBP";
        await using var scope = portal.ScopeAs(PortalRoles.Finance);

        var error = await Assert.ThrowsAsync<ArthaOperationException>(() => Service(scope).TopUpAsync(ArthaService.NewIdempotencyKey(), card.Id, 10m, other));

        Assert.True(error.FieldErrors.ContainsKey("currency"));
        Assert.Contains(card.Currency!, error.Message);
    }

    [Fact]
    public async Task Two_concurrent_confirmations_with_one_key_create_exactly_one_top_up()
    {
        var card = await portal.ActiveCardAsync(skip: 1);
        var before = await portal.SandboxTopUpCountAsync(card.Id);
        var key = ArthaService.NewIdempotencyKey();
        await using var first = portal.ScopeAs(PortalRoles.Finance);
        await using var second = portal.ScopeAs(PortalRoles.Finance);

        var outcomes = await Task.WhenAll(
            Task.Run(() => Service(first).TopUpAsync(key, card.Id, 12.34m, card.Currency!)),
            Task.Run(() => Service(second).TopUpAsync(key, card.Id, 12.34m, card.Currency!)));

        Assert.Equal(before + 1, await portal.SandboxTopUpCountAsync(card.Id));
        Assert.Single(await portal.IntentsAsync(i => i.IdempotencyKey == key));
        Assert.Equal(outcomes[0].IntentId, outcomes[1].IntentId);
        Assert.Single(outcomes, o => o.Replayed);
    }

    [Fact]
    public async Task Confirming_again_with_the_same_key_returns_the_first_outcome_without_a_second_top_up()
    {
        var card = await portal.ActiveCardAsync();
        await using var scope = portal.ScopeAs(PortalRoles.Finance);
        var artha = Service(scope);
        var key = ArthaService.NewIdempotencyKey();
        var first = await artha.TopUpAsync(key, card.Id, 7.00m, card.Currency!);
        var before = await portal.SandboxTopUpCountAsync(card.Id);

        var again = await artha.TopUpAsync(key, card.Id, 7.00m, card.Currency!);

        Assert.True(again.Replayed);
        Assert.Equal(first.TopUpId, again.TopUpId);
        Assert.Contains("not sent again", again.Message);
        Assert.Equal(before, await portal.SandboxTopUpCountAsync(card.Id));
    }

    [Fact]
    public async Task A_lost_answer_is_reconciled_by_adopting_the_top_up_artha_made()
    {
        var card = await portal.ActiveCardAsync(skip: 2);
        // The portal saved its intent, sent the top-up, and the answer was lost on the way back.
        var intent = await portal.SubmittingIntentAsync(card.Id, 33.33m, card.Currency!, DateTime.UtcNow.AddSeconds(-1));
        var made = await portal.TopUpBehindThePortalAsync(card.Id, 33.33m, card.Currency!);
        var before = await portal.SandboxTopUpCountAsync(card.Id);
        await using var scope = portal.ScopeAs(PortalRoles.Finance);

        var outcome = await Service(scope).ReconcileTopUpAsync(intent.Id);

        Assert.Equal(made.TopUpId, outcome.TopUpId);
        Assert.Contains(outcome.State, new[] { TopUpIntentState.Submitted, TopUpIntentState.Approved });
        Assert.Equal(made.TopUpId, Assert.Single(await portal.IntentsAsync(i => i.Id == intent.Id)).TopUpId);
        Assert.Equal(before, await portal.SandboxTopUpCountAsync(card.Id));
    }

    [Fact]
    public async Task A_top_up_already_adopted_by_one_intent_is_not_adopted_by_another()
    {
        var card = await portal.ActiveCardAsync(skip: 3);
        var made = await portal.TopUpBehindThePortalAsync(card.Id, 21.21m, card.Currency!);
        var firstIntent = await portal.SubmittingIntentAsync(card.Id, 21.21m, card.Currency!, DateTime.UtcNow.AddSeconds(-5));
        var secondIntent = await portal.SubmittingIntentAsync(card.Id, 21.21m, card.Currency!, DateTime.UtcNow.AddSeconds(-5));
        await using var scope = portal.ScopeAs(PortalRoles.Finance);
        var artha = Service(scope);

        var first = await artha.ReconcileTopUpAsync(firstIntent.Id);
        var second = await artha.ReconcileTopUpAsync(secondIntent.Id);

        Assert.Equal(made.TopUpId, first.TopUpId);
        Assert.Null(second.TopUpId);
        Assert.Equal(TopUpIntentState.Submitting, second.State);
    }

    [Fact]
    public async Task An_intent_artha_never_received_is_marked_refused_once_the_settle_window_has_passed()
    {
        var card = await portal.ActiveCardAsync();
        var intent = await portal.SubmittingIntentAsync(card.Id, 44.44m, card.Currency!, DateTime.UtcNow.AddMinutes(-10));
        await using var scope = portal.ScopeAs(PortalRoles.Finance);

        var outcome = await Service(scope).ReconcileTopUpAsync(intent.Id);

        Assert.Equal(TopUpIntentState.Refused, outcome.State);
        Assert.Contains("never received", outcome.Message);
        Assert.Equal(AuditOutcome.Failed, (await portal.LatestAuditAsync()).First(a => a.Action == "topup.reconcile").Outcome);
    }

    [Fact]
    public async Task A_recent_intent_without_a_match_stays_submitting_and_is_not_resent()
    {
        // A card of its own: the unsettled intent this leaves behind blocks further top-ups of that card.
        var card = await portal.ActiveCardAsync(skip: 4);
        var before = await portal.SandboxTopUpCountAsync(card.Id);
        var intent = await portal.SubmittingIntentAsync(card.Id, 55.55m, card.Currency!, DateTime.UtcNow);
        await using var scope = portal.ScopeAs(PortalRoles.Finance);
        var artha = Service(scope);

        var outcome = await artha.ReconcileTopUpAsync(intent.Id);

        Assert.Equal(TopUpIntentState.Submitting, outcome.State);
        Assert.Equal(before, await portal.SandboxTopUpCountAsync(card.Id));
        Assert.Contains(await artha.ListUnsettledTopUpIntentsAsync(card.Id), i => i.Id == intent.Id);
    }

    [Theory]
    [InlineData(PortalRoles.Support)]
    [InlineData(PortalRoles.Operations)]
    public async Task Support_and_operations_cannot_reconcile(string role)
    {
        await using var scope = portal.ScopeAs(role);

        await Assert.ThrowsAsync<PermissionDeniedException>(() => Service(scope).ReconcileTopUpAsync(Guid.NewGuid()));

        Assert.Equal(AuditOutcome.Refused, (await portal.LatestAuditAsync()).First(a => a.Action == "topup.reconcile").Outcome);
    }
}
