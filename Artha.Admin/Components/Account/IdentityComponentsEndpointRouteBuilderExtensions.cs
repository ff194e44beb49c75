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

        // The idle dialog's "Stay signed in" (and activity on an open page) calls this: an authenticated request renews
        // the sliding sign-in cookie (the security-stamp check re-issues it on every request). 204 while signed in,
        // 401 once the sign-in has ended, so the page can go to the sign-in page.
        accountGroup.MapPost("/KeepAlive", (ClaimsPrincipal user, HttpContext context) =>
        {
            context.Response.Headers.CacheControl = "no-store";
            return user.Identity?.IsAuthenticated == true ? Results.NoContent() : Results.Unauthorized();
        }).AllowAnonymous().DisableAntiforgery();

        return accountGroup;
    }
}
