using System.Net;
using System.Text.RegularExpressions;
using Artha.Admin.Data;
using Artha.Admin.Security;
using Artha.Admin.Tests.Infrastructure;
using Artha.Admin.Users;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Artha.Admin.Tests.Security;

/// <summary>Session limits and response headers, tried from outside through HTTP as the review did.</summary>
public class SessionAndHeaderTests(PortalFactory portal) : IClassFixture<PortalFactory>
{
    [Fact]
    public async Task Every_answer_carries_the_content_security_policy_and_the_hardening_headers()
    {
        using var client = portal.CreateBrowserlessClient();

        var response = await client.GetAsync("/Account/Login");

        var csp = Assert.Single(response.Headers.GetValues("Content-Security-Policy"));
        Assert.Contains("script-src 'self';", csp);
        Assert.Contains("frame-ancestors 'none'", csp);
        Assert.DoesNotContain("unsafe-eval", csp);
        Assert.Equal("nosniff", Assert.Single(response.Headers.GetValues("X-Content-Type-Options")));
        Assert.Equal("no-referrer", Assert.Single(response.Headers.GetValues("Referrer-Policy")));
        Assert.Contains("camera=()", Assert.Single(response.Headers.GetValues("Permissions-Policy")));
    }

    [Fact]
    public async Task Keep_me_signed_in_no_longer_makes_a_lasting_cookie()
    {
        using var client = portal.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = false });
        var form = await client.GetAsync("/Account/Login");
        var antiforgery = string.Join("; ", form.Headers.GetValues("Set-Cookie").Select(c => c.Split(';')[0]));
        var token = Regex.Match(await form.Content.ReadAsStringAsync(), "name=\"__RequestVerificationToken\" value=\"([^\"]+)\"").Groups[1].Value;
        using var post = new HttpRequestMessage(HttpMethod.Post, "/Account/Login")
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["__RequestVerificationToken"] = token,
                ["_handler"] = "login",
                ["Input.Email"] = "support@artha.local",
                ["Input.Password"] = "Support!Dev2026",
                ["Input.RememberMe"] = "true",
            }),
        };
        post.Headers.Add("Cookie", antiforgery);

        var response = await client.SendAsync(post);

        Assert.True(response.StatusCode == HttpStatusCode.Redirect, await response.Content.ReadAsStringAsync());
        var auth = Assert.Single(response.Headers.GetValues("Set-Cookie"), c => c.StartsWith("ArthaAdmin.Auth=", StringComparison.Ordinal));
        Assert.DoesNotContain("expires=", auth, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("httponly", auth, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task A_disabled_user_is_sent_to_sign_in_at_the_next_request()
    {
        var email = $"ops-{Guid.NewGuid():N}@artha.local";
        const string password = "Disable!Me2026";
        string userId;
        await using (var scope = portal.Services.CreateAsyncScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>();
            var user = new ApplicationUser { UserName = email, Email = email };
            Assert.True((await users.CreateAsync(user, password)).Succeeded);
            Assert.True((await users.AddToRoleAsync(user, PortalRoles.Operations)).Succeeded);
            userId = user.Id;
        }
        using var browser = await portal.SignInAsync(email, password);
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync("/cards")).StatusCode);

        await using (var admin = portal.ScopeAs(PortalRoles.Admin).SteppedUp())
        {
            Assert.True((await admin.ServiceProvider.GetRequiredService<UserAdministration>().SetDisabledAsync(userId, true)).Succeeded);
        }

        var after = await browser.GetAsync("/cards");
        Assert.Equal(HttpStatusCode.Redirect, after.StatusCode);
        Assert.StartsWith("/Account/Login", after.Headers.Location!.PathAndQuery, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void A_sign_in_older_than_the_absolute_lifetime_or_without_a_sign_in_time_has_expired()
    {
        var now = DateTimeOffset.Parse("2026-12-02T18:00:00Z", System.Globalization.CultureInfo.InvariantCulture);
        var lifetime = TimeSpan.FromHours(10);
        AuthenticationProperties SignedIn(DateTimeOffset at) => new(new Dictionary<string, string?> { [SecurityHardening.SignedInAtKey] = at.ToString("O") });

        Assert.False(SecurityHardening.IsPastAbsoluteLifetime(SignedIn(now.AddHours(-9.9)), lifetime, now));
        Assert.True(SecurityHardening.IsPastAbsoluteLifetime(SignedIn(now.AddHours(-10.1)), lifetime, now));
        Assert.True(SecurityHardening.IsPastAbsoluteLifetime(new AuthenticationProperties(), lifetime, now));
    }
}
