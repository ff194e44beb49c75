using System.Threading.Channels;
using Artha.Client.Webhooks;
using Microsoft.Extensions.Options;

namespace Artha.Admin.LiveStatus.Webhooks;

/// <summary>A verified, parsed webhook event waiting to be applied.</summary>
public sealed record ReceivedWebhook(string? EventId, ArthaWebhookEvent Event, DateTime ReceivedAtUtc);

/// <summary>
/// Between the receiver and <see cref="WebhookProcessor"/>: a bounded queue (so the endpoint answers at once) and a
/// bounded memory of recent event ids (Artha retries a delivery until it sees a 2xx, so the same event can arrive
/// twice). Beyond that memory, applying an event is idempotent anyway: a watch completes once (compare-and-set in
/// the database), so a late duplicate finds no active watch and notifies nobody.
/// </summary>
public sealed class WebhookInbox
{
    private readonly Channel<ReceivedWebhook> _queue;
    private readonly RecentEventIds _seen;

    public WebhookInbox(IOptions<WebhookReceiverOptions> options)
    {
        var capacity = Math.Max(1, options.Value.QueueCapacity);
        _queue = Channel.CreateBounded<ReceivedWebhook>(new BoundedChannelOptions(capacity)
        {
            FullMode = BoundedChannelFullMode.Wait,
            SingleReader = true,
        });
        _seen = new RecentEventIds(Math.Max(1000, capacity));
    }

    public ChannelReader<ReceivedWebhook> Reader => _queue.Reader;

    /// <summary>Queues an event unless its id was seen recently. Duplicate: already accepted; Full: try again later.</summary>
    public WebhookAcceptance TryAccept(ReceivedWebhook webhook)
    {
        if (webhook.EventId is { } id && !_seen.TryAdd(id))
        {
            return WebhookAcceptance.Duplicate;
        }
        if (_queue.Writer.TryWrite(webhook))
        {
            return WebhookAcceptance.Queued;
        }
        if (webhook.EventId is { } queuedId)
        {
            // Not queued: forget it so the sender's retry is accepted.
            _seen.Remove(queuedId);
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

/// <summary>The last <c>capacity</c> event ids, oldest forgotten first.</summary>
public sealed class RecentEventIds(int capacity)
{
    private readonly Dictionary<string, LinkedListNode<string>> _ids = new(StringComparer.Ordinal);
    private readonly LinkedList<string> _order = new();
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
    public bool TryAdd(string id)
    {
        lock (_gate)
        {
            if (_ids.ContainsKey(id))
            {
                return false;
            }
            _ids[id] = _order.AddLast(id);
            while (_order.Count > capacity)
            {
                _ids.Remove(_order.First!.Value);
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
