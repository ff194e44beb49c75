using System.Security.Claims;
using Artha.Admin.Auditing;
using Artha.Admin.Data;
using Artha.Admin.LiveStatus;
using Artha.Admin.Security;
using Artha.Client.Models;
using Microsoft.EntityFrameworkCore;

namespace Artha.Admin.Services;

/// <summary>One dashboard figure. <see cref="Value"/> is null when Artha gives no total; <see cref="Note"/> explains or adds detail.</summary>
public sealed record DashboardCount(int? Value, string? Note = null);

/// <summary>One line of recent activity: an audit row, or a status change for roles that cannot read the audit trail.</summary>
public sealed record ActivityItem(
    DateTime OccurredAtUtc, string? Who, string What, string? TargetType, string? TargetId, string Outcome, string? Link);

/// <summary>Recent activity and where it came from.</summary>
public sealed record RecentActivity(IReadOnlyList<ActivityItem> Items, bool FromAuditTrail);

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
            return new RecentActivity(rows.Select(ToActivity).ToList(), FromAuditTrail: true);
        }
        var changes = events.Recent(Math.Clamp(count, 1, 100))
            .Select(c => new ActivityItem(c.OccurredAtUtc, null, c.Message, c.Subject.ToString().ToLowerInvariant(), c.EntityId, c.Status,
                LinkForChange(c)))
            .ToList();
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
        return rows.Select(ToActivity).ToList();
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
