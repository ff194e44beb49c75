using Artha.Admin.Security;

namespace Artha.Admin.Features.Users.Rules;

/// <summary>
/// The portal always keeps one enabled administrator: otherwise nobody could manage users any more. Enforced by
/// UserAdministration (inside the change's transaction) and mirrored by the Users page, which disables the controls.
/// </summary>
public static class LastAdminRule
{
    public const string DisableRefusal = "This is the last active administrator: enable or create another administrator before disabling this account.";

    public const string DemoteRefusal = "This is the last active administrator: give another active account the Admin role before removing it here.";

    /// <summary>True when the account is an enabled administrator and no other enabled administrator exists.</summary>
    public static bool IsLastActiveAdmin(bool isAdmin, bool isDisabled, int activeAdmins) => isAdmin && !isDisabled && activeAdmins <= 1;

    /// <summary>Why disabling is refused, or null when it is allowed.</summary>
    public static string? RefuseDisable(bool isAdmin, bool isDisabled, int activeAdmins) =>
        IsLastActiveAdmin(isAdmin, isDisabled, activeAdmins) ? DisableRefusal : null;

    /// <summary>Why the new roles are refused, or null when they are allowed.</summary>
    public static string? RefuseRoles(bool isAdmin, bool isDisabled, int activeAdmins, IReadOnlyCollection<string> newRoles) =>
        IsLastActiveAdmin(isAdmin, isDisabled, activeAdmins) && !newRoles.Contains(PortalRoles.Admin) ? DemoteRefusal : null;
}
