using Artha.Admin.Auditing;
using Artha.Admin.Data;
using Artha.Admin.Hosting;
using Microsoft.AspNetCore.Identity;

namespace Artha.Admin.Security;

/// <summary>Start-up rules outside Development: nothing insecure happens merely because a setting was forgotten.</summary>
public static class SafeStart
{
    /// <summary>
    /// Outside Development <c>Artha:Mode</c> must be chosen on purpose: without it the portal would quietly run on the
    /// embedded sandbox, whose keys and webhook secret are public. Throws with a message saying what to set.
    /// </summary>
    public static void RequireExplicitArthaMode(IConfiguration configuration, IHostEnvironment environment)
    {
        if (environment.IsDevelopment())
        {
            return;
        }
        var mode = configuration["Artha:Mode"];
        if (string.IsNullOrWhiteSpace(mode))
        {
            throw new InvalidOperationException(
                $"Artha:Mode is not set, and this is the '{environment.EnvironmentName}' environment, where it must be chosen explicitly. " +
                "Set Artha:Mode=Live with Artha:BaseUrl, Artha:ApiKey and Artha:Secret (e.g. environment variables Artha__Mode, Artha__BaseUrl, ...) " +
                "for the real Artha API, or Artha:Mode=Sandbox for the embedded simulator (test installations only: its keys are public).");
        }
        if (!Enum.TryParse<ArthaMode>(mode, ignoreCase: true, out _) || int.TryParse(mode, out _))
        {
            throw new InvalidOperationException($"Artha:Mode '{mode}' is not known. Use Live or Sandbox.");
        }
    }
}

/// <summary>
/// Finds accounts that still have one of the published development passwords (README, <see cref="DefaultUsersSeeder.DevelopmentUsers"/>):
/// logs a warning naming them and, outside Development, disables them (new security stamp, audited), so a database
/// seeded by an older build in a test environment cannot be promoted with well-known credentials.
/// </summary>
public sealed class DevelopmentPasswordCheck(
    UserManager<ApplicationUser> users,
    AdminDbContext db,
    IHostEnvironment environment,
    ILogger<DevelopmentPasswordCheck> logger)
{
    /// <summary>Audit action of an account disabled at start-up.</summary>
    public const string DisableAction = "user.disable.development-password";

    /// <summary>Returns the e-mail addresses of the accounts found.</summary>
    public async Task<IReadOnlyList<string>> RunAsync(CancellationToken cancellationToken = default)
    {
        var found = new List<ApplicationUser>();
        foreach (var (email, password, _) in DefaultUsersSeeder.DevelopmentUsers)
        {
            if (await users.FindByEmailAsync(email) is { PasswordHash: { } hash } user
                && users.PasswordHasher.VerifyHashedPassword(user, hash, password) != PasswordVerificationResult.Failed)
            {
                found.Add(user);
            }
        }
        if (found.Count == 0)
        {
            return [];
        }

        var names = string.Join(", ", found.Select(u => u.Email));
        if (environment.IsDevelopment())
        {
            logger.LogWarning(
                "Accounts with a published development password: {Accounts}. Fine on a developer's machine; never copy this database elsewhere.", names);
            return found.Select(u => u.Email!).ToList();
        }

        foreach (var user in found.Where(u => !u.IsDisabled))
        {
            user.IsDisabled = true;
            user.LockoutEnd = DateTimeOffset.MaxValue;
            EnsureSucceeded(await users.UpdateAsync(user), user.Email);
            EnsureSucceeded(await users.UpdateSecurityStampAsync(user), user.Email);
            db.AuditEntries.Add(new AuditEntry
            {
                OccurredAtUtc = DateTime.UtcNow,
                UserName = "system:start-up",
                Action = DisableAction,
                TargetType = "user",
                TargetId = user.Id,
                Outcome = AuditOutcome.Succeeded,
                Detail = $"{user.Email}: still had a published development password; disabled in {environment.EnvironmentName}",
            });
        }
        await db.SaveChangesAsync(cancellationToken);
        logger.LogWarning(
            "Accounts with a published development password were found and DISABLED ({Environment}): {Accounts}. An administrator must reset " +
            "their passwords on the Users page and enable them again; with no administrator left, set Portal:InitialAdmin:Email and " +
            "Portal:InitialAdmin:Password to a new account and restart.", environment.EnvironmentName, names);
        return found.Select(u => u.Email!).ToList();
    }

    private static void EnsureSucceeded(IdentityResult result, string? email)
    {
        if (!result.Succeeded)
        {
            throw new InvalidOperationException($"Could not disable {email}: {string.Join("; ", result.Errors.Select(e => e.Description))}");
        }
    }
}

/// <summary>Outside Development no account may be given one of the published development passwords.</summary>
public sealed class PublishedPasswordValidator(IHostEnvironment environment) : IPasswordValidator<ApplicationUser>
{
    public Task<IdentityResult> ValidateAsync(UserManager<ApplicationUser> manager, ApplicationUser user, string? password) =>
        Task.FromResult(!environment.IsDevelopment() && DefaultUsersSeeder.DevelopmentUsers.Any(u => u.Password == password)
            ? IdentityResult.Failed(new IdentityError
            {
                Code = "PublishedPassword",
                Description = "This password is published in the portal's documentation. Choose another.",
            })
            : IdentityResult.Success);
}
