using Artha.Admin.Auditing;
using Artha.Admin.LiveStatus;
using Artha.Admin.Services;

namespace Artha.Admin.Features.Cards.Rules;

/// <summary>
/// Builds a card's timeline from its three sources — the audit trail (what staff and the system did), Artha's data (the
/// card itself, its transactions and top-ups) and the live changes the portal received — newest first. An audit row and
/// an Artha record of the same thing both stay: one says who did it, the other what Artha made of it.
/// </summary>
public static class CardTimelineMerge
{
    /// <summary>Audit actions on a card and what kind of timeline line each makes.</summary>
    public static CardTimelineKind? KindOf(string action) => action switch
    {
        "card.issue" or "card.issue.outcome" => CardTimelineKind.Issuance,
        "card.activate" or "card.freeze" or "card.unfreeze" or "card.cancel" or "card.reveal" => CardTimelineKind.Operation,
        "card.limits.update" => CardTimelineKind.Limits,
        "card.pin.set" => CardTimelineKind.Pin,
        "card.replace" or "card.replace.outcome" => CardTimelineKind.Replacement,
        "topup.create" or "topup.reconcile" => CardTimelineKind.TopUp,
        _ => null,
    };

    /// <summary>How an audit row came about, from its actor and detail.</summary>
    public static string ChannelOf(AuditEntry entry) => entry.UserName switch
    {
        StatusWatchResolver.SystemActor when entry.Detail?.Contains("learned by webhook", StringComparison.OrdinalIgnoreCase) == true => "system watch (webhook)",
        StatusWatchResolver.SystemActor when entry.Detail?.Contains("learned by poll", StringComparison.OrdinalIgnoreCase) == true => "system watch (polling)",
        StatusWatchResolver.SystemActor => "system watch",
        TopUpReconciler.SystemActor => "reconciler",
        var name when name.StartsWith("system:", StringComparison.Ordinal) => name["system:".Length..],
        _ => "portal",
    };

    /// <summary>
    /// The merged timeline, newest first (ties: Artha's record before the audit row of the same moment, so "approved"
    /// reads above "top-up sent"), restricted to <paramref name="kinds"/> when given.
    /// </summary>
    public static IReadOnlyList<CardTimelineEntry> Merge(
        IEnumerable<CardTimelineEntry> fromAudit,
        IEnumerable<CardTimelineEntry> fromArtha,
        IEnumerable<CardTimelineEntry> fromEvents,
        IReadOnlySet<CardTimelineKind>? kinds = null)
    {
        var events = fromEvents.ToList();
        var artha = fromArtha.ToList();
        // A live change that Artha's own data also shows (same kind, same minute, same outcome) adds nothing.
        var freshEvents = events.Where(e => !artha.Any(a => a.Kind == e.Kind && a.Outcome == e.Outcome && Math.Abs((a.AtUtc - e.AtUtc).TotalSeconds) < 60));
        return artha.Select(e => (Entry: e, Rank: 0))
            .Concat(freshEvents.Select(e => (Entry: e, Rank: 1)))
            .Concat(fromAudit.Select(e => (Entry: e, Rank: 2)))
            .Where(x => kinds is null || kinds.Count == 0 || kinds.Contains(x.Entry.Kind))
            .OrderByDescending(x => x.Entry.AtUtc)
            .ThenBy(x => x.Rank)
            .Select(x => x.Entry)
            .ToList();
    }
}
