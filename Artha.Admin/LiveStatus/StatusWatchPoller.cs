using System.Collections.Concurrent;
using System.Text.Json;
using Artha.Admin.Data;
using Artha.Client;
using Artha.Client.Errors;
using Artha.Client.Models;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Artha.Admin.LiveStatus;

/// <summary>What one round of the poller did.</summary>
public readonly record struct PollRound(int Polled, bool BatchWasFull);

/// <summary>
/// Moves persisted watches forward: claims the due active ones (soonest first, a batch at a time, through
/// <see cref="WorkLeases"/>, so on a shared database each due watch is polled by exactly one portal instance and a dead
/// instance's watches are taken over when its lease runs out), asks Artha for each
/// with bounded concurrency, and hands the answer to <see cref="StatusWatchResolver"/>. When nothing is due it sleeps
/// until the earliest next poll (at most <see cref="StatusPollerOptions.MaxIdleSeconds"/>) or until a new watch wakes
/// it. Any failure of one watch (an Artha outage, an unreadable answer, the database refusing the outcome) only backs
/// that watch off; nothing here stops the loop or leaves a failed watch due. Watches live in the database, so a
/// restarted portal resumes them where they were.
/// </summary>
public sealed class StatusWatchPoller(
    IServiceScopeFactory scopes,
    IDbContextFactory<AdminDbContext> dbFactory,
    StatusWatchResolver resolver,
    StatusWatchSignal signal,
    WorkLeases leases,
    IOptionsMonitor<StatusPollerOptions> options,
    TimeProvider clock,
    ILogger<StatusWatchPoller> logger) : BackgroundService
{
    /// <summary>Watches whose backoff could not be stored, and when they may be polled again (this process only).</summary>
    private readonly ConcurrentDictionary<long, DateTime> _held = new();

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
        var held = HeldIds(now);
        // Claimed for this instance: another instance's claims (and watches held back here) are not touched.
        var due = await leases.ClaimDueWatchesAsync(now, batchSize, held, cancellationToken);
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
        await Parallel.ForEachAsync(due, parallel, (watch, ct) => new ValueTask(PollAndReleaseAsync(artha, watch, ct)));
        return new PollRound(due.Count, due.Count == batchSize);
    }

    private async Task PollAndReleaseAsync(IArthaClient artha, StatusWatch watch, CancellationToken cancellationToken)
    {
        await PollOneAsync(artha, watch, cancellationToken);
        try
        {
            // Handled (rescheduled, completed or backed off): free for whichever instance finds it due next.
            await leases.ReleaseWatchAsync(watch.Id, cancellationToken);
        }
        catch (Exception ex) when (!IsShutdown(ex, cancellationToken))
        {
            // The lease runs out by itself; until then no instance polls this watch.
            logger.LogWarning("Could not release the lease of watch {WatchId} ({Failure}); it expires by itself.", watch.Id, Describe(ex));
        }
    }

    private async Task PollOneAsync(IArthaClient artha, StatusWatch watch, CancellationToken cancellationToken)
    {
        string failure;
        try
        {
            var (observed, apply) = await ObserveAsync(artha, watch, cancellationToken);
            try
            {
                await apply(cancellationToken);
                _held.TryRemove(watch.Id, out _);
                return;
            }
            catch (Exception ex) when (!IsShutdown(ex, cancellationToken))
            {
                // E.g. the database refused the outcome: the watch stays active and is asked again after a backoff.
                failure = $"{observed} could not be applied ({Describe(ex)})";
                logger.LogDebug(ex, "Applying the polled status of watch {WatchId} failed.", watch.Id);
            }
        }
        catch (Exception ex) when (!IsShutdown(ex, cancellationToken))
        {
            // Any failure to ask: Artha unreachable, 5xx/4xx, a 200 whose body is not the expected JSON, a watch
            // without what the call needs. Never left due, or the next round would ask again at once.
            failure = Describe(ex);
            if (ex is not ArthaException)
            {
                logger.LogDebug(ex, "Polling watch {WatchId} threw {Type}.", watch.Id, ex.GetType().Name);
            }
        }

        logger.LogWarning("Polling watch {WatchId} ({Kind} {EntityId}) failed: {Failure}; backing off.", watch.Id, watch.Kind, watch.EntityId, failure);
        try
        {
            await resolver.ApplyPollFailureAsync(watch, failure, cancellationToken);
            _held.TryRemove(watch.Id, out _);
        }
        catch (Exception ex) when (!IsShutdown(ex, cancellationToken))
        {
            // Not even the backoff could be stored (the database is failing): hold the watch back in memory for the
            // interval it would have waited, so this poller does not re-poll it at once; the row itself is unchanged.
            var until = clock.GetUtcNow().UtcDateTime + resolver.BackoffFor(watch.Kind).Interval(watch.Attempts + 1);
            _held[watch.Id] = until;
            logger.LogError("Could not back off watch {WatchId} ({Kind} {EntityId}): {Failure}; held back in memory until {Until:O}.",
                watch.Id, watch.Kind, watch.EntityId, Describe(ex), until);
        }
    }

    /// <summary>True when <paramref name="exception"/> is the host shutting down, which must end the round, not back off.</summary>
    private static bool IsShutdown(Exception exception, CancellationToken cancellationToken) =>
        exception is OperationCanceledException && cancellationToken.IsCancellationRequested;

    /// <summary>What failed, for the log and the audit detail: kinds and codes only, never bodies, headers or credentials.</summary>
    internal static string Describe(Exception exception) => exception switch
    {
        ArthaApiException api => $"HTTP {(int)api.StatusCode} {api.ErrorCode}".TrimEnd(),
        ArthaTransportException transport => $"transport {transport.Kind}",
        JsonException json => $"unreadable response ({nameof(JsonException)}{(json.Path is null ? "" : $" at {json.Path}")})",
        OperationCanceledException => "timed out",
        InvalidOperationException invalid => Shorten(invalid.Message),
        _ => exception.GetType().Name,
    };

    private static string Shorten(string text) => text.Length <= 120 ? text : text[..119] + "…";

    /// <summary>Ids of the watches still held back in memory at <paramref name="now"/> (their backoff could not be stored); expired holds are dropped.</summary>
    private IReadOnlyList<long> HeldIds(DateTime now)
    {
        foreach (var (id, until) in _held)
        {
            if (until <= now)
            {
                _held.TryRemove(new KeyValuePair<long, DateTime>(id, until));
            }
        }
        return _held.Keys.ToList();
    }

    /// <summary>
    /// Asks Artha about the watch; returns what was seen (for a failure message) and how to apply it. A replacement lists
    /// the customer's cards on the product and looks for the new card; every other kind reads one status.
    /// </summary>
    private async Task<(string Observed, Func<CancellationToken, Task> Apply)> ObserveAsync(IArthaClient artha, StatusWatch watch, CancellationToken cancellationToken)
    {
        if (watch.Kind == WatchKind.Replacement)
        {
            var cards = await ListCustomerCardsAsync(artha, watch, cancellationToken);
            return ($"a list of {cards.Count} cards", ct => resolver.ApplyReplacementSearchAsync(watch, cards, ct));
        }
        var status = await ReadStatusAsync(artha, watch, cancellationToken);
        return ($"status {Shorten(status)}", ct => resolver.ApplyPolledStatusAsync(watch, status, ct));
    }

    /// <summary>Pages of Cards List asked for (100 cards each) before a replacement's search stops reading.</summary>
    internal const int ReplacementListPages = 10;

    /// <summary>The customer's cards on the watch's product (Cards List filtered by customer and product, page by page).</summary>
    private static async Task<IReadOnlyList<Card>> ListCustomerCardsAsync(IArthaClient artha, StatusWatch watch, CancellationToken cancellationToken)
    {
        var customerId = watch.CustomerId ?? throw new InvalidOperationException("a replacement watch needs the customer id to list the cards");
        const int pageSize = 100;
        var cards = new List<Card>();
        for (var page = 0; page < ReplacementListPages; page++)
        {
            var result = await artha.Cards.ListAsync(new CardListQuery
            {
                CustomerId = customerId,
                ProductId = watch.ProductId,
                Limit = pageSize,
                Offset = page * pageSize,
            }, cancellationToken);
            cards.AddRange(result.Items);
            if (result.Items.Count < pageSize || (result.Total is { } total && cards.Count >= total))
            {
                break;
            }
        }
        return cards;
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

    /// <summary>
    /// How long the loop may sleep: until the earliest next poll of an active watch, at most <paramref name="idle"/>.
    /// Watches held back in memory count with the end of their hold, not their (stale) stored time; watches leased by an
    /// instance count with the end of the lease when it comes later.
    /// </summary>
    public async Task<TimeSpan> TimeUntilNextDueAsync(TimeSpan idle, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var held = HeldIds(now);
        DateTime? next;
        await using (var db = await dbFactory.CreateDbContextAsync(cancellationToken))
        {
            var query = db.StatusWatches.Where(w => w.Outcome == WatchOutcome.Active);
            if (held.Count > 0)
            {
                query = query.Where(w => !held.Contains(w.Id));
            }
            // A watch another instance holds is not ours before its lease ends (then it may be taken over).
            next = await query
                .Select(w => w.LeaseUntilUtc != null && w.LeaseUntilUtc > now && w.LeaseUntilUtc > w.NextPollAtUtc
                    ? (DateTime?)w.LeaseUntilUtc
                    : (DateTime?)w.NextPollAtUtc)
                .OrderBy(at => at)
                .FirstOrDefaultAsync(cancellationToken);
        }
        foreach (var until in _held.Values)
        {
            next = next is null || until < next ? until : next;
        }
        if (next is null)
        {
            return idle;
        }
        var wait = next.Value - now;
        return wait <= TimeSpan.Zero ? TimeSpan.Zero : wait < idle ? wait : idle;
    }
}
