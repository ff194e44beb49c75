using Artha.Admin.Auditing;
using Artha.Admin.Data;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Artha.Admin.E2E.Infrastructure;

/// <summary>Arranges rows in the portal's own database without the UI, for journeys that look at existing records.</summary>
public static class PortalData
{
    /// <summary>A new staff account with <paramref name="role"/> and no authenticator app (as an Admin would create it).</summary>
    public static async Task<(string Email, string Password)> CreateStaffAsync(this PortalServer portal, string role)
    {
        var email = $"{role.ToLowerInvariant()}-{Guid.NewGuid():N}@artha.local";
        const string password = "Journey!Password-2026";
        await using var scope = portal.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>();
        var user = new ApplicationUser { UserName = email, Email = email, EmailConfirmed = true, LockoutEnabled = true };
        var created = await users.CreateAsync(user, password);
        Assert.True(created.Succeeded, string.Join(" ", created.Errors.Select(e => e.Description)));
        Assert.True((await users.AddToRoleAsync(user, role)).Succeeded);
        return (email, password);
    }

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
