using System.Collections.Concurrent;
using System.Net;
using System.Text.Json;
using Artha.Sandbox.State;
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

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        await _receiver.StopAsync();
        await _receiver.DisposeAsync();
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

    [Fact]
    public async Task Every_other_event_the_sandbox_emits_is_delivered_with_its_payload()
    {
        // cardholder.rejected
        var rejectedId = await host.CreateIndividual("Reject");
        await host.Post($"/api/v1/customers/{rejectedId}/products/{DefaultProducts.GbpVirtualId}/applicant", SandboxHost.GbpKyc(rejectedId, "Reject"));
        host.Time.AdvanceSeconds(3.1);

        // card.rejected (issuance fails for +cardfail emails)
        var failId = await host.CreateIndividual(email: $"jane+cardfail.{Guid.NewGuid():N}@example.com");
        await host.Post($"/api/v1/customers/{failId}/products/{DefaultProducts.GbpVirtualId}/applicant", SandboxHost.GbpKyc(failId));
        host.Time.AdvanceSeconds(3.1);
        var failedCardId = (await host.Post("/api/v1/cards", new { customerId = failId, productId = DefaultProducts.GbpVirtualId, currency = "GBP" })).Str("id");
        host.Time.AdvanceSeconds(3.1);

        // card.activate (physical card)
        var (physicalCustomerId, physicalCardId) = await ActivePhysicalCard();

        // card.unfreeze, card.set_pin, consume (approved and declined), settlement, top_up rejected
        var (customerId, cardId) = await host.ActiveGbpCard(fund: 50m);
        Assert.Equal(HttpStatusCode.OK, (await host.Post($"/api/v1/cards/{cardId}/freeze")).Status);
        Assert.Equal(HttpStatusCode.OK, (await host.Post($"/api/v1/cards/{cardId}/unfreeze")).Status);
        Assert.Equal(HttpStatusCode.OK, (await host.Post($"/api/v1/cards/{cardId}/pin/set", new { pin = "4821" })).Status);
        var approved = await host.Control(HttpMethod.Post, $"/_sandbox/cards/{cardId}/purchases", new { amount = 12.5m, currency = "GBP", merchantName = "Coffee Shop Ltd", mcc = "5814" });
        Assert.Equal("authorized", approved.Str("status"));
        var declined = await host.Control(HttpMethod.Post, $"/_sandbox/cards/{cardId}/purchases", new { amount = 600m, merchantName = "Big Shop", mcc = "5411" });
        Assert.Equal("declined", declined.Str("status"));
        var rejectedTopUp = await host.Post($"/api/v1/cards/{cardId}/topup", new { amount = 10.13m, currency = "GBP" });
        Assert.Equal(HttpStatusCode.Accepted, rejectedTopUp.Status);
        // reversal, refund, maintain_fee (their payloads: Reversal_refund_and_maintain_fee_are_delivered_with_the_transaction_payload)
        var toReverse = await host.Control(HttpMethod.Post, $"/_sandbox/cards/{cardId}/purchases", new { amount = 5m, merchantName = "Hotel", mcc = "7011" });
        Assert.Equal(HttpStatusCode.OK, (await host.Control(HttpMethod.Post, $"/_sandbox/transactions/{toReverse.Str("transactionId")}/reverse")).Status);
        Assert.Equal(HttpStatusCode.Created, (await host.Control(HttpMethod.Post, $"/_sandbox/cards/{cardId}/fees", new { amount = 1m })).Status);
        host.Time.AdvanceSeconds(61);
        Assert.Equal("settled", (await host.Get($"/api/v1/transactions/{approved.Str("transactionId")}")).Str("status"));
        Assert.Equal(HttpStatusCode.Created,
            (await host.Control(HttpMethod.Post, $"/_sandbox/transactions/{approved.Str("transactionId")}/refund", new { amount = 2.5m })).Status);
        Assert.Equal("rejected", (await host.Get($"/api/v1/topupstatus/{rejectedTopUp.Str("transactionId")}")).Str("status"));

        // Replace (card.cancel + card.under_review sharing the task id, then card.approved), then card.cancel.
        var replaced = await host.Post($"/api/v1/cards/{cardId}/replace", new { reason = "Card damaged" });
        Assert.Equal(HttpStatusCode.Accepted, replaced.Status);
        var newCardId = replaced.Str("newCardId");
        host.Time.AdvanceSeconds(3.1);
        Assert.Equal("active", (await host.Get($"/api/v1/card/{newCardId}")).Str("state"));
        Assert.Equal(HttpStatusCode.OK, (await host.Post($"/api/v1/cards/{newCardId}/cancel", new { reason = "Customer reported card as lost." })).Status);

        var wanted = new (string Customer, string Type, Func<JsonElement, bool> Match)[]
        {
            (rejectedId, "cardholder.rejected", _ => true),
            (failId, "card.rejected", _ => true),
            (physicalCustomerId, "card.activate", _ => true),
            (customerId, "cardholder.reviewing", _ => true),
            (customerId, "cardholder.approved", _ => true),
            (customerId, "top_up", j => j.GetProperty("status").GetString() == "approved"),
            (customerId, "card.freeze", _ => true),
            (customerId, "card.unfreeze", _ => true),
            (customerId, "card.set_pin", _ => true),
            // Two approved purchases (the coffee and the reversed hotel) each emit a consume: match by transaction id.
            (customerId, "consume", j => j.GetProperty("transaction_id").GetString() == approved.Str("transactionId")),
            (customerId, "consume", j => j.GetProperty("transaction_id").GetString() == declined.Str("transactionId")),
            (customerId, "settlement", _ => true),
            (customerId, "top_up", j => j.GetProperty("status").GetString() == "rejected"),
            (customerId, "reversal", _ => true),
            (customerId, "refund", _ => true),
            (customerId, "maintain_fee", _ => true),
            (customerId, "card.cancel", j => j.GetProperty("card_id").GetString() == cardId),
            (customerId, "card.under_review", j => j.GetProperty("card_id").GetString() == newCardId),
            (customerId, "card.approved", j => j.GetProperty("card_id").GetString() == newCardId),
            (customerId, "card.cancel", j => j.GetProperty("card_id").GetString() == newCardId),
        };
        var received = await host.WaitFor(list => wanted.All(w => Find(list, w.Customer, w.Type, w.Match) is not null));
        JsonElement Event(string customer, string type, Func<JsonElement, bool> match) =>
            Find(received, customer, type, match) ?? throw new Xunit.Sdk.XunitException($"{type} for customer {customer} was not delivered");

        var holderRejected = Event(rejectedId, "cardholder.rejected", _ => true);
        Assert.Equal("rejected", holderRejected.GetProperty("status").GetString());
        Assert.Equal(DefaultProducts.GbpVirtualId, holderRejected.GetProperty("product_id").GetString());
        Assert.Contains("Reject", holderRejected.GetProperty("remarks").GetString());
        Assert.Equal(JsonValueKind.Null, holderRejected.GetProperty("card_id").ValueKind);

        var cardRejected = Event(failId, "card.rejected", _ => true);
        Assert.Equal(failedCardId, cardRejected.GetProperty("card_id").GetString());
        Assert.Equal("failed", cardRejected.GetProperty("state").GetString());
        Assert.Contains("+cardfail", cardRejected.GetProperty("reason").GetString());

        var activated = Event(physicalCustomerId, "card.activate", _ => true);
        Assert.Equal(physicalCardId, activated.GetProperty("card_id").GetString());
        Assert.Equal("active", activated.GetProperty("status").GetString());
        Assert.Equal("physical", activated.GetProperty("card_type").GetString());

        Assert.Equal("active", Event(customerId, "card.unfreeze", _ => true).GetProperty("status").GetString());
        var pin = Event(customerId, "card.set_pin", _ => true);
        Assert.Equal(cardId, pin.GetProperty("card_id").GetString());
        Assert.DoesNotContain("4821", pin.GetRawText());

        var consume = Event(customerId, "consume", j => j.GetProperty("transaction_id").GetString() == approved.Str("transactionId"));
        Assert.Equal("approved", consume.GetProperty("status").GetString());
        Assert.Equal("12.50", consume.GetProperty("authorized_amount").GetString());
        Assert.Equal("GBP", consume.GetProperty("authorized_currency").GetString());
        Assert.Equal("Coffee Shop Ltd", consume.GetProperty("merchant_name").GetString());
        Assert.Equal("5814", consume.GetProperty("merchant_category_code").GetString());
        Assert.Equal("consume", consume.GetProperty("type").GetString());
        Assert.Equal("0.00", consume.GetProperty("settle_amount").GetString());
        var consumeDeclined = Event(customerId, "consume", j => j.GetProperty("transaction_id").GetString() == declined.Str("transactionId"));
        Assert.Equal("declined", consumeDeclined.GetProperty("status").GetString());
        Assert.Contains("per_transaction_limit", consumeDeclined.GetProperty("description").GetString());
        Assert.Equal(JsonValueKind.Null, consumeDeclined.GetProperty("authorization_code").ValueKind);

        var settlement = Event(customerId, "settlement", _ => true);
        Assert.Equal(approved.Str("transactionId"), settlement.GetProperty("transaction_id").GetString());
        Assert.Equal("settled", settlement.GetProperty("status").GetString());
        Assert.Equal("12.50", settlement.GetProperty("settle_amount").GetString());
        Assert.NotEqual(JsonValueKind.Null, settlement.GetProperty("settle_date").ValueKind);

        var topUpRejected = Event(customerId, "top_up", j => j.GetProperty("status").GetString() == "rejected");
        Assert.Equal(rejectedTopUp.Str("transactionId"), topUpRejected.GetProperty("transaction_id").GetString());
        Assert.Equal("10.13", topUpRejected.GetProperty("authorized_amount").GetString());

        var oldCancelled = Event(customerId, "card.cancel", j => j.GetProperty("card_id").GetString() == cardId);
        var newUnderReview = Event(customerId, "card.under_review", j => j.GetProperty("card_id").GetString() == newCardId);
        Assert.Equal("cancelled", oldCancelled.GetProperty("status").GetString());
        Assert.Equal("Card damaged", oldCancelled.GetProperty("reason").GetString());
        Assert.Equal(replaced.Str("taskId"), oldCancelled.GetProperty("task_id").GetString());
        Assert.Equal(replaced.Str("taskId"), newUnderReview.GetProperty("task_id").GetString());
        Assert.Equal("pending", newUnderReview.GetProperty("state").GetString());
        Assert.Equal("active", Event(customerId, "card.approved", j => j.GetProperty("card_id").GetString() == newCardId).GetProperty("state").GetString());
        var newCancelled = Event(customerId, "card.cancel", j => j.GetProperty("card_id").GetString() == newCardId);
        Assert.Equal("cancelled", newCancelled.GetProperty("status").GetString());
        Assert.Equal("Customer reported card as lost.", newCancelled.GetProperty("reason").GetString());
        Assert.Equal(JsonValueKind.Null, newCancelled.GetProperty("task_id").ValueKind);

        // This test alone has now seen every event type the sandbox emits.
        var mine = new[] { rejectedId, failId, physicalCustomerId, customerId };
        Assert.Superset(new HashSet<string>(EmittedEventTypes), received.Where(w => mine.Any(c => Belongs(w, c))).Select(Type).ToHashSet());
    }

    [Fact]
    public async Task Reversal_refund_and_maintain_fee_are_delivered_with_the_transaction_payload()
    {
        var (customerId, cardId) = await host.ActiveGbpCard(fund: 100m);
        var reversed = await host.Control(HttpMethod.Post, $"/_sandbox/cards/{cardId}/purchases", new { amount = 30m, merchantName = "Hotel Deposit", mcc = "7011" });
        Assert.Equal(HttpStatusCode.OK, (await host.Control(HttpMethod.Post, $"/_sandbox/transactions/{reversed.Str("transactionId")}/reverse")).Status);
        var purchase = await host.Control(HttpMethod.Post, $"/_sandbox/cards/{cardId}/purchases", new { amount = 40m, merchantName = "Coffee Shop Ltd", mcc = "5814" });
        Assert.Equal(HttpStatusCode.OK, (await host.Control(HttpMethod.Post, $"/_sandbox/transactions/{purchase.Str("transactionId")}/settle")).Status);
        var refund = await host.Control(HttpMethod.Post, $"/_sandbox/transactions/{purchase.Str("transactionId")}/refund", new { amount = 15m });
        Assert.Equal(HttpStatusCode.Created, refund.Status);
        var fee = await host.Control(HttpMethod.Post, $"/_sandbox/cards/{cardId}/fees", new { amount = 2.5m, description = "Monthly card fee" });
        Assert.Equal("settled", fee.Str("status"));
        var declinedFee = await host.Control(HttpMethod.Post, $"/_sandbox/cards/{cardId}/fees", new { amount = 500m });
        Assert.Equal("declined", declinedFee.Str("status"));

        string? Status(JsonElement j) => j.GetProperty("status").GetString();
        var wanted = new (string Type, Func<JsonElement, bool> Match)[]
        {
            ("reversal", _ => true),
            ("settlement", j => j.GetProperty("transaction_id").GetString() == purchase.Str("transactionId")),
            ("refund", _ => true),
            ("maintain_fee", j => Status(j) == "approved"),
            ("maintain_fee", j => Status(j) == "declined"),
        };
        var received = await host.WaitFor(list => wanted.All(w => Find(list, customerId, w.Type, w.Match) is not null));
        JsonElement Event(string type, Func<JsonElement, bool> match) =>
            Find(received, customerId, type, match) ?? throw new Xunit.Sdk.XunitException($"{type} was not delivered");

        var reversal = Event("reversal", _ => true);
        Assert.Equal(reversed.Str("transactionId"), reversal.GetProperty("transaction_id").GetString());
        Assert.Equal(reversed.Str("transactionId"), reversal.GetProperty("original_transaction_id").GetString());
        Assert.Equal("reversal", reversal.GetProperty("event").GetString());
        Assert.Equal("reversal", reversal.GetProperty("type").GetString());
        Assert.Equal("reversed", Status(reversal));
        Assert.Equal("30.00", reversal.GetProperty("authorized_amount").GetString());
        Assert.Equal("0.00", reversal.GetProperty("settle_amount").GetString());
        Assert.Equal("Hotel Deposit", reversal.GetProperty("merchant_name").GetString());

        var settlement = Event("settlement", j => j.GetProperty("transaction_id").GetString() == purchase.Str("transactionId"));
        Assert.Equal("settled", Status(settlement));
        Assert.Equal("40.00", settlement.GetProperty("settle_amount").GetString());

        var refunded = Event("refund", _ => true);
        Assert.Equal(refund.Str("transactionId"), refunded.GetProperty("transaction_id").GetString());
        Assert.Equal(purchase.Str("transactionId"), refunded.GetProperty("original_transaction_id").GetString());
        Assert.Equal("refund", refunded.GetProperty("type").GetString());
        Assert.Equal("approved", Status(refunded));
        Assert.Equal("15.00", refunded.GetProperty("authorized_amount").GetString());
        Assert.Equal("15.00", refunded.GetProperty("settle_amount").GetString());
        Assert.Equal("GBP", refunded.GetProperty("settle_currency").GetString());
        Assert.Equal("Coffee Shop Ltd", refunded.GetProperty("merchant_name").GetString());
        Assert.NotEqual(JsonValueKind.Null, refunded.GetProperty("settle_date").ValueKind);

        var charged = Event("maintain_fee", j => Status(j) == "approved");
        Assert.Equal(fee.Str("transactionId"), charged.GetProperty("transaction_id").GetString());
        Assert.Equal(JsonValueKind.Null, charged.GetProperty("original_transaction_id").ValueKind);
        Assert.Equal("maintain_fee", charged.GetProperty("type").GetString());
        Assert.Equal("maintain_fee", charged.GetProperty("sub_type").GetString());
        Assert.Equal("2.50", charged.GetProperty("authorized_amount").GetString());
        Assert.Equal("2.50", charged.GetProperty("settle_amount").GetString());
        Assert.Equal("Monthly card fee", charged.GetProperty("description").GetString());
        var refused = Event("maintain_fee", j => Status(j) == "declined");
        Assert.Equal(declinedFee.Str("transactionId"), refused.GetProperty("transaction_id").GetString());
        Assert.Contains("insufficient_funds", refused.GetProperty("description").GetString());
        Assert.Equal(JsonValueKind.Null, refused.GetProperty("authorization_code").ValueKind);

        // Each carries the whole §14.3 field set (nulls included) plus the common keys.
        foreach (var json in new[] { reversal, settlement, refunded, charged, refused })
        {
            foreach (var key in TransactionEventKeys)
                Assert.True(json.TryGetProperty(key, out _), key);
            Assert.Equal(cardId, json.GetProperty("card_id").GetString());
            Assert.Equal(DefaultProducts.GbpVirtualId, json.GetProperty("product_id").GetString());
        }
    }

    /// <summary>§14.3: the transaction event fields.</summary>
    private static readonly string[] TransactionEventKeys =
    [
        "event", "transaction_id", "card_id", "customer_id", "original_transaction_id", "local_currency", "local_amount", "authorized_amount",
        "authorized_currency", "authorization_code", "authorized_at", "fee", "fee_currency", "crossborder_fee", "crossborder_fee_currency",
        "settle_amount", "settle_currency", "settle_date", "merchant_name", "merchant_category_code", "merchant_country", "merchant_city",
        "type", "sub_type", "status", "description",
    ];

    /// <summary>Every event type the sandbox publishes (see the README's webhook section).</summary>
    private static readonly string[] EmittedEventTypes =
    [
        "cardholder.reviewing", "cardholder.approved", "cardholder.rejected", "card.under_review", "card.approved", "card.rejected",
        "card.activate", "card.freeze", "card.unfreeze", "card.cancel", "card.set_pin", "consume", "settlement", "top_up",
        "reversal", "refund", "maintain_fee",
    ];

    private async Task<(string CustomerId, string CardId)> ActivePhysicalCard()
    {
        var customerId = await host.CreateIndividual();
        var kyc = new
        {
            kycDetails = new
            {
                customerId, firstName = "Jane", lastName = "Doe", gender = "female", dob = "1990-06-15", email = "jane@example.com",
                mobileCode = "+49", mobile = "15112345678", addressLine1 = "Unter den Linden 1", city = "Berlin", postalCode = "10117",
                country = "DE", idType = "passport", idNumber = "C01X00T47", profilePicFront = "https://files.example/front.jpg",
                profilePicBack = "https://files.example/back.jpg", docExpiryDate = "2030-01-01", faceImage = "https://files.example/face.jpg",
            },
        };
        Assert.Equal(HttpStatusCode.OK, (await host.Post($"/api/v1/customers/{customerId}/products/{DefaultProducts.EurPhysicalId}/applicant", kyc)).Status);
        host.Time.AdvanceSeconds(3.1);
        var issued = await host.Post("/api/v1/cards", new
        {
            customerId, productId = DefaultProducts.EurPhysicalId, currency = "EUR",
            shippingAddress = new { addressLine1 = "Unter den Linden 1", city = "Berlin", postalCode = "10117", country = "DE" },
        });
        Assert.Equal(HttpStatusCode.Created, issued.Status);
        var cardId = issued.Str("id");
        host.Time.AdvanceSeconds(3.1);
        var card = await host.Get($"/api/v1/cards/{cardId}");
        Assert.Equal("inactive", card.Str("status"));
        Assert.Equal(HttpStatusCode.OK, (await host.Post($"/api/v1/cards/{cardId}/activate", new { activationCode = card.Str("last4") })).Status);
        return (customerId, cardId);
    }

    private static JsonElement? Find(List<ReceivedWebhook> list, string customerId, string type, Func<JsonElement, bool> match)
    {
        foreach (var w in list)
        {
            var json = JsonDocument.Parse(w.Body).RootElement;
            if (json.GetProperty("event_type").GetString() == type && json.GetProperty("customer_id").GetString() == customerId && match(json))
                return json;
        }
        return null;
    }

    private static bool Belongs(ReceivedWebhook w, string customerId) =>
        JsonDocument.Parse(w.Body).RootElement.GetProperty("customer_id").GetString() == customerId;
}
