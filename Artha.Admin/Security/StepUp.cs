using System.Security.Claims;
using Artha.Admin.Auditing;
using Artha.Admin.Data;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace Artha.Admin.Security;

/// <summary>How a step-up attempt ended; <see cref="Message"/> is safe to show next to the field.</summary>
public sealed record StepUpResult(bool Succeeded, string? Message)
{
    public static readonly StepUpResult Ok = new(true, null);
    public static StepUpResult Fail(string message) => new(false, message);
}

/// <summary>An action that needs a recent re-authentication was attempted without one. The message is safe to show.</summary>
public sealed class StepUpRequiredException(string purpose)
    : Exception($"Confirm it is you (password or authenticator code) before you {purpose}.")
{
    public string Purpose { get; } = purpose;
}

/// <summary>
/// Step-up re-authentication (scoped: one per circuit). Sensitive actions (revealing card details, ...) need the
/// password or a current authenticator code given in the last <see cref="SecurityOptions.StepUpWindow"/> (5 minutes):
/// the page asks with <see cref="StepUpPrompt.EnsureAsync"/> (the dialog), the service that performs the action guards
/// with <see cref="Require"/>. Wrong answers count towards the account's lockout like wrong passwords at sign-in; each
/// attempt is audited (never what was typed). The time is remembered for this circuit only: a new tab asks again.
/// </summary>
public sealed class StepUp(
    CurrentStaff currentStaff,
    IServiceScopeFactory scopes,
    IOptions<SecurityOptions> options,
    TimeProvider clock,
    ILogger<StepUp> logger)
{
    private DateTimeOffset? _lastAt;

    /// <summary>When this circuit's user last re-authenticated, or null.</summary>
    public DateTimeOffset? LastReauthenticatedAt => _lastAt;

    /// <summary>True while the last re-authentication is younger than the step-up window.</summary>
    public bool IsFresh => _lastAt is { } at && clock.GetUtcNow() - at < options.Value.StepUpWindow;

    /// <summary>The step-up window (for messages such as "valid for 5 minutes").</summary>
    public TimeSpan Window => options.Value.StepUpWindow;

    /// <summary>Throws <see cref="StepUpRequiredException"/> unless <see cref="IsFresh"/>: the server-side guard of a sensitive action.</summary>
    public void Require(string purpose)
    {
        if (!IsFresh)
        {
            throw new StepUpRequiredException(purpose);
        }
    }

    /// <summary>True when the signed-in user has an authenticator app, so a code is accepted as well as the password.</summary>
    public async Task<bool> HasAuthenticatorAsync()
    {
        await using var scope = scopes.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>();
        return await FindUserAsync(users) is { } user && await users.GetTwoFactorEnabledAsync(user);
    }

    /// <summary>
    /// Checks <paramref name="secret"/>: a 6-digit authenticator code when the user has two-factor authentication,
    /// otherwise (or when it is not 6 digits) the password. Success starts a new step-up window.
    /// </summary>
    public async Task<StepUpResult> VerifyAsync(string? secret, string purpose, CancellationToken cancellationToken = default)
    {
        if (string.IsNullOrWhiteSpace(secret))
        {
            return StepUpResult.Fail("Enter your password or a code from your authenticator app.");
        }

        // A fresh scope: the circuit's own UserManager would see lockout and stamp changes late.
        await using var scope = scopes.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>();
        var audit = scope.ServiceProvider.GetRequiredService<SignInAudit>();
        var user = await FindUserAsync(users);
        if (user is null || user.IsDisabled)
        {
            return StepUpResult.Fail("Your account is no longer active. Sign in again.");
        }
        if (await users.IsLockedOutAsync(user))
        {
            return StepUpResult.Fail("Your account is locked after too many wrong attempts. Try again in 15 minutes or ask an administrator.");
        }

        var code = secret.Replace(" ", "", StringComparison.Ordinal).Replace("-", "", StringComparison.Ordinal);
        var byCode = code.Length == 6 && code.All(char.IsAsciiDigit) && await users.GetTwoFactorEnabledAsync(user);
        var method = byCode ? "authenticator code" : "password";
        var valid = byCode
            ? await users.VerifyTwoFactorTokenAsync(user, users.Options.Tokens.AuthenticatorTokenProvider, code)
            : await users.CheckPasswordAsync(user, secret);

        if (valid)
        {
            await users.ResetAccessFailedCountAsync(user);
            Reauthenticated();
            await audit.RecordAsync(SignInAudit.StepUp, user, AuditOutcome.Succeeded, $"re-authenticated with {method} to {purpose}", cancellationToken: cancellationToken);
            return StepUpResult.Ok;
        }

        await users.AccessFailedAsync(user);
        var locked = await users.IsLockedOutAsync(user);
        await audit.RecordAsync(SignInAudit.StepUp, user, AuditOutcome.Failed,
            $"wrong {method} to {purpose}{(locked ? "; account locked out" : "")}", cancellationToken: cancellationToken);
        logger.LogWarning("Step-up failed for user {UserId} ({Method}){Locked}.", user.Id, method, locked ? "; account locked out" : "");
        return StepUpResult.Fail(locked
            ? "That was not correct, and the account is now locked for 15 minutes."
            : byCode ? "That code is not correct. Enter the current code from your authenticator app." : "That password is not correct. Try again.");
    }

    /// <summary>Starts a new step-up window; only after a verified password or code (and in tests, through InternalsVisibleTo).</summary>
    internal void Reauthenticated() => _lastAt = clock.GetUtcNow();

    /// <summary>Forgets the re-authentication (e.g. after sign-out everywhere).</summary>
    public void Forget() => _lastAt = null;

    private async Task<ApplicationUser?> FindUserAsync(UserManager<ApplicationUser> users) =>
        (await currentStaff.GetAsync()).FindFirstValue(ClaimTypes.NameIdentifier) is { } id ? await users.FindByIdAsync(id) : null;
}
