using System.Text.Json;
using Artha.Client.Configuration;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;

namespace Artha.Admin.Hosting;

/// <summary>
/// <c>/health</c> as JSON: the database, whether Artha answers at all, and how far the watch poller is behind.
/// Anonymous (load balancers call it), so it says nothing secret: statuses, durations and counts only, never an
/// address, a key or an exception message. Artha being unreachable or the poller lagging is Degraded (HTTP 200:
/// the instance still serves pages); only the database makes it Unhealthy (HTTP 503).
/// </summary>
public static class PortalHealth
{
    public const string Path = "/health";

    public static IHealthChecksBuilder AddPortalChecks(this IHealthChecksBuilder checks)
    {
        checks.Services.AddHttpClient(ArthaReachabilityCheck.HttpClientName, client => client.Timeout = TimeSpan.FromSeconds(3));
        return checks
            .AddCheck<ArthaReachabilityCheck>("artha", HealthStatus.Degraded)
            .AddCheck<PollerLagCheck>("poller", HealthStatus.Degraded);
    }

    public static WebApplication MapPortalHealth(this WebApplication app)
    {
        app.MapHealthChecks(Path, new HealthCheckOptions
        {
            ResultStatusCodes =
            {
                [HealthStatus.Healthy] = StatusCodes.Status200OK,
                [HealthStatus.Degraded] = StatusCodes.Status200OK,
                [HealthStatus.Unhealthy] = StatusCodes.Status503ServiceUnavailable,
            },
            ResponseWriter = WriteAsync,
        }).AllowAnonymous();
        return app;
    }

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { WriteIndented = false };

    private static Task WriteAsync(HttpContext context, HealthReport report)
    {
        context.Response.ContentType = "application/json; charset=utf-8";
        context.Response.Headers.CacheControl = "no-store";
        var body = new
        {
            status = report.Status.ToString(),
            durationMs = Math.Round(report.TotalDuration.TotalMilliseconds, 1),
            checks = report.Entries.ToDictionary(e => e.Key, e => new
            {
                status = e.Value.Status.ToString(),
                // An exception's message may name hosts or users: only its type leaves the portal.
                description = e.Value.Exception is { } error ? $"The check failed ({error.GetType().Name})." : e.Value.Description,
                durationMs = Math.Round(e.Value.Duration.TotalMilliseconds, 1),
                data = e.Value.Data.Count == 0 ? null : e.Value.Data,
            }),
        };
        return context.Response.WriteAsync(JsonSerializer.Serialize(body, Json));
    }
}

/// <summary>
/// Whether Artha's base address answers HTTP at all (any status, even 401, means reachable): an unsigned GET, so it
/// costs no API call and needs no key. The answer is kept for 15 s so frequent probes do not hammer Artha.
/// </summary>
public sealed class ArthaReachabilityCheck(IHttpClientFactory clients, IOptions<ArthaClientOptions> options, TimeProvider clock) : IHealthCheck
{
    public const string HttpClientName = "ArthaHealth";
    private static readonly TimeSpan CacheFor = TimeSpan.FromSeconds(15);
    private static readonly Lock Gate = new();
    private static (string BaseUrl, DateTimeOffset At, HealthCheckResult Result)? _last;

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var baseUrl = options.Value.BaseUrl;
        lock (Gate)
        {
            if (_last is { } last && last.BaseUrl == baseUrl && clock.GetUtcNow() - last.At < CacheFor)
            {
                return last.Result;
            }
        }
        HealthCheckResult result;
        if (!Uri.TryCreate(baseUrl, UriKind.Absolute, out var uri))
        {
            result = new HealthCheckResult(context.Registration.FailureStatus, "Artha:BaseUrl is not set.");
        }
        else
        {
            var started = clock.GetTimestamp();
            try
            {
                using var response = await clients.CreateClient(HttpClientName).GetAsync(uri, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
                result = HealthCheckResult.Healthy("Artha answers.", new Dictionary<string, object>
                {
                    ["statusCode"] = (int)response.StatusCode,
                    ["latencyMs"] = Math.Round(clock.GetElapsedTime(started).TotalMilliseconds, 1),
                });
            }
            catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
            {
                result = new HealthCheckResult(context.Registration.FailureStatus, "Artha does not answer.",
                    data: new Dictionary<string, object> { ["error"] = ex.GetType().Name });
            }
        }
        lock (Gate)
        {
            _last = (baseUrl, clock.GetUtcNow(), result);
        }
        return result;
    }
}

/// <summary>The poller's lag: how long the longest-waiting due watch has been due (Degraded past <c>Telemetry:PollerLagDegradedSeconds</c>, default 60).</summary>
public sealed class PollerLagCheck(WatchBacklogSampler sampler, IConfiguration configuration) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var backlog = await sampler.SampleAsync(cancellationToken);
        var limit = configuration.GetValue("Telemetry:PollerLagDegradedSeconds", 60.0);
        var data = new Dictionary<string, object>
        {
            ["dueWatches"] = backlog.Due,
            ["lagSeconds"] = Math.Round(backlog.OldestDueAge.TotalSeconds, 1),
        };
        return backlog.OldestDueAge.TotalSeconds <= limit
            ? HealthCheckResult.Healthy("The watch poller keeps up.", data)
            : new HealthCheckResult(context.Registration.FailureStatus, $"The oldest due watch has waited more than {limit:0} s.", data: data);
    }
}
