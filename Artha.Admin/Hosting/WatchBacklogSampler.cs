using Artha.Admin.Data;
using Microsoft.EntityFrameworkCore;

namespace Artha.Admin.Hosting;

/// <summary>
/// Reads the watch backlog from the database (due active watches, and how long the oldest has been due) for the
/// gauges of <see cref="PortalMetrics"/> every <c>Telemetry:BacklogSampleSeconds</c> (default 15), and on demand for
/// <c>/health</c>. The watches are shared, so every instance reports the same numbers.
/// </summary>
public sealed class WatchBacklogSampler(IDbContextFactory<AdminDbContext> dbFactory, PortalMetrics metrics, TimeProvider clock,
    IConfiguration configuration, ILogger<WatchBacklogSampler> logger) : BackgroundService
{
    public async Task<WatchBacklog> SampleAsync(CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var due = db.StatusWatches.AsNoTracking().Where(w => w.Outcome == WatchOutcome.Active && w.NextPollAtUtc <= now);
        var count = await due.CountAsync(cancellationToken);
        var oldest = count == 0 ? (DateTime?)null : await due.MinAsync(w => (DateTime?)w.NextPollAtUtc, cancellationToken);
        var backlog = new WatchBacklog(count, oldest is { } at ? now - DateTime.SpecifyKind(at, DateTimeKind.Utc) : TimeSpan.Zero, now);
        metrics.SetBacklog(backlog);
        return backlog;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var interval = TimeSpan.FromSeconds(Math.Max(1, configuration.GetValue("Telemetry:BacklogSampleSeconds", 15.0)));
        using var timer = new PeriodicTimer(interval, clock);
        do
        {
            try
            {
                await SampleAsync(stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                logger.LogWarning("Could not sample the watch backlog ({Error}).", ex.GetType().Name);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false));
    }
}
