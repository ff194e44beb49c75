using System.Security.Cryptography;
using Artha.Admin.Auditing;
using Artha.Admin.Data;
using Artha.Admin.Security;
using Artha.Admin.Services;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace Artha.Admin.Users;

public sealed record StaffUserRow(string Id, string Email, string? DisplayName, IReadOnlyList<string> Roles, bool IsDisabled, bool IsLockedOut, DateTime CreatedAtUtc);

public sealed record StaffUserPage(IReadOnlyList<StaffUserRow> Items, int Total);

/// <summary>The outcome of a user change; <see cref="Errors"/> are safe to show next to the form.</summary>
public sealed record UserChangeResult(bool Succeeded, IReadOnlyList<string> Errors, string? GeneratedPassword = null)
{
    public static UserChangeResult Ok(string? generatedPassword = null) => new(true, [], generatedPassword);
    public static UserChangeResult Fail(params string[] errors) => new(false, errors);
    public static UserChangeResult From(IdentityResult result) => new(result.Succeeded, result.Errors.Select(e => e.Description).ToList());
}

/// <summary>
/// Admin-only management of staff accounts. Every method checks the caller's permission itself (the page
/// hiding its buttons is not the guard) and writes the audit trail, including refusals. A change and its audit row
/// are saved in one database transaction (<paramref name="db"/> is the context the user store writes to), so there
/// is never a change without its record nor a record of a change that was rolled back.
/// </summary>
public sealed class UserAdministration(
    UserManager<ApplicationUser> users,
    AdminDbContext db,
    CurrentStaff currentStaff,
    AuditTrail audit)
{
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
        var rows = new List<StaffUserRow>(page.Count);
        foreach (var user in page)
        {
            var roles = await users.GetRolesAsync(user);
            rows.Add(new StaffUserRow(user.Id, user.Email ?? "", user.DisplayName, roles.Order().ToList(), user.IsDisabled,
                user.LockoutEnd is { } end && end > DateTimeOffset.UtcNow && !user.IsDisabled, user.CreatedAtUtc));
        }
        return new StaffUserPage(rows, total);
    }

    public async Task<UserChangeResult> CreateAsync(string email, string? displayName, IReadOnlyCollection<string> roles, string password)
    {
        var target = new AuditTarget("user", email);
        await RequireAsync("user.create", target);
        if (ValidateRoles(roles) is { } roleError)
        {
            return UserChangeResult.Fail(roleError);
        }

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
        if (ValidateRoles(roles) is { } roleError)
        {
            return UserChangeResult.Fail(roleError);
        }
        if (await users.FindByIdAsync(userId) is not { } user)
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
            var removed = await users.RemoveFromRolesAsync(user, current.Except(roles));
            var added = removed.Succeeded ? await users.AddToRolesAsync(user, roles.Except(current)) : removed;
            if (added.Succeeded)
            {
                // Open sessions pick up the new roles at their next revalidation.
                added = await users.UpdateSecurityStampAsync(user);
            }
            return (added, target, $"{user.Email}: {string.Join(",", current.Order())} -> {string.Join(",", roles.Order())}");
        });
    }

    public async Task<UserChangeResult> SetDisabledAsync(string userId, bool disabled)
    {
        var action = disabled ? "user.disable" : "user.enable";
        var target = new AuditTarget("user", userId);
        var me = await RequireAsync(action, target);
        if (await users.FindByIdAsync(userId) is not { } user)
        {
            return UserChangeResult.Fail("That user no longer exists. Reload the list.");
        }
        if (disabled && user.Id == me)
        {
            return UserChangeResult.Fail("You cannot disable your own account.");
        }

        return await AuditedChangeAsync(action, async () =>
        {
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
            return (result, target, user.Email);
        });
    }

    /// <summary>Sets a new random password and returns it once, for the admin to hand over; it is not stored anywhere else.</summary>
    public async Task<UserChangeResult> ResetPasswordAsync(string userId)
    {
        var target = new AuditTarget("user", userId);
        await RequireAsync("user.reset-password", target);
        if (await users.FindByIdAsync(userId) is not { } user)
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

    private static string? ValidateRoles(IReadOnlyCollection<string> roles)
    {
        if (roles.Count == 0)
        {
            return "Choose at least one role.";
        }
        var unknown = roles.Except(PortalRoles.All).ToList();
        return unknown.Count > 0 ? $"Unknown role(s): {string.Join(", ", unknown)}." : null;
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
