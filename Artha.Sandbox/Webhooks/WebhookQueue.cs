using System.Globalization;
using System.Threading.Channels;
using Microsoft.Extensions.Options;

namespace Artha.Sandbox.Webhooks;

/// <summary>One §14 event as delivered: a snake_case JSON object with <c>event_id</c> for receiver de-duplication.</summary>
public sealed record WebhookEvent(string EventId, string EventType, IReadOnlyDictionary<string, object?> Payload);

/// <summary>
/// The hand-off between state changes and delivery. Writing never blocks (unbounded channel), so an API call that
/// changes state returns at once; <see cref="WebhookDispatcher"/> drains it in the background.
/// </summary>
public sealed class WebhookQueue(IOptions<SandboxOptions> options, TimeProvider time)
{
    private readonly Channel<WebhookEvent> _channel = Channel.CreateUnbounded<WebhookEvent>(new UnboundedChannelOptions { SingleReader = true });

    public ChannelReader<WebhookEvent> Reader => _channel.Reader;

    public bool Enabled => !string.IsNullOrWhiteSpace(options.Value.WebhookUrl);

    /// <summary>
    /// Queues an event. The common keys (<c>card_id</c>, <c>customer_id</c>, <c>transaction_id</c>, <c>product_id</c>,
    /// <c>status</c>) are always present, null when they do not apply (§14.1: nulls are included).
    /// </summary>
    public void Publish(string eventType, IReadOnlyDictionary<string, object?> fields)
    {
        if (!Enabled)
            return;
        var eventId = "evt_" + Guid.NewGuid().ToString("N");
        var payload = new Dictionary<string, object?>
        {
            ["event"] = eventType,
            ["event_id"] = eventId,
            ["event_type"] = eventType,
            ["created_at"] = time.GetUtcNow().UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture),
            ["card_id"] = null,
            ["customer_id"] = null,
            ["transaction_id"] = null,
            ["product_id"] = null,
            ["status"] = null,
        };
        foreach (var (key, value) in fields)
            payload[key] = value;
        _channel.Writer.TryWrite(new WebhookEvent(eventId, eventType, payload));
    }
}
