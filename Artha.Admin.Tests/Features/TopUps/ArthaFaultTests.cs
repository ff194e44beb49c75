using System.Net;
using Artha.Admin.Auditing;
using Artha.Admin.Data;
using Artha.Admin.Security;
using Artha.Admin.Services;
using Artha.Admin.Tests.Cards;
using Artha.Admin.Tests.Infrastructure;
using Artha.Client;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Http;

namespace Artha.Admin.Tests.Features.TopUps;

/// <summary>
/// Artha failing under the portal: unreachable, or a top-up whose answer is lost after Artha made it. Faults are
/// injected between the Artha client and the embedded sandbox, so everything above (service, audit, intents) is real.
/// </summary>
public class ArthaFaultTests(ArthaFaultTests.FaultyPortal portal) : IClassFixture<ArthaFaultTests.FaultyPortal>
{
    /// <summary>The portal with a switchable fault on its Artha connection.</summary>
    public sealed class FaultyPortal : PortalFactory
    {
        public FaultSwitch Faults { get; } = new();

        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.ConfigureServices(services => services.Configure<HttpClientFactoryOptions>(nameof(IArthaClient),
                options => options.HttpMessageHandlerBuilderActions.Add(b => b.AdditionalHandlers.Add(new FaultHandler(Faults)))));
        }
    }

    public sealed class FaultSwitch
    {
        /// <summary>Every call fails as if Artha's host refused the connection.</summary>
        public volatile bool Down;

        /// <summary>Top-ups reach Artha, but the answer never comes back (the connection drops after sending).</summary>
        public volatile bool LoseTopUpAnswers;
    }

    private sealed class FaultHandler(FaultSwitch faults) : DelegatingHandler
    {
        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            if (faults.Down)
            {
                throw new HttpRequestException("Connection refused (injected)", null, HttpStatusCode.ServiceUnavailable);
            }
            var response = await base.SendAsync(request, cancellationToken);
            if (faults.LoseTopUpAnswers && request.Method == HttpMethod.Post && request.RequestUri!.AbsolutePath.EndsWith("/topup", StringComparison.OrdinalIgnoreCase))
            {
                response.Dispose();
                throw new HttpRequestException("The connection was reset (injected after Artha received the top-up)");
            }
            return response;
        }
    }

    private static ArthaService Service(AsyncServiceScope scope) => scope.ServiceProvider.GetRequiredService<ArthaService>();

    [Fact]
    public async Task With_artha_unreachable_a_list_says_so_and_what_to_do()
    {
        await using var scope = portal.ScopeAs(PortalRoles.Support);
        portal.Faults.Down = true;
        try
        {
            var error = await Assert.ThrowsAsync<ArthaOperationException>(() => Service(scope).ListCustomersAsync(new CustomerFilter(), 0, 20));

            Assert.Equal(ArthaFailureKind.Unavailable, error.Kind);
            Assert.Contains("cannot be reached", error.Message);
            Assert.Contains("Try again", error.Message);
        }
        finally
        {
            portal.Faults.Down = false;
        }
    }

    [Fact]
    public async Task With_artha_unreachable_a_new_customer_is_refused_cleanly_and_the_attempt_is_audited_as_failed()
    {
        await using var scope = portal.ScopeAs(PortalRoles.Support);
        var email = $"down.{Guid.NewGuid():N}@example.com";
        portal.Faults.Down = true;
        try
        {
            var error = await Assert.ThrowsAsync<ArthaOperationException>(() => Service(scope).CreateCustomerAsync(new CustomerDraft
            {
                Type = CustomerTypes.Individual, FirstName = "Dana", LastName = "Down", Email = email, PhoneCode = "+44",
                PhoneNumber = "7700900000", Country = "GB", DateOfBirth = new DateOnly(1990, 6, 15), Gender = "female",
            }));

            Assert.Equal(ArthaFailureKind.Unavailable, error.Kind);
            Assert.Contains("Your input is kept", error.Message);
        }
        finally
        {
            portal.Faults.Down = false;
        }
        var row = (await portal.LatestAuditAsync()).First(a => a.Action == "customer.create");
        Assert.Equal(AuditOutcome.Failed, row.Outcome);
    }

    [Fact]
    public async Task A_top_up_whose_answer_is_lost_is_not_sent_twice_and_is_adopted_from_artha_history()
    {
        var (_, cardId) = await portal.SeedActiveCardAsync();
        await using var scope = portal.ScopeAs(PortalRoles.Finance);
        var artha = Service(scope);
        var form = await artha.PrepareTopUpAsync(cardId);
        var before = await portal.SandboxTopUpCountAsync(cardId);

        portal.Faults.LoseTopUpAnswers = true;
        TopUpOutcome outcome, again;
        try
        {
            outcome = await artha.TopUpAsync(form.IdempotencyKey, cardId, 17.00m, form.Currency);
            // The user, seeing no answer, clicks confirm again.
            again = await artha.TopUpAsync(form.IdempotencyKey, cardId, 17.00m, form.Currency);
        }
        finally
        {
            portal.Faults.LoseTopUpAnswers = false;
        }

        // Artha made exactly one top-up; the portal found it in Artha's history instead of sending another.
        Assert.Equal(before + 1, await portal.SandboxTopUpCountAsync(cardId));
        Assert.NotNull(outcome.TopUpId);
        Assert.NotEqual(TopUpIntentState.Submitting, outcome.State);
        Assert.Contains("not sent twice", outcome.Message);
        Assert.True(again.Replayed);
        Assert.Equal(outcome.TopUpId, again.TopUpId);
        var intent = Assert.Single(await portal.IntentsAsync(i => i.IdempotencyKey == form.IdempotencyKey));
        Assert.Equal(outcome.TopUpId, intent.TopUpId);
        Assert.Contains(await portal.LatestAuditAsync(), a => a.Action == "topup.reconcile" && a.Outcome == AuditOutcome.Succeeded);
    }
}
