using System.Security.Claims;
using Artha.Admin.Data;
using Artha.Admin.Security;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;

namespace Artha.Admin.Components.Account;

internal static class IdentityComponentsEndpointRouteBuilderExtensions
{
    /// <summary>Why a sign-out happened, shown on the sign-in page afterwards.</summary>
    private static readonly string[] SignOutReasons = ["idle", "lifetime"];

    // Endpoints the static-rendered Identity pages and the portal's script post to. There is deliberately no
    // registration endpoint: staff accounts are created by an Admin on the Users page.
    public static IEndpointConventionBuilder MapAdditionalIdentityEndpoints(this IEndpointRouteBuilder endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);

        var accountGroup = endpoints.MapGroup("/Account");

        // Anonymous on purpose: the idle sign-out posts here when the cookie may just have expired.
        accountGroup.MapPost("/Logout", async (
            ClaimsPrincipal user,
            [FromServices] SignInManager<ApplicationUser> signInManager,
            [FromServices] ILoggerFactory loggerFactory,
            [FromForm] string? returnUrl,
            [FromForm] string? reason) =>
        {
            await signInManager.SignOutAsync();
            loggerFactory.CreateLogger("Artha.Admin.Account").LogInformation("User {UserName} signed out ({Reason}).", user.Identity?.Name, reason ?? "by choice");
            return TypedResults.LocalRedirect(reason is not null && SignOutReasons.Contains(reason) ? $"~/Account/Login?reason={reason}" : "~/Account/Login");
        }).AllowAnonymous();

        // The idle dialog's "Stay signed in", the start of an open page and activity on it call this to renew the sliding
        // sign-in cookie. 204 while signed in, an error status (401, or 400 from antiforgery without a session) once it has ended, so the page can go to the sign-in page.
        accountGroup.MapPost("/KeepAlive", async (ClaimsPrincipal user, HttpContext context, [FromServices] SignInManager<ApplicationUser> signInManager) =>
        {
            context.Response.Headers.CacheControl = "no-store";
            if (user.Identity?.IsAuthenticated != true || await signInManager.UserManager.GetUserAsync(user) is not { IsDisabled: false } account)
            {
                return Results.Unauthorized();
            }
            // Re-issues the cookie with a full idle time-out from now; the sign-in time (absolute lifetime) is kept.
            await signInManager.RefreshSignInAsync(account);
            return Results.NoContent();
        }).AllowAnonymous().DisableAntiforgery();

        return accountGroup;
    }
}
