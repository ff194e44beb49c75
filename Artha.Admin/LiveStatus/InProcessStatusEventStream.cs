using System.Collections.Immutable;

namespace Artha.Admin.LiveStatus;

/// <summary>
/// In-process fan-out of status changes to the subscribed circuits, plus a short history. Publishing never waits for
/// a subscriber's work: each subscriber has its own queue and receives changes one at a time, in publish order. A
/// handler that completes synchronously runs before <see cref="PublishAsync"/> returns; one that returns an unfinished
/// task (a page reloading from Artha) is left to finish on its own, and later changes for that subscriber wait in its
/// queue, so neither the publisher (poller, webhook processor, a user's own action) nor the other pages wait for it.
/// </summary>
public sealed class InProcessStatusEventStream(ILogger<InProcessStatusEventStream> logger) : IStatusEventStream
{
    private const int HistorySize = 200;

    /// <summary>Changes a subscriber may have waiting before the oldest are dropped (a page that stopped draining).</summary>
    public const int SubscriberQueueLimit = 1000;

    private ImmutableList<Subscriber> _subscribers = [];
    private readonly LinkedList<StatusChange> _recent = new();
    private readonly Lock _recentLock = new();

    public Task PublishAsync(StatusChange change, CancellationToken cancellationToken = default)
    {
        lock (_recentLock)
        {
            _recent.AddFirst(change);
            while (_recent.Count > HistorySize)
            {
                _recent.RemoveLast();
            }
        }

        foreach (var subscriber in _subscribers)
        {
            subscriber.Deliver(change);
        }
        return Task.CompletedTask;
    }

    public IDisposable Subscribe(Func<StatusChange, Task> handler)
    {
        var subscriber = new Subscriber(handler, logger);
        ImmutableInterlocked.Update(ref _subscribers, list => list.Add(subscriber));
        return new Subscription(() =>
        {
            subscriber.Close();
            ImmutableInterlocked.Update(ref _subscribers, list => list.Remove(subscriber));
        });
    }

    public IReadOnlyList<StatusChange> Recent(int count)
    {
        lock (_recentLock)
        {
            return _recent.Take(count).ToList();
        }
    }

    /// <summary>One subscriber's queue: changes are handled one at a time, in order, on whichever thread delivers first.</summary>
    private sealed class Subscriber(Func<StatusChange, Task> handler, ILogger logger)
    {
        private readonly Queue<StatusChange> _pending = new();
        private readonly Lock _gate = new();
        private bool _draining;
        private bool _closed;

        public void Deliver(StatusChange change)
        {
            lock (_gate)
            {
                if (_closed)
                {
                    return;
                }
                _pending.Enqueue(change);
                if (_pending.Count > SubscriberQueueLimit)
                {
                    var dropped = _pending.Dequeue();
                    logger.LogWarning("A status-change subscriber is {Limit} changes behind; dropped the oldest ({Subject} {EntityId}).",
                        SubscriberQueueLimit, dropped.Subject, dropped.EntityId);
                }
                if (_draining)
                {
                    // The running drain picks it up after the change in hand: order is kept, the publisher moves on.
                    return;
                }
                _draining = true;
            }
            // Not awaited: runs inline up to the first handler that does not finish synchronously, then returns.
            _ = DrainAsync();
        }

        public void Close()
        {
            lock (_gate)
            {
                _closed = true;
                _pending.Clear();
            }
        }

        private async Task DrainAsync()
        {
            while (true)
            {
                StatusChange change;
                lock (_gate)
                {
                    if (_closed || !_pending.TryDequeue(out change!))
                    {
                        _draining = false;
                        return;
                    }
                }
                try
                {
                    await handler(change);
                }
                catch (Exception ex)
                {
                    // One broken page (e.g. a circuit that just died) must not stop the others from hearing the news.
                    logger.LogWarning(ex, "A status-change subscriber failed for {Subject} {EntityId}.", change.Subject, change.EntityId);
                }
            }
        }
    }

    private sealed class Subscription(Action dispose) : IDisposable
    {
        private int _disposed;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _disposed, 1) == 0)
            {
                dispose();
            }
        }
    }
}
