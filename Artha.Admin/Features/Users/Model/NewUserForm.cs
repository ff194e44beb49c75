namespace Artha.Admin.Features.Users.Model;

/// <summary>What an administrator types to create a staff account.</summary>
public sealed class NewUserForm
{
    public string Email { get; set; } = "";
    public string? DisplayName { get; set; }
    public string Password { get; set; } = "";
    public HashSet<string> Roles { get; } = new(StringComparer.Ordinal);
}
