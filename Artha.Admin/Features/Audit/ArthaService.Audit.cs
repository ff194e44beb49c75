using System.Collections.Concurrent;
using Artha.Admin.Auditing;
using Artha.Admin.Components.UI;
using Artha.Admin.Data;
using Artha.Admin.Features.Audit.Rules;
using Artha.Admin.Security;
using Microsoft.EntityFrameworkCore;

namespace Artha.Admin.Services;

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
        if (AuditFilterRules.RangeError(filter) is not null)
        {
            return new ListPage<AuditRow>([], 0, offset);
        }
        List<AuditEntry> rows;
        int total;
        await using (var db = await dbFactory.CreateDbContextAsync(cancellationToken))
        {
            var query = ApplyAuditFilter(db.AuditEntries.AsNoTracking(), filter);
            total = await query.CountAsync(cancellationToken);
            rows = await SortAudit(query, sort).Skip(Math.Max(0, offset)).Take(Math.Clamp(limit, 1, 500))
                .ToListAsync(cancellationToken);
        }
        var labels = await TargetLabelsAsync(rows.Select(r => (r.TargetType, r.TargetId)), cancellationToken);
        return new ListPage<AuditRow>(rows.Select(r => ToAuditRow(r, labels)).ToList(), total, offset);
    }

    /// <summary>How long a list waits for target names before showing ids instead (Artha may be slow or down).</summary>
    private static readonly TimeSpan LabelBudget = TimeSpan.FromSeconds(3);

    private readonly ConcurrentDictionary<string, Task<string?>> _productNames = new(StringComparer.Ordinal);

    /// <summary>
    /// Names for audit targets, read on the server: users' emails from the portal's database, customers' names, cards'
    /// last four and products' names from Artha (once per circuit and id). Targets whose name cannot be read in
    /// <see cref="LabelBudget"/> keep their id.
    /// </summary>
    internal async Task<IReadOnlyDictionary<(string Type, string Id), string>> TargetLabelsAsync(
        IEnumerable<(string? Type, string? Id)> targets, CancellationToken cancellationToken)
    {
        var distinct = targets.Where(t => t.Type is not null && !string.IsNullOrEmpty(t.Id))
            .Select(t => (Type: t.Type!, Id: t.Id!)).Distinct().ToList();
        var labels = new Dictionary<(string Type, string Id), string>();
        if (distinct.Count == 0)
        {
            return labels;
        }
        var userIds = distinct.Where(t => t.Type == "user" && !t.Id.Contains('@')).Select(t => t.Id).ToList();
        if (userIds.Count > 0)
        {
            await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
            var emails = await db.Users.AsNoTracking().Where(u => userIds.Contains(u.Id)).Select(u => new { u.Id, u.Email }).ToListAsync(cancellationToken);
            foreach (var user in emails.Where(u => u.Email is not null))
            {
                labels[("user", user.Id)] = user.Email!;
            }
        }
        var reads = distinct.Select(t => (Target: t, Read: t.Type switch
        {
            // A customer created through the portal is audited under its email until Artha gives it an id.
            "customer" when !t.Id.Contains('@') => CustomerNameAsync(t.Id),
            "card" => CardLabelAsync(t.Id),
            "product" => _productNames.GetOrAdd(t.Id, id => LabelOrNullAsync(async () => (await GetProductAsync(id)).Name)),
            _ => null,
        })).Where(r => r.Read is not null).ToList();
        if (reads.Count > 0)
        {
            var all = Task.WhenAll(reads.Select(r => r.Read!));
            await Task.WhenAny(all, Task.Delay(LabelBudget, cancellationToken));
            cancellationToken.ThrowIfCancellationRequested();
            foreach (var (target, read) in reads)
            {
                if (read!.IsCompletedSuccessfully && read.Result is { } label)
                {
                    labels[target] = label;
                }
            }
        }
        return labels;
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
        var content = CsvFile.Build(rows.Select(r => ToAuditRow(r, null)),
            ("Id", r => r.Id),
            ("When (UTC)", r => r.OccurredAtUtc),
            ("User", r => r.UserName),
            ("Roles", r => r.Roles),
            ("Action", r => r.Action),
            ("Target type", r => r.TargetType),
            ("Target id", r => r.TargetId),
            ("Outcome", r => r.Outcome),
            ("Detail", r => r.Detail),
            ("Old value", r => r.OldValue),
            ("New value", r => r.NewValue),
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

    private static AuditRow ToAuditRow(AuditEntry a, IReadOnlyDictionary<(string Type, string Id), string>? labels)
    {
        var change = AuditChange.Parse(a.Detail);
        return new AuditRow(
            a.Id, DateTime.SpecifyKind(a.OccurredAtUtc, DateTimeKind.Utc), a.UserName, a.Roles, a.Action, a.TargetType, a.TargetId,
            a.Outcome, a.Detail, a.ArthaRequestId)
        {
            TargetLabel = a.TargetType is { } type && a.TargetId is { } id && labels is not null && labels.TryGetValue((type, id), out var label) ? label : null,
            OldValue = change?.Old,
            NewValue = change?.New,
        };
    }
}
