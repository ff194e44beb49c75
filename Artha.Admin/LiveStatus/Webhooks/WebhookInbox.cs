using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Threading.Channels;
using Artha.Client.Webhooks;
using Microsoft.Extensions.Options;

namespace Artha.Admin.LiveStatus.Webhooks;

/// <summary>
/// A verified, parsed webhook event waiting to be applied. <see cref="DerivedKey"/> identifies an event that carries
/// no <see cref="EventId"/> (see <see cref="WebhookDeduplication"/>).
/// </summary>
public sealed record ReceivedWebhook(string? EventId, ArthaWebhookEvent Event, DateTime ReceivedAtUtc)
{
    public string? DerivedKey { get; init; }

    /// <summary>Parses a delivery body: the event, its id (body <c>event_id</c>, else <paramref name="headerEventId"/>) and the derived key.</summary>
    /// <exception cref="JsonException">The body is not a webhook event (a JSON object with a string <c>event</c>).</exception>
    public static ReceivedWebhook Parse(byte[] body, string? headerEventId, DateTime receivedAtUtc)
    {
        var parsed = ArthaWebhookParser.Parse(body);
        using var document = JsonDocument.Parse(body);
        var root = document.RootElement;
        var eventId = root.TryGetProperty("event_id", out var id) && id.ValueKind == JsonValueKind.String && !string.IsNullOrWhiteSpace(id.GetString())
            ? id.GetString()
            : string.IsNullOrWhiteSpace(headerEventId) ? null : headerEventId;
        return new ReceivedWebhook(eventId, parsed, receivedAtUtc) { DerivedKey = WebhookDeduplication.DerivedKey(root) };
    }
}

/// <summary>
/// De-duplication without an <c>event_id</c>, which the Artha docs never promise (§14.5 recommends
/// <c>(event, transaction_id | card_id | customer_id)</c>). The key is the event name plus every entity id, status,
/// amount, currency and entity time or task id the payload carries: a retried delivery repeats all of them, two
/// different events differ in at least one. The delivery-level <c>created_at</c>/<c>event_type</c> are left out, in
/// case a retry is stamped anew. Hashed, so the memory per key stays small.
/// </summary>
public static class WebhookDeduplication
{
    /// <summary>The payload fields that make up the key, in this order.</summary>
    public static readonly IReadOnlyList<string> KeyFields =
    [
        "event",
        "transaction_id", "card_id", "customer_id", "product_id", "original_transaction_id", "task_id",
        "status", "type", "sub_type",
        "amount", "currency", "local_amount", "local_currency", "authorized_amount", "authorized_currency",
        "settle_amount", "settle_currency", "fee", "fee_currency", "crossborder_fee", "crossborder_fee_currency",
        "authorization_code", "authorized_at", "settle_date", "performed_at", "completed_at",
    ];

    /// <summary>The derived key of a webhook payload (a JSON object).</summary>
    public static string DerivedKey(JsonElement payload)
    {
        var canonical = new StringBuilder();
        foreach (var field in KeyFields)
        {
            canonical.Append(field).Append('=');
            if (payload.ValueKind == JsonValueKind.Object && payload.TryGetProperty(field, out var value))
            {
                canonical.Append(AmountFields.Contains(field) ? CanonicalAmount(value) : Canonical(value));
            }
            canonical.Append('\n');
        }
        return "derived:" + Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(canonical.ToString())));
    }

    /// <summary>Amounts arrive as decimal strings or numbers (§14.1): compared by value.</summary>
    private static readonly HashSet<string> AmountFields = ["amount", "local_amount", "authorized_amount", "settle_amount", "fee", "crossborder_fee"];

    /// <summary>Strings as they are, other values as written; null and absent alike.</summary>
    private static string Canonical(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String => value.GetString()!,
        JsonValueKind.Null or JsonValueKind.Undefined => "",
        _ => value.GetRawText(),
    };

    /// <summary>"18.25", 18.25 and 18.250 are the same amount.</summary>
    private static string CanonicalAmount(JsonElement value)
    {
        var text = value.ValueKind == JsonValueKind.String ? value.GetString()! : value.GetRawText();
        return decimal.TryParse(text, NumberStyles.Number | NumberStyles.AllowExponent, CultureInfo.InvariantCulture, out var amount)
            // G29 drops trailing zeros: 1500.00 and 1500 give "1500".
            ? amount.ToString("G29", CultureInfo.InvariantCulture)
            : Canonical(value);
    }
}

/// <summary>
/// Between the receiver and <see cref="WebhookProcessor"/>: a bounded queue (so the endpoint answers at once) and a
/// bounded memory of recent events (Artha retries a delivery until it sees a 2xx, so the same event can arrive
/// twice): by <c>event_id</c> when the event has one, else by <see cref="ReceivedWebhook.DerivedKey"/>, remembered for
/// <see cref="WebhookReceiverOptions.DerivedKeyWindowSeconds"/> so a genuine later repeat (frozen again, rejected
/// again) still gets through. Beyond that memory, applying an event is idempotent anyway: a watch completes once
/// (compare-and-set in the database), so a late duplicate finds no active watch and notifies nobody.
/// </summary>
public sealed class WebhookInbox
{
    private readonly Channel<ReceivedWebhook> _queue;
    private readonly RecentEventIds _seen;
    private readonly RecentEventIds _derived;

    public WebhookInbox(IOptions<WebhookReceiverOptions> options)
    {
        var capacity = Math.Max(1, options.Value.QueueCapacity);
        _queue = Channel.CreateBounded<ReceivedWebhook>(new BoundedChannelOptions(capacity)
        {
            FullMode = BoundedChannelFullMode.Wait,
            SingleReader = true,
        });
        _seen = new RecentEventIds(Math.Max(1000, capacity));
        _derived = new RecentEventIds(Math.Max(1000, capacity), TimeSpan.FromSeconds(Math.Max(1, options.Value.DerivedKeyWindowSeconds)));
    }

    public ChannelReader<ReceivedWebhook> Reader => _queue.Reader;

    /// <summary>
    /// Queues an event unless it was seen recently (same event id, or without one the same derived key).
    /// Duplicate: already accepted; Full: try again later.
    /// </summary>
    public WebhookAcceptance TryAccept(ReceivedWebhook webhook)
    {
        var (memory, key) = webhook.EventId is { } id ? (_seen, id) : (_derived, webhook.DerivedKey);
        if (key is not null && !memory.TryAdd(key, webhook.ReceivedAtUtc))
        {
            return WebhookAcceptance.Duplicate;
        }
        if (_queue.Writer.TryWrite(webhook))
        {
            return WebhookAcceptance.Queued;
        }
        if (key is not null)
        {
            // Not queued: forget it so the sender's retry is accepted.
            memory.Remove(key);
        }
        return WebhookAcceptance.Full;
    }
}

public enum WebhookAcceptance
{
    Queued,
    Duplicate,
    Full,
}

/// <summary>
/// The last <c>capacity</c> event ids (or derived keys), oldest forgotten first; with a <paramref name="window"/>, an
/// id seen longer ago than that counts as new again.
/// </summary>
public sealed class RecentEventIds(int capacity, TimeSpan? window = null)
{
    private readonly Dictionary<string, LinkedListNode<(string Id, DateTime SeenAtUtc)>> _ids = new(StringComparer.Ordinal);
    private readonly LinkedList<(string Id, DateTime SeenAtUtc)> _order = new();
    private readonly Lock _gate = new();

    public int Count
    {
        get
        {
            lock (_gate)
            {
                return _ids.Count;
            }
        }
    }

    /// <summary>True when <paramref name="id"/> was not among the recent ids (it is now).</summary>
    public bool TryAdd(string id) => TryAdd(id, DateTime.UtcNow);

    /// <summary>True when <paramref name="id"/> was not among the recent ids, or was seen outside the window before <paramref name="nowUtc"/>.</summary>
    public bool TryAdd(string id, DateTime nowUtc)
    {
        lock (_gate)
        {
            if (_ids.TryGetValue(id, out var existing))
            {
                if (window is null || nowUtc - existing.Value.SeenAtUtc < window.Value)
                {
                    return false;
                }
                // Seen, but long enough ago to be a new event with the same fields: remember it afresh.
                _order.Remove(existing);
            }
            _ids[id] = _order.AddLast((id, nowUtc));
            while (_order.Count > capacity)
            {
                _ids.Remove(_order.First!.Value.Id);
                _order.RemoveFirst();
            }
            return true;
        }
    }

    public void Remove(string id)
    {
        lock (_gate)
        {
            if (_ids.Remove(id, out var node))
            {
                _order.Remove(node);
            }
        }
    }
}
