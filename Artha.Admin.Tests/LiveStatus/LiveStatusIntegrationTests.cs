using MudBlazor.Services;
using Microsoft.Extensions.DependencyInjection.Extensions;
using System.Net;
using Artha.Admin.Auditing;
using Artha.Admin.Features.Cards;
using Artha.Admin.Components.UI;
using Artha.Admin.Data;
using Artha.Admin.LiveStatus;
using Artha.Admin.Security;
using Artha.Admin.Services;
using Artha.Admin.Tests.Infrastructure;
using Artha.Client;
using Artha.Client.Models;
using Bunit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Artha.Admin.Tests.LiveStatus;

/// <summary>The whole portal with its embedded sandbox: watches resolved by polling and by signed webhooks.</summary>
public class LiveStatusIntegrationTests(LivePortalFactory portal) : IClassFixture<LivePortalFactory>
{
    private IArthaClient Artha => portal.Services.GetRequiredService<IArthaClient>();
    private StatusWatchRegistry Registry => portal.Services.GetRequiredService<StatusWatchRegistry>();

    [Fact]
    public async Task A_watch_on_a_real_sandbox_top_up_completes_by_polling_and_tells_every_open_page()
    {
        var card = await FundedCardAsync();
        var (changes, subscription) = portal.Listen();
        using var _ = subscription;

        var topUp = await Artha.Funding.TopUpAsync(card.Id, new TopUpRequest(50.00m, card.Currency!), CancellationToken.None);
        var watch = await Registry.WatchAsync(WatchKind.TopUp, topUp.TopUpId!, $"Top-up of 50.00 {card.Currency} to card {card.CardNumberMasked}", topUp.Status.Value, cardId: card.Id);

        var done = await portal.WaitUntilFinishedAsync(watch.Id);

        Assert.Equal(WatchOutcome.Completed, done.Outcome);
        Assert.Equal("approved", done.LastStatus, ignoreCase: true);
        Assert.True(done.Attempts >= 1, "resolved by polling");
        await changes.WaitForChangeAsync(c => c.IsNotable && c.EntityId == topUp.TopUpId);
        StatusChange notable;
        lock (changes)
        {
            notable = Assert.Single(changes, c => c.IsNotable && c.EntityId == topUp.TopUpId);
        }
        Assert.Equal($"Top-up of 50.00 {card.Currency} to card {card.CardNumberMasked} approved", notable.Message);
        Assert.Equal(card.Id, notable.CardId);
        var audit = (await portal.LatestAuditAsync(50)).First(a => a.TargetId == topUp.TopUpId);
        Assert.Equal(StatusWatchResolver.SystemActor, audit.UserName);
        Assert.Equal(AuditOutcome.Succeeded, audit.Outcome);
    }

    [Fact]
    public async Task A_watch_on_a_real_kyc_submission_completes_with_the_rejection()
    {
        const string ProductId = "3b241101-e2bb-4255-8caf-4136c566a962"; // USD Virtual Basic: full name only
        var customer = await Artha.Customers.CreateAsync(new CreateCustomerRequest
        {
            Type = CustomerType.Individual, FirstName = "Jane", LastName = "Reject", Email = $"jane.{Guid.NewGuid():N}@example.test",
            PhoneCode = "+44", PhoneNumber = "7700900123", Country = "GB", DateOfBirth = new DateOnly(1990, 1, 2), Gender = "female",
        }, CancellationToken.None);
        await Artha.Applicants.SubmitAsync(customer.Id, ProductId, new SubmitApplicantRequest
        {
            KycDetails = new KycDetails { CustomerId = customer.Id, FirstName = "Jane", LastName = "Reject" },
        }, CancellationToken.None);
        var (changes, subscription) = portal.Listen();
        using var _ = subscription;

        var watch = await Registry.WatchAsync(WatchKind.Kyc, customer.Id, "KYC for Jane Reject", "Pending", productId: ProductId, customerId: customer.Id);
        var done = await portal.WaitUntilFinishedAsync(watch.Id);

        Assert.Equal(WatchOutcome.Completed, done.Outcome);
        await changes.WaitForChangeAsync(c => c.IsNotable && c.EntityId == customer.Id);
        lock (changes)
        {
            var notable = Assert.Single(changes, c => c.IsNotable && c.EntityId == customer.Id);
            Assert.Equal("KYC for Jane Reject rejected", notable.Message);
            Assert.Equal(StatusSubject.Kyc, notable.Subject);
        }
    }

    [Fact]
    public async Task A_signed_webhook_resolves_a_watch_without_any_poll()
    {
        var topUpId = "tu_" + Guid.NewGuid().ToString("N");
        var watch = await Registry.WatchAsync(WatchKind.TopUp, topUpId, "Top-up of £50.00 to card ••4242", "pending");
        await PostponeAsync(watch.Id);
        var (changes, subscription) = portal.Listen();
        using var _ = subscription;

        using var client = portal.CreateClient();
        using var response = await client.SendAsync(LiveStatusTestExtensions.SignedWebhook(LiveStatusTestExtensions.TopUpEvent(topUpId, "approved")));

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var done = await portal.WaitUntilFinishedAsync(watch.Id, seconds: 5);
        Assert.Equal(WatchOutcome.Completed, done.Outcome);
        Assert.Null(done.LastPolledAtUtc);
        Assert.Equal(0, done.Attempts);
        await changes.WaitForChangeAsync(c => c.IsNotable && c.EntityId == topUpId);
        lock (changes)
        {
            Assert.Equal("Top-up of £50.00 to card ••4242 approved", Assert.Single(changes, c => c.IsNotable && c.EntityId == topUpId).Message);
        }
    }

    [Fact]
    public async Task A_repeated_webhook_event_is_acknowledged_as_a_duplicate_and_notifies_once()
    {
        var topUpId = "tu_" + Guid.NewGuid().ToString("N");
        var watch = await Registry.WatchAsync(WatchKind.TopUp, topUpId, "Top-up of £7.00", "pending");
        await PostponeAsync(watch.Id);
        var (changes, subscription) = portal.Listen();
        using var _ = subscription;
        var body = LiveStatusTestExtensions.TopUpEvent(topUpId, "rejected", eventId: "evt_" + Guid.NewGuid().ToString("N"));

        using var client = portal.CreateClient();
        using var first = await client.SendAsync(LiveStatusTestExtensions.SignedWebhook(body));
        using var second = await client.SendAsync(LiveStatusTestExtensions.SignedWebhook(body));

        Assert.Equal(HttpStatusCode.Accepted, first.StatusCode);
        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        Assert.Contains("duplicate", await second.Content.ReadAsStringAsync());
        Assert.Equal(WatchOutcome.Completed, (await portal.WaitUntilFinishedAsync(watch.Id, seconds: 5)).Outcome);
        await changes.WaitForChangeAsync(c => c.IsNotable && c.EntityId == topUpId);
        // Time for a second (wrong) notification to show up, if there were one.
        await Task.Delay(300);
        lock (changes)
        {
            Assert.Single(changes, c => c.IsNotable && c.EntityId == topUpId);
        }
    }

    [Fact]
    public async Task A_repeated_webhook_without_an_event_id_is_recognised_by_its_content_and_a_different_one_is_not()
    {
        var topUpId = "tu_" + Guid.NewGuid().ToString("N");
        var watch = await Registry.WatchAsync(WatchKind.TopUp, topUpId, "Top-up of £8.00", "pending");
        await PostponeAsync(watch.Id);
        var (changes, subscription) = portal.Listen();
        using var _ = subscription;

        using var client = portal.CreateClient();
        using var first = await client.SendAsync(LiveStatusTestExtensions.SignedWebhook(LiveStatusTestExtensions.TopUpEventWithoutId(topUpId, "approved")));
        using var retry = await client.SendAsync(LiveStatusTestExtensions.SignedWebhook(LiveStatusTestExtensions.TopUpEventWithoutId(topUpId, "approved")));
        using var other = await client.SendAsync(LiveStatusTestExtensions.SignedWebhook(LiveStatusTestExtensions.TopUpEventWithoutId(topUpId, "approved", amount: "9.00")));

        Assert.Equal(HttpStatusCode.Accepted, first.StatusCode);
        Assert.Equal(HttpStatusCode.OK, retry.StatusCode);
        Assert.Contains("duplicate", await retry.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.Accepted, other.StatusCode);
        Assert.Equal(WatchOutcome.Completed, (await portal.WaitUntilFinishedAsync(watch.Id, seconds: 5)).Outcome);
        await changes.WaitForChangeAsync(c => c.IsNotable && c.EntityId == topUpId);
        // Time for a second (wrong) notification to show up, if there were one.
        await Task.Delay(300);
        lock (changes)
        {
            Assert.Single(changes, c => c.IsNotable && c.EntityId == topUpId);
        }
    }

    [Fact]
    public async Task The_card_page_shows_that_a_top_up_of_the_card_timed_out_read_from_the_persisted_watch()
    {
        var card = await FundedCardAsync();
        var topUpId = "tu_" + Guid.NewGuid().ToString("N");
        var description = $"Top-up of 12.00 {card.Currency} to card {card.CardNumberMasked}";
        var watch = await Registry.WatchAsync(WatchKind.TopUp, topUpId, description, "pending", cardId: card.Id);
        await PostponeAsync(watch.Id);
        var resolver = portal.Services.GetRequiredService<StatusWatchResolver>();
        Assert.True(await resolver.TimeOutAsync(await portal.WatchRowAsync(watch.Id), "the deadline passed", CancellationToken.None));

        await using var bunit = new BunitContext(); // the card page embeds MudBlazor grids: their services dispose asynchronously
        bunit.Services.AddMudServices();
        bunit.Services.TryAddSingleton(TimeProvider.System);
        bunit.JSInterop.Mode = JSRuntimeMode.Loose;
        await using var scope = portal.ScopeAs(PortalRoles.Operations);
        bunit.Services.AddSingleton(scope.ServiceProvider.GetRequiredService<ArthaService>());
        // The card page's step-up dialog shares the circuit's StepUp with the services, as in the portal.
        bunit.Services.AddSingleton(scope.ServiceProvider.GetRequiredService<Artha.Admin.Security.StepUp>());
        bunit.Services.AddScoped<Artha.Admin.Security.StepUpPrompt>();
        bunit.Services.AddSingleton(portal.Services.GetRequiredService<IStatusEventStream>());
        bunit.Services.AddSingleton(Registry);
        bunit.Services.AddScoped<PortalNotifier>();
        bunit.Services.AddScoped<PortalDialogs>();
        bunit.Services.AddScoped<UrlState>();
        bunit.AddAuthorization().SetAuthorized("operations@artha.local").SetRoles(PortalRoles.Operations);

        var page = bunit.Render<CardDetailPage>(p => p.Add(x => x.CardId, card.Id));

        page.WaitForAssertion(() => Assert.Contains($"{description} timed out — check with Artha.", page.Find("#card-timed-out").TextContent),
            TimeSpan.FromSeconds(30));
    }

    [Fact]
    public async Task A_webhook_with_a_wrong_signature_is_refused_with_401_and_changes_nothing()
    {
        var topUpId = "tu_" + Guid.NewGuid().ToString("N");
        var watch = await Registry.WatchAsync(WatchKind.TopUp, topUpId, "Top-up", "pending");
        await PostponeAsync(watch.Id);

        using var client = portal.CreateClient();
        using var response = await client.SendAsync(LiveStatusTestExtensions.SignedWebhook(LiveStatusTestExtensions.TopUpEvent(topUpId, "approved"), secret: "forged"));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Contains("INVALID_SIGNATURE", await response.Content.ReadAsStringAsync());
        await Task.Delay(300);
        Assert.Equal(WatchOutcome.Active, (await portal.WatchRowAsync(watch.Id)).Outcome);
    }

    [Fact]
    public async Task A_replayed_webhook_delivery_is_refused_with_401()
    {
        var body = LiveStatusTestExtensions.TopUpEvent("tu_" + Guid.NewGuid().ToString("N"), "pending");
        var nonce = Guid.NewGuid().ToString("N");
        var at = DateTimeOffset.UtcNow;

        using var client = portal.CreateClient();
        using var first = await client.SendAsync(LiveStatusTestExtensions.SignedWebhook(body, at, nonce));
        using var replay = await client.SendAsync(LiveStatusTestExtensions.SignedWebhook(body, at, nonce));

        Assert.Equal(HttpStatusCode.Accepted, first.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, replay.StatusCode);
        Assert.Contains("NONCE_REUSED", await replay.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task A_stale_webhook_delivery_is_refused_with_401()
    {
        using var client = portal.CreateClient();
        using var response = await client.SendAsync(LiveStatusTestExtensions.SignedWebhook(
            LiveStatusTestExtensions.TopUpEvent("tu_stale", "approved"), DateTimeOffset.UtcNow.AddMinutes(-10)));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Contains("TIMESTAMP_OUT_OF_RANGE", await response.Content.ReadAsStringAsync());
    }

    private async Task PostponeAsync(long watchId)
    {
        await using var db = await portal.Services.GetRequiredService<IDbContextFactory<AdminDbContext>>().CreateDbContextAsync();
        var farFuture = DateTime.UtcNow.AddDays(1);
        await db.StatusWatches.Where(w => w.Id == watchId).ExecuteUpdateAsync(s => s.SetProperty(w => w.NextPollAtUtc, farFuture));
    }

    private async Task<Card> FundedCardAsync()
    {
        await portal.SeedSandboxAsync(1, 1, 0);
        var cards = await Artha.Cards.ListAsync(new CardListQuery { Limit = 20 }, CancellationToken.None);
        return cards.Items.First(c => c.State == CardState.Active && c.Status == CardStatus.Active && c.Currency is not null);
    }
}
