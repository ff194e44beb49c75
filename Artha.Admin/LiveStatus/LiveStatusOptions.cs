namespace Artha.Admin.LiveStatus;

/// <summary>How the background poller works through due watches (section <c>LiveStatus:Poller</c>).</summary>
public sealed class StatusPollerOptions
{
    public const string Section = "LiveStatus:Poller";

    /// <summary>At most this many Artha status calls in flight at once.</summary>
    public int MaxDegreeOfParallelism { get; set; } = 4;

    /// <summary>Due watches loaded per round (soonest first); a full batch is followed at once by the next.</summary>
    public int BatchSize { get; set; } = 100;

    /// <summary>Longest sleep between rounds when nothing is due (a new watch wakes the poller earlier).</summary>
    public double MaxIdleSeconds { get; set; } = 5;

    /// <summary>Set false to stop this instance's poller (every instance may poll: work leases share the watches); webhooks still resolve watches.</summary>
    public bool Enabled { get; set; } = true;
}

/// <summary>How the webhook receiver authenticates deliveries (section <c>Artha</c>: <c>WebhookSecret</c>, <c>WebhookApiKey</c>).</summary>
public sealed class WebhookReceiverOptions
{
    /// <summary>HMAC key of the §3 scheme over deliveries; no secret = every delivery is refused (polling still works).</summary>
    public string? Secret { get; set; }

    /// <summary>Expected <c>X-API-Key</c>; null accepts any key (the signature is what proves the sender).</summary>
    public string? ApiKey { get; set; }

    public int TimestampToleranceSeconds { get; set; } = 300;
    public int NonceWindowSeconds { get; set; } = 300;

    /// <summary>Largest body accepted, in bytes.</summary>
    public int MaxBodyBytes { get; set; } = 256 * 1024;

    /// <summary>Deliveries waiting to be processed before the receiver answers 503 (the sender retries).</summary>
    public int QueueCapacity { get; set; } = 10_000;

    /// <summary>
    /// How long an event without <c>event_id</c> is remembered by its derived key (event, ids, status, amounts): a
    /// repeat within this window is a retried delivery, a later one a new event with the same fields.
    /// </summary>
    public int DerivedKeyWindowSeconds { get; set; } = 900;
}

/// <summary>Which <see cref="IStatusEventStream"/> carries status changes to open pages (key <c>LiveStatus:EventStream</c>).</summary>
public enum StatusEventStreamKind
{
    /// <summary>Inside this process only: right for one portal instance.</summary>
    InProcess,

    /// <summary>PostgreSQL LISTEN/NOTIFY: every instance on the same database hears every change. Needs <c>Database:Provider=Postgres</c>.</summary>
    Postgres,

    /// <summary>Redis pub/sub (<c>LiveStatus:Redis:Configuration</c>): every instance on the same Redis hears every change, on any database.</summary>
    Redis,
}
