using MudBlazor.Services;
using Microsoft.Extensions.DependencyInjection.Extensions;
using System.Collections.Concurrent;
using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Artha.Admin.Features.Cards;
using Artha.Admin.Components.UI;
using Artha.Admin.Data;
using Artha.Admin.LiveStatus;
using Artha.Admin.Security;
using Artha.Admin.Services;
using Artha.Admin.Tests.Cards;
using Artha.Admin.Tests.Infrastructure;
using Artha.Client;
using Bunit;
using Microsoft.AspNetCore.Hosting;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Http;

namespace Artha.Admin.Tests.LiveStatus;

/// <summary>
/// Replacing a card the way real Artha answers: 202 without the new card's id. A handler between the Artha client and
/// the embedded sandbox takes <c>newCardId</c> out of the replace answer (the sandbox's own addition), so the portal has
/// to find the new card in the customer's cards; the hosted poller does, and the new card's issuance completes.
/// </summary>
public class ReplacementIntegrationTests(ReplacementIntegrationTests.UnnamedReplacementPortal portal)
    : IClassFixture<ReplacementIntegrationTests.UnnamedReplacementPortal>
{
    /// <summary>The live portal (fast polling) whose replace answers never name the new card.</summary>
    public sealed class UnnamedReplacementPortal : LivePortalFactory
    {
        /// <summary>Old card id → the new card id the sandbox named and the handler took out.</summary>
        public ConcurrentDictionary<string, string> Stripped { get; } = new();

        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.ConfigureServices(services => services.Configure<HttpClientFactoryOptions>(nameof(IArthaClient),
                options => options.HttpMessageHandlerBuilderActions.Add(b => b.AdditionalHandlers.Add(new StripNewCardIdHandler(Stripped)))));
        }
    }

    /// <summary>Answers <c>POST …/cards/{id}/replace</c> as the Artha docs show it: no new card id, a plain message.</summary>
    private sealed class StripNewCardIdHandler(ConcurrentDictionary<string, string> stripped) : DelegatingHandler
    {
        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var response = await base.SendAsync(request, cancellationToken);
            var path = request.RequestUri!.AbsolutePath;
            if (request.Method != HttpMethod.Post || !path.EndsWith("/replace", StringComparison.OrdinalIgnoreCase) || !response.IsSuccessStatusCode)
            {
                return response;
            }
            var text = await response.Content.ReadAsStringAsync(cancellationToken);
            if (JsonNode.Parse(text) is not JsonObject root)
            {
                return response;
            }
            var body = root["data"] as JsonObject ?? root;
            var oldCardId = path.Split('/')[^2];
            foreach (var name in new[] { "newCardId", "new_card_id" })
            {
                if (body.TryGetPropertyValue(name, out var value))
                {
                    body.Remove(name);
                    if (value?.GetValue<string>() is { } newCardId)
                    {
                        stripped[oldCardId] = newCardId;
                    }
                }
            }
            if (body.ContainsKey("message"))
            {
                body["message"] = "Card replaced successfully";
            }
            response.Content = new StringContent(root.ToJsonString(), Encoding.UTF8, "application/json");
            return response;
        }
    }

    private StatusWatchRegistry Registry => portal.Services.GetRequiredService<StatusWatchRegistry>();

    private async Task<List<StatusWatch>> WatchesAsync(Func<IQueryable<StatusWatch>, IQueryable<StatusWatch>> filter)
    {
        await using var db = await portal.Services.GetRequiredService<IDbContextFactory<AdminDbContext>>().CreateDbContextAsync();
        return await filter(db.StatusWatches.AsNoTracking()).ToListAsync();
    }

    [Fact]
    public async Task A_replacement_artha_does_not_name_is_found_in_the_customers_cards_and_its_issuance_completes()
    {
        var (customerId, cardId) = await portal.SeedActiveCardAsync();
        var (changes, subscription) = portal.Listen();
        using var _ = subscription;

        CardOperationOutcome outcome;
        await using (var scope = portal.ScopeAs(PortalRoles.Operations))
        {
            outcome = await scope.ServiceProvider.GetRequiredService<ArthaService>().ReplaceCardAsync(cardId, "damaged", null);
        }

        Assert.Null(outcome.NewCardId);
        Assert.Contains("did not name it yet", outcome.Message);
        Assert.True(portal.Stripped.TryGetValue(cardId, out var sandboxNewCardId), "the sandbox named the new card and the handler took it out");
        var replacement = Assert.Single(await WatchesAsync(q => q.Where(w => w.EntityId == cardId)));
        Assert.Equal(WatchKind.Replacement, replacement.Kind);
        Assert.Equal((customerId, cardId), (replacement.CustomerId, replacement.CardId));
        Assert.NotNull(replacement.ProductId);

        var found = await portal.WaitUntilFinishedAsync(replacement.Id);

        Assert.Equal(WatchOutcome.Completed, found.Outcome);
        Assert.Equal(WatchStatuses.ReplacementFound, found.LastStatus);
        var issuance = Assert.Single(await WatchesAsync(q => q.Where(w => w.Kind == WatchKind.CardIssuance && w.CustomerId == customerId)));
        Assert.Equal(sandboxNewCardId, issuance.EntityId);
        Assert.Equal(replacement.ProductId, issuance.ProductId);
        Assert.Equal(replacement.Description, issuance.Description);

        var issued = await portal.WaitUntilFinishedAsync(issuance.Id);

        Assert.Equal(WatchOutcome.Completed, issued.Outcome);
        Assert.Equal("active", issued.LastStatus);
        Assert.Equal("active", (await portal.WaitForCardStateAsync(sandboxNewCardId, "active")).State);
        await changes.WaitForChangeAsync(c => c.IsNotable && c.EntityId == sandboxNewCardId && c.Status == "active");
        lock (changes)
        {
            var handOver = Assert.Single(changes, c => c.IsNotable && c.EntityId == sandboxNewCardId && c.Message.Contains("is being issued as card ••", StringComparison.Ordinal));
            Assert.StartsWith($"{replacement.Description} is being issued as card ••", handOver.Message);
            Assert.Equal(cardId, handOver.CardId);
            var completed = Assert.Single(changes, c => c.IsNotable && c.EntityId == sandboxNewCardId && c.Status == "active");
            Assert.Equal($"{replacement.Description} completed", completed.Message);
        }
    }

    [Fact]
    public async Task A_signed_card_webhook_of_the_customer_makes_a_waiting_replacement_search_look_at_once()
    {
        var customerId = "cust_" + Guid.NewGuid().ToString("N");
        var oldCardId = "card_" + Guid.NewGuid().ToString("N");
        var watch = await Registry.WatchAsync(WatchKind.Replacement, oldCardId, "Replacement of card ••0000", "pending",
            productId: "prod-x", customerId: customerId, cardId: oldCardId);
        await using (var db = await portal.Services.GetRequiredService<IDbContextFactory<AdminDbContext>>().CreateDbContextAsync())
        {
            var farFuture = DateTime.UtcNow.AddDays(1);
            await db.StatusWatches.Where(w => w.Id == watch.Id).ExecuteUpdateAsync(s => s.SetProperty(w => w.NextPollAtUtc, farFuture));
        }
        var body = $$"""{"event":"card.under_review","event_id":"evt_{{Guid.NewGuid():N}}","card_id":"card_new_{{Guid.NewGuid():N}}","customer_id":"{{customerId}}","product_id":"prod-x","status":"inactive","task_id":"task_1","performed_at":"2026-11-21T09:00:00Z"}""";

        using var client = portal.CreateClient();
        using var response = await client.SendAsync(LiveStatusTestExtensions.SignedWebhook(body));

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        // Brought forward from tomorrow, the search is polled now (Artha knows no such customer: it simply looks again later).
        var until = DateTime.UtcNow.AddSeconds(10);
        StatusWatch row;
        while ((row = await portal.WatchRowAsync(watch.Id)).Attempts == 0 && DateTime.UtcNow < until)
        {
            await Task.Delay(100);
        }
        Assert.True(row.Attempts >= 1, "the webhook made the replacement search poll at once");
        Assert.Equal(WatchOutcome.Active, row.Outcome);
    }

    [Fact]
    public async Task The_old_cards_page_shows_that_the_search_for_its_replacement_timed_out_although_the_card_itself_is_settled()
    {
        var (customerId, cardId) = await portal.SeedActiveCardAsync();
        var description = $"Replacement of card ••{cardId[^4..]}";
        var watch = await Registry.WatchAsync(WatchKind.Replacement, cardId, description, "pending", productId: "prod-x", customerId: customerId, cardId: cardId);
        await using (var db = await portal.Services.GetRequiredService<IDbContextFactory<AdminDbContext>>().CreateDbContextAsync())
        {
            var farFuture = DateTime.UtcNow.AddDays(1);
            await db.StatusWatches.Where(w => w.Id == watch.Id).ExecuteUpdateAsync(s => s.SetProperty(w => w.NextPollAtUtc, farFuture));
        }
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

        var page = bunit.Render<CardDetailPage>(p => p.Add(x => x.CardId, cardId));

        // The seeded card's issuance is active (an issuance notice would be hidden); the replacement's search is not settled by that.
        page.WaitForAssertion(() => Assert.Contains($"{description} timed out — check with Artha.", page.Find("#card-timed-out").TextContent),
            TimeSpan.FromSeconds(30));
    }
}
