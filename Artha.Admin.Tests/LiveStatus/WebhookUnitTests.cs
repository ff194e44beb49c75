using System.Security.Cryptography;
using System.Text;
using Artha.Admin.LiveStatus;
using Artha.Admin.LiveStatus.Webhooks;
using Artha.Client.Webhooks;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;

namespace Artha.Admin.Tests.LiveStatus;

public class WebhookUnitTests
{
    private const string Secret = "whsec_test";
    private static readonly DateTimeOffset Now = new(2026, 11, 21, 9, 0, 0, TimeSpan.Zero);

    [Fact]
    public void An_event_id_is_accepted_once_and_its_repeat_is_reported_as_a_duplicate()
    {
        var inbox = new WebhookInbox(Options.Create(new WebhookReceiverOptions()));
        var webhook = new ReceivedWebhook("evt_1", new UnknownWebhookEvent { Event = "top_up" }, Now.UtcDateTime);

        Assert.Equal(WebhookAcceptance.Queued, inbox.TryAccept(webhook));
        Assert.Equal(WebhookAcceptance.Duplicate, inbox.TryAccept(webhook with { ReceivedAtUtc = Now.UtcDateTime.AddSeconds(5) }));
        Assert.Equal(WebhookAcceptance.Queued, inbox.TryAccept(webhook with { EventId = "evt_2" }));
        Assert.Equal(2, inbox.Reader.Count);
    }

    private static ReceivedWebhook Delivery(string json, DateTime? at = null, string? headerEventId = null) =>
        ReceivedWebhook.Parse(Encoding.UTF8.GetBytes(json), headerEventId, at ?? Now.UtcDateTime);

    private const string ConsumeWithoutId =
        """{"event":"consume","transaction_id":"txn_001abc","card_id":"card_001abc","customer_id":"cust_001abc","original_transaction_id":null,"local_amount":"1500.00","authorized_amount":"18.25","authorized_currency":"USD","authorized_at":"2025-06-01T10:30:00Z","status":"approved"}""";

    [Fact]
    public void Two_identical_payloads_without_an_event_id_are_processed_once()
    {
        var inbox = new WebhookInbox(Options.Create(new WebhookReceiverOptions()));

        Assert.Equal(WebhookAcceptance.Queued, inbox.TryAccept(Delivery(ConsumeWithoutId)));
        // A retry, delivered (and stamped) a little later, with the keys in another order and an amount as a number.
        var retry = """{"status":"approved","event":"consume","created_at":"2025-06-01T10:31:00Z","card_id":"card_001abc","transaction_id":"txn_001abc","customer_id":"cust_001abc","local_amount":1500.00,"authorized_amount":18.25,"authorized_currency":"USD","authorized_at":"2025-06-01T10:30:00Z"}""";
        Assert.Equal(WebhookAcceptance.Duplicate, inbox.TryAccept(Delivery(retry, Now.UtcDateTime.AddSeconds(30))));

        Assert.Equal(1, inbox.Reader.Count);
        Assert.Null(Delivery(ConsumeWithoutId).EventId);
    }

    [Theory]
    [InlineData("event", "refund")]
    [InlineData("transaction_id", "txn_002abc")]
    [InlineData("card_id", "card_002abc")]
    [InlineData("customer_id", "cust_002abc")]
    [InlineData("status", "declined")]
    [InlineData("authorized_amount", "18.26")]
    [InlineData("authorized_at", "2025-06-01T10:35:00Z")]
    public void Two_payloads_without_an_event_id_that_differ_in_event_entity_status_or_amount_are_both_processed(string field, string value)
    {
        var inbox = new WebhookInbox(Options.Create(new WebhookReceiverOptions()));
        var other = System.Text.Json.Nodes.JsonNode.Parse(ConsumeWithoutId)!.AsObject();
        other[field] = value;

        Assert.Equal(WebhookAcceptance.Queued, inbox.TryAccept(Delivery(ConsumeWithoutId)));
        Assert.Equal(WebhookAcceptance.Queued, inbox.TryAccept(Delivery(other.ToJsonString())));
        Assert.Equal(2, inbox.Reader.Count);
    }

    [Fact]
    public void The_same_fields_again_after_the_derived_key_window_are_a_new_event()
    {
        var inbox = new WebhookInbox(Options.Create(new WebhookReceiverOptions { DerivedKeyWindowSeconds = 600 }));
        const string freeze = """{"event":"card.freeze","card_id":"card_1","customer_id":"cust_1","product_id":"prod_1","status":"frozen","task_id":null,"performed_at":null}""";

        Assert.Equal(WebhookAcceptance.Queued, inbox.TryAccept(Delivery(freeze)));
        Assert.Equal(WebhookAcceptance.Duplicate, inbox.TryAccept(Delivery(freeze, Now.UtcDateTime.AddSeconds(599))));
        Assert.Equal(WebhookAcceptance.Queued, inbox.TryAccept(Delivery(freeze, Now.UtcDateTime.AddSeconds(601))));
    }

    [Fact]
    public void With_an_event_id_the_id_decides_and_a_header_id_counts_when_the_body_has_none()
    {
        var inbox = new WebhookInbox(Options.Create(new WebhookReceiverOptions()));
        var withId = ConsumeWithoutId.Replace("{\"event\"", "{\"event_id\":\"evt_1\",\"event\"", StringComparison.Ordinal);

        Assert.Equal("evt_1", Delivery(withId).EventId);
        Assert.Equal(WebhookAcceptance.Queued, inbox.TryAccept(Delivery(withId)));
        // Same content, another event id: Artha says it is another event.
        Assert.Equal(WebhookAcceptance.Queued, inbox.TryAccept(Delivery(withId.Replace("evt_1", "evt_2", StringComparison.Ordinal))));
        Assert.Equal(WebhookAcceptance.Queued, inbox.TryAccept(Delivery(ConsumeWithoutId, headerEventId: "evt_3")));
        Assert.Equal(WebhookAcceptance.Duplicate, inbox.TryAccept(Delivery(ConsumeWithoutId.Replace("18.25", "99.00", StringComparison.Ordinal), headerEventId: "evt_3")));
    }

    [Fact]
    public void The_memory_of_event_ids_is_bounded_and_forgets_the_oldest_first()
    {
        var recent = new RecentEventIds(3);
        Assert.True(recent.TryAdd("a"));
        Assert.True(recent.TryAdd("b"));
        Assert.True(recent.TryAdd("c"));
        Assert.True(recent.TryAdd("d"));

        Assert.Equal(3, recent.Count);
        Assert.False(recent.TryAdd("d"));
        Assert.True(recent.TryAdd("a"));
    }

    [Fact]
    public void A_full_queue_refuses_the_event_and_forgets_its_id_so_the_retry_is_accepted()
    {
        var inbox = new WebhookInbox(Options.Create(new WebhookReceiverOptions { QueueCapacity = 1 }));
        Assert.Equal(WebhookAcceptance.Queued, inbox.TryAccept(new ReceivedWebhook("evt_a", new UnknownWebhookEvent { Event = "x" }, Now.UtcDateTime)));

        var refused = new ReceivedWebhook("evt_b", new UnknownWebhookEvent { Event = "x" }, Now.UtcDateTime);
        Assert.Equal(WebhookAcceptance.Full, inbox.TryAccept(refused));
        Assert.True(inbox.Reader.TryRead(out _));
        Assert.Equal(WebhookAcceptance.Queued, inbox.TryAccept(refused));
    }

    [Fact]
    public void A_correctly_signed_delivery_is_accepted()
    {
        var verifier = Verifier(new ManualClock(Now));

        var result = verifier.Verify(Signed("""{"event":"top_up"}""", Now, "n-1"));

        Assert.True(result.Succeeded, result.Message);
    }

    [Theory]
    [InlineData("tampered-body", HmacWebhookSignatureVerifier.BodyHashMismatch)]
    [InlineData("wrong-secret", HmacWebhookSignatureVerifier.InvalidSignature)]
    [InlineData("stale", HmacWebhookSignatureVerifier.TimestampOutOfRange)]
    [InlineData("future", HmacWebhookSignatureVerifier.TimestampOutOfRange)]
    [InlineData("no-signature", HmacWebhookSignatureVerifier.MissingHeaders)]
    [InlineData("other-path", HmacWebhookSignatureVerifier.InvalidSignature)]
    public void A_delivery_that_is_not_exactly_what_was_signed_is_refused(string defect, string expectedCode)
    {
        var verifier = Verifier(new ManualClock(Now));
        var delivery = defect switch
        {
            "tampered-body" => Signed("""{"event":"top_up"}""", Now, "n") with { Body = Encoding.UTF8.GetBytes("""{"event":"top_up","x":1}""") },
            "wrong-secret" => Signed("""{"event":"top_up"}""", Now, "n", secret: "not-the-secret"),
            "stale" => Signed("""{"event":"top_up"}""", Now.AddSeconds(-301), "n"),
            "future" => Signed("""{"event":"top_up"}""", Now.AddSeconds(301), "n"),
            "no-signature" => Without(Signed("""{"event":"top_up"}""", Now, "n"), "X-Signature"),
            _ => Signed("""{"event":"top_up"}""", Now, "n") with { PathAndQuery = "/webhooks/other" },
        };

        var result = verifier.Verify(delivery);

        Assert.False(result.Succeeded);
        Assert.Equal(expectedCode, result.ErrorCode);
    }

    [Theory]
    [InlineData("min")]
    [InlineData("max")]
    [InlineData("now-2^63")]
    [InlineData("not-a-number")]
    public void An_extreme_or_unparsable_timestamp_is_refused_as_out_of_range_without_throwing(string kind)
    {
        var verifier = Verifier(new ManualClock(Now));
        var now = Now.ToUnixTimeSeconds();
        var timestamp = kind switch
        {
            "min" => long.MinValue.ToString(System.Globalization.CultureInfo.InvariantCulture),
            "max" => long.MaxValue.ToString(System.Globalization.CultureInfo.InvariantCulture),
            // now minus this is exactly long.MinValue in 64-bit arithmetic.
            "now-2^63" => unchecked(now + long.MinValue).ToString(System.Globalization.CultureInfo.InvariantCulture),
            _ => kind,
        };
        var signed = Signed("""{"event":"top_up"}""", Now, "n-ts");
        var headers = new HeaderDictionary();
        foreach (var (name, value) in signed.Headers)
        {
            headers[name] = value;
        }
        headers["X-Timestamp"] = timestamp;

        var result = verifier.Verify(signed with { Headers = headers });

        Assert.False(result.Succeeded);
        Assert.Equal(HmacWebhookSignatureVerifier.TimestampOutOfRange, result.ErrorCode);
    }

    [Fact]
    public void A_replayed_delivery_is_refused_while_its_nonce_is_remembered()
    {
        var verifier = Verifier(new ManualClock(Now));
        var delivery = Signed("""{"event":"top_up"}""", Now, "n-replay");

        Assert.True(verifier.Verify(delivery).Succeeded);
        Assert.Equal(HmacWebhookSignatureVerifier.NonceReused, verifier.Verify(delivery).ErrorCode);
    }

    [Fact]
    public void A_replay_under_another_api_key_is_refused_because_the_nonce_alone_is_remembered()
    {
        // No expected key configured: any X-API-Key passes that check, and the key is not part of the signature.
        var verifier = new HmacWebhookSignatureVerifier(new StaticOptions(new WebhookReceiverOptions { Secret = Secret }), new ManualClock(Now));
        var delivery = Signed("""{"event":"top_up"}""", Now, "n-other-key");
        var headers = new HeaderDictionary();
        foreach (var (name, value) in delivery.Headers)
        {
            headers[name] = value;
        }
        headers["X-API-Key"] = "ak_someone_else";
        var replay = new WebhookDelivery(delivery.Method, delivery.PathAndQuery, headers, delivery.Body);

        Assert.True(verifier.Verify(delivery).Succeeded);
        Assert.Equal(HmacWebhookSignatureVerifier.NonceReused, verifier.Verify(replay).ErrorCode);
    }

    [Fact]
    public void Without_a_secret_every_delivery_is_refused()
    {
        var verifier = new HmacWebhookSignatureVerifier(new StaticOptions(new WebhookReceiverOptions()), new ManualClock(Now));

        Assert.Equal(HmacWebhookSignatureVerifier.NotConfigured, verifier.Verify(Signed("{}", Now, "n")).ErrorCode);
    }

    private static HmacWebhookSignatureVerifier Verifier(TimeProvider clock) =>
        new(new StaticOptions(new WebhookReceiverOptions { Secret = Secret, ApiKey = "ak_test" }), clock);

    internal static WebhookDelivery Signed(string json, DateTimeOffset at, string nonce, string secret = Secret, string path = ArthaWebhookEndpoint.Path)
    {
        var body = Encoding.UTF8.GetBytes(json);
        var timestamp = at.ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture);
        var bodyHash = Convert.ToBase64String(SHA256.HashData(body));
        var headers = new HeaderDictionary
        {
            ["X-API-Key"] = "ak_test",
            ["X-Timestamp"] = timestamp,
            ["X-Nonce"] = nonce,
            ["X-Body-Hash"] = bodyHash,
            ["X-Signature"] = HmacWebhookSignatureVerifier.ComputeSignature(secret, "POST", path, timestamp, nonce, bodyHash),
        };
        return new WebhookDelivery("POST", path, headers, body);
    }

    private static WebhookDelivery Without(WebhookDelivery delivery, string header)
    {
        var headers = new HeaderDictionary();
        foreach (var (name, value) in delivery.Headers.Where(h => h.Key != header))
        {
            headers[name] = value;
        }
        return delivery with { Headers = headers };
    }

    private sealed class StaticOptions(WebhookReceiverOptions value) : IOptionsMonitor<WebhookReceiverOptions>
    {
        public WebhookReceiverOptions CurrentValue => value;
        public WebhookReceiverOptions Get(string? name) => value;
        public IDisposable? OnChange(Action<WebhookReceiverOptions, string?> listener) => null;
    }
}
