using System.Collections.Immutable;

namespace Artha.Admin.LiveStatus;

/// <summary>In-process fan-out of status changes to the subscribed circuits, plus a short history.</summary>
public sealed class InProcessStatusEventStream(ILogger<InProcessStatusEventStream> logger) : IStatusEventStream
{
    private const int HistorySize = 200;
    private ImmutableList<Func<StatusChange, Task>> _handlers = [];
    private readonly LinkedList<StatusChange> _recent = new();
    private readonly Lock _recentLock = new();

    public async Task PublishAsync(StatusChange change, CancellationToken cancellationToken = default)
    {
        lock (_recentLock)
        {
            _recent.AddFirst(change);
            while (_recent.Count > HistorySize)
            {
                _recent.RemoveLast();
            }
        }

        foreach (var handler in _handlers)
        {
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

    public IDisposable Subscribe(Func<StatusChange, Task> handler)
    {
        ImmutableInterlocked.Update(ref _handlers, list => list.Add(handler));
        return new Subscription(() => ImmutableInterlocked.Update(ref _handlers, list => list.Remove(handler)));
    }

    public IReadOnlyList<StatusChange> Recent(int count)
    {
        lock (_recentLock)
        {
            return _recent.Take(count).ToList();
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
