using System.Security.Claims;
using Microsoft.AspNetCore.Components.Authorization;

namespace Artha.Admin.Security;

/// <summary>The signed-in member of staff for the current circuit or request.</summary>
public sealed class CurrentStaff(AuthenticationStateProvider authenticationState)
{
    public async Task<ClaimsPrincipal> GetAsync() => (await authenticationState.GetAuthenticationStateAsync()).User;

    /// <summary>Throws <see cref="PermissionDeniedException"/> unless the user holds <paramref name="permission"/>.</summary>
    public async Task<ClaimsPrincipal> RequireAsync(Permission permission)
    {
        var user = await GetAsync();
        return user.Allows(permission) ? user : throw new PermissionDeniedException(permission);
    }
}

/// <summary>A call the signed-in user's role does not allow. The message is safe to show.</summary>
public sealed class PermissionDeniedException(Permission permission)
    : Exception($"Your role does not allow this action ({permission}). Ask an administrator if you need it.")
{
    public Permission Permission { get; } = permission;
}
