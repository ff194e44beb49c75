using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Identity;
using Artha.Admin.Data;

namespace Artha.Admin.Components.Account;

internal sealed class IdentityRedirectManager(NavigationManager navigationManager)
{
    public const string StatusCookieName = "Identity.StatusMessage";

    private static readonly CookieBuilder StatusCookieBuilder = new()
    {
        SameSite = SameSiteMode.Strict,
        HttpOnly = true,
        IsEssential = true,
        MaxAge = TimeSpan.FromSeconds(5),
    };

    public void RedirectTo(string? uri) => navigationManager.NavigateTo(SafeLocalUrl(uri, navigationManager.BaseUri));

    /// <summary>
    /// Prevents open redirects: a relative address stays as it is; an absolute one on the portal's own origin becomes
    /// relative; anything else (another host, <c>//host</c>, <c>/\host</c>, another scheme, a malformed value) becomes
    /// the portal's home page, so a crafted <c>ReturnUrl</c> after a correct password lands on <c>/</c>, never off-site.
    /// </summary>
    public static string SafeLocalUrl(string? uri, string baseUri)
    {
        if (string.IsNullOrWhiteSpace(uri))
        {
            return "";
        }
        var trimmed = uri.Trim();
        if (trimmed.StartsWith("//", StringComparison.Ordinal) || trimmed.StartsWith("/\\", StringComparison.Ordinal)
            || trimmed.Contains('\\') || trimmed.Any(char.IsControl))
        {
            return "";
        }
        if (Uri.IsWellFormedUriString(trimmed, UriKind.Relative))
        {
            return trimmed;
        }
        if (Uri.TryCreate(trimmed, UriKind.Absolute, out var absolute) && Uri.TryCreate(baseUri, UriKind.Absolute, out var root)
            && string.Equals(absolute.GetLeftPart(UriPartial.Authority), root.GetLeftPart(UriPartial.Authority), StringComparison.OrdinalIgnoreCase)
            && absolute.AbsolutePath.StartsWith(root.AbsolutePath, StringComparison.Ordinal))
        {
            return absolute.PathAndQuery[root.AbsolutePath.Length..] + absolute.Fragment;
        }
        return "";
    }

    public void RedirectTo(string uri, Dictionary<string, object?> queryParameters)
    {
        var uriWithoutQuery = navigationManager.ToAbsoluteUri(uri).GetLeftPart(UriPartial.Path);
        var newUri = navigationManager.GetUriWithQueryParameters(uriWithoutQuery, queryParameters);
        RedirectTo(newUri);
    }

    public void RedirectToWithStatus(string uri, string message, HttpContext context)
    {
        context.Response.Cookies.Append(StatusCookieName, message, StatusCookieBuilder.Build(context));
        RedirectTo(uri);
    }

    private string CurrentPath => navigationManager.ToAbsoluteUri(navigationManager.Uri).GetLeftPart(UriPartial.Path);

    public void RedirectToCurrentPage() => RedirectTo(CurrentPath);

    public void RedirectToCurrentPageWithStatus(string message, HttpContext context)
        => RedirectToWithStatus(CurrentPath, message, context);

    public void RedirectToInvalidUser(UserManager<ApplicationUser> userManager, HttpContext context)
        => RedirectToWithStatus("Account/InvalidUser", $"Error: Unable to load user with ID '{userManager.GetUserId(context.User)}'.", context);
}
