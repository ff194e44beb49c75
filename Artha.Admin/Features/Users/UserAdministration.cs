using System.Security.Cryptography;
using Artha.Admin.Auditing;
using Artha.Admin.Data;
using Artha.Admin.Features.Users.Rules;
using Artha.Admin.Security;
using Artha.Admin.Services;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Artha.Admin.Users;

/// <summary>
/// Admin-only management of staff accounts. Every method checks the caller's permission itself (the page
/// hiding its buttons is not the guard) and writes the audit trail, including refusals. A change and its audit row
/// are saved in one database transaction (<paramref name="db"/> is the context the user store writes to), so there
/// is never a change without its record nor a record of a change that was rolled back. Every change (create, roles,
/// disable/enable, password reset, MFA reset) needs a recent step-up (<see cref="StepUp"/>); signing a user out
/// everywhere does not, since it only takes access away.
/// </summary>
public sealed class UserAdministration(
    UserManager<ApplicationUser> users,
    AdminDbContext db,
    CurrentStaff currentStaff,
    AuditTrail audit,
    StepUp stepUp,
    IUserStore<ApplicationUser> userStore,
    MfaPolicy mfa,
    IOptions<IdentityOptions> identityOptions)
{
    /// <summary>What the step-up dialog names before any change to a staff account.</summary>
    public const string StepUpPurpose = "change staff accounts";

    /// <summary>The shortest password Identity accepts (the form says it before Identity refuses).</summary>
    public int MinimumPasswordLength => identityOptions.Value.Password.RequiredLength;

    /// <summary>A page of staff accounts, by email unless <paramref name="sort"/> names Email, DisplayName or CreatedAtUtc.</summary>
    public async Task<StaffUserPage> ListAsync(string? search, int skip, int take, ListSort? sort = null, CancellationToken cancellationToken = default)
    {
        await RequireAsync("user.list", null);
        var query = users.Users.AsNoTracking();
        if (!string.IsNullOrWhiteSpace(search))
        {
            var term = search.Trim().ToUpperInvariant();
            query = query.Where(u => u.NormalizedEmail!.Contains(term) || (u.DisplayName != null && u.DisplayName.ToUpper().Contains(term)));
        }

        var total = await query.CountAsync(cancellationToken);
        var descending = sort?.Descending ?? false;
        var ordered = sort?.Property switch
        {
            nameof(StaffUserRow.DisplayName) => query.SortBy(descending, u => u.DisplayName),
            nameof(StaffUserRow.CreatedAtUtc) => query.SortBy(descending, u => u.CreatedAtUtc),
            _ => query.SortBy(descending, u => u.NormalizedEmail),
        };
        var page = await ordered.ThenBy(u => u.NormalizedEmail).Skip(skip).Take(Math.Clamp(take, 1, 100)).ToListAsync(cancellationToken);
        var activeAdmins = await ActiveAdminCountAsync();
        var rows = new List<StaffUserRow>(page.Count);
        foreach (var user in page)
        {
            var roles = await users.GetRolesAsync(user);
            rows.Add(new StaffUserRow(user.Id, user.Email ?? "", user.DisplayName, roles.Order().ToList(), user.IsDisabled,
                user.LockoutEnd is { } end && end > DateTimeOffset.UtcNow && !user.IsDisabled, user.CreatedAtUtc)
            {
                MfaEnabled = user.TwoFactorEnabled,
                MfaRequired = mfa.RequiredFor(roles),
                IsLastActiveAdmin = LastAdminRule.IsLastActiveAdmin(roles.Contains(PortalRoles.Admin), user.IsDisabled, activeAdmins),
            });
        }
        return new StaffUserPage(rows, total);
    }

    /// <summary>Enabled accounts holding the Admin role.</summary>
    private async Task<int> ActiveAdminCountAsync() => (await users.GetUsersInRoleAsync(PortalRoles.Admin)).Count(u => !u.IsDisabled);

    public async Task<UserChangeResult> CreateAsync(string email, string? displayName, IReadOnlyCollection<string> roles, string password)
    {
        var target = new AuditTarget("user", email.Trim());
        await RequireAsync("user.create", target);
        await RequireStepUpAsync("user.create", target);
        var errors = NewUserRules.Errors(email, password, roles, MinimumPasswordLength);
        if (errors.Count > 0)
        {
            // Codes only: the typed password never reaches the audit trail.
            var codes = new[]
            {
                NewUserRules.EmailError(email) is null ? null : "InvalidEmail",
                NewUserRules.PasswordError(password, MinimumPasswordLength) is null ? null : "PasswordTooShort",
                NewUserRules.RolesError(roles) is null ? null : "InvalidRoles",
            }.OfType<string>();
            await audit.RecordAsync("user.create", target, AuditOutcome.Failed, string.Join(" ", codes));
            return UserChangeResult.Fail([.. errors]);
        }
        email = email.Trim();

        var user = new ApplicationUser { UserName = email, Email = email, EmailConfirmed = true, DisplayName = displayName, LockoutEnabled = true };
        return await AuditedChangeAsync("user.create", async () =>
        {
            var created = await users.CreateAsync(user, password);
            if (!created.Succeeded)
            {
                return (created, target, string.Join(" ", created.Errors.Select(e => e.Code)));
            }
            var added = await users.AddToRolesAsync(user, roles);
            return (added, new AuditTarget("user", user.Id), $"{email} with roles {string.Join(",", roles)}");
        });
    }

    public async Task<UserChangeResult> SetRolesAsync(string userId, IReadOnlyCollection<string> roles)
    {
        var target = new AuditTarget("user", userId);
        var me = await RequireAsync("user.roles", target);
        await RequireStepUpAsync("user.roles", target);
        if (NewUserRules.RolesError(roles) is { } roleError)
        {
            return UserChangeResult.Fail(roleError);
        }
        if (await FindCurrentAsync(userId) is not { } user)
        {
            return UserChangeResult.Fail("That user no longer exists. Reload the list.");
        }
        if (user.Id == me && !roles.Contains(PortalRoles.Admin))
        {
            return UserChangeResult.Fail("You cannot remove the Admin role from your own account; ask another administrator.");
        }

        var current = await users.GetRolesAsync(user);
        return await AuditedChangeAsync("user.roles", async () =>
        {
            // Checked inside the transaction, so two administrators demoting each other cannot both succeed.
            if (LastAdminRule.RefuseRoles(current.Contains(PortalRoles.Admin), user.IsDisabled, await ActiveAdminCountAsync(), roles) is { } refusal)
            {
                return (Refused(refusal), target, $"{user.Email}: refused, last active Admin");
            }
            var removed = await users.RemoveFromRolesAsync(user, current.Except(roles));
            var added = removed.Succeeded ? await users.AddToRolesAsync(user, roles.Except(current)) : removed;
            if (added.Succeeded)
            {
                // Open sessions pick up the new roles at their next revalidation.
                added = await users.UpdateSecurityStampAsync(user);
            }
            return (added, target, AuditChangeText(user.Email, string.Join(",", current.Order()), string.Join(",", roles.Order())));
        });
    }

    public async Task<UserChangeResult> SetDisabledAsync(string userId, bool disabled)
    {
        var action = disabled ? "user.disable" : "user.enable";
        var target = new AuditTarget("user", userId);
        var me = await RequireAsync(action, target);
        await RequireStepUpAsync(action, target);
        if (await FindCurrentAsync(userId) is not { } user)
        {
            return UserChangeResult.Fail("That user no longer exists. Reload the list.");
        }
        if (disabled && user.Id == me)
        {
            return UserChangeResult.Fail("You cannot disable your own account.");
        }

        var isAdmin = await users.IsInRoleAsync(user, PortalRoles.Admin);
        return await AuditedChangeAsync(action, async () =>
        {
            if (disabled && LastAdminRule.RefuseDisable(isAdmin, user.IsDisabled, await ActiveAdminCountAsync()) is { } refusal)
            {
                return (Refused(refusal), target, $"{user.Email}: refused, last active Admin");
            }
            var before = user.IsDisabled ? "disabled" : "active";
            user.IsDisabled = disabled;
            user.LockoutEnd = disabled ? DateTimeOffset.MaxValue : null;
            var result = await users.UpdateAsync(user);
            if (result.Succeeded)
            {
                result = await users.ResetAccessFailedCountAsync(user);
            }
            if (result.Succeeded)
            {
                // A new stamp ends the disabled user's open sessions at their next revalidation.
                result = await users.UpdateSecurityStampAsync(user);
            }
            return (result, target, AuditChangeText(user.Email, before, disabled ? "disabled" : "active"));
        });
    }

    /// <summary>
    /// Ends every open session of the user, in every browser: a new security stamp fails the stamp check the portal
    /// makes on each request and on each open page's revalidation, so they must sign in again. Password, roles and
    /// MFA are unchanged.
    /// </summary>
    public async Task<UserChangeResult> SignOutEverywhereAsync(string userId)
    {
        var target = new AuditTarget("user", userId);
        await RequireAsync("user.sign-out-everywhere", target);
        if (await FindCurrentAsync(userId) is not { } user)
        {
            return UserChangeResult.Fail("That user no longer exists. Reload the list.");
        }
        return await AuditedChangeAsync("user.sign-out-everywhere", async () =>
            (await users.UpdateSecurityStampAsync(user), target, $"{user.Email}: every session ended"));
    }

    /// <summary>
    /// Turns the user's two-factor authentication off and forgets their authenticator key and recovery codes (a lost
    /// phone): their sessions end (new security stamp) and, where their role requires MFA, the next sign-in goes
    /// straight to enrolment. Audited as <c>user.mfa.reset</c>; needs a recent step-up.
    /// </summary>
    public async Task<UserChangeResult> ResetMfaAsync(string userId)
    {
        const string action = "user.mfa.reset";
        var target = new AuditTarget("user", userId);
        await RequireAsync(action, target);
        await RequireStepUpAsync(action, target);
        if (await FindCurrentAsync(userId) is not { } user)
        {
            return UserChangeResult.Fail("That user no longer exists. Reload the list.");
        }
        var before = user.TwoFactorEnabled ? "on" : "off";
        return await AuditedChangeAsync(action, async () =>
        {
            var result = await users.SetTwoFactorEnabledAsync(user, false);
            if (result.Succeeded && users.SupportsUserTwoFactorRecoveryCodes)
            {
                // No "clear" on UserManager: the store replaces the codes with none.
                await ((IUserTwoFactorRecoveryCodeStore<ApplicationUser>)userStore).ReplaceCodesAsync(user, [], CancellationToken.None);
                result = await users.UpdateAsync(user);
            }
            if (result.Succeeded)
            {
                // A new key (the old phone's codes stop working) and a new security stamp (every session ends).
                result = await users.ResetAuthenticatorKeyAsync(user);
            }
            return (result, target, AuditChangeText(user.Email, $"MFA {before}", "MFA off, authenticator and recovery codes removed"));
        });
    }

    /// <summary>Refuses (and audits the refusal of) a change without a recent step-up.</summary>
    private async Task RequireStepUpAsync(string action, AuditTarget target)
    {
        if (stepUp.IsFresh)
        {
            return;
        }
        await audit.RecordAsync(action, target, AuditOutcome.Refused, "no recent step-up (password or authenticator code)");
        stepUp.Require(StepUpPurpose);
    }

    /// <summary>
    /// The account as the database has it now. The circuit's context may still track an older copy (from an earlier change
    /// on this page) that the user has changed since, e.g. by enrolling an authenticator; saving that copy would fail the
    /// concurrency check for no visible reason.
    /// </summary>
    private async Task<ApplicationUser?> FindCurrentAsync(string userId)
    {
        db.ChangeTracker.Clear();
        return await users.FindByIdAsync(userId);
    }

    private static IdentityResult Refused(string reason) => IdentityResult.Failed(new IdentityError { Code = "LastActiveAdmin", Description = reason });

    private static string AuditChangeText(string? subject, string before, string after) =>
        Artha.Admin.Features.Audit.Rules.AuditChange.Describe(subject, before, after);

    /// <summary>Sets a new random password and returns it once, for the admin to hand over; it is not stored anywhere else.</summary>
    public async Task<UserChangeResult> ResetPasswordAsync(string userId)
    {
        var target = new AuditTarget("user", userId);
        await RequireAsync("user.reset-password", target);
        await RequireStepUpAsync("user.reset-password", target);
        if (await FindCurrentAsync(userId) is not { } user)
        {
            return UserChangeResult.Fail("That user no longer exists. Reload the list.");
        }

        var password = GeneratePassword();
        var token = await users.GeneratePasswordResetTokenAsync(user);
        var outcome = await AuditedChangeAsync("user.reset-password", async () =>
        {
            var result = await users.ResetPasswordAsync(user, token, password);
            if (result.Succeeded)
            {
                result = await users.SetLockoutEndDateAsync(user, user.IsDisabled ? DateTimeOffset.MaxValue : null);
            }
            if (result.Succeeded)
            {
                result = await users.ResetAccessFailedCountAsync(user);
            }
            return (result, target, user.Email);
        });
        return outcome.Succeeded ? UserChangeResult.Ok(password) : outcome;
    }

    /// <summary>
    /// Runs a change made of several user-store writes and its audit row in one transaction. A failed change is
    /// rolled back whole (no half-applied roles) and audited as Failed in a transaction of its own.
    /// </summary>
    private async Task<UserChangeResult> AuditedChangeAsync(string action, Func<Task<(IdentityResult Result, AuditTarget Target, string? Detail)>> change)
    {
        (IdentityResult Result, AuditTarget Target, string? Detail) done;
        await using (var transaction = await db.Database.BeginTransactionAsync())
        {
            done = await change();
            if (done.Result.Succeeded)
            {
                await audit.AddToAsync(db, action, done.Target, AuditOutcome.Succeeded, done.Detail);
                await db.SaveChangesAsync();
                await transaction.CommitAsync();
                return UserChangeResult.From(done.Result);
            }
            await transaction.RollbackAsync();
        }
        db.ChangeTracker.Clear();
        await audit.RecordAsync(action, done.Target, AuditOutcome.Failed, done.Detail);
        return UserChangeResult.From(done.Result);
    }

    private async Task<string?> RequireAsync(string action, AuditTarget? target)
    {
        var user = await currentStaff.GetAsync();
        if (!user.Allows(Permission.ManageUsers))
        {
            await audit.RecordAsync(action, target, AuditOutcome.Refused, "role lacks ManageUsers");
            throw new PermissionDeniedException(Permission.ManageUsers);
        }
        return users.GetUserId(user);
    }

    internal static string GeneratePassword()
    {
        const string upper = "ABCDEFGHJKLMNPQRSTUVWXYZ", lower = "abcdefghijkmnpqrstuvwxyz", digits = "23456789", symbols = "!@#$%*?";
        var chars = new char[16];
        var all = upper + lower + digits + symbols;
        for (var i = 0; i < chars.Length; i++)
        {
            chars[i] = all[RandomNumberGenerator.GetInt32(all.Length)];
        }
        // Guarantee one of each class so the password policy always accepts it.
        chars[0] = upper[RandomNumberGenerator.GetInt32(upper.Length)];
        chars[1] = lower[RandomNumberGenerator.GetInt32(lower.Length)];
        chars[2] = digits[RandomNumberGenerator.GetInt32(digits.Length)];
        chars[3] = symbols[RandomNumberGenerator.GetInt32(symbols.Length)];
        RandomNumberGenerator.Shuffle(chars.AsSpan());
        return new string(chars);
    }
}
