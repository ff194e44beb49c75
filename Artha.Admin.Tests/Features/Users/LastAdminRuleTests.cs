using Artha.Admin.Auditing;
using Artha.Admin.Data;
using Artha.Admin.Features.Users.Rules;
using Artha.Admin.Security;
using Artha.Admin.Tests.Infrastructure;
using Artha.Admin.Users;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;

namespace Artha.Admin.Tests.Features.Users;

/// <summary>
/// The portal keeps one enabled administrator. A fresh portal (this class's own database) has exactly one:
/// admin@artha.local. Every test leaves it the only active administrator again.
/// </summary>
public class LastAdminRuleTests(PortalFactory portal) : IClassFixture<PortalFactory>
{
    private const string Password = "Str0ng!Password";

    private async Task<ApplicationUser> FindAsync(string email)
    {
        await using var scope = portal.Services.CreateAsyncScope();
        return (await scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>().FindByEmailAsync(email))!;
    }

    private async Task<IList<string>> RolesOfAsync(string email)
    {
        await using var scope = portal.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>();
        return await users.GetRolesAsync((await users.FindByEmailAsync(email))!);
    }

    [Fact]
    public async Task The_last_active_admin_can_be_neither_disabled_nor_demoted_and_a_disabled_admin_does_not_count()
    {
        await using var scope = portal.ScopeAs(PortalRoles.Admin).SteppedUp();
        var administration = scope.ServiceProvider.GetRequiredService<UserAdministration>();
        // A second administrator who is disabled does not keep the portal manageable.
        var dormant = $"dormant-admin-{Guid.NewGuid():N}@artha.local";
        Assert.True((await administration.CreateAsync(dormant, null, [PortalRoles.Admin], Password)).Succeeded);
        Assert.True((await administration.SetDisabledAsync((await FindAsync(dormant)).Id, disabled: true)).Succeeded);
        var admin = await FindAsync("admin@artha.local");

        var disable = await administration.SetDisabledAsync(admin.Id, disabled: true);
        var demote = await administration.SetRolesAsync(admin.Id, [PortalRoles.Support]);

        Assert.False(disable.Succeeded);
        Assert.Equal(LastAdminRule.DisableRefusal, Assert.Single(disable.Errors));
        Assert.False(demote.Succeeded);
        Assert.Equal(LastAdminRule.DemoteRefusal, Assert.Single(demote.Errors));
        Assert.False((await FindAsync("admin@artha.local")).IsDisabled);
        Assert.Equal([PortalRoles.Admin], await RolesOfAsync("admin@artha.local"));
        var trail = await portal.LatestAuditAsync();
        Assert.Equal(AuditOutcome.Failed, trail.First(a => a.Action == "user.disable" && a.TargetId == admin.Id).Outcome);
        Assert.Equal(AuditOutcome.Failed, trail.First(a => a.Action == "user.roles" && a.TargetId == admin.Id).Outcome);
        // The list marks the account, so the page can disable its controls.
        var row = Assert.Single((await administration.ListAsync("admin@artha.local", 0, 10)).Items);
        Assert.True(row.IsLastActiveAdmin);
    }

    [Fact]
    public async Task With_another_active_admin_an_admin_can_be_demoted_and_then_the_remaining_one_is_protected()
    {
        await using var scope = portal.ScopeAs(PortalRoles.Admin).SteppedUp();
        var administration = scope.ServiceProvider.GetRequiredService<UserAdministration>();
        var second = $"second-admin-{Guid.NewGuid():N}@artha.local";
        Assert.True((await administration.CreateAsync(second, null, [PortalRoles.Admin, PortalRoles.Support], Password)).Succeeded);
        var id = (await FindAsync(second)).Id;
        Assert.False(Assert.Single((await administration.ListAsync("admin@artha.local", 0, 10)).Items).IsLastActiveAdmin);

        var demoted = await administration.SetRolesAsync(id, [PortalRoles.Support]);

        Assert.True(demoted.Succeeded, string.Join(" ", demoted.Errors));
        Assert.Equal([PortalRoles.Support], await RolesOfAsync(second));
        Assert.True(Assert.Single((await administration.ListAsync("admin@artha.local", 0, 10)).Items).IsLastActiveAdmin);
        Assert.False((await administration.SetDisabledAsync((await FindAsync("admin@artha.local")).Id, disabled: true)).Succeeded);
    }

    [Theory]
    [InlineData(true, false, 1, true)]
    [InlineData(true, false, 2, false)]
    [InlineData(true, true, 1, false)]
    [InlineData(false, false, 1, false)]
    public void The_rule_refuses_only_the_last_enabled_admin(bool isAdmin, bool isDisabled, int activeAdmins, bool refused)
    {
        Assert.Equal(refused, LastAdminRule.RefuseDisable(isAdmin, isDisabled, activeAdmins) is not null);
        Assert.Equal(refused, LastAdminRule.RefuseRoles(isAdmin, isDisabled, activeAdmins, [PortalRoles.Support]) is not null);
        Assert.Null(LastAdminRule.RefuseRoles(isAdmin, isDisabled, activeAdmins, [PortalRoles.Admin]));
    }
}
