using Artha.Admin.Auditing;
using Artha.Admin.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Artha.Admin.E2E.Infrastructure;

/// <summary>Arranges rows in the portal's own database without the UI, for journeys that look at existing records.</summary>
public static class PortalData
{
    /// <summary>
    /// Audit rows by the given staff, in this order (so the first is the oldest), each about <paramref name="targetId"/>
    /// so a journey can narrow the audit page to them with <c>/audit?targetId=…</c>.
    /// </summary>
    public static async Task AddAuditRowsAsync(this PortalServer portal, string targetId, params string[] userNames)
    {
        var factory = portal.Services.GetRequiredService<IDbContextFactory<AdminDbContext>>();
        await using var db = await factory.CreateDbContextAsync();
        var at = DateTime.UtcNow.AddMinutes(-userNames.Length);
        foreach (var (userName, i) in userNames.Select((name, i) => (name, i)))
        {
            db.AuditEntries.Add(new AuditEntry
            {
                OccurredAtUtc = at.AddMinutes(i),
                UserName = userName,
                Roles = "Support",
                Action = "customer.update",
                TargetType = "customer",
                TargetId = targetId,
                Outcome = AuditOutcome.Succeeded,
                Detail = "Arranged by the E2E page tour",
            });
            await db.SaveChangesAsync(); // one by one: ids grow with time, and the audit page orders by id
        }
    }
}
