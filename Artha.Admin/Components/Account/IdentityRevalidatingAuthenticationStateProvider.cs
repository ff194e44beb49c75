using System.Security.Claims;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Components.Server;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;
using Artha.Admin.Data;
using Artha.Admin.Security;

namespace Artha.Admin.Components.Account;

// A server-side AuthenticationStateProvider that revalidates the connected user every few seconds while an interactive
// circuit is open: the account must still exist, be enabled and have the same security stamp, have two-factor
// authentication while MFA is required, and the circuit must be within its idle and absolute deadlines (SessionClock).
// A failed check makes the circuit anonymous, so its pages send the user to sign in. While the host shuts down nothing
// is checked: the circuits end with the process, and the disposed services would only fail the check and log errors.
internal sealed class IdentityRevalidatingAuthenticationStateProvider(
        ILoggerFactory loggerFactory,
        IServiceScopeFactory scopeFactory,
        IOptions<IdentityOptions> options,
        SessionClock sessionClock,
        MfaPolicy mfa,
        IHostApplicationLifetime lifetime)
    : RevalidatingServerAuthenticationStateProvider(loggerFactory)
{
    // Short, so a disabled user, a removed role or a reset password ends open pages within seconds.
    protected override TimeSpan RevalidationInterval => TimeSpan.FromSeconds(5);

    protected override async Task<bool> ValidateAuthenticationStateAsync(
        AuthenticationState authenticationState, CancellationToken cancellationToken)
    {
        // A short grace lets the page's own idle sign-out (which says why) go first; past it the circuit ends regardless.
        if (authenticationState.User.Identity?.IsAuthenticated == true
            && sessionClock.Now >= sessionClock.Deadline(authenticationState.User) + TimeSpan.FromSeconds(10))
        {
            return false;
        }
        if (lifetime.ApplicationStopping.IsCancellationRequested)
        {
            return true;
        }
        try
        {
            // Get the user manager from a new scope to ensure it fetches fresh data
            await using var scope = scopeFactory.CreateAsyncScope();
            var userManager = scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>();
            return await ValidateSecurityStampAsync(userManager, authenticationState.User);
        }
        catch (ObjectDisposedException) when (lifetime.ApplicationStopping.IsCancellationRequested)
        {
            // The host stopped during the check: keep the state; signing the circuit out would render on disposed services.
            return true;
        }
    }

    private async Task<bool> ValidateSecurityStampAsync(UserManager<ApplicationUser> userManager, ClaimsPrincipal principal)
    {
        var user = await userManager.GetUserAsync(principal);
        if (user is null || user.IsDisabled)
        {
            // A disabled account loses its open circuits at the next revalidation.
            return false;
        }
        else if (mfa.Required && !await userManager.GetTwoFactorEnabledAsync(user))
        {
            // MFA turned off or reset meanwhile: back to enrolment, which the next page load enforces.
            return false;
        }
        else if (!userManager.SupportsUserSecurityStamp)
        {
            return true;
        }
        else
        {
            var principalStamp = principal.FindFirstValue(options.Value.ClaimsIdentity.SecurityStampClaimType);
            var userStamp = await userManager.GetSecurityStampAsync(user);
            return principalStamp == userStamp;
        }
    }
}
