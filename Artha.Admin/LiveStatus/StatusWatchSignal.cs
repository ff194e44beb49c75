namespace Artha.Admin.LiveStatus;

/// <summary>
/// Wakes the poller when a watch is added, so it never sleeps past a new watch's first poll. Notifications coalesce:
/// any number of <see cref="Notify"/> calls while the poller is busy wake it once.
/// </summary>
public sealed class StatusWatchSignal
{
    private readonly SemaphoreSlim _pending = new(0, 1);

    public void Notify()
    {
        try
        {
            _pending.Release();
        }
        catch (SemaphoreFullException)
        {
            // Already signalled; the poller has not picked it up yet.
        }
    }

    /// <summary>Waits until notified or until <paramref name="timeout"/> has passed on <paramref name="clock"/>.</summary>
    /// <returns>True when notified.</returns>
    public async Task<bool> WaitAsync(TimeSpan timeout, TimeProvider clock, CancellationToken cancellationToken)
    {
        if (_pending.Wait(0, CancellationToken.None))
        {
            return true;
        }
        if (timeout <= TimeSpan.Zero)
        {
            return false;
        }
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var notified = _pending.WaitAsync(Timeout.Infinite, linked.Token);
        var elapsed = Task.Delay(timeout, clock, linked.Token);
        var first = await Task.WhenAny(notified, elapsed);
        await linked.CancelAsync();
        cancellationToken.ThrowIfCancellationRequested();
        try
        {
            return await notified;
        }
        catch (OperationCanceledException)
        {
            return first == notified;
        }
    }
}
