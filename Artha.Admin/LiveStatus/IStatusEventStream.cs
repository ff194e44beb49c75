namespace Artha.Admin.LiveStatus;

/// <summary>
/// The portal's stream of status changes. Pages subscribe (and dispose the subscription with the page); the
/// Artha service, the poller and the webhook receiver publish. <see cref="InProcessStatusEventStream"/> serves one
/// portal instance; <see cref="PostgresStatusEventStream"/> serves several on one PostgreSQL database
/// (<c>LiveStatus:EventStream</c>), without any change to pages.
/// </summary>
public interface IStatusEventStream
{
    Task PublishAsync(StatusChange change, CancellationToken cancellationToken = default);

    /// <summary>Calls <paramref name="handler"/> for every change published after this call, until disposed.</summary>
    IDisposable Subscribe(Func<StatusChange, Task> handler);

    /// <summary>The most recent changes, newest first, for the live activity panel.</summary>
    IReadOnlyList<StatusChange> Recent(int count);
}
