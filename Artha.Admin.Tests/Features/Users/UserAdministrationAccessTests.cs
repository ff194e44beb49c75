using Artha.Admin.Auditing;
using Artha.Admin.Data;
using Artha.Admin.Security;
using Artha.Admin.Tests.Infrastructure;
using Artha.Admin.Users;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;

namespace Artha.Admin.Tests.Features.Users;

/// <summary>
/// The "Users page" row of the role table at the service level: every UserAdministration operation is refused
/// (PermissionDeniedException, a Refused audit row, nothing changed) for Support, Operations and Finance, and
/// works for Admin.
/// </summary>
public class UserAdministrationAccessTests(PortalFactory portal) : IClassFixture<PortalFactory>
{
    private const string TargetPassword = "Target!Pass2026";

    /// <summary>Every operation, by its audit action, called on a target user (created fresh for each case).</summary>
    private static readonly Dictionary<string, Func<UserAdministration, string, string, Task<object>>> Operations = new()
    {
        ["user.list"] = async (admin, _, email) => await admin.ListAsync(email, 0, 20),
        ["user.create"] = async (admin, _, email) => await admin.CreateAsync("new-" + email, "New Colleague", [PortalRoles.Finance], "Fresh!Pass2026"),
        ["user.roles"] = async (admin, id, _) => await admin.SetRolesAsync(id, [PortalRoles.Operations]),
        ["user.disable"] = async (admin, id, _) => await admin.SetDisabledAsync(id, true),
        ["user.enable"] = async (admin, id, _) => await admin.SetDisabledAsync(id, false),
        ["user.reset-password"] = async (admin, id, _) => await admin.ResetPasswordAsync(id),
        ["user.sign-out-everywhere"] = async (admin, id, _) => await admin.SignOutEverywhereAsync(id),
    };

    public static TheoryData<string, string> RefusedCases()
    {
        var data = new TheoryData<string, string>();
        foreach (var role in new[] { PortalRoles.Support, PortalRoles.Operations, PortalRoles.Finance })
        {
            foreach (var action in Operations.Keys)
            {
                data.Add(role, action);
            }
        }
        return data;
    }

    public static TheoryData<string> AllActions() => new(Operations.Keys);

    /// <summary>A Support user created straight through Identity (disabled for the enable case, so there is something to enable).</summary>
    private async Task<(string Id, string Email)> TargetUserAsync(bool disabled)
    {
        var email = $"target-{Guid.NewGuid():N}@artha.local";
        await using var scope = portal.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>();
        var user = new ApplicationUser { UserName = email, Email = email, EmailConfirmed = true, LockoutEnabled = true, IsDisabled = disabled };
        Assert.True((await users.CreateAsync(user, TargetPassword)).Succeeded);
        Assert.True((await users.AddToRoleAsync(user, PortalRoles.Support)).Succeeded);
        return (user.Id, email);
    }

    /// <summary>What a change could alter; Roles joined with commas so records compare by value.</summary>
    private sealed record UserState(bool Exists, bool IsDisabled, string Roles, bool OldPasswordWorks, string? SecurityStamp = null);

    private async Task<UserState> StateAsync(string email)
    {
        await using var scope = portal.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>();
        if (await users.FindByEmailAsync(email) is not { } user)
        {
            return new UserState(false, false, "", false);
        }
        return new UserState(true, user.IsDisabled, string.Join(",", (await users.GetRolesAsync(user)).Order()), await users.CheckPasswordAsync(user, TargetPassword),
            user.SecurityStamp);
    }

    [Theory]
    [MemberData(nameof(RefusedCases))]
    public async Task Roles_other_than_admin_are_refused_every_user_operation_and_the_refusal_is_audited(string role, string action)
    {
        var target = await TargetUserAsync(disabled: action == "user.enable");
        var before = await StateAsync(target.Email);

        await using (var scope = portal.ScopeAs(role))
        {
            var administration = scope.ServiceProvider.GetRequiredService<UserAdministration>();
            var denied = await Assert.ThrowsAsync<PermissionDeniedException>(() => Operations[action](administration, target.Id, target.Email));
            Assert.Equal(Permission.ManageUsers, denied.Permission);
        }

        var refusal = (await portal.LatestAuditAsync()).First(a => a.Action == action);
        Assert.Equal(AuditOutcome.Refused, refusal.Outcome);
        Assert.Equal($"{role.ToLowerInvariant()}@artha.local", refusal.UserName);
        Assert.Equal(role, refusal.Roles);
        Assert.Equal("role lacks ManageUsers", refusal.Detail);
        switch (action)
        {
            case "user.list":
                Assert.Null(refusal.TargetId);
                break;
            case "user.create":
                Assert.Equal(("user", "new-" + target.Email), (refusal.TargetType, refusal.TargetId));
                break;
            default:
                Assert.Equal(("user", target.Id), (refusal.TargetType, refusal.TargetId));
                break;
        }
        // Nothing changed: not the target, and no new account.
        Assert.Equal(before, await StateAsync(target.Email));
        Assert.False((await StateAsync("new-" + target.Email)).Exists);
    }

    [Theory]
    [MemberData(nameof(AllActions))]
    public async Task An_admin_may_perform_every_user_operation_and_it_takes_effect(string action)
    {
        var target = await TargetUserAsync(disabled: action == "user.enable");
        var before = await StateAsync(target.Email);

        object result;
        await using (var scope = portal.ScopeAs(PortalRoles.Admin).SteppedUp())
        {
            result = await Operations[action](scope.ServiceProvider.GetRequiredService<UserAdministration>(), target.Id, target.Email);
        }

        var after = await StateAsync(target.Email);
        switch (action)
        {
            case "user.list":
                var row = Assert.Single(((StaffUserPage)result).Items);
                Assert.Equal((target.Id, target.Email, false), (row.Id, row.Email, row.IsDisabled));
                Assert.Equal([PortalRoles.Support], row.Roles);
                break;
            case "user.create":
                Assert.True(((UserChangeResult)result).Succeeded);
                var created = await StateAsync("new-" + target.Email);
                Assert.True(created.Exists);
                Assert.Equal(PortalRoles.Finance, created.Roles);
                break;
            case "user.roles":
                Assert.True(((UserChangeResult)result).Succeeded);
                Assert.Equal(PortalRoles.Operations, after.Roles);
                break;
            case "user.disable":
                Assert.True(((UserChangeResult)result).Succeeded);
                Assert.True(after.IsDisabled);
                break;
            case "user.enable":
                Assert.True(((UserChangeResult)result).Succeeded);
                Assert.False(after.IsDisabled);
                break;
            case "user.reset-password":
                var reset = (UserChangeResult)result;
                Assert.True(reset.Succeeded);
                Assert.False(after.OldPasswordWorks);
                await using (var scope = portal.Services.CreateAsyncScope())
                {
                    var users = scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>();
                    Assert.True(await users.CheckPasswordAsync((await users.FindByEmailAsync(target.Email))!, reset.GeneratedPassword!));
                }
                break;
            case "user.sign-out-everywhere":
                Assert.True(((UserChangeResult)result).Succeeded);
                Assert.NotEqual(before.SecurityStamp, after.SecurityStamp);
                Assert.Equal(before with { SecurityStamp = after.SecurityStamp }, after);
                break;
        }
        if (action != "user.list")
        {
            // Changes are audited as succeeded, by the admin; the generated password is in no audit row.
            var row = (await portal.LatestAuditAsync()).First(a => a.Action == action);
            Assert.Equal((AuditOutcome.Succeeded, "admin@artha.local"), (row.Outcome, row.UserName));
            if (result is UserChangeResult { GeneratedPassword: { } password })
            {
                Assert.All(await portal.LatestAuditAsync(200), a => Assert.DoesNotContain(password, a.Detail ?? ""));
            }
        }
    }
}
