using Artha.Admin.Auditing;
using Artha.Admin.Data;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace Artha.Admin.Security;

/// <summary>
/// Audit rows for sign-in events (PCI DSS 10.2.1.4/10.2.1.5): success, failure and lockout of a password or second
/// factor, sign-out everywhere, MFA enrolment and removal, step-up. Written for the account concerned (nobody is signed
/// in yet when a sign-in fails), with the client address. Never the password or code typed, and never an address
/// typed for an account that does not exist (it might be a password typed into the wrong field).
/// </summary>
public sealed class SignInAudit(IDbContextFactory<AdminDbContext> dbFactory, UserManager<ApplicationUser> users, TimeProvider clock)
{
    public const string SignIn = "signin";
    public const string SignInLockout = "signin.lockout";
    public const string SignInSecondFactor = "signin.2fa";
    public const string SignInRecoveryCode = "signin.recovery-code";
    public const string SignOutEverywhere = "signout.everywhere";
    public const string MfaEnable = "mfa.enable";
    public const string MfaDisable = "mfa.disable";
    public const string MfaReset = "mfa.reset";
    public const string RecoveryCodes = "mfa.recovery-codes";
    public const string StepUp = "stepup";

    /// <summary>Records <paramref name="action"/> for <paramref name="user"/> (null: an unknown account).</summary>
    public async Task RecordAsync(string action, ApplicationUser? user, AuditOutcome outcome, string detail, HttpContext? http = null,
        CancellationToken cancellationToken = default)
    {
        var address = http?.Connection.RemoteIpAddress?.ToString();
        var entry = new AuditEntry
        {
            OccurredAtUtc = clock.GetUtcNow().UtcDateTime,
            UserId = user?.Id,
            UserName = user?.Email ?? user?.UserName ?? "(unknown account)",
            Roles = user is null ? "" : string.Join(",", (await users.GetRolesAsync(user)).Order()),
            Action = action,
            TargetType = "user",
            TargetId = user?.Id,
            Outcome = outcome,
            Detail = address is null ? detail : $"{detail} (from {address})",
        };
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        db.AuditEntries.Add(entry);
        await db.SaveChangesAsync(cancellationToken);
    }
}
