namespace Artha.Admin.Users;

/// <summary>
/// One staff account as the Users page lists it. <see cref="IsLastActiveAdmin"/> marks the only enabled administrator,
/// whom the portal refuses to disable or demote (<see cref="Artha.Admin.Features.Users.Rules.LastAdminRule"/>).
/// </summary>
public sealed record StaffUserRow(
    string Id, string Email, string? DisplayName, IReadOnlyList<string> Roles, bool IsDisabled, bool IsLockedOut, DateTime CreatedAtUtc)
{
    /// <summary>An authenticator app is set up: the account signs in with a second factor.</summary>
    public bool MfaEnabled { get; init; }

    /// <summary>True when one of the user's roles is in <c>Security:RequireMfaRoles</c>.</summary>
    public bool MfaRequired { get; init; }

    public bool IsLastActiveAdmin { get; init; }
}
