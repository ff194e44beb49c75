using System.Security.Claims;
using Artha.Admin.Data;
using Artha.Admin.Security;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;

namespace Artha.Admin.Components.Account;

internal static class IdentityComponentsEndpointRouteBuilderExtensions
{
    // Endpoints the static-rendered Identity pages post to. There is deliberately no registration endpoint:
    // staff accounts are created by an Admin on the Users page.
    public static IEndpointConventionBuilder MapAdditionalIdentityEndpoints(this IEndpointRouteBuilder endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);

        var accountGroup = endpoints.MapGroup("/Account");

        accountGroup.MapPost("/Logout", async (
            ClaimsPrincipal user,
            [FromServices] SignInManager<ApplicationUser> signInManager,
            [FromServices] ILoggerFactory loggerFactory,
            [FromForm] string? returnUrl) =>
        {
            await signInManager.SignOutAsync();
            loggerFactory.CreateLogger("Artha.Admin.Account").LogInformation("User {UserName} signed out.", user.Identity?.Name);
            return TypedResults.LocalRedirect("~/Account/Login");
        });

        return accountGroup;
    }
}
