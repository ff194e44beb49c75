using Artha.Admin.Data;
using Artha.Client;
using Artha.Client.Errors;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Artha.Admin.LiveStatus;

/// <summary>What one round of the poller did.</summary>
public readonly record struct PollRound(int Polled, bool BatchWasFull);

/// <summary>
/// Moves persisted watches forward: loads the due active ones (soonest first, a batch at a time), asks Artha for each
/// with bounded concurrency, and hands the answer to <see cref="StatusWatchResolver"/>. When nothing is due it sleeps
/// until the earliest next poll (at most <see cref="StatusPollerOptions.MaxIdleSeconds"/>) or until a new watch wakes
/// it. An Artha outage only backs the affected watches off; nothing here stops the loop. Watches live in the
/// database, so a restarted portal resumes them where they were.
/// </summary>
public sealed class StatusWatchPoller(
    IServiceScopeFactory scopes,
    IDbContextFactory<AdminDbContext> dbFactory,
    StatusWatchResolver resolver,
    StatusWatchSignal signal,
    IOptionsMonitor<StatusPollerOptions> options,
    TimeProvider clock,
    ILogger<StatusWatchPoller> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.CurrentValue.Enabled)
        {
            logger.LogInformation("Status-watch poller disabled (LiveStatus:Poller:Enabled=false); only webhooks resolve watches.");
            return;
        }
        // Let the host finish starting before the first database round.
        await Task.Yield();
        while (!stoppingToken.IsCancellationRequested)
        {
            var idle = TimeSpan.FromSeconds(Math.Max(0.05, options.CurrentValue.MaxIdleSeconds));
            TimeSpan sleep;
            try
            {
                var round = await RunOnceAsync(stoppingToken);
                if (round.BatchWasFull)
                {
                    continue;
                }
                sleep = await TimeUntilNextDueAsync(idle, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
            catch (Exception ex)
            {
                // E.g. the database is briefly unavailable: try again after the idle interval; watches are not lost.
                logger.LogError(ex, "Status-watch poller round failed; retrying in {Seconds} s.", idle.TotalSeconds);
                sleep = idle;
            }

            try
            {
                await signal.WaitAsync(sleep, clock, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
        }
    }

    /// <summary>Polls every due watch of one batch, at most <see cref="StatusPollerOptions.MaxDegreeOfParallelism"/> at a time.</summary>
    public async Task<PollRound> RunOnceAsync(CancellationToken cancellationToken)
    {
        var settings = options.CurrentValue;
        var batchSize = Math.Max(1, settings.BatchSize);
        var now = clock.GetUtcNow().UtcDateTime;
        List<StatusWatch> due;
        await using (var db = await dbFactory.CreateDbContextAsync(cancellationToken))
        {
            due = await db.StatusWatches.AsNoTracking()
                .Where(w => w.Outcome == WatchOutcome.Active && w.NextPollAtUtc <= now)
                .OrderBy(w => w.NextPollAtUtc).ThenBy(w => w.Id)
                .Take(batchSize)
                .ToListAsync(cancellationToken);
        }
        if (due.Count == 0)
        {
            return new PollRound(0, false);
        }

        await using var scope = scopes.CreateAsyncScope();
        var artha = scope.ServiceProvider.GetRequiredService<IArthaClient>();
        var parallel = new ParallelOptions
        {
            MaxDegreeOfParallelism = Math.Max(1, settings.MaxDegreeOfParallelism),
            CancellationToken = cancellationToken,
        };
        await Parallel.ForEachAsync(due, parallel, (watch, ct) => new ValueTask(PollOneAsync(artha, watch, ct)));
        return new PollRound(due.Count, due.Count == batchSize);
    }

    private async Task PollOneAsync(IArthaClient artha, StatusWatch watch, CancellationToken cancellationToken)
    {
        try
        {
            string status;
            try
            {
                status = await ReadStatusAsync(artha, watch, cancellationToken);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                throw;
            }
            catch (Exception ex) when (ex is ArthaException or InvalidOperationException)
            {
                var failure = ex switch
                {
                    ArthaApiException api => $"HTTP {(int)api.StatusCode} {api.ErrorCode}".TrimEnd(),
                    ArthaTransportException transport => $"transport {transport.Kind}",
                    _ => ex.Message,
                };
                logger.LogWarning("Polling watch {WatchId} ({Kind} {EntityId}) failed: {Failure}; backing off.", watch.Id, watch.Kind, watch.EntityId, failure);
                await resolver.ApplyPollFailureAsync(watch, failure, cancellationToken);
                return;
            }
            await resolver.ApplyPolledStatusAsync(watch, status, cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (Exception ex)
        {
            // One broken watch (or a database hiccup) must not stop the others; it stays due and is retried next round.
            logger.LogError(ex, "Could not move watch {WatchId} ({Kind} {EntityId}) forward.", watch.Id, watch.Kind, watch.EntityId);
        }
    }

    private static async Task<string> ReadStatusAsync(IArthaClient artha, StatusWatch watch, CancellationToken cancellationToken)
    {
        var status = watch.Kind switch
        {
            WatchKind.Kyc => (await artha.Applicants.GetStatusAsync(watch.EntityId,
                watch.ProductId ?? throw new InvalidOperationException("a KYC watch needs the product id to ask Artha"), cancellationToken)).ApplicantStatus.Value,
            WatchKind.CardIssuance => (await artha.Cards.GetAsync(watch.EntityId, cancellationToken)).State?.Value,
            _ => (await artha.Funding.GetTopUpStatusAsync(watch.EntityId, cancellationToken)).Status.Value,
        };
        return string.IsNullOrWhiteSpace(status) ? "unknown" : status;
    }

    private async Task<TimeSpan> TimeUntilNextDueAsync(TimeSpan idle, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var next = await db.StatusWatches
            .Where(w => w.Outcome == WatchOutcome.Active)
            .OrderBy(w => w.NextPollAtUtc)
            .Select(w => (DateTime?)w.NextPollAtUtc)
            .FirstOrDefaultAsync(cancellationToken);
        if (next is null)
        {
            return idle;
        }
        var wait = next.Value - clock.GetUtcNow().UtcDateTime;
        return wait <= TimeSpan.Zero ? TimeSpan.Zero : wait < idle ? wait : idle;
    }
}
