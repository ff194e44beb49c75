using Artha.Admin.Data;
using Artha.Admin.LiveStatus;
using Artha.Admin.Tests.Infrastructure;
using Artha.Client;
using Artha.Client.Models;
using Microsoft.Extensions.DependencyInjection;

namespace Artha.Admin.Tests.LiveStatus;

/// <summary>
/// The portal on a real loopback port (Kestrel), its embedded sandbox posting webhooks to the portal's
/// <c>/webhooks/artha</c> (<c>Sandbox:WebhookUrl</c>), and the poller switched off: whatever resolves a watch here
/// came from the sandbox's own signed webhook.
/// </summary>
public sealed class SandboxWebhookPortalFactory : LivePortalFactory
{
    public SandboxWebhookPortalFactory()
    {
        Port = FreeLoopbackPort();
        ExtraSettings = new Dictionary<string, string?>
        {
            ["Sandbox:WebhookUrl"] = $"http://127.0.0.1:{Port}/webhooks/artha",
            ["LiveStatus:Poller:Enabled"] = "false",
        };
        UseKestrel(Port);
    }

    public int Port { get; }

    /// <summary>A free loopback port right now (a later bind may race with other programs, which is unlikely on a test machine).</summary>
    private static int FreeLoopbackPort()
    {
        using var probe = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        probe.Start();
        var port = ((System.Net.IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        return port;
    }
}

public class SandboxWebhookIntegrationTests(SandboxWebhookPortalFactory portal) : IClassFixture<SandboxWebhookPortalFactory>
{
    private IArthaClient Artha => portal.Services.GetRequiredService<IArthaClient>();
    private StatusWatchRegistry Registry => portal.Services.GetRequiredService<StatusWatchRegistry>();

    [Fact]
    public async Task The_sandbox_s_own_webhook_resolves_a_top_up_watch_with_the_poller_off()
    {
        await portal.SeedSandboxAsync(1, 1, 0);
        var card = (await Artha.Cards.ListAsync(new CardListQuery { Limit = 20 }, CancellationToken.None)).Items
            .First(c => c.State == CardState.Active && c.Status == CardStatus.Active && c.Currency is not null);
        var (changes, subscription) = portal.Listen();
        using var _ = subscription;

        var topUp = await Artha.Funding.TopUpAsync(card.Id, new TopUpRequest(25.00m, card.Currency!), CancellationToken.None);
        var watch = await Registry.WatchAsync(WatchKind.TopUp, topUp.TopUpId!, $"Top-up of 25.00 {card.Currency} to card {card.CardNumberMasked}",
            topUp.Status.Value, cardId: card.Id);

        var done = await portal.WaitUntilFinishedAsync(watch.Id, seconds: 30);

        Assert.Equal(WatchOutcome.Completed, done.Outcome);
        Assert.Equal("approved", done.LastStatus, ignoreCase: true);
        // No poll happened: the poller is off, and the watch records none.
        Assert.Equal(0, done.Attempts);
        Assert.Null(done.LastPolledAtUtc);
        await changes.WaitForChangeAsync(c => c.IsNotable && c.EntityId == topUp.TopUpId);
        lock (changes)
        {
            Assert.Equal($"Top-up of 25.00 {card.Currency} to card {card.CardNumberMasked} approved",
                Assert.Single(changes, c => c.IsNotable && c.EntityId == topUp.TopUpId).Message);
        }
        var audit = (await portal.LatestAuditAsync(50)).First(a => a.TargetId == topUp.TopUpId);
        Assert.Equal(StatusWatchResolver.SystemActor, audit.UserName);
        Assert.Contains("learned by webhook", audit.Detail);
    }

    [Fact]
    public async Task The_sandbox_s_own_webhook_resolves_a_kyc_watch_with_the_poller_off()
    {
        const string ProductId = "3b241101-e2bb-4255-8caf-4136c566a962"; // USD Virtual Basic: full name only
        var customer = await Artha.Customers.CreateAsync(new CreateCustomerRequest
        {
            Type = CustomerType.Individual, FirstName = "Jane", LastName = "Hook", Email = $"jane.{Guid.NewGuid():N}@example.test",
            PhoneCode = "+44", PhoneNumber = "7700900123", Country = "GB", DateOfBirth = new DateOnly(1990, 1, 2), Gender = "female",
        }, CancellationToken.None);
        var watch = await Registry.WatchAsync(WatchKind.Kyc, customer.Id, "KYC for Jane Hook", "Pending", productId: ProductId, customerId: customer.Id);

        await Artha.Applicants.SubmitAsync(customer.Id, ProductId, new SubmitApplicantRequest
        {
            KycDetails = new KycDetails { CustomerId = customer.Id, FirstName = "Jane", LastName = "Hook" },
        }, CancellationToken.None);
        var done = await portal.WaitUntilFinishedAsync(watch.Id, seconds: 30);

        Assert.Equal(WatchOutcome.Completed, done.Outcome);
        Assert.Equal(0, done.Attempts);
        Assert.Null(done.LastPolledAtUtc);
    }
}
