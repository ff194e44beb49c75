using System.Net.Mail;
using Artha.Admin.Security;

namespace Artha.Admin.Features.Users.Rules;

/// <summary>What a new staff account needs: the form shows these messages as the administrator types, and
/// UserAdministration refuses the same things before Identity is asked (Identity then applies its full password policy).</summary>
public static class NewUserRules
{
    public static string? EmailError(string? email)
    {
        if (string.IsNullOrWhiteSpace(email))
        {
            return "Enter the user's email address: it is their sign-in name.";
        }
        return MailAddress.TryCreate(email.Trim(), out var parsed) && parsed.Address == email.Trim() && email.Contains('.', StringComparison.Ordinal)
            ? null
            : "Enter a valid email address, such as name@example.com.";
    }

    public static string? PasswordError(string? password, int minimumLength)
    {
        if (string.IsNullOrEmpty(password))
        {
            return "Enter an initial password.";
        }
        return password.Length < minimumLength
            ? $"Use at least {minimumLength} characters ({password.Length} so far), with upper and lower case, a digit and a symbol."
            : null;
    }

    public static string? RolesError(IReadOnlyCollection<string> roles)
    {
        if (roles.Count == 0)
        {
            return "Choose at least one role.";
        }
        var unknown = roles.Except(PortalRoles.All).ToList();
        return unknown.Count > 0 ? $"Unknown role(s): {string.Join(", ", unknown)}." : null;
    }

    /// <summary>Every reason the account cannot be created as typed (empty when it can be tried).</summary>
    public static IReadOnlyList<string> Errors(string? email, string? password, IReadOnlyCollection<string> roles, int minimumLength) =>
        new[] { EmailError(email), PasswordError(password, minimumLength), RolesError(roles) }.OfType<string>().ToList();
}
