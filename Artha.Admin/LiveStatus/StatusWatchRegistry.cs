using Artha.Admin.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Artha.Admin.LiveStatus;

/// <summary>How long and how often each kind of watch polls (section <c>LiveStatus</c>).</summary>
public sealed class StatusWatchOptions
{
    public const string Section = "LiveStatus";

    /// <summary>First poll after this many seconds; then exponential backoff with jitter up to <see cref="MaxIntervalSeconds"/>.</summary>
    public double InitialIntervalSeconds { get; set; } = 30;
    public double MaxIntervalSeconds { get; set; } = 600;
    public double BackoffFactor { get; set; } = 2;
    /// <summary>Each interval is shortened by a random share below this ratio, so watches started together spread out.</summary>
    public double JitterRatio { get; set; } = 0.2;
    /// <summary>Give up and surface "timed out — check with Artha" after this long (seed: e.g. 24 h for KYC).</summary>
    public double DeadlineHours { get; set; } = 24;
}

/// <summary>Persists a watch whenever the portal starts something asynchronous at Artha.</summary>
public sealed class StatusWatchRegistry(IDbContextFactory<AdminDbContext> dbFactory, IOptionsMonitor<StatusWatchOptions> options, TimeProvider clock,
    StatusWatchSignal? signal = null)
{
    /// <summary>Adds (or re-activates) the watch for this entity; idempotent, so a resubmission does not duplicate it.</summary>
    public async Task<StatusWatch> WatchAsync(WatchKind kind, string entityId, string description, string? lastStatus,
        string? productId = null, string? customerId = null, string? cardId = null, string? startedBy = null,
        CancellationToken cancellationToken = default)
    {
        var settings = options.Get(WatchStatuses.TimingOf(kind));
        var now = clock.GetUtcNow().UtcDateTime;
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var watch = await db.StatusWatches.FirstOrDefaultAsync(w => w.Kind == kind && w.EntityId == entityId && w.ProductId == productId, cancellationToken);
        if (watch is null)
        {
            watch = new StatusWatch { Kind = kind, EntityId = entityId, ProductId = productId, CreatedAtUtc = now };
            db.StatusWatches.Add(watch);
        }
        else if (kind == WatchKind.Replacement)
        {
            // The search for the new card starts from the (new) replacement request, not from an earlier one.
            watch.CreatedAtUtc = now;
        }
        watch.CustomerId = customerId ?? watch.CustomerId;
        watch.CardId = cardId ?? watch.CardId;
        watch.Description = description;
        watch.LastStatus = lastStatus;
        watch.Outcome = WatchOutcome.Active;
        watch.Attempts = 0;
        watch.DeadlineUtc = now.AddHours(settings.DeadlineHours);
        // The first poll is jittered like every later one, so watches started together (a bulk action, a restart
        // re-adding them) do not poll in lockstep: the initial interval shortened by up to JitterRatio.
        watch.NextPollAtUtc = new BackoffPolicy(settings).NextPollAt(0, now, watch.DeadlineUtc);
        watch.CompletedAtUtc = null;
        watch.StartedByUserName = startedBy;
        await db.SaveChangesAsync(cancellationToken);
        // Wake the poller so it plans around the new watch instead of sleeping out its idle interval.
        signal?.Notify();
        return watch;
    }

    /// <summary>
    /// Watches of the given kinds that ended <see cref="WatchOutcome.TimedOut"/> ("timed out — check with Artha") and
    /// concern one of <paramref name="ids"/> (as entity, customer or card), most recent first: what a page showing that
    /// entity reads to say so after the fact. A watch started again (resubmission) is active, so no longer listed.
    /// </summary>
    public async Task<IReadOnlyList<StatusWatch>> TimedOutWatchesForAsync(IReadOnlyCollection<WatchKind> kinds, IReadOnlyCollection<string> ids,
        CancellationToken cancellationToken = default, bool allEntities = false)
    {
        var wanted = ids.Where(id => !string.IsNullOrEmpty(id)).Distinct(StringComparer.Ordinal).ToList();
        if ((wanted.Count == 0 && !allEntities) || kinds.Count == 0)
        {
            return [];
        }
        var kindList = kinds.Distinct().ToList();
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var query = db.StatusWatches.AsNoTracking().Where(w => w.Outcome == WatchOutcome.TimedOut && kindList.Contains(w.Kind));
        if (wanted.Count > 0)
        {
            query = query.Where(w => wanted.Contains(w.EntityId) || wanted.Contains(w.CustomerId!) || wanted.Contains(w.CardId!));
        }
        return await query
            .OrderByDescending(w => w.CompletedAtUtc).ThenByDescending(w => w.Id)
            .Take(20)
            .ToListAsync(cancellationToken);
    }

    /// <summary>Active and finished watches touching a customer or card, newest first (for pages that show progress).</summary>
    public async Task<IReadOnlyList<StatusWatch>> ForAsync(string id, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await db.StatusWatches.AsNoTracking()
            .Where(w => w.EntityId == id || w.CustomerId == id || w.CardId == id)
            .OrderByDescending(w => w.CreatedAtUtc)
            .Take(50)
            .ToListAsync(cancellationToken);
    }
}
