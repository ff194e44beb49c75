using System.Security.Claims;

namespace Artha.Admin.Security;

/// <summary>What a member of staff may do. Each permission is also an authorization policy of the same name.</summary>
public enum Permission
{
    /// <summary>View customers, cards, KYC, transactions, top-ups and products.</summary>
    ViewProgramme,
    /// <summary>Create/edit customers, submit KYC, issue cards, activate, set PIN.</summary>
    Onboard,
    /// <summary>Freeze, unfreeze, cancel, replace cards and change limits.</summary>
    ControlCards,
    /// <summary>Top up cards and export top-ups and transactions.</summary>
    MoveMoney,
    /// <summary>Reveal full card number, CVV and expiry.</summary>
    RevealCardDetails,
    /// <summary>Read the full audit trail.</summary>
    ViewAudit,
    /// <summary>Create users, assign roles, disable accounts, reset passwords.</summary>
    ManageUsers,
}

/// <summary>
/// The single source of who may do what. Authorization policies, the Artha service's server-side checks and
/// the UI (navigation, buttons) all read this table, so they cannot drift apart.
/// </summary>
public static class PermissionMatrix
{
    private static readonly Dictionary<Permission, string[]> RolesByPermission = new()
    {
        [Permission.ViewProgramme] = [PortalRoles.Support, PortalRoles.Operations, PortalRoles.Finance, PortalRoles.Admin],
        [Permission.Onboard] = [PortalRoles.Support, PortalRoles.Operations, PortalRoles.Admin],
        [Permission.ControlCards] = [PortalRoles.Operations, PortalRoles.Admin],
        [Permission.MoveMoney] = [PortalRoles.Finance, PortalRoles.Admin],
        [Permission.RevealCardDetails] = [PortalRoles.Operations, PortalRoles.Admin],
        [Permission.ViewAudit] = [PortalRoles.Admin],
        [Permission.ManageUsers] = [PortalRoles.Admin],
    };

    public static IReadOnlyList<string> RolesFor(Permission permission) => RolesByPermission[permission];

    public static bool Allows(this ClaimsPrincipal user, Permission permission) =>
        user.Identity?.IsAuthenticated == true && RolesByPermission[permission].Any(user.IsInRole);

    public static string PolicyName(this Permission permission) => permission.ToString();

    public static IServiceCollection AddPortalAuthorization(this IServiceCollection services)
    {
        services.AddAuthorizationBuilder()
            // Every page requires a signed-in user unless it opts out with [AllowAnonymous].
            .SetFallbackPolicy(new Microsoft.AspNetCore.Authorization.AuthorizationPolicyBuilder().RequireAuthenticatedUser().Build());
        services.AddAuthorization(options =>
        {
            foreach (var (permission, roles) in RolesByPermission)
            {
                options.AddPolicy(permission.PolicyName(), policy => policy.RequireRole(roles));
            }
        });
        return services;
    }
}
