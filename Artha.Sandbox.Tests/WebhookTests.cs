using System.Collections.Concurrent;
using System.Text.Json;
using Artha.Sandbox.Tests.Infrastructure;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Artha.Sandbox.Tests;

public sealed record ReceivedWebhook(string EventId, int Attempt, string PathAndQuery, IReadOnlyDictionary<string, string> Headers, byte[] Body);

/// <summary>A sandbox with webhooks pointed at a small in-test receiver that fails every event's first delivery.</summary>
public sealed class WebhookHost : SandboxHost
{
    private WebApplication _receiver = null!;
    private readonly ConcurrentDictionary<string, int> _attempts = new();
    public ConcurrentQueue<ReceivedWebhook> Accepted { get; } = new();
    public string ReceiverUrl { get; private set; } = "";

    protected override async Task BeforeStartAsync()
    {
        var builder = WebApplication.CreateBuilder(["--urls", "http://127.0.0.1:0"]);
        builder.Logging.ClearProviders();
        _receiver = builder.Build();
        _receiver.MapPost("/hooks", async (HttpContext context) =>
        {
            using var buffer = new MemoryStream();
            await context.Request.Body.CopyToAsync(buffer);
            var body = buffer.ToArray();
            var eventId = JsonDocument.Parse(body).RootElement.GetProperty("event_id").GetString()!;
            var attempt = _attempts.AddOrUpdate(eventId, 1, (_, n) => n + 1);
            if (attempt == 1)
                return Results.StatusCode(500);
            Accepted.Enqueue(new ReceivedWebhook(eventId, attempt, context.Request.Path + context.Request.QueryString,
                context.Request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase), body));
            return Results.Ok();
        });
        await _receiver.StartAsync();
        ReceiverUrl = _receiver.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First() + "/hooks?src=sandbox";
    }

    protected override void Configure(WebApplicationBuilder builder)
    {
        builder.Configuration["Sandbox:WebhookUrl"] = ReceiverUrl;
        builder.Configuration["Sandbox:WebhookInitialRetryDelayMilliseconds"] = "20";
        builder.Configuration["Sandbox:WebhookMaxAttempts"] = "4";
    }

    public async Task<List<ReceivedWebhook>> WaitFor(Func<List<ReceivedWebhook>, bool> done)
    {
        for (var i = 0; i < 200; i++)
        {
            var snapshot = Accepted.ToList();
            if (done(snapshot)) return snapshot;
            await Task.Delay(50);
        }
        return Accepted.ToList();
    }
}

public class WebhookTests(WebhookHost host) : IClassFixture<WebhookHost>
{
    private static string Type(ReceivedWebhook w) => JsonDocument.Parse(w.Body).RootElement.GetProperty("event_type").GetString()!;

    [Fact]
    public async Task State_changes_are_delivered_signed_snake_case_and_retried()
    {
        var (customerId, cardId) = await host.ActiveGbpCard(fund: 10m);
        await host.Post($"/api/v1/cards/{cardId}/freeze");
        var expected = new[] { "cardholder.reviewing", "cardholder.approved", "card.under_review", "card.approved", "top_up", "card.freeze" };
        var received = await host.WaitFor(list => expected.All(e => list.Any(w => Type(w) == e && Belongs(w, customerId))));
        var mine = received.Where(w => Belongs(w, customerId)).ToList();
        foreach (var eventType in expected)
            Assert.Contains(mine, w => Type(w) == eventType);

        Assert.Equal(mine.Count, mine.Select(w => w.EventId).Distinct().Count());
        foreach (var webhook in mine)
        {
            // Retried: the receiver failed the first attempt of every event.
            Assert.True(webhook.Attempt >= 2);
            // Signed with the §3 scheme over the delivery POST (path and query of the receiver URL).
            Assert.Equal(TestSigner.BodyHash(webhook.Body), webhook.Headers["X-Body-Hash"]);
            var expectedSignature = TestSigner.Signature(SandboxHost.Secret, "POST", webhook.PathAndQuery, webhook.Headers["X-Timestamp"],
                webhook.Headers["X-Nonce"], webhook.Headers["X-Body-Hash"]);
            Assert.Equal(expectedSignature, webhook.Headers["X-Signature"]);
            Assert.Equal(SandboxHost.ApiKey, webhook.Headers["X-API-Key"]);

            var json = JsonDocument.Parse(webhook.Body).RootElement;
            foreach (var key in new[] { "event_id", "event_type", "created_at", "card_id", "customer_id", "transaction_id", "product_id", "status" })
                Assert.True(json.TryGetProperty(key, out _), key);
        }
        var topUp = JsonDocument.Parse(mine.First(w => Type(w) == "top_up").Body).RootElement;
        Assert.Equal("10.00", topUp.GetProperty("authorized_amount").GetString());
        Assert.Equal(cardId, topUp.GetProperty("card_id").GetString());
        Assert.Equal("approved", topUp.GetProperty("status").GetString());
        Assert.Equal(JsonValueKind.Null, topUp.GetProperty("original_transaction_id").ValueKind);
        var freeze = JsonDocument.Parse(mine.First(w => Type(w) == "card.freeze").Body).RootElement;
        Assert.Equal("frozen", freeze.GetProperty("status").GetString());
    }

    private static bool Belongs(ReceivedWebhook w, string customerId) =>
        JsonDocument.Parse(w.Body).RootElement.GetProperty("customer_id").GetString() == customerId;
}
