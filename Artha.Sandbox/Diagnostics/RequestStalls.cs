namespace Artha.Sandbox.Diagnostics;

/// <summary>
/// Holds matching Artha API requests before they are answered, as a slow or hanging Artha would: a test can keep a
/// caller's request in flight (e.g. to kill the portal instance that is waiting for it). Added by
/// <c>POST /_sandbox/stalls</c> <c>{path, caller?, seconds?}</c>; every stall is lifted by <c>DELETE /_sandbox/stalls</c>
/// (and <c>POST /_sandbox/reset</c>), which lets the held requests through at once. A held request also goes on when
/// its stall's time runs out or its caller disconnects.
/// </summary>
public sealed class RequestStalls(TimeProvider time)
{
    public const double DefaultSeconds = 30;
    public const double MaxSeconds = 600;

    private readonly object _gate = new();
    private readonly List<Stall> _stalls = [];
    private CancellationTokenSource _lifted = new();

    public sealed record Stall(string Id, string PathPrefix, string? Caller, DateTimeOffset Until);

    public Stall Add(string pathPrefix, string? caller, double seconds)
    {
        var stall = new Stall("stall_" + Guid.NewGuid().ToString("N")[..12], pathPrefix, caller, time.GetUtcNow().AddSeconds(seconds));
        lock (_gate)
        {
            _stalls.Add(stall);
        }
        return stall;
    }

    public IReadOnlyList<Stall> List()
    {
        lock (_gate)
        {
            return _stalls.ToList();
        }
    }

    /// <summary>Removes every stall and releases the requests they hold.</summary>
    public int Clear()
    {
        CancellationTokenSource lifted;
        int count;
        lock (_gate)
        {
            count = _stalls.Count;
            _stalls.Clear();
            lifted = _lifted;
            _lifted = new CancellationTokenSource();
        }
        // Not disposed: a request that has just read its token may still link to it.
        lifted.Cancel();
        return count;
    }

    /// <summary>Waits while a stall matches the request (path prefix, and caller when the stall names one).</summary>
    public async Task WaitAsync(string path, string caller, CancellationToken requestAborted)
    {
        Stall? match;
        CancellationToken lifted;
        lock (_gate)
        {
            var now = time.GetUtcNow();
            _stalls.RemoveAll(s => s.Until <= now);
            match = _stalls.FirstOrDefault(s => path.StartsWith(s.PathPrefix, StringComparison.OrdinalIgnoreCase)
                && (s.Caller is null || s.Caller.Equals(caller, StringComparison.OrdinalIgnoreCase)));
            lifted = _lifted.Token;
        }
        if (match is null)
            return;
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(lifted, requestAborted);
        var remaining = match.Until - time.GetUtcNow();
        try
        {
            if (remaining > TimeSpan.Zero)
                await Task.Delay(remaining, time, linked.Token);
        }
        catch (OperationCanceledException) when (lifted.IsCancellationRequested && !requestAborted.IsCancellationRequested)
        {
            // Lifted: answer now.
        }
    }
}
