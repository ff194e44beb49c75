using Artha.Admin.Auditing;
using Artha.Admin.Data;
using Artha.Client.Models;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Artha.Admin.LiveStatus;

/// <summary>
/// Moves a watch forward once a status is known, from a poll or a webhook: completes it on a terminal status,
/// times it out past its deadline, or reschedules it. Every transition out of <see cref="WatchOutcome.Active"/> is a
/// compare-and-set on the row, so when the poller and a webhook learn the same outcome at once only one of them
/// notifies, audits and updates the top-up intent.
/// </summary>
public sealed class StatusWatchResolver(
    IDbContextFactory<AdminDbContext> dbFactory,
    IStatusEventStream events,
    IOptionsMonitor<StatusWatchOptions> options,
    TimeProvider clock,
    ILogger<StatusWatchResolver> logger)
{
    /// <summary>The audit trail's actor for everything the watch machinery records.</summary>
    public const string SystemActor = "system:status-watch";

    /// <summary>One replacement claims a new card at a time (see <see cref="ApplyReplacementSearchAsync"/>).</summary>
    private readonly SemaphoreSlim _claims = new(1, 1);

    public BackoffPolicy BackoffFor(WatchKind kind) => new(options.Get(WatchStatuses.TimingOf(kind)));

    /// <summary>
    /// Applies a status read by the poller: complete on a terminal status; otherwise time out past the deadline, or
    /// schedule the next poll by the backoff policy (publishing a routine change when the status moved).
    /// </summary>
    public async Task<WatchOutcome> ApplyPolledStatusAsync(StatusWatch watch, string status, CancellationToken cancellationToken)
    {
        var reading = WatchStatuses.Read(watch.Kind, status);
        if (reading.IsTerminal)
        {
            await CompleteAsync(watch, reading, "polling", cancellationToken);
            return WatchOutcome.Completed;
        }
        var now = clock.GetUtcNow().UtcDateTime;
        if (now >= watch.DeadlineUtc)
        {
            await TimeOutAsync(watch, $"still {status} at the deadline", cancellationToken);
            return WatchOutcome.TimedOut;
        }
        await RescheduleAsync(watch, status, now, cancellationToken);
        return WatchOutcome.Active;
    }

    /// <summary>A poll failed (Artha unreachable, 5xx, …): back off and keep the watch, unless its deadline has passed.</summary>
    public async Task<WatchOutcome> ApplyPollFailureAsync(StatusWatch watch, string failure, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        if (now >= watch.DeadlineUtc)
        {
            await TimeOutAsync(watch, $"Artha could not be asked at the deadline ({failure})", cancellationToken);
            return WatchOutcome.TimedOut;
        }
        await RescheduleAsync(watch, null, now, cancellationToken);
        return WatchOutcome.Active;
    }

    /// <summary>
    /// Applies a status Artha pushed (webhook) to the active watches of that entity. Terminal: completes them at once, so
    /// polling stops. Otherwise records the status (the schedule is kept). Returns how many watches the event touched.
    /// </summary>
    public async Task<int> ApplyPushedStatusAsync(WatchKind kind, string entityId, string? productId, string status, CancellationToken cancellationToken)
    {
        List<StatusWatch> matches;
        await using (var db = await dbFactory.CreateDbContextAsync(cancellationToken))
        {
            matches = await db.StatusWatches.AsNoTracking()
                .Where(w => w.Outcome == WatchOutcome.Active && w.Kind == kind && w.EntityId == entityId && (productId == null || w.ProductId == productId))
                .ToListAsync(cancellationToken);
        }
        var reading = WatchStatuses.Read(kind, status);
        var touched = 0;
        foreach (var watch in matches)
        {
            var changed = reading.IsTerminal
                ? await CompleteAsync(watch, reading, "webhook", cancellationToken)
                : await RecordStatusAsync(watch, status, cancellationToken);
            touched += changed ? 1 : 0;
        }
        return touched;
    }

    /// <summary>
    /// Applies the customer's cards listed for a <see cref="WatchKind.Replacement"/> watch: when
    /// <see cref="ReplacementSearch.Pick"/> finds the new card, hands over (<see cref="HandOverReplacementAsync"/>);
    /// otherwise times the watch out past its deadline or schedules the next look by the backoff policy.
    /// Claims are made one at a time in this process, so two replacements looked for at once cannot take the same card.
    /// </summary>
    public async Task<WatchOutcome> ApplyReplacementSearchAsync(StatusWatch watch, IReadOnlyList<Card> cards, CancellationToken cancellationToken)
    {
        await _claims.WaitAsync(cancellationToken);
        try
        {
            var ids = cards.Select(c => c.Id).Where(id => !string.IsNullOrWhiteSpace(id)).Distinct(StringComparer.Ordinal).ToList();
            HashSet<string> claimed;
            await using (var db = await dbFactory.CreateDbContextAsync(cancellationToken))
            {
                claimed = (await db.StatusWatches.AsNoTracking()
                    .Where(w => ids.Contains(w.EntityId) && (w.Kind == WatchKind.CardIssuance || (w.Kind == WatchKind.Replacement && w.Id != watch.Id)))
                    .Select(w => w.EntityId)
                    .ToListAsync(cancellationToken)).ToHashSet(StringComparer.Ordinal);
            }
            var found = ReplacementSearch.Pick(watch, cards, claimed);
            if (found is not null)
            {
                return await HandOverReplacementAsync(watch, found, cancellationToken) ? WatchOutcome.Completed : WatchOutcome.Active;
            }
        }
        finally
        {
            _claims.Release();
        }
        var now = clock.GetUtcNow().UtcDateTime;
        if (now >= watch.DeadlineUtc)
        {
            await TimeOutAsync(watch, "no new card of the customer on the product appeared by the deadline", cancellationToken);
            return WatchOutcome.TimedOut;
        }
        await RescheduleAsync(watch, watch.LastStatus ?? "pending", now, cancellationToken);
        return WatchOutcome.Active;
    }

    /// <summary>
    /// The new card of a replacement was found: in one transaction, completes the <see cref="WatchKind.Replacement"/>
    /// watch (compare-and-set, status <see cref="WatchStatuses.ReplacementFound"/>), starts the
    /// <see cref="WatchKind.CardIssuance"/> watch of the new card (CardIssuance timing; it carries the replacement's
    /// description) and audits it; then publishes the notable "Replacement of card ••1234 is being issued as card ••5678"
    /// for the new card and the old one (so both pages refresh). A new card already active or failed completes its
    /// issuance watch at once. False when another path won.
    /// </summary>
    public async Task<bool> HandOverReplacementAsync(StatusWatch watch, Card newCard, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var description = WatchStatuses.DescriptionOf(watch);
        var state = newCard.State?.Value is { Length: > 0 } s ? s : CardState.Pending.Value;
        var issuanceTiming = options.Get(nameof(WatchKind.CardIssuance));
        var deadline = now.AddHours(issuanceTiming.DeadlineHours);
        var issuance = new StatusWatch
        {
            Kind = WatchKind.CardIssuance,
            EntityId = newCard.Id,
            ProductId = watch.ProductId ?? newCard.ProductId,
            CustomerId = watch.CustomerId ?? newCard.CustomerId,
            CardId = newCard.Id,
            Description = description,
            LastStatus = state,
            Outcome = WatchOutcome.Active,
            CreatedAtUtc = now,
            DeadlineUtc = deadline,
            NextPollAtUtc = new BackoffPolicy(issuanceTiming).NextPollAt(0, now, deadline),
            StartedByUserName = watch.StartedByUserName,
        };
        await using (var db = await dbFactory.CreateDbContextAsync(cancellationToken))
        {
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            var won = await EndActiveAsync(db, watch.Id, WatchOutcome.Completed, WatchStatuses.ReplacementFound, now, now, watch.Attempts + 1, cancellationToken);
            if (won == 0)
            {
                return false;
            }
            db.StatusWatches.Add(issuance);
            var (action, targetType) = WatchStatuses.AuditOf(watch.Kind);
            db.AuditEntries.Add(SystemAudit(now, action, targetType, watch.EntityId, AuditOutcome.Succeeded,
                $"{description}: new card {newCard.Id} found in the customer's cards (state {state}, learned by polling" +
                $"{(watch.ProductId is null ? "" : $", product {watch.ProductId}")}); its issuance is watched"));
            await db.SaveChangesAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        }
        logger.LogInformation("Watch {WatchId} (Replacement {EntityId}) found the new card {NewCardId}; its issuance is watched as {IssuanceWatchId}.",
            watch.Id, watch.EntityId, newCard.Id, issuance.Id);
        var shortName = ReplacementSearch.ShortNameOf(newCard);
        await events.PublishAsync(new StatusChange(StatusSubject.Card, newCard.Id, state,
            $"{description} {WatchStatuses.Read(WatchKind.Replacement, WatchStatuses.ReplacementFound).Verb}{(shortName == "card" ? "" : $" as {shortName}")}", now)
        {
            CustomerId = issuance.CustomerId,
            // The old card, so its page (which listens for its own id) refreshes and hears of the new one.
            CardId = watch.EntityId,
            ProductId = issuance.ProductId,
            PreviousStatus = watch.LastStatus,
            IsNotable = true,
        }, CancellationToken.None);

        var reading = WatchStatuses.Read(WatchKind.CardIssuance, state);
        if (reading.IsTerminal)
        {
            // Issued (or failed) before it was found: the list already told us, no need to ask again.
            await CompleteAsync(issuance, reading, "polling", cancellationToken);
        }
        return true;
    }

    /// <summary>
    /// A card webhook of a customer (e.g. <c>card.under_review</c> of a card Artha just created): the active replacement
    /// watches of that customer (and product, when known) whose old card is not that card look at once instead of at
    /// their next poll; the poll applies the usual rule. Returns how many were brought forward.
    /// </summary>
    public async Task<int> ExpediteReplacementSearchAsync(string customerId, string? productId, string cardId, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await db.StatusWatches
            .Where(w => w.Outcome == WatchOutcome.Active && w.Kind == WatchKind.Replacement && w.CustomerId == customerId
                        && w.EntityId != cardId && (productId == null || w.ProductId == null || w.ProductId == productId)
                        && w.NextPollAtUtc > now)
            .ExecuteUpdateAsync(u => u.SetProperty(w => w.NextPollAtUtc, now), cancellationToken);
    }

    /// <summary>Completes the watch (if still active): notable change, audit row, top-up intent. False when another path won.</summary>
    public async Task<bool> CompleteAsync(StatusWatch watch, StatusReading reading, string source, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var description = WatchStatuses.DescriptionOf(watch);
        var polledAt = source == "polling" ? now : watch.LastPolledAtUtc;
        var attempts = source == "polling" ? watch.Attempts + 1 : watch.Attempts;
        await using (var db = await dbFactory.CreateDbContextAsync(cancellationToken))
        {
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            var won = await EndActiveAsync(db, watch.Id, WatchOutcome.Completed, reading.Status, now, polledAt, attempts, cancellationToken);
            if (won == 0)
            {
                return false;
            }
            var (action, targetType) = WatchStatuses.AuditOf(watch.Kind);
            // The outcome is Artha's answer: an approved top-up or KYC Succeeded, a rejected one Failed (never "Succeeded").
            db.AuditEntries.Add(SystemAudit(now, action, targetType, watch.EntityId, reading.IsSuccess ? AuditOutcome.Succeeded : AuditOutcome.Failed,
                $"{description}: status {reading.Status} (learned by {source}{(watch.ProductId is null ? "" : $", product {watch.ProductId}")})"));
            if (watch.Kind == WatchKind.TopUp)
            {
                await UpdateTopUpIntentAsync(db, watch.EntityId, reading, now, cancellationToken);
            }
            if (watch.Kind == WatchKind.Kyc && watch.ProductId is { } productId && WatchStatuses.Same(reading.Status, KycStatus.Approved.Value))
            {
                // Approved: nothing will be resubmitted, so the stored (encrypted) KYC values go with it.
                await db.KycSubmissionDrafts.Where(d => d.CustomerId == watch.EntityId && d.ProductId == productId).ExecuteDeleteAsync(cancellationToken);
            }
            await db.SaveChangesAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        }
        logger.LogInformation("Watch {WatchId} ({Kind} {EntityId}) completed with {Status} via {Source}.", watch.Id, watch.Kind, watch.EntityId, reading.Status, source);
        await PublishAsync(watch, reading.Status, $"{description} {reading.Verb}", notable: true, now);
        return true;
    }

    /// <summary>Marks the watch timed out (if still active): notable "timed out — check with Artha", audited as Failed.</summary>
    public async Task<bool> TimeOutAsync(StatusWatch watch, string reason, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var description = WatchStatuses.DescriptionOf(watch);
        var attempts = watch.Attempts + 1;
        await using (var db = await dbFactory.CreateDbContextAsync(cancellationToken))
        {
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            var won = await EndActiveAsync(db, watch.Id, WatchOutcome.TimedOut, null, now, now, attempts, cancellationToken);
            if (won == 0)
            {
                return false;
            }
            var (action, targetType) = WatchStatuses.AuditOf(watch.Kind);
            db.AuditEntries.Add(SystemAudit(now, action, targetType, watch.EntityId, AuditOutcome.Failed,
                $"{description}: timed out after {attempts} checks, last status {watch.LastStatus ?? "unknown"}; {reason}"));
            await db.SaveChangesAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        }
        logger.LogWarning("Watch {WatchId} ({Kind} {EntityId}) timed out: {Reason}.", watch.Id, watch.Kind, watch.EntityId, reason);
        await PublishAsync(watch, "timed_out", $"{description} timed out — check with Artha", notable: true, now);
        return true;
    }

    /// <summary>
    /// Ends a watch that is still active (compare-and-set on its outcome, so the poller, a webhook and another instance
    /// can race safely); a null <paramref name="lastStatus"/> keeps the last one. 0 when another path ended it first.
    /// </summary>
    private static Task<int> EndActiveAsync(AdminDbContext db, long watchId, WatchOutcome outcome, string? lastStatus, DateTime now,
        DateTime? polledAt, int attempts, CancellationToken cancellationToken) =>
        db.StatusWatches
            .Where(w => w.Id == watchId && w.Outcome == WatchOutcome.Active)
            .ExecuteUpdateAsync(s => s
                .SetProperty(w => w.Outcome, outcome)
                .SetProperty(w => w.LastStatus, w => lastStatus ?? w.LastStatus)
                .SetProperty(w => w.CompletedAtUtc, now)
                .SetProperty(w => w.LastPolledAtUtc, polledAt)
                .SetProperty(w => w.Attempts, attempts), cancellationToken);

    private async Task RescheduleAsync(StatusWatch watch, string? status, DateTime now, CancellationToken cancellationToken)
    {
        var attempts = watch.Attempts + 1;
        var next = BackoffFor(watch.Kind).NextPollAt(attempts, now, watch.DeadlineUtc);
        var newStatus = status ?? watch.LastStatus;
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var updated = await db.StatusWatches
            .Where(w => w.Id == watch.Id && w.Outcome == WatchOutcome.Active)
            .ExecuteUpdateAsync(s => s
                .SetProperty(w => w.Attempts, attempts)
                .SetProperty(w => w.NextPollAtUtc, next)
                .SetProperty(w => w.LastPolledAtUtc, now)
                .SetProperty(w => w.LastStatus, newStatus), cancellationToken);
        if (updated == 1 && status is not null && !WatchStatuses.Same(status, watch.LastStatus))
        {
            var reading = WatchStatuses.Read(watch.Kind, status);
            await PublishAsync(watch, status, $"{WatchStatuses.DescriptionOf(watch)} {reading.Verb}", notable: false, now);
        }
    }

    private async Task<bool> RecordStatusAsync(StatusWatch watch, string status, CancellationToken cancellationToken)
    {
        if (WatchStatuses.Same(status, watch.LastStatus))
        {
            return false;
        }
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var updated = await db.StatusWatches
            .Where(w => w.Id == watch.Id && w.Outcome == WatchOutcome.Active)
            .ExecuteUpdateAsync(s => s.SetProperty(w => w.LastStatus, status), cancellationToken);
        if (updated == 0)
        {
            return false;
        }
        var reading = WatchStatuses.Read(watch.Kind, status);
        await PublishAsync(watch, status, $"{WatchStatuses.DescriptionOf(watch)} {reading.Verb}", notable: false, clock.GetUtcNow().UtcDateTime);
        return true;
    }

    private static async Task UpdateTopUpIntentAsync(AdminDbContext db, string topUpId, StatusReading reading, DateTime now, CancellationToken cancellationToken)
    {
        var intents = await db.TopUpIntents.Where(i => i.TopUpId == topUpId).ToListAsync(cancellationToken);
        foreach (var intent in intents.Where(i => i.State is TopUpIntentState.Submitting or TopUpIntentState.Submitted))
        {
            intent.State = reading.IsSuccess ? TopUpIntentState.Approved : TopUpIntentState.Rejected;
            intent.ArthaStatus = reading.Status;
            intent.UpdatedAtUtc = now;
        }
    }

    private static AuditEntry SystemAudit(DateTime now, string action, string targetType, string targetId, AuditOutcome outcome, string detail) => new()
    {
        OccurredAtUtc = now,
        UserId = null,
        UserName = SystemActor,
        Roles = "",
        Action = action,
        TargetType = targetType,
        TargetId = targetId,
        Outcome = outcome,
        Detail = detail.Length > 2000 ? detail[..2000] : detail,
    };

    private Task PublishAsync(StatusWatch watch, string status, string message, bool notable, DateTime now) =>
        events.PublishAsync(new StatusChange(WatchStatuses.SubjectOf(watch.Kind), watch.EntityId, status, message, now)
        {
            CustomerId = watch.CustomerId ?? (watch.Kind == WatchKind.Kyc ? watch.EntityId : null),
            CardId = watch.CardId ?? (watch.Kind is WatchKind.CardIssuance or WatchKind.Replacement ? watch.EntityId : null),
            ProductId = watch.ProductId,
            PreviousStatus = watch.LastStatus,
            IsNotable = notable,
        }, CancellationToken.None);
}
