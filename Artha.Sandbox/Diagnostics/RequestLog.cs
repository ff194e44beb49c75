namespace Artha.Sandbox.Diagnostics;

/// <summary>
/// One Artha API request as the sandbox received it: what was asked and by whom, never how it was signed. The path is
/// kept without its query string (searches can carry customer names or e-mail addresses); no header other than the two
/// caller tags is kept, so no signature, nonce or API key is ever in the log.
/// </summary>
public sealed class LoggedRequest
{
    public required long Sequence { get; init; }
    public required string Method { get; init; }
    public required string Path { get; init; }

    /// <summary><see cref="Instance"/> when the caller sent one, else its <see cref="UserAgent"/>, else empty.</summary>
    public required string Caller { get; init; }

    /// <summary>The <c>X-Portal-Instance</c> header (the portal sends it when <c>Artha:SendInstanceHeader</c> is on).</summary>
    public string? Instance { get; init; }
    public string? UserAgent { get; init; }
    public required DateTimeOffset ReceivedAt { get; init; }

    /// <summary>Null while the request is in flight (e.g. held by a stall).</summary>
    public DateTimeOffset? CompletedAt { get; set; }

    /// <summary>The status code answered; null while in flight or when the caller went away first.</summary>
    public int? Status { get; set; }
}

/// <summary>
/// The sandbox's memory of the Artha API requests it received (the last <see cref="Capacity"/>), so a test can count
/// what each caller asked: <c>GET /_sandbox/requests?path=&amp;method=&amp;caller=</c>, cleared by
/// <c>DELETE /_sandbox/requests</c> and by <c>POST /_sandbox/reset</c>.
/// </summary>
public sealed class RequestLog(TimeProvider time)
{
    public const int Capacity = 10_000;
    public const string InstanceHeader = "X-Portal-Instance";

    private readonly object _gate = new();
    private readonly LinkedList<LoggedRequest> _entries = new();
    private long _sequence;

    /// <summary>Records a request as it arrives; its completion is recorded when the response has been sent.</summary>
    public LoggedRequest Record(HttpContext context)
    {
        var instance = Header(context, InstanceHeader);
        var userAgent = Header(context, "User-Agent");
        LoggedRequest entry;
        lock (_gate)
        {
            entry = new LoggedRequest
            {
                Sequence = ++_sequence,
                Method = context.Request.Method,
                Path = context.Request.PathBase.Add(context.Request.Path).ToString(),
                Caller = instance ?? userAgent ?? "",
                Instance = instance,
                UserAgent = userAgent,
                ReceivedAt = time.GetUtcNow(),
            };
            _entries.AddLast(entry);
            while (_entries.Count > Capacity)
                _entries.RemoveFirst();
        }
        context.Response.OnCompleted(() =>
        {
            lock (_gate)
            {
                entry.CompletedAt = time.GetUtcNow();
                entry.Status = context.RequestAborted.IsCancellationRequested && !context.Response.HasStarted ? null : context.Response.StatusCode;
            }
            return Task.CompletedTask;
        });
        return entry;
    }

    /// <summary>
    /// Requests oldest first; <paramref name="pathPrefix"/> matches the start of the path, <paramref name="method"/> and
    /// <paramref name="caller"/> the whole value (all case-insensitive; null = any).
    /// </summary>
    public IReadOnlyList<LoggedRequest> Find(string? pathPrefix, string? method, string? caller)
    {
        lock (_gate)
        {
            return _entries
                .Where(e => (string.IsNullOrEmpty(pathPrefix) || e.Path.StartsWith(pathPrefix, StringComparison.OrdinalIgnoreCase))
                    && (string.IsNullOrEmpty(method) || e.Method.Equals(method, StringComparison.OrdinalIgnoreCase))
                    && (caller is null || e.Caller.Equals(caller, StringComparison.OrdinalIgnoreCase)))
                .Select(Copy)
                .ToList();
        }
    }

    public void Clear()
    {
        lock (_gate)
        {
            _entries.Clear();
        }
    }

    private static LoggedRequest Copy(LoggedRequest e) => new()
    {
        Sequence = e.Sequence, Method = e.Method, Path = e.Path, Caller = e.Caller, Instance = e.Instance, UserAgent = e.UserAgent,
        ReceivedAt = e.ReceivedAt, CompletedAt = e.CompletedAt, Status = e.Status,
    };

    private static string? Header(HttpContext context, string name)
    {
        var value = context.Request.Headers[name].ToString().Trim();
        // Tags, not payloads: a bounded length keeps an odd client from filling the log.
        return value.Length == 0 ? null : value.Length <= 200 ? value : value[..200];
    }
}
