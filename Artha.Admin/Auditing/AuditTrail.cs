using System.Security.Claims;
using Artha.Admin.Data;
using Artha.Admin.Security;
using Microsoft.EntityFrameworkCore;

namespace Artha.Admin.Auditing;

/// <summary>A target of an audited action, e.g. ("card", "c0ffee…").</summary>
public readonly record struct AuditTarget(string Type, string? Id);

/// <summary>Writes the audit trail. Callers pass facts they composed; never request bodies, so no PAN, CVV or PIN can slip in.</summary>
public sealed class AuditTrail(IDbContextFactory<AdminDbContext> dbFactory, CurrentStaff currentStaff, TimeProvider? clock = null)
{
    private readonly TimeProvider _clock = clock ?? TimeProvider.System;

    public async Task<AuditEntry> RecordAsync(
        string action, AuditTarget? target, AuditOutcome outcome, string? detail = null, string? arthaRequestId = null,
        CancellationToken cancellationToken = default)
    {
        var entry = NewEntry(await currentStaff.GetAsync(), action, target, outcome, detail, arthaRequestId);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        db.AuditEntries.Add(entry);
        await db.SaveChangesAsync(cancellationToken);
        return entry;
    }

    /// <summary>Adds an entry to a context the caller saves, so the record lands in the same transaction as the intent it describes.</summary>
    public async Task<AuditEntry> AddToAsync(
        AdminDbContext db, string action, AuditTarget? target, AuditOutcome outcome, string? detail = null, string? arthaRequestId = null)
    {
        var entry = NewEntry(await currentStaff.GetAsync(), action, target, outcome, detail, arthaRequestId);
        db.AuditEntries.Add(entry);
        return entry;
    }

    private AuditEntry NewEntry(ClaimsPrincipal user, string action, AuditTarget? target, AuditOutcome outcome, string? detail, string? arthaRequestId) => new()
    {
        OccurredAtUtc = _clock.GetUtcNow().UtcDateTime,
        UserId = user.FindFirstValue(ClaimTypes.NameIdentifier),
        UserName = user.Identity?.Name ?? "(anonymous)",
        Roles = string.Join(",", PortalRoles.All.Where(user.IsInRole)),
        Action = action,
        TargetType = target?.Type,
        TargetId = target?.Id,
        Outcome = outcome,
        Detail = detail is { Length: > 2000 } ? detail[..2000] : detail,
        ArthaRequestId = arthaRequestId,
    };
}
