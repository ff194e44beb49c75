using System.Globalization;
using Artha.Admin.Auditing;
using Artha.Admin.Features.Cards.Rules;
using Artha.Admin.LiveStatus;
using Artha.Admin.Security;
using Microsoft.EntityFrameworkCore;

namespace Artha.Admin.Services;

public sealed partial class ArthaService
{
    /// <summary>How many rows of each source the timeline reads (audit rows, transactions, top-ups, live changes).</summary>
    public const int TimelineSourceCap = 200;

    /// <summary>
    /// Everything that happened to one card, newest first (<see cref="CardTimelineMerge"/>): its issuance and issuance
    /// outcome, replacements both ways, every staff operation with who, role, reason and channel (portal, system watch by
    /// webhook or polling, reconciler), limit changes old → new, PIN sets, top-ups and their outcome, its transactions,
    /// and the live changes the portal received. Who, role and detail only for roles that may read the audit trail.
    /// </summary>
    public async Task<IReadOnlyList<CardTimelineEntry>> CardTimelineAsync(string cardId, IReadOnlySet<CardTimelineKind>? kinds = null, CancellationToken cancellationToken = default)
    {
        const string action = "card.timeline";
        await RequireAsync(Permission.ViewProgramme, action, CardTarget(cardId));
        var full = (await currentStaff.GetAsync()).Allows(Permission.ViewAudit);
        try
        {
            var card = ToCardView(await artha.Cards.GetAsync(cardId, cancellationToken));
            var transactions = await ListTransactionsCoreAsync(new TransactionFilter { CardId = cardId }, 0, ArthaMaxPageSize, cancellationToken);
            var topUps = await ListTopUpsCoreAsync(new TopUpFilter { CardId = cardId }, 0, ArthaMaxPageSize, cancellationToken);

            await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
            var audited = await db.AuditEntries.AsNoTracking()
                .Where(a => a.TargetType == "card" && a.TargetId == cardId && a.Outcome != AuditOutcome.Pending)
                .OrderByDescending(a => a.Id).Take(TimelineSourceCap).ToListAsync(cancellationToken);

            var fromAudit = audited
                .Where(a => CardTimelineMerge.KindOf(a.Action) is not null)
                .Select(a => new CardTimelineEntry(
                    DateTime.SpecifyKind(a.OccurredAtUtc, DateTimeKind.Utc), CardTimelineMerge.KindOf(a.Action)!.Value,
                    TimelineActionInWords(a.Action), a.Outcome.ToString().ToLowerInvariant(), CardTimelineMerge.ChannelOf(a),
                    full ? a.UserName : null, full && a.Roles.Length > 0 ? a.Roles : null, full ? a.Detail : null));

            var fromArtha = new List<CardTimelineEntry>();
            if (card.CreatedAt is { } created)
            {
                fromArtha.Add(new CardTimelineEntry(created.UtcDateTime, CardTimelineKind.Issuance,
                    $"Card issued: {card.Type ?? "card"} on {card.ProductName ?? card.ProductId ?? "its product"}" +
                    (card.IssuanceFailed ? $" — issuance failed{(card.FailureReason is { } why ? $": {why}" : "")}" : ""),
                    card.DisplayStatus, "Artha"));
                if (card.ReplacesCardId is { } replaced)
                {
                    fromArtha.Add(new CardTimelineEntry(created.UtcDateTime, CardTimelineKind.Replacement,
                        "Issued as the replacement of another card", "replacement", "Artha", Link: $"cards/{Uri.EscapeDataString(replaced)}"));
                }
            }
            if (card.ReplacedByCardId is { } replacement)
            {
                fromArtha.Add(new CardTimelineEntry((card.UpdatedAt ?? card.CreatedAt ?? clock.GetUtcNow()).UtcDateTime, CardTimelineKind.Replacement,
                    "Replaced by a new card", "replaced", "Artha", Link: $"cards/{Uri.EscapeDataString(replacement)}"));
            }
            fromArtha.AddRange(transactions.Items
                .Where(t => t.Type != "top_up" && t.AuthorizedAt is not null)   // a top-up's transaction is the top-up below
                .Select(t => new CardTimelineEntry(t.AuthorizedAt!.Value.UtcDateTime, CardTimelineKind.Transaction,
                    $"{CultureInfo.InvariantCulture.TextInfo.ToTitleCase(t.Type.Replace('_', ' '))} of {t.Money}{(t.MerchantName is { Length: > 0 } m ? $" at {m}" : "")}" +
                    (t.Status == "declined" ? " — declined: open it to see why" : ""),
                    t.Status, "Artha", Link: $"transactions/{Uri.EscapeDataString(t.Id)}")));
            fromArtha.AddRange(topUps.Items
                .Where(t => t.CreatedAt is not null)
                .Select(t => new CardTimelineEntry((t.UpdatedAt ?? t.CreatedAt)!.Value.UtcDateTime, CardTimelineKind.TopUp,
                    $"Top-up of {t.Money} {t.Status}{(t.Remarks is { Length: > 0 } r && t.Status != "approved" ? $": {r.Trim().TrimEnd('.')}" : "")}",
                    t.Status, "Artha")));

            var fromEvents = events.Recent(TimelineSourceCap).Where(c => c.Concerns(cardId))
                .Select(c => new CardTimelineEntry(c.OccurredAtUtc, c.Subject switch
                    {
                        StatusSubject.TopUp => CardTimelineKind.TopUp,
                        StatusSubject.Transaction => CardTimelineKind.Transaction,
                        _ => CardTimelineKind.Issuance,
                    }, c.Message, c.Status, c.InitiatedBy is null ? "live change (Artha)" : "live change (portal)", full ? c.InitiatedBy : null));

            return CardTimelineMerge.Merge(fromAudit, fromArtha, fromEvents, kinds);
        }
        catch (Artha.Client.Errors.ArthaException ex)
        {
            throw Translate(ex, action, isChange: false);
        }
    }

    private static string TimelineActionInWords(string action) => action switch
    {
        "card.issue" => "Issue requested",
        "card.issue.outcome" => "Issuance outcome",
        "card.replace.outcome" => "Replacement issued",
        "topup.create" => "Top-up sent",
        "topup.reconcile" => "Top-up checked against Artha's history",
        _ => CardActionInWords(action),
    };
}
