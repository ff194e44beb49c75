using Artha.Admin.Auditing;
using Artha.Admin.Components.UI;
using Artha.Admin.Data;
using Artha.Admin.Security;
using Microsoft.EntityFrameworkCore;

namespace Artha.Admin.Services;

/// <summary>One audit row as the audit pages show it.</summary>
public sealed record AuditRow(
    long Id, DateTime OccurredAtUtc, string UserName, string Roles, string Action, string? TargetType, string? TargetId,
    AuditOutcome Outcome, string? Detail, string? ArthaRequestId)
{
    /// <summary>The portal page of the target, when it has one.</summary>
    public string? TargetLink => ArthaService.LinkForTarget(TargetType, TargetId);
}

/// <summary>Filters of the audit trail (all optional). Dates are inclusive UTC days.</summary>
public sealed record AuditFilter
{
    /// <summary>Part of the user name (email), any case.</summary>
    public string? User { get; init; }
    /// <summary>An action or the start of one: <c>topup</c> matches <c>topup.create</c> and <c>topup.export</c>.</summary>
    public string? Action { get; init; }
    public string? TargetType { get; init; }
    public string? TargetId { get; init; }
    public AuditOutcome? Outcome { get; init; }
    public DateOnly? From { get; init; }
    public DateOnly? To { get; init; }
}

public sealed partial class ArthaService
{
    /// <summary>
    /// One page of the audit trail with the exact count of matching rows, newest first unless <paramref name="sort"/>
    /// names a sortable column (<see cref="AuditRow.OccurredAtUtc"/>, <see cref="AuditRow.UserName"/>,
    /// <see cref="AuditRow.Action"/>, <see cref="AuditRow.TargetType"/>, <see cref="AuditRow.Outcome"/>). Admin only.
    /// </summary>
    public async Task<ListPage<AuditRow>> ListAuditAsync(AuditFilter filter, int offset, int limit, ListSort? sort = null, CancellationToken cancellationToken = default)
    {
        await RequireAsync(Permission.ViewAudit, "audit.list", AuditScope(filter));
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var query = ApplyAuditFilter(db.AuditEntries.AsNoTracking(), filter);
        var total = await query.CountAsync(cancellationToken);
        var rows = await SortAudit(query, sort).Skip(Math.Max(0, offset)).Take(Math.Clamp(limit, 1, 500))
            .ToListAsync(cancellationToken);
        return new ListPage<AuditRow>(rows.Select(ToAuditRow).ToList(), total, offset);
    }

    private static IQueryable<AuditEntry> SortAudit(IQueryable<AuditEntry> query, ListSort? sort)
    {
        var descending = sort?.Descending ?? true;
        // SQLite cannot order by DateTimeOffset; ids grow with time, so Id is the time order everywhere. Ties of the
        // other columns keep newest first.
        var sorted = sort?.Property switch
        {
            nameof(AuditRow.UserName) => query.SortBy(descending, a => a.UserName),
            nameof(AuditRow.Action) => query.SortBy(descending, a => a.Action),
            nameof(AuditRow.TargetType) => query.SortBy(descending, a => a.TargetType),
            nameof(AuditRow.Outcome) => query.SortBy(descending, a => a.Outcome),
            _ => null,
        };
        return sorted is null
            ? query.SortBy(descending, a => a.Id)
            : sorted.ThenByDescending(a => a.Id);
    }

    /// <summary>The distinct actions recorded so far, for the action filter.</summary>
    public async Task<IReadOnlyList<string>> ListAuditActionsAsync(CancellationToken cancellationToken = default)
    {
        await RequireAsync(Permission.ViewAudit, "audit.list", null);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var actions = await db.AuditEntries.AsNoTracking().Select(a => a.Action).Distinct().ToListAsync(cancellationToken);
        return actions.Order(StringComparer.Ordinal).ToList();
    }

    /// <summary>CSV of the filtered audit trail (at most <see cref="ExportCap"/> rows, newest first). Admin only; the export is itself audited.</summary>
    public async Task<CsvExport> ExportAuditCsvAsync(AuditFilter filter, CancellationToken cancellationToken = default)
    {
        await RequireAsync(Permission.ViewAudit, "audit.export", AuditScope(filter));
        List<AuditEntry> rows;
        int matching;
        await using (var db = await dbFactory.CreateDbContextAsync(cancellationToken))
        {
            var query = ApplyAuditFilter(db.AuditEntries.AsNoTracking(), filter);
            matching = await query.CountAsync(cancellationToken);
            rows = await query.OrderByDescending(a => a.Id).Take(ExportCap).ToListAsync(cancellationToken);
        }
        var content = CsvFile.Build(rows.Select(ToAuditRow),
            ("Id", r => r.Id),
            ("When (UTC)", r => r.OccurredAtUtc),
            ("User", r => r.UserName),
            ("Roles", r => r.Roles),
            ("Action", r => r.Action),
            ("Target type", r => r.TargetType),
            ("Target id", r => r.TargetId),
            ("Outcome", r => r.Outcome),
            ("Detail", r => r.Detail),
            ("Artha request id", r => r.ArthaRequestId));
        var export = new CsvExport($"audit-{clock.GetUtcNow():yyyyMMdd-HHmmss}.csv", content, rows.Count, matching, matching > rows.Count);
        await audit.RecordAsync("audit.export", AuditScope(filter), AuditOutcome.Succeeded,
            $"{export.Rows} rows{(export.Capped ? $" (capped at {ExportCap})" : "")}", cancellationToken: CancellationToken.None);
        return export;
    }

    /// <summary>The portal page of an audit target, or null when it has none.</summary>
    public static string? LinkForTarget(string? type, string? id)
    {
        if (string.IsNullOrEmpty(id))
        {
            return null;
        }
        var escaped = Uri.EscapeDataString(id);
        return type switch
        {
            "customer" => $"customers/{escaped}",
            "card" => $"cards/{escaped}",
            "product" => $"products/{escaped}",
            "transaction" => $"transactions/{escaped}",
            "topup" => $"transactions/{escaped}",
            _ => null,
        };
    }

    private static IQueryable<AuditEntry> ApplyAuditFilter(IQueryable<AuditEntry> query, AuditFilter filter)
    {
        if (MoneyText.NullIfBlank(filter.User) is { } user)
        {
            var lowered = user.ToLowerInvariant();
            query = query.Where(a => a.UserName.ToLower().Contains(lowered));
        }
        if (MoneyText.NullIfBlank(filter.Action) is { } action)
        {
            query = query.Where(a => a.Action.StartsWith(action));
        }
        if (MoneyText.NullIfBlank(filter.TargetType) is { } targetType)
        {
            query = query.Where(a => a.TargetType == targetType);
        }
        if (MoneyText.NullIfBlank(filter.TargetId) is { } targetId)
        {
            query = query.Where(a => a.TargetId == targetId);
        }
        if (filter.Outcome is { } outcome)
        {
            query = query.Where(a => a.Outcome == outcome);
        }
        if (filter.From is { } from)
        {
            var start = from.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc);
            query = query.Where(a => a.OccurredAtUtc >= start);
        }
        if (filter.To is { } to)
        {
            var end = to.AddDays(1).ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc);
            query = query.Where(a => a.OccurredAtUtc < end);
        }
        return query;
    }

    private static AuditTarget? AuditScope(AuditFilter filter) =>
        MoneyText.NullIfBlank(filter.TargetType) is { } type ? new AuditTarget(type, MoneyText.NullIfBlank(filter.TargetId)) : null;

    private static AuditRow ToAuditRow(AuditEntry a) => new(
        a.Id, DateTime.SpecifyKind(a.OccurredAtUtc, DateTimeKind.Utc), a.UserName, a.Roles, a.Action, a.TargetType, a.TargetId,
        a.Outcome, a.Detail, a.ArthaRequestId);
}
