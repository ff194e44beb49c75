using Microsoft.AspNetCore.Identity;

namespace Artha.Admin.Users;

/// <summary>The outcome of a user change; <see cref="Errors"/> are safe to show next to the form.</summary>
public sealed record UserChangeResult(bool Succeeded, IReadOnlyList<string> Errors, string? GeneratedPassword = null)
{
    public static UserChangeResult Ok(string? generatedPassword = null) => new(true, [], generatedPassword);
    public static UserChangeResult Fail(params string[] errors) => new(false, errors);
    public static UserChangeResult From(IdentityResult result) => new(result.Succeeded, result.Errors.Select(e => e.Description).ToList());
}
