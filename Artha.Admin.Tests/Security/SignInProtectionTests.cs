using System.Net;
using Artha.Admin.Auditing;
using Artha.Admin.Security;
using Artha.Admin.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Artha.Admin.Tests.Security;

/// <summary>Sign-in rate limit, sign-in audit, keep-alive and sign-out everywhere, through HTTP.</summary>
public class SignInProtectionTests(SignInProtectionTests.Portal portal) : IClassFixture<SignInProtectionTests.Portal>
{
    /// <summary>A low limit so the test reaches it quickly; every test of the class shares one client address.</summary>
    public sealed class Portal : ConfiguredPortalFactory
    {
        public Portal() => Extra["Security:SignInAttemptsPerWindow"] = "1000";
    }

    [Fact]
    public async Task Too_many_sign_in_posts_from_one_address_get_429_with_a_retry_after_while_pages_still_load()
    {
        using var limited = new ConfiguredPortalFactory { Extra = { ["Security:SignInAttemptsPerWindow"] = "3", ["Security:SignInWindowSeconds"] = "600" } };
        using var client = limited.CreateBrowserlessClient();
        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(HttpStatusCode.OK, (await client.PostSignInAsync("support@artha.local", "wrong-password-" + i)).StatusCode);
        }

        var refused = await client.PostSignInAsync("support@artha.local", "Support!Dev2026");

        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.True(int.Parse(refused.Headers.GetValues("Retry-After").Single(), System.Globalization.CultureInfo.InvariantCulture) > 0);
        Assert.Contains("Too many sign-in attempts", await refused.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/Account/Login")).StatusCode);
    }

    [Fact]
    public async Task Too_many_sign_in_posts_for_one_account_get_429_whatever_the_address_while_other_accounts_still_sign_in()
    {
        using var limited = new ConfiguredPortalFactory
        {
            Extra = { ["Security:SignInAttemptsPerWindow"] = "1000", ["Security:SignInAttemptsPerAccount"] = "3", ["Security:SignInWindowSeconds"] = "600" },
        };
        for (var i = 0; i < 3; i++)
        {
            // A fresh client each time: the limit follows the account typed, not the browser or its cookies.
            using var attacker = limited.CreateBrowserlessClient();
            Assert.Equal(HttpStatusCode.OK, (await attacker.PostSignInAsync("Finance@Artha.Local ", "wrong-password-" + i)).StatusCode);
        }
        using var client = limited.CreateBrowserlessClient();

        var refused = await client.PostSignInAsync("finance@artha.local", "Finance!Dev2026");

        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.True(int.Parse(refused.Headers.GetValues("Retry-After").Single(), System.Globalization.CultureInfo.InvariantCulture) > 0);
        Assert.Contains("Too many sign-in attempts", await refused.Content.ReadAsStringAsync());
        (await client.PostSignInAsync("support@artha.local", "Support!Dev2026")).AssertRedirectsTo("/");
    }

    [Fact]
    public async Task Too_many_authenticator_code_posts_for_one_account_get_429()
    {
        using var limited = new ConfiguredPortalFactory
        {
            Extra = { ["Security:SignInAttemptsPerWindow"] = "1000", ["Security:SignInAttemptsPerAccount"] = "3", ["Security:SignInWindowSeconds"] = "600" },
        };
        var email = $"ops-{Guid.NewGuid():N}@artha.local";
        const string password = "Operations!Limit-2026";
        var userId = await limited.CreateUserAsync(email, password, PortalRoles.Operations);
        await using (var scope = limited.Services.CreateAsyncScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<Microsoft.AspNetCore.Identity.UserManager<Artha.Admin.Data.ApplicationUser>>();
            var user = await users.FindByIdAsync(userId);
            Assert.True((await users.ResetAuthenticatorKeyAsync(user!)).Succeeded);
            Assert.True((await users.SetTwoFactorEnabledAsync(user!, true)).Succeeded);
        }
        using var client = limited.CreateBrowserlessClient();
        (await client.PostSignInAsync(email, password)).AssertRedirectsTo("/Account/LoginWith2fa");
        var codes = new Dictionary<string, string> { ["Input.TwoFactorCode"] = "000000" };
        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(HttpStatusCode.OK, (await client.PostFormAsync("/Account/LoginWith2fa", "login-with-2fa", codes)).StatusCode);
        }

        Assert.Equal(HttpStatusCode.TooManyRequests, (await client.PostFormAsync("/Account/LoginWith2fa", "login-with-2fa", codes)).StatusCode);
        Assert.Equal(HttpStatusCode.TooManyRequests,
            (await client.PostFormAsync("/Account/LoginWithRecoveryCode", "login-with-recovery-code",
                new Dictionary<string, string> { ["Input.RecoveryCode"] = "AAAAA-BBBBB" })).StatusCode);
    }

    [Fact]
    public async Task A_wrong_password_a_disabled_account_a_locked_account_and_an_unknown_account_all_get_the_same_message()
    {
        var locked = $"locked-{Guid.NewGuid():N}@artha.local";
        var disabled = $"disabled-{Guid.NewGuid():N}@artha.local";
        const string password = "Same!Message-2026";
        await portal.CreateUserAsync(locked, password, PortalRoles.Support);
        var disabledId = await portal.CreateUserAsync(disabled, password, PortalRoles.Support);
        await using (var admin = portal.ScopeAs(PortalRoles.Admin))
        {
            // Disabling a user is user administration: the Admin has stepped up.
            Assert.True((await admin.SteppedUp().ServiceProvider.GetRequiredService<Artha.Admin.Users.UserAdministration>().SetDisabledAsync(disabledId, true)).Succeeded);
        }
        using var client = portal.CreateBrowserlessClient();
        for (var i = 0; i < 5; i++)
        {
            await client.PostSignInAsync(locked, $"Wrong!Password-{i}");
        }

        var answers = new[]
        {
            await client.PostSignInAsync("support@artha.local", "Wrong!Password-1"),
            await client.PostSignInAsync(disabled, "Wrong!Password-1"),
            // Locked: even the right password gets the generic answer, on the sign-in page (no lockout page).
            await client.PostSignInAsync(locked, password),
            await client.PostSignInAsync(locked, "Wrong!Password-9"),
            await client.PostSignInAsync($"nobody-{Guid.NewGuid():N}@artha.local", "Wrong!Password-1"),
        };

        var messages = new List<string>();
        foreach (var answer in answers)
        {
            Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
            var html = await answer.Content.ReadAsStringAsync();
            Assert.DoesNotContain("account is disabled", html, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain("locked out", html, StringComparison.OrdinalIgnoreCase);
            messages.Add(System.Text.RegularExpressions.Regex.Match(html, "The email or password is not correct[^<]*").Value);
        }
        Assert.All(messages, m => Assert.Equal("The email or password is not correct. Check them and try again; repeated failures lock the account for 15 minutes.", m));
        Assert.Contains(await portal.LatestAuditAsync(100), a => a.UserName == locked && a.Action == SignInAudit.SignInLockout);
    }

    [Fact]
    public async Task A_password_needs_at_least_12_characters()
    {
        await using var scope = portal.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<Microsoft.AspNetCore.Identity.UserManager<Artha.Admin.Data.ApplicationUser>>();

        Artha.Admin.Data.ApplicationUser NewUser()
        {
            var email = $"length-{Guid.NewGuid():N}@artha.local";
            return new Artha.Admin.Data.ApplicationUser { UserName = email, Email = email };
        }
        var eleven = await users.CreateAsync(NewUser(), "Ab1!Ab1!Ab1");
        var twelve = await users.CreateAsync(NewUser(), "Ab1!Ab1!Ab1!");

        Assert.Contains(eleven.Errors, e => e.Code == "PasswordTooShort" && e.Description.Contains("12", StringComparison.Ordinal));
        Assert.True(twelve.Succeeded, string.Join(" ", twelve.Errors.Select(e => e.Description)));
    }

    [Theory]
    [InlineData("//evil.example")]
    [InlineData("https://evil.example")]
    [InlineData("/\\evil.example")]
    [InlineData("https://evil.example/%2e%2e")]
    [InlineData("%%garbage%%")]
    [InlineData("javascript:alert(1)")]
    public async Task An_off_site_or_malformed_return_url_lands_on_the_home_page_after_a_correct_password(string returnUrl)
    {
        using var client = portal.CreateBrowserlessClient();

        var response = await client.PostFormAsync($"/Account/Login?ReturnUrl={Uri.EscapeDataString(returnUrl)}", "login",
            new Dictionary<string, string> { ["Input.Email"] = "support@artha.local", ["Input.Password"] = "Support!Dev2026" });

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var location = response.Headers.Location!.OriginalString;
        Assert.True(location is "/" or "http://localhost/" or "https://localhost/", $"Redirected to {location}");
    }

    [Fact]
    public async Task Sign_in_success_failure_and_lockout_are_audited_without_the_password()
    {
        var email = $"fin-{Guid.NewGuid():N}@artha.local";
        const string password = "Finance!Audit-2026";
        await portal.CreateUserAsync(email, password, PortalRoles.Finance);
        using var client = portal.CreateBrowserlessClient();

        (await client.PostSignInAsync(email, password)).AssertRedirectsTo("/");
        using var other = portal.CreateBrowserlessClient();
        for (var i = 0; i < 5; i++)
        {
            await other.PostSignInAsync(email, $"Wrong!Password-{i}");
        }
        await other.PostSignInAsync($"nobody-{Guid.NewGuid():N}@artha.local", "Wrong!Password-x");

        var audit = await portal.LatestAuditAsync(100);
        var mine = audit.Where(a => a.UserName == email).ToList();
        Assert.Contains(mine, a => a.Action == SignInAudit.SignIn && a.Outcome == AuditOutcome.Succeeded);
        Assert.Equal(4, mine.Count(a => a.Action == SignInAudit.SignIn && a.Outcome == AuditOutcome.Failed && a.Detail!.StartsWith("wrong password", StringComparison.Ordinal)));
        Assert.Contains(mine, a => a.Action == SignInAudit.SignInLockout && a.Outcome == AuditOutcome.Failed);
        Assert.Contains(audit, a => a.Action == SignInAudit.SignIn && a.UserName == "(unknown account)" && a.Detail!.StartsWith("no such account", StringComparison.Ordinal));
        Assert.DoesNotContain(audit, a => a.Detail?.Contains("Password-", StringComparison.Ordinal) == true || a.Detail?.Contains(password, StringComparison.Ordinal) == true);
        Assert.DoesNotContain(audit, a => a.UserName.StartsWith("nobody-", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Sign_out_everywhere_ends_the_other_sessions_of_the_account()
    {
        var email = $"sup-{Guid.NewGuid():N}@artha.local";
        const string password = "Support!Everywhere-2026";
        await portal.CreateUserAsync(email, password, PortalRoles.Support);
        using var laptop = await portal.SignInAsync(email, password);
        using var desktop = await portal.SignInAsync(email, password);
        Assert.Equal(HttpStatusCode.OK, (await desktop.GetAsync("/customers")).StatusCode);

        var signedOut = await laptop.PostFormAsync("/Account/Manage", "sign-out-everywhere");

        signedOut.AssertRedirectsTo("/Account/Login?reason=everywhere");
        (await desktop.GetAsync("/customers")).AssertRedirectsTo("/Account/Login");
        (await laptop.GetAsync("/customers")).AssertRedirectsTo("/Account/Login");
        Assert.Contains("signed out on every device", await laptop.GetStringAsync("/Account/Login?reason=everywhere"));
        Assert.Contains(await portal.LatestAuditAsync(), a => a.Action == SignInAudit.SignOutEverywhere && a.UserName == email && a.Outcome == AuditOutcome.Succeeded);
    }

    [Fact]
    public async Task Keep_alive_renews_the_sign_in_cookie_and_refuses_once_signed_out()
    {
        using var signedIn = await portal.SignInAsync("support@artha.local", "Support!Dev2026");
        var renewed = await signedIn.PostAsync("/Account/KeepAlive", null);
        Assert.Equal(HttpStatusCode.NoContent, renewed.StatusCode);
        Assert.Contains(renewed.Headers.GetValues("Set-Cookie"), c => c.StartsWith("ArthaAdmin.Auth=", StringComparison.Ordinal));

        using var anonymous = portal.CreateBrowserlessClient();
        var ended = await anonymous.PostAsync("/Account/KeepAlive", null);
        // The page's script treats anything but 204 as "the sign-in has ended" and goes to the sign-in page.
        Assert.NotEqual(HttpStatusCode.NoContent, ended.StatusCode);
        Assert.False(ended.Headers.TryGetValues("Set-Cookie", out var cookies) && cookies.Any(c => c.StartsWith("ArthaAdmin.Auth=", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task The_idle_sign_out_lands_on_the_sign_in_page_saying_why()
    {
        using var signedIn = await portal.SignInAsync("support@artha.local", "Support!Dev2026");
        var html = await signedIn.GetStringAsync("/");
        var token = System.Text.RegularExpressions.Regex.Match(html, "name=\"__RequestVerificationToken\" value=\"([^\"]+)\"").Groups[1].Value;

        var response = await signedIn.PostAsync("/Account/Logout", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = token,
            ["reason"] = "idle",
        }));

        response.AssertRedirectsTo("/Account/Login?reason=idle");
        Assert.Contains("signed out after 15 minutes without activity", await signedIn.GetStringAsync("/Account/Login?reason=idle"));
        (await signedIn.GetAsync("/customers")).AssertRedirectsTo("/Account/Login");
    }
}
