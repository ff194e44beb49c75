using Artha.Admin.Auditing;
using Artha.Admin.Features.TopUps;
using Artha.Admin.Data;
using Artha.Admin.Security;
using Artha.Admin.Services;
using Artha.Admin.Tests.Cards;
using Artha.Admin.Tests.Infrastructure;
using Bunit;
using Microsoft.Extensions.DependencyInjection;

namespace Artha.Admin.Tests.Features.TopUps;

/// <summary>
/// A top-up whose answer was lost: no second top-up of that card until it settles (even with a fresh key after a
/// reload), and the background reconciler settles it without anyone pressing a button.
/// </summary>
public class TopUpSafetyTests(PortalFactory portal) : PortalPageTestBase(portal), IClassFixture<PortalFactory>
{
    private readonly List<AsyncServiceScope> scopes = [];

    /// <summary>A service signed in as <paramref name="role"/>, for calls outside a rendered component.</summary>
    private ArthaService ServiceAs(string role)
    {
        var scope = Portal.ScopeAs(role);
        scopes.Add(scope);
        return scope.ServiceProvider.GetRequiredService<ArthaService>();
    }

    private async Task<(string CardId, string Currency)> FreshCardAsync()
    {
        var (_, cardId) = await Portal.SeedActiveCardAsync();
        var card = await ServiceAs(PortalRoles.Finance).PrepareTopUpAsync(cardId);
        return (cardId, card.Currency);
    }

    [Fact]
    public async Task A_new_key_cannot_top_up_a_card_whose_earlier_top_up_has_no_answer_yet()
    {
        var (cardId, currency) = await FreshCardAsync();
        // The first confirmation was saved and sent; its answer was lost, then the page was reloaded (a new key).
        var lost = await Portal.SubmittingIntentAsync(cardId, 40.00m, currency, DateTime.UtcNow.AddSeconds(-30));
        var before = await Portal.SandboxTopUpCountAsync(cardId);
        var artha = ServiceAs(PortalRoles.Finance);

        var form = await artha.PrepareTopUpAsync(cardId);
        var error = await Assert.ThrowsAsync<ArthaOperationException>(() => artha.TopUpAsync(form.IdempotencyKey, cardId, 40.00m, currency));

        Assert.Equal(lost.Id, Assert.Single(form.Unsettled).Id);
        Assert.Equal(ArthaFailureKind.Conflict, error.Kind);
        Assert.Contains("no answer from Artha yet", error.Message);
        Assert.Contains("Nothing was sent", error.Message);
        Assert.Equal(before, await Portal.SandboxTopUpCountAsync(cardId));
        var refusal = (await Portal.LatestAuditAsync()).First(a => a.Action == "topup.create");
        Assert.Equal(AuditOutcome.Refused, refusal.Outcome);
        Assert.Contains(lost.Id.ToString(), refusal.Detail);
        Assert.Empty(await Portal.IntentsAsync(i => i.IdempotencyKey == form.IdempotencyKey));
    }

    [Fact]
    public async Task The_background_reconciler_adopts_the_top_up_artha_made_and_signs_the_audit_as_itself()
    {
        var (cardId, currency) = await FreshCardAsync();
        var lost = await Portal.SubmittingIntentAsync(cardId, 31.31m, currency, DateTime.UtcNow.AddMinutes(-2));
        var made = await Portal.TopUpBehindThePortalAsync(cardId, 31.31m, currency);
        var before = await Portal.SandboxTopUpCountAsync(cardId);

        var looked = await Portal.Services.GetRequiredService<TopUpReconciler>().RunOnceAsync();

        Assert.True(looked >= 1);
        var settled = Assert.Single(await Portal.IntentsAsync(i => i.Id == lost.Id));
        Assert.Equal(made.TopUpId, settled.TopUpId);
        Assert.NotEqual(TopUpIntentState.Submitting, settled.State);
        Assert.Equal(before, await Portal.SandboxTopUpCountAsync(cardId));
        var row = (await Portal.LatestAuditAsync()).First(a => a.Action == "topup.reconcile" && a.Detail!.Contains(lost.Id.ToString()));
        Assert.Equal(TopUpReconciler.SystemActor, row.UserName);
        Assert.Equal(AuditOutcome.Succeeded, row.Outcome);

        // Settled, the card can be topped up again.
        var artha = ServiceAs(PortalRoles.Finance);
        var form = await artha.PrepareTopUpAsync(cardId);
        Assert.Empty(form.Unsettled);
        var outcome = await artha.TopUpAsync(form.IdempotencyKey, cardId, 5.00m, currency);
        Assert.NotNull(outcome.TopUpId);
    }

    [Fact]
    public async Task The_background_reconciler_leaves_an_intent_whose_own_call_may_still_be_in_flight()
    {
        var (cardId, currency) = await FreshCardAsync();
        var young = await Portal.SubmittingIntentAsync(cardId, 12.12m, currency, DateTime.UtcNow);
        await Portal.TopUpBehindThePortalAsync(cardId, 12.12m, currency);

        await Portal.Services.GetRequiredService<TopUpReconciler>().RunOnceAsync();

        var untouched = Assert.Single(await Portal.IntentsAsync(i => i.Id == young.Id));
        Assert.Equal(TopUpIntentState.Submitting, untouched.State);
        Assert.Null(untouched.TopUpId);
    }

    [Fact]
    public async Task The_form_blocks_a_card_with_an_unsettled_top_up_and_checking_with_artha_unblocks_it()
    {
        var (cardId, currency) = await FreshCardAsync();
        await Portal.SubmittingIntentAsync(cardId, 22.22m, currency, DateTime.UtcNow.AddSeconds(-10));
        await Portal.TopUpBehindThePortalAsync(cardId, 22.22m, currency);
        SignInAs(PortalRoles.Finance);

        var form = RenderWithProviders<TopUpForm>(p => p.Add(f => f.CardId, cardId));

        form.WaitForAssertion(() => Assert.Single(form.FindAll("#topup-blocked")), TimeSpan.FromSeconds(30));
        Assert.Empty(form.FindAll("#topup-form"));
        Assert.Contains(new Artha.Admin.Services.Money(22.22m, currency).ToString(), form.Find("#topup-blocked").TextContent);

        await form.Find("#topup-check-unsettled").ClickAsync(new());

        form.WaitForAssertion(() => Assert.Single(form.FindAll("#topup-form")), TimeSpan.FromSeconds(30));
        Assert.Empty(form.FindAll("#topup-blocked"));
    }

    protected override void Dispose(bool disposing)
    {
        foreach (var scope in scopes)
        {
            scope.Dispose();
        }
        base.Dispose(disposing);
    }
}
