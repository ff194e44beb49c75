using System.Security.Claims;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Server.Circuits;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Components.Routing;
using Microsoft.AspNetCore.Components.Server;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;
using Artha.Admin.Data;
using Artha.Admin.Security;

namespace Artha.Admin.Components.Account;

// A server-side AuthenticationStateProvider that revalidates the connected user every few seconds while an interactive
// circuit is open: the account must still exist, be enabled and have the same security stamp, have two-factor
// authentication while one of its roles requires MFA, and the circuit must be within its idle and absolute deadlines (SessionClock).
// A failed check makes the circuit anonymous, so its pages send the user to sign in. Every navigation inside the
// circuit checks too. The circuit's start is checked by the request that opens it (the cookie's security stamp is
// validated on every request, SecurityHardening). While the host shuts down nothing is checked: the circuits end with
// the process, and the disposed services would only fail the check and log errors.
internal sealed class IdentityRevalidatingAuthenticationStateProvider : RevalidatingServerAuthenticationStateProvider
{
    private readonly IServiceScopeFactory scopeFactory;
    private readonly IOptions<IdentityOptions> options;
    private readonly SessionClock sessionClock;
    private readonly MfaPolicy mfa;
    private readonly ILogger logger;
    private readonly IHostApplicationLifetime lifetime;

    public IdentityRevalidatingAuthenticationStateProvider(
        ILoggerFactory loggerFactory,
        IServiceScopeFactory scopeFactory,
        IOptions<IdentityOptions> options,
        SessionClock sessionClock,
        MfaPolicy mfa,
        IHostApplicationLifetime lifetime)
        : base(loggerFactory)
    {
        this.lifetime = lifetime;
        this.scopeFactory = scopeFactory;
        this.options = options;
        this.sessionClock = sessionClock;
        this.mfa = mfa;
        logger = loggerFactory.CreateLogger<IdentityRevalidatingAuthenticationStateProvider>();
    }

    // Short, so a disabled user, a removed role or a reset password ends open pages within seconds.
    protected override TimeSpan RevalidationInterval => TimeSpan.FromSeconds(5);

    /// <summary>
    /// The same check as the timed one, now (<see cref="SignInCheckOnNavigation"/> calls it on every navigation inside the
    /// circuit); a failure makes the circuit anonymous at once, so its page sends the user to sign in.
    /// </summary>
    internal async Task CheckNowAsync()
    {
        try
        {
            var state = await GetAuthenticationStateAsync();
            if (state.User.Identity?.IsAuthenticated == true && !await ValidateAuthenticationStateAsync(state, CancellationToken.None))
            {
                SetAuthenticationState(Task.FromResult(new AuthenticationState(new ClaimsPrincipal(new ClaimsIdentity()))));
            }
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            // The timed revalidation still runs; a failed extra check must not end the circuit.
            logger.LogWarning(ex, "The sign-in check on navigation failed; the next timed check decides.");
        }
    }

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
        else if (mfa.RequiredFor(principal) && !await userManager.GetTwoFactorEnabledAsync(user))
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

/// <summary>
/// Checks the sign-in at every navigation inside a circuit (a click on a link), besides the timed revalidation, so a
/// disabled user's next click lands on the sign-in page. Subscribed once the circuit is open (its NavigationManager is
/// initialised only then).
/// </summary>
internal sealed class SignInCheckOnNavigation(NavigationManager navigation, AuthenticationStateProvider authentication) : CircuitHandler
{
    public override Task OnCircuitOpenedAsync(Circuit circuit, CancellationToken cancellationToken)
    {
        navigation.LocationChanged += CheckOnNavigation;
        return Task.CompletedTask;
    }

    public override Task OnCircuitClosedAsync(Circuit circuit, CancellationToken cancellationToken)
    {
        navigation.LocationChanged -= CheckOnNavigation;
        return Task.CompletedTask;
    }

    private void CheckOnNavigation(object? sender, LocationChangedEventArgs e)
    {
        if (authentication is IdentityRevalidatingAuthenticationStateProvider provider)
        {
            _ = provider.CheckNowAsync();
        }
    }
}
