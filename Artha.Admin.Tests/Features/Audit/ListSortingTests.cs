using Artha.Admin.Security;
using Artha.Admin.Services;
using Artha.Admin.Tests.Infrastructure;
using Artha.Admin.Users;
using Microsoft.Extensions.DependencyInjection;

namespace Artha.Admin.Tests.Features.Audit;

/// <summary>Column sorting of the lists the portal reads from its own database (audit trail, users), done in the query.</summary>
public class ListSortingTests(PortalFactory portal) : IClassFixture<PortalFactory>
{
    private async Task LeaveRefusalsAsync()
    {
        foreach (var role in new[] { PortalRoles.Support, PortalRoles.Operations, PortalRoles.Finance })
        {
            await using var scope = portal.ScopeAs(role);
            await Assert.ThrowsAsync<PermissionDeniedException>(() => scope.ServiceProvider.GetRequiredService<ArthaService>().ListAuditAsync(new AuditFilter(), 0, 1));
        }
    }

    [Fact]
    public async Task The_audit_trail_sorts_by_user_in_either_direction_over_the_whole_filtered_set()
    {
        await LeaveRefusalsAsync();
        await using var scope = portal.ScopeAs(PortalRoles.Admin);
        var artha = scope.ServiceProvider.GetRequiredService<ArthaService>();

        var ascending = await artha.ListAuditAsync(new AuditFilter { Action = "audit.list" }, 0, 50, new ListSort(nameof(AuditRow.UserName), Descending: false));
        var descending = await artha.ListAuditAsync(new AuditFilter { Action = "audit.list" }, 0, 50, new ListSort(nameof(AuditRow.UserName), Descending: true));

        var names = ascending.Items.Select(a => a.UserName).ToList();
        Assert.Equal(["finance@artha.local", "operations@artha.local", "support@artha.local"], names.Distinct());
        Assert.Equal(names.Order(StringComparer.Ordinal), names);
        Assert.Equal(names.AsEnumerable().Reverse(), descending.Items.Select(a => a.UserName));
    }

    [Fact]
    public async Task The_audit_trail_sorts_oldest_first_when_asked_and_newest_first_by_default()
    {
        await LeaveRefusalsAsync();
        await using var scope = portal.ScopeAs(PortalRoles.Admin);
        var artha = scope.ServiceProvider.GetRequiredService<ArthaService>();

        var byDefault = await artha.ListAuditAsync(new AuditFilter(), 0, 50);
        var oldestFirst = await artha.ListAuditAsync(new AuditFilter(), 0, 50, new ListSort(nameof(AuditRow.OccurredAtUtc), Descending: false));

        Assert.Equal(byDefault.Items.Select(a => a.Id).OrderDescending(), byDefault.Items.Select(a => a.Id));
        Assert.Equal(oldestFirst.Items.Select(a => a.Id).Order(), oldestFirst.Items.Select(a => a.Id));
    }

    [Fact]
    public async Task The_users_list_sorts_by_email_descending_and_by_creation_time()
    {
        await using var scope = portal.ScopeAs(PortalRoles.Admin);
        var admin = scope.ServiceProvider.GetRequiredService<UserAdministration>();

        var byEmailDescending = await admin.ListAsync(null, 0, 100, new ListSort(nameof(StaffUserRow.Email), Descending: true));
        var byCreated = await admin.ListAsync(null, 0, 100, new ListSort(nameof(StaffUserRow.CreatedAtUtc), Descending: false));

        var emails = byEmailDescending.Items.Select(u => u.Email.ToUpperInvariant()).ToList();
        Assert.True(emails.Count >= 4);
        Assert.Equal(emails.OrderDescending(StringComparer.Ordinal), emails);
        Assert.Equal(byCreated.Items.Select(u => u.CreatedAtUtc).Order(), byCreated.Items.Select(u => u.CreatedAtUtc));
    }
}
