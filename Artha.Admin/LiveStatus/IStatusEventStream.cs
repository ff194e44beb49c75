namespace Artha.Admin.LiveStatus;

/// <summary>
/// The portal's stream of status changes. Pages subscribe (and dispose the subscription with the page); the
/// Artha service, the poller and the webhook receiver publish. <see cref="InProcessStatusEventStream"/> serves one
/// portal instance; <see cref="PostgresStatusEventStream"/> serves several on one PostgreSQL database
/// (<c>LiveStatus:EventStream</c>), without any change to pages.
/// </summary>
public interface IStatusEventStream
{
    /// <summary>
    /// Hands <paramref name="change"/> to every subscriber without waiting for their work (a page's reload): the task
    /// completes once the change is queued for each, so a slow or broken page never holds up the publisher.
    /// </summary>
    Task PublishAsync(StatusChange change, CancellationToken cancellationToken = default);

    /// <summary>
    /// Calls <paramref name="handler"/> for every change published after this call, until disposed: one change at a
    /// time, in publish order (the next waits for the task of the previous). The handler must not block its thread;
    /// return an unfinished task for slow work instead. Exceptions are logged, never passed to the publisher.
    /// </summary>
    IDisposable Subscribe(Func<StatusChange, Task> handler);

    /// <summary>The most recent changes, newest first, for the live activity panel.</summary>
    IReadOnlyList<StatusChange> Recent(int count);
}
