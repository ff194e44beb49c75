using Artha.Admin.Auditing;
using Artha.Admin.Data;
using Artha.Admin.Security;
using Artha.Admin.Tests.Infrastructure;
using Artha.Admin.Users;
using System.Security.Claims;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;

namespace Artha.Admin.Tests.Features.Users;

/// <summary>What an admin's user changes do, and that each change and its audit row land together.</summary>
public class UserChangesTests(PortalFactory portal) : IClassFixture<PortalFactory>
{
    private const string StrongPassword = "Str0ng!Password";

    private static UserAdministration Admin(AsyncServiceScope scope) => scope.ServiceProvider.GetRequiredService<UserAdministration>();

    private static string NewEmail() => $"staff.{Guid.NewGuid():N}@artha.local";

    private async Task<ApplicationUser?> FindAsync(string email)
    {
        await using var scope = portal.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>().FindByEmailAsync(email);
    }

    private async Task<IList<string>> RolesOfAsync(string email)
    {
        await using var scope = portal.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>();
        return await users.GetRolesAsync((await users.FindByEmailAsync(email))!);
    }

    [Fact]
    public async Task Creating_a_user_saves_the_account_its_roles_and_one_succeeded_audit_row()
    {
        var email = NewEmail();
        await using var scope = portal.ScopeAs(PortalRoles.Admin).SteppedUp();

        var result = await Admin(scope).CreateAsync(email, "New Colleague", [PortalRoles.Support, PortalRoles.Finance], StrongPassword);

        Assert.True(result.Succeeded, string.Join(" ", result.Errors));
        var user = await FindAsync(email);
        Assert.NotNull(user);
        Assert.Equal([PortalRoles.Finance, PortalRoles.Support], (await RolesOfAsync(email)).Order());
        var row = Assert.Single(await portal.LatestAuditAsync(50), a => a.Action == "user.create" && a.TargetId == user!.Id);
        Assert.Equal(AuditOutcome.Succeeded, row.Outcome);
        Assert.Equal("admin@artha.local", row.UserName);
        Assert.DoesNotContain(StrongPassword, row.Detail);
    }

    [Fact]
    public async Task A_password_the_policy_refuses_creates_nothing_and_is_audited_as_failed()
    {
        var email = NewEmail();
        await using var scope = portal.ScopeAs(PortalRoles.Admin).SteppedUp();

        var result = await Admin(scope).CreateAsync(email, null, [PortalRoles.Support], "short");

        Assert.False(result.Succeeded);
        Assert.NotEmpty(result.Errors);
        Assert.Null(await FindAsync(email));
        var row = (await portal.LatestAuditAsync()).First(a => a.Action == "user.create" && a.TargetId == email);
        Assert.Equal(AuditOutcome.Failed, row.Outcome);
        Assert.DoesNotContain("short", row.Detail);
    }

    [Fact]
    public async Task Changing_roles_replaces_them_and_records_before_and_after()
    {
        var email = NewEmail();
        await using var scope = portal.ScopeAs(PortalRoles.Admin).SteppedUp();
        var admin = Admin(scope);
        await admin.CreateAsync(email, null, [PortalRoles.Support], StrongPassword);
        var id = (await FindAsync(email))!.Id;

        var result = await admin.SetRolesAsync(id, [PortalRoles.Operations]);

        Assert.True(result.Succeeded, string.Join(" ", result.Errors));
        Assert.Equal([PortalRoles.Operations], await RolesOfAsync(email));
        var row = (await portal.LatestAuditAsync()).First(a => a.Action == "user.roles" && a.TargetId == id);
        Assert.Equal(AuditOutcome.Succeeded, row.Outcome);
        Assert.Contains("Support -> Operations", row.Detail);
    }

    [Fact]
    public async Task Disabling_locks_the_account_and_enabling_opens_it_again()
    {
        var email = NewEmail();
        await using var scope = portal.ScopeAs(PortalRoles.Admin).SteppedUp();
        var admin = Admin(scope);
        await admin.CreateAsync(email, null, [PortalRoles.Finance], StrongPassword);
        var id = (await FindAsync(email))!.Id;

        Assert.True((await admin.SetDisabledAsync(id, disabled: true)).Succeeded);
        var disabled = (await FindAsync(email))!;
        Assert.True(disabled.IsDisabled);
        Assert.Equal(DateTimeOffset.MaxValue, disabled.LockoutEnd);

        Assert.True((await admin.SetDisabledAsync(id, disabled: false)).Succeeded);
        var enabled = (await FindAsync(email))!;
        Assert.False(enabled.IsDisabled);
        Assert.Null(enabled.LockoutEnd);
        var actions = (await portal.LatestAuditAsync()).Where(a => a.TargetId == id).Select(a => (a.Action, a.Outcome)).ToList();
        Assert.Contains(("user.disable", AuditOutcome.Succeeded), actions);
        Assert.Contains(("user.enable", AuditOutcome.Succeeded), actions);
    }

    [Fact]
    public async Task A_reset_password_works_for_sign_in_and_never_reaches_the_audit_trail()
    {
        var email = NewEmail();
        await using var scope = portal.ScopeAs(PortalRoles.Admin).SteppedUp();
        var admin = Admin(scope);
        await admin.CreateAsync(email, null, [PortalRoles.Support], StrongPassword);
        var id = (await FindAsync(email))!.Id;

        var result = await admin.ResetPasswordAsync(id);

        Assert.True(result.Succeeded, string.Join(" ", result.Errors));
        Assert.False(string.IsNullOrEmpty(result.GeneratedPassword));
        await using (var check = portal.Services.CreateAsyncScope())
        {
            var users = check.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>();
            var user = (await users.FindByEmailAsync(email))!;
            Assert.True(await users.CheckPasswordAsync(user, result.GeneratedPassword!));
            Assert.False(await users.CheckPasswordAsync(user, StrongPassword));
        }
        var rows = await portal.LatestAuditAsync(50);
        Assert.Equal(AuditOutcome.Succeeded, rows.First(a => a.Action == "user.reset-password" && a.TargetId == id).Outcome);
        Assert.DoesNotContain(rows, a => (a.Detail ?? "").Contains(result.GeneratedPassword!));
    }

    [Fact]
    public async Task An_admin_cannot_disable_their_own_account()
    {
        var me = (await FindAsync("admin@artha.local"))!;
        await using var own = portal.Services.CreateAsyncScope();
        var identity = new ClaimsIdentity(
            [new Claim(ClaimTypes.NameIdentifier, me.Id), new Claim(ClaimTypes.Name, me.Email!), new Claim(ClaimTypes.Role, PortalRoles.Admin)], "Test");
        ((IHostEnvironmentAuthenticationStateProvider)own.ServiceProvider.GetRequiredService<AuthenticationStateProvider>())
            .SetAuthenticationState(Task.FromResult(new AuthenticationState(new ClaimsPrincipal(identity))));
        own.SteppedUp();

        var result = await Admin(own).SetDisabledAsync(me.Id, disabled: true);

        Assert.False(result.Succeeded);
        Assert.Contains("your own account", Assert.Single(result.Errors));
        Assert.False((await FindAsync("admin@artha.local"))!.IsDisabled);
    }

    [Fact]
    public async Task Sign_out_everywhere_changes_the_security_stamp_so_open_sessions_fail_their_check_and_is_audited()
    {
        var email = NewEmail();
        await using var scope = portal.ScopeAs(PortalRoles.Admin).SteppedUp();
        var admin = Admin(scope);
        await admin.CreateAsync(email, null, [PortalRoles.Operations], StrongPassword);
        var before = (await FindAsync(email))!;

        var result = await admin.SignOutEverywhereAsync(before.Id);

        Assert.True(result.Succeeded, string.Join(" ", result.Errors));
        var after = (await FindAsync(email))!;
        Assert.NotEqual(before.SecurityStamp, after.SecurityStamp);
        // Nothing else about the account changes.
        Assert.Equal((before.IsDisabled, before.PasswordHash), (after.IsDisabled, after.PasswordHash));
        Assert.Equal([PortalRoles.Operations], await RolesOfAsync(email));
        var row = (await portal.LatestAuditAsync()).First(a => a.Action == "user.sign-out-everywhere" && a.TargetId == before.Id);
        Assert.Equal((AuditOutcome.Succeeded, "admin@artha.local"), (row.Outcome, row.UserName));
        Assert.Contains(email, row.Detail);
    }

    [Fact]
    public async Task A_signed_in_browser_of_a_user_signed_out_everywhere_is_sent_to_sign_in_on_its_next_request()
    {
        var email = NewEmail();
        await using (var scope = portal.ScopeAs(PortalRoles.Admin).SteppedUp())
        {
            await Admin(scope).CreateAsync(email, null, [PortalRoles.Support], StrongPassword);
        }
        using var browser = await portal.SignInAsync(email, StrongPassword);
        Assert.Equal(System.Net.HttpStatusCode.OK, (await browser.GetAsync("/customers")).StatusCode);

        await using (var scope = portal.ScopeAs(PortalRoles.Admin).SteppedUp())
        {
            Assert.True((await Admin(scope).SignOutEverywhereAsync((await FindAsync(email))!.Id)).Succeeded);
        }
        var response = await browser.GetAsync("/customers");

        Assert.Equal(System.Net.HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith("/Account/Login", response.Headers.Location!.PathAndQuery, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Disabling_records_the_old_and_new_status()
    {
        var email = NewEmail();
        await using var scope = portal.ScopeAs(PortalRoles.Admin).SteppedUp();
        var admin = Admin(scope);
        await admin.CreateAsync(email, null, [PortalRoles.Finance], StrongPassword);
        var id = (await FindAsync(email))!.Id;

        Assert.True((await admin.SetDisabledAsync(id, disabled: true)).Succeeded);

        var row = (await portal.LatestAuditAsync()).First(a => a.Action == "user.disable" && a.TargetId == id);
        Assert.Equal($"{email}: active -> disabled", row.Detail);
    }

    [Fact]
    public async Task Resetting_mfa_removes_the_authenticator_and_recovery_codes_ends_the_sessions_and_is_audited()
    {
        var email = NewEmail();
        await using var scope = portal.ScopeAs(PortalRoles.Admin).SteppedUp();
        var admin = Admin(scope);
        await admin.CreateAsync(email, null, [PortalRoles.Operations], StrongPassword);
        string oldKey;
        await using (var setup = portal.Services.CreateAsyncScope())
        {
            var users = setup.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>();
            var user = (await users.FindByEmailAsync(email))!;
            await users.ResetAuthenticatorKeyAsync(user);
            oldKey = (await users.GetAuthenticatorKeyAsync(user))!;
            await users.SetTwoFactorEnabledAsync(user, true);
            Assert.Equal(10, (await users.GenerateNewTwoFactorRecoveryCodesAsync(user, 10))!.Count());
        }
        var before = (await FindAsync(email))!;
        Assert.True(Assert.Single((await admin.ListAsync(email, 0, 10)).Items).MfaEnabled);

        var result = await admin.ResetMfaAsync(before.Id);

        Assert.True(result.Succeeded, string.Join(" ", result.Errors));
        await using (var check = portal.Services.CreateAsyncScope())
        {
            var users = check.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>();
            var after = (await users.FindByEmailAsync(email))!;
            Assert.False(after.TwoFactorEnabled);
            Assert.Equal(0, await users.CountRecoveryCodesAsync(after));
            Assert.NotEqual(oldKey, await users.GetAuthenticatorKeyAsync(after));
            Assert.NotEqual(before.SecurityStamp, after.SecurityStamp);
            Assert.Equal(before.PasswordHash, after.PasswordHash);
        }
        Assert.False(Assert.Single((await admin.ListAsync(email, 0, 10)).Items).MfaEnabled);
        var row = Assert.Single(await portal.LatestAuditAsync(50), a => a.Action == "user.mfa.reset" && a.TargetId == before.Id);
        Assert.Equal((AuditOutcome.Succeeded, "admin@artha.local"), (row.Outcome, row.UserName));
        Assert.Contains(email, row.Detail);
        Assert.DoesNotContain(oldKey, row.Detail);
    }

    [Theory]
    [InlineData("roles")]
    [InlineData("password")]
    public async Task Removing_a_role_or_resetting_the_password_sends_the_users_browser_to_sign_in_on_its_next_request(string change)
    {
        var email = NewEmail();
        await using var scope = portal.ScopeAs(PortalRoles.Admin).SteppedUp();
        await Admin(scope).CreateAsync(email, null, [PortalRoles.Support, PortalRoles.Finance], StrongPassword);
        using var browser = await portal.SignInAsync(email, StrongPassword);
        Assert.Equal(System.Net.HttpStatusCode.OK, (await browser.GetAsync("/topups")).StatusCode);
        var id = (await FindAsync(email))!.Id;

        var result = change == "roles" ? await Admin(scope).SetRolesAsync(id, [PortalRoles.Support]) : await Admin(scope).ResetPasswordAsync(id);
        Assert.True(result.Succeeded, string.Join(" ", result.Errors));

        var response = await browser.GetAsync("/topups");
        Assert.Equal(System.Net.HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith("/Account/Login", response.Headers.Location!.PathAndQuery, StringComparison.OrdinalIgnoreCase);
        // Not even the start of a new circuit is allowed with the old cookie.
        Assert.NotEqual(System.Net.HttpStatusCode.OK, (await browser.PostAsync("/_blazor/negotiate?negotiateVersion=1", null)).StatusCode);
    }
}
