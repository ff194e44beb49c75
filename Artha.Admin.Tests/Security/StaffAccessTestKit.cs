using System.Net;
using System.Security.Claims;
using System.Security.Cryptography;
using System.Text.RegularExpressions;
using Artha.Admin.Data;
using Artha.Admin.Tests.Infrastructure;
using Artha.Client.Tests.Infrastructure;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Artha.Admin.Tests.Security;

/// <summary>A portal with extra settings, another environment and captured logs, for the staff-access tests.</summary>
public class ConfiguredPortalFactory : PortalFactory
{
    public string Environment { get; init; } = "Development";

    public Dictionary<string, string?> Extra { get; init; } = [];

    public CapturingLoggerProvider Logs { get; } = new();

    protected override IEnumerable<KeyValuePair<string, string?>> Settings => Extra;

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseEnvironment(Environment);
        builder.ConfigureLogging(logging => logging.AddProvider(Logs));
    }

    /// <summary>Over HTTPS, so the Secure cookies of non-Development environments are sent back.</summary>
    public HttpClient CreateHttpsClient() =>
        CreateClient(new WebApplicationFactoryClientOptions { BaseAddress = new Uri("https://localhost"), AllowAutoRedirect = false, HandleCookies = true });
}

/// <summary>A portal that requires MFA of Admin, Operations and Finance (the default outside Development), on the Development seed.</summary>
public sealed class MfaPortalFactory : ConfiguredPortalFactory
{
    public MfaPortalFactory() => Extra["Security:RequireMfaRoles"] = "Admin, Operations, Finance";
}

public static class StaffAccessTestKit
{
    /// <summary>GETs <paramref name="page"/>, then posts its form <paramref name="formName"/> with the antiforgery token and <paramref name="fields"/>.</summary>
    public static async Task<HttpResponseMessage> PostFormAsync(this HttpClient client, string page, string formName, IDictionary<string, string>? fields = null)
    {
        var html = await client.GetStringAsync(page);
        var token = Regex.Match(html, "name=\"__RequestVerificationToken\" value=\"([^\"]+)\"").Groups[1].Value;
        var content = new Dictionary<string, string>(fields ?? new Dictionary<string, string>())
        {
            ["__RequestVerificationToken"] = token,
            ["_handler"] = formName,
        };
        return await client.PostAsync(page, new FormUrlEncodedContent(content));
    }

    /// <summary>Posts the sign-in form and returns the answer (no exception on failure, unlike PortalFactory.SignInAsync).</summary>
    public static Task<HttpResponseMessage> PostSignInAsync(this HttpClient client, string email, string password) =>
        client.PostFormAsync("/Account/Login", "login", new Dictionary<string, string> { ["Input.Email"] = email, ["Input.Password"] = password });

    /// <summary>A new staff account with <paramref name="role"/>; returns its id.</summary>
    public static async Task<string> CreateUserAsync(this PortalFactory portal, string email, string password, string role)
    {
        await using var scope = portal.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>();
        var user = new ApplicationUser { UserName = email, Email = email, LockoutEnabled = true };
        var created = await users.CreateAsync(user, password);
        Assert.True(created.Succeeded, string.Join(" ", created.Errors.Select(e => e.Description)));
        Assert.True((await users.AddToRoleAsync(user, role)).Succeeded);
        return user.Id;
    }

    /// <summary>A scope (like a circuit) signed in as the real account <paramref name="userId"/>.</summary>
    public static AsyncServiceScope ScopeAsUser(this PortalFactory portal, string userId, string email, string role)
    {
        var scope = portal.Services.CreateAsyncScope();
        var identity = new ClaimsIdentity([new(ClaimTypes.NameIdentifier, userId), new(ClaimTypes.Name, email), new(ClaimTypes.Role, role)], "Test");
        ((IHostEnvironmentAuthenticationStateProvider)scope.ServiceProvider.GetRequiredService<AuthenticationStateProvider>())
            .SetAuthenticationState(Task.FromResult(new AuthenticationState(new ClaimsPrincipal(identity))));
        return scope;
    }

    public static async Task<ApplicationUser> FindUserAsync(this PortalFactory portal, string email)
    {
        await using var scope = portal.Services.CreateAsyncScope();
        return (await scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>().FindByEmailAsync(email))!;
    }

    public static void AssertRedirectsTo(this HttpResponseMessage response, string pathStart)
    {
        Assert.True(response.StatusCode == HttpStatusCode.Redirect,
            $"Expected a redirect to {pathStart}, got {(int)response.StatusCode}: {System.Text.RegularExpressions.Regex.Match(response.Content.ReadAsStringAsync().Result, "id=\"status-message\"[^>]*>(.*?)</div>", System.Text.RegularExpressions.RegexOptions.Singleline).Value}");
        Assert.StartsWith(pathStart, response.Headers.Location!.OriginalString.Replace("https://localhost", "").Replace("http://localhost", ""), StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>The RFC 6238 code (HMAC-SHA1, 30-second steps, 6 digits) an authenticator app shows for <paramref name="base32Key"/>.</summary>
    public static string Totp(string base32Key, DateTimeOffset at)
    {
        var key = Base32(base32Key.Replace(" ", "", StringComparison.Ordinal).ToUpperInvariant());
        var counter = BitConverter.GetBytes(at.ToUnixTimeSeconds() / 30);
        if (BitConverter.IsLittleEndian)
        {
            Array.Reverse(counter);
        }
        var hash = HMACSHA1.HashData(key, counter);
        var offset = hash[^1] & 0x0f;
        var binary = ((hash[offset] & 0x7f) << 24) | (hash[offset + 1] << 16) | (hash[offset + 2] << 8) | hash[offset + 3];
        return (binary % 1_000_000).ToString("D6", System.Globalization.CultureInfo.InvariantCulture);
    }

    private static byte[] Base32(string text)
    {
        const string alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
        var bytes = new List<byte>();
        int buffer = 0, bits = 0;
        foreach (var c in text.TrimEnd('='))
        {
            buffer = (buffer << 5) | alphabet.IndexOf(c, StringComparison.Ordinal);
            bits += 5;
            if (bits >= 8)
            {
                bytes.Add((byte)(buffer >> (bits - 8)));
                bits -= 8;
            }
        }
        return [.. bytes];
    }
}
