using System.Security.Claims;
using Artha.Admin.Auditing;
using Artha.Admin.Data;
using Artha.Admin.Features.Dashboard;
using Artha.Admin.LiveStatus;
using Artha.Admin.Security;
using Artha.Client.Models;
using Microsoft.EntityFrameworkCore;

namespace Artha.Admin.Services;

public sealed partial class ArthaService
{
    /// <summary>Customers of the programme (Artha's list total, read with <c>limit=1</c>).</summary>
    public Task<DashboardCount> CountCustomersAsync(CancellationToken cancellationToken = default) =>
        ReadAsync(Permission.ViewProgramme, "dashboard.count", null, async ct =>
            FromTotal((await artha.Customers.ListAsync(new CustomerListQuery { Limit = 1 }, ct)).Total), cancellationToken);

    /// <summary>Cards with a lifecycle status, e.g. <c>active</c> or <c>frozen</c> (Artha's list total, <c>limit=1</c>).</summary>
    public Task<DashboardCount> CountCardsAsync(string status, CancellationToken cancellationToken = default) =>
        ReadAsync(Permission.ViewProgramme, "dashboard.count", null, async ct =>
            FromTotal((await artha.Cards.ListAsync(new CardListQuery { Status = new CardStatus(status), Limit = 1 }, ct)).Total), cancellationToken);

    /// <summary>
    /// Customers whose KYC awaits a decision: Artha's customers with KYC <c>pending</c> or <c>under_review</c>, plus
    /// how many applications the portal itself is watching.
    /// </summary>
    public Task<DashboardCount> CountKycPendingAsync(CancellationToken cancellationToken = default) =>
        ReadAsync(Permission.ViewProgramme, "dashboard.count", null, async ct =>
        {
            var pending = artha.Customers.ListAsync(new CustomerListQuery { KycStatus = KycStatus.Pending, Limit = 1 }, ct);
            var review = artha.Customers.ListAsync(new CustomerListQuery { KycStatus = KycStatus.UnderReview, Limit = 1 }, ct);
            int watched;
            await using (var db = await dbFactory.CreateDbContextAsync(ct))
            {
                watched = await db.StatusWatches.CountAsync(w => w.Kind == WatchKind.Kyc && w.Outcome == WatchOutcome.Active, ct);
            }
            var (p, r) = ((await pending).Total, (await review).Total);
            var watchedNote = $"{watched} application{(watched == 1 ? "" : "s")} followed by the portal";
            return p is null || r is null
                ? new DashboardCount(null, $"Artha did not report a total; {watchedNote}.")
                : new DashboardCount(p + r, $"{p} pending, {r} under review; {watchedNote}.");
        }, cancellationToken);

    /// <summary>Top-ups Artha still reports as pending, plus those the portal is reconciling after a lost answer.</summary>
    public Task<DashboardCount> CountTopUpsPendingAsync(CancellationToken cancellationToken = default) =>
        ReadAsync(Permission.ViewProgramme, "dashboard.count", null, async ct =>
        {
            var total = (await artha.Funding.ListTopUpsAsync(new TopUpListQuery { Status = TopUpStatus.Pending, Limit = 1 }, ct)).Total;
            int reconciling;
            await using (var db = await dbFactory.CreateDbContextAsync(ct))
            {
                reconciling = await db.TopUpIntents.CountAsync(i => i.State == TopUpIntentState.Submitting, ct);
            }
            var note = reconciling == 0 ? null : $"plus {reconciling} being reconciled by the portal";
            return total is null ? new DashboardCount(null, "Artha did not report a total" + (note is null ? "." : $"; {note}.")) : new DashboardCount(total, note);
        }, cancellationToken);

    /// <summary>Days the top-up chart covers, today included.</summary>
    public const int TopUpChartDays = 7;

    /// <summary>Most top-ups the chart reads (it is refreshed on live changes; the top-ups page has the full history).</summary>
    public const int TopUpChartCap = 2_000;

    /// <summary>
    /// Top-ups per UTC day of the last <see cref="TopUpChartDays"/> days by status and currency, for the roles that move
    /// money (Finance, Admin). Read from Artha's top-up list, at most <see cref="TopUpChartCap"/> of them.
    /// </summary>
    public Task<TopUpsPerDay> TopUpsPerDayAsync(CancellationToken cancellationToken = default) =>
        ReadAsync(Permission.MoveMoney, "dashboard.topups", null, async ct =>
        {
            var today = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
            var filter = new TopUpFilter { From = today.AddDays(1 - TopUpChartDays), To = today };
            var rows = new List<TopUpView>();
            var capped = false;
            while (true)
            {
                var page = await ListTopUpsCoreAsync(filter, rows.Count, Math.Min(ArthaMaxPageSize, TopUpChartCap - rows.Count), ct);
                rows.AddRange(page.Items);
                var done = page.Items.Count == 0 || (page.Total is { } total && rows.Count >= total);
                if (done)
                {
                    break;
                }
                if (rows.Count >= TopUpChartCap)
                {
                    capped = true;
                    break;
                }
            }
            return DashboardCharts.TopUpsPerDay(rows, today, TopUpChartDays, capped);
        }, cancellationToken);

    /// <summary>Cards in each lifecycle status (Artha's list totals, read with <c>limit=1</c>).</summary>
    public Task<StatusBreakdown> CardsByStatusAsync(CancellationToken cancellationToken = default) =>
        ReadAsync(Permission.ViewProgramme, "dashboard.cards", null, async ct =>
        {
            var counts = await Task.WhenAll(DashboardCharts.CardStatuses.Select(async s =>
                new ChartSlice(s.Key, s.Label, (await artha.Cards.ListAsync(new CardListQuery { Status = new CardStatus(s.Key), Limit = 1 }, ct)).Total)));
            return new StatusBreakdown(counts);
        }, cancellationToken);

    /// <summary>The KYC funnel: customers in each KYC status, from not submitted to approved or rejected.</summary>
    public Task<StatusBreakdown> KycFunnelAsync(CancellationToken cancellationToken = default) =>
        ReadAsync(Permission.ViewProgramme, "dashboard.kyc", null, async ct =>
        {
            var counts = await Task.WhenAll(DashboardCharts.KycStages.Select(async s =>
                new ChartSlice(s.Key, s.Label, (await artha.Customers.ListAsync(new CustomerListQuery { KycStatus = KycStatus.From(s.Key), Limit = 1 }, ct)).Total)));
            return new StatusBreakdown(counts);
        }, cancellationToken);

    /// <summary>
    /// The latest activity of the programme: audit rows for roles allowed to read the audit trail, otherwise the
    /// recent status changes the portal has seen (which name no member of staff).
    /// </summary>
    public async Task<RecentActivity> RecentActivityAsync(int count = 10, CancellationToken cancellationToken = default)
    {
        await RequireAsync(Permission.ViewProgramme, "dashboard.activity", null);
        var user = await currentStaff.GetAsync();
        if (user.Allows(Permission.ViewAudit))
        {
            await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
            var rows = await db.AuditEntries.AsNoTracking().OrderByDescending(a => a.Id).Take(Math.Clamp(count, 1, 100)).ToListAsync(cancellationToken);
            return new RecentActivity(await ToActivityAsync(rows, cancellationToken), FromAuditTrail: true);
        }
        var recent = DistinctChanges(events.Recent(Math.Clamp(count, 1, 100)));
        var targets = recent.Select(TargetOf).ToList();
        var labels = await TargetLabelsAsync(targets, cancellationToken);
        var changes = recent.Zip(targets, (c, t) => new ActivityItem(c.OccurredAtUtc, null, c.Message, t.Type, t.Id, c.Status, LinkForChange(c))
        {
            TargetLabel = t.Type is not null && t.Id is not null && labels.TryGetValue((t.Type, t.Id), out var label) ? label : null,
        }).ToList();
        return new RecentActivity(changes, FromAuditTrail: false);
    }

    /// <summary>The signed-in user's own latest audit rows (every role may see its own actions).</summary>
    public async Task<IReadOnlyList<ActivityItem>> MyRecentActionsAsync(int count = 10, CancellationToken cancellationToken = default)
    {
        await RequireAsync(Permission.ViewProgramme, "dashboard.my-actions", null);
        var user = await currentStaff.GetAsync();
        var userId = user.FindFirstValue(ClaimTypes.NameIdentifier);
        var userName = user.Identity?.Name;
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var query = db.AuditEntries.AsNoTracking();
        query = userId is not null ? query.Where(a => a.UserId == userId) : query.Where(a => a.UserName == userName);
        var rows = await query.OrderByDescending(a => a.Id).Take(Math.Clamp(count, 1, 100)).ToListAsync(cancellationToken);
        return await ToActivityAsync(rows, cancellationToken);
    }

    /// <summary>
    /// The same change can reach the portal twice (a webhook and the poller, or two instances): the panel and the
    /// dashboard show it once, keeping the newest copy.
    /// </summary>
    public static IReadOnlyList<StatusChange> DistinctChanges(IEnumerable<StatusChange> newestFirst) => newestFirst
        .DistinctBy(c => (c.Subject, c.EntityId, Status: c.Status.ToLowerInvariant(), Previous: c.PreviousStatus?.ToLowerInvariant()))
        .ToList();

    /// <summary>What a status change is about, as an audit-style target the portal can name.</summary>
    private static (string? Type, string? Id) TargetOf(StatusChange change) => change.Subject switch
    {
        StatusSubject.Customer or StatusSubject.Kyc => ("customer", change.CustomerId ?? change.EntityId),
        StatusSubject.Card => ("card", change.CardId ?? change.EntityId),
        // Top-ups and transactions are named by their card, which staff recognise by its last four.
        _ when change.CardId is { } card => ("card", card),
        _ => (change.Subject.ToString().ToLowerInvariant(), change.EntityId),
    };

    /// <summary>Labels for the targets of a set of change descriptions (for the live activity panel).</summary>
    public async Task<IReadOnlyDictionary<(string Type, string Id), string>> ChangeLabelsAsync(IEnumerable<StatusChange> changes, CancellationToken cancellationToken = default)
    {
        await RequireAsync(Permission.ViewProgramme, "dashboard.activity", null);
        return await TargetLabelsAsync(changes.Select(TargetOf), cancellationToken);
    }

    /// <summary>The target of a change for the live activity panel: type, id.</summary>
    public static (string? Type, string? Id) TargetOfChange(StatusChange change) => TargetOf(change);

    private async Task<IReadOnlyList<ActivityItem>> ToActivityAsync(IReadOnlyList<AuditEntry> rows, CancellationToken cancellationToken)
    {
        var labels = await TargetLabelsAsync(rows.Select(r => (r.TargetType, r.TargetId)), cancellationToken);
        return rows.Select(a => ToActivity(a) with
        {
            TargetLabel = a.TargetType is { } type && a.TargetId is { } id && labels.TryGetValue((type, id), out var label) ? label : null,
        }).ToList();
    }

    private static DashboardCount FromTotal(int? total) =>
        total is null ? new DashboardCount(null, "Artha did not report a total.") : new DashboardCount(total);

    private static ActivityItem ToActivity(AuditEntry a) => new(
        DateTime.SpecifyKind(a.OccurredAtUtc, DateTimeKind.Utc), a.UserName, a.Action, a.TargetType, a.TargetId, a.Outcome.ToString(),
        LinkForTarget(a.TargetType, a.TargetId));

    private static string? LinkForChange(StatusChange change) => change.Subject switch
    {
        StatusSubject.Customer or StatusSubject.Kyc => LinkForTarget("customer", change.CustomerId ?? change.EntityId),
        StatusSubject.Card => LinkForTarget("card", change.CardId ?? change.EntityId),
        StatusSubject.Transaction => LinkForTarget("transaction", change.EntityId),
        StatusSubject.TopUp => change.CardId is { } card ? $"topups?cardId={Uri.EscapeDataString(card)}" : "topups",
        _ => null,
    };
}
