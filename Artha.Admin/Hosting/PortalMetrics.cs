using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace Artha.Admin.Hosting;

/// <summary>
/// The portal's own instruments, on the <see cref="Meter"/> named <see cref="MeterName"/> (exported by
/// <see cref="PortalTelemetry"/>). Tags are endpoint names, status codes and error types only: never a URL, query,
/// body, card number or secret.
/// </summary>
public sealed class PortalMetrics : IDisposable
{
    public const string MeterName = "Artha.Admin";

    /// <summary>The portal's spans of its own (besides ASP.NET Core, HttpClient and EF Core).</summary>
    public static readonly ActivitySource ActivitySource = new(MeterName);

    private readonly Meter _meter;
    private readonly Histogram<double> _arthaDuration;
    private readonly Counter<long> _arthaErrors;
    private readonly Histogram<double> _webhookLag;
    private readonly UpDownCounter<long> _circuits;
    private long _openCircuits;
    private WatchBacklog _backlog = WatchBacklog.Empty;

    public PortalMetrics(IMeterFactory meters)
    {
        _meter = meters.Create(MeterName);
        _arthaDuration = _meter.CreateHistogram<double>("artha.client.duration", unit: "s",
            description: "Duration of Artha API calls (retries included), per endpoint and outcome.");
        _arthaErrors = _meter.CreateCounter<long>("artha.client.errors", unit: "{call}",
            description: "Artha API calls that ended in an error status or exception, per endpoint and error type.");
        _webhookLag = _meter.CreateHistogram<double>("artha.webhook.lag", unit: "s",
            description: "Time from a webhook's receipt to its application (watch resolved, pages told).");
        _circuits = _meter.CreateUpDownCounter<long>("artha.circuits.open", unit: "{circuit}",
            description: "Blazor circuits open on this instance.");
        _meter.CreateObservableGauge("artha.watch.backlog", () => (long)Volatile.Read(ref _backlog).Due, unit: "{watch}",
            description: "Active status watches whose next poll is due (shared database: the same on every instance).");
        _meter.CreateObservableGauge("artha.watch.oldest_due_age", () => Volatile.Read(ref _backlog).OldestDueAge.TotalSeconds, unit: "s",
            description: "How long the longest-waiting due watch has been due: the poller's lag.");
    }

    /// <summary>Circuits open on this instance now.</summary>
    public long OpenCircuits => Interlocked.Read(ref _openCircuits);

    /// <summary>The last sampled watch backlog.</summary>
    public WatchBacklog Backlog => Volatile.Read(ref _backlog);

    public void RecordArthaCall(string endpoint, double seconds, int? statusCode, string? errorType)
    {
        var outcome = errorType is null ? "ok" : "error";
        _arthaDuration.Record(seconds,
            new KeyValuePair<string, object?>("artha.endpoint", endpoint),
            new KeyValuePair<string, object?>("artha.outcome", outcome),
            new KeyValuePair<string, object?>("http.response.status_code", statusCode));
        if (errorType is not null)
        {
            _arthaErrors.Add(1,
                new KeyValuePair<string, object?>("artha.endpoint", endpoint),
                new KeyValuePair<string, object?>("error.type", errorType));
        }
    }

    public void RecordWebhookLag(TimeSpan lag, string eventName) =>
        _webhookLag.Record(Math.Max(0, lag.TotalSeconds), new KeyValuePair<string, object?>("artha.webhook.event", eventName));

    public void CircuitOpened()
    {
        Interlocked.Increment(ref _openCircuits);
        _circuits.Add(1);
    }

    public void CircuitClosed()
    {
        Interlocked.Decrement(ref _openCircuits);
        _circuits.Add(-1);
    }

    public void SetBacklog(WatchBacklog backlog) => Volatile.Write(ref _backlog, backlog);

    public void Dispose() => _meter.Dispose();
}

/// <summary>Due active watches and how long the oldest has waited past its poll time.</summary>
public sealed record WatchBacklog(int Due, TimeSpan OldestDueAge, DateTime SampledAtUtc)
{
    public static readonly WatchBacklog Empty = new(0, TimeSpan.Zero, DateTime.MinValue);
}
