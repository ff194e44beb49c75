using System.Net;
using System.Text.RegularExpressions;
using Artha.Admin.Auditing;
using Artha.Admin.Security;
using Artha.Admin.Tests.Infrastructure;

namespace Artha.Admin.Tests.Security;

/// <summary>Security:RequireMfaRoles: a signed-in user of such a role without an authenticator reaches only the enrolment and sign-out pages.</summary>
public class MfaEnforcementTests(MfaPortalFactory portal) : IClassFixture<MfaPortalFactory>
{
    private const string Password = "Operations!Mfa-2026";

    [Fact]
    public async Task An_operations_user_without_an_authenticator_is_sent_to_enrolment_and_gets_no_circuit()
    {
        var email = $"ops-{Guid.NewGuid():N}@artha.local";
        await portal.CreateUserAsync(email, Password, PortalRoles.Operations);
        using var browser = portal.CreateBrowserlessClient();
        (await browser.PostSignInAsync(email, Password)).AssertRedirectsTo("/");

        (await browser.GetAsync("/cards")).AssertRedirectsTo($"{StaffAccess.EnrolmentPath}?required=true");
        (await browser.GetAsync("/")).AssertRedirectsTo(StaffAccess.EnrolmentPath);
        Assert.Equal(HttpStatusCode.Forbidden, (await browser.PostAsync("/_blazor/negotiate?negotiateVersion=1", null)).StatusCode);

        var enrolment = await browser.GetStringAsync($"{StaffAccess.EnrolmentPath}?required=true");
        Assert.Contains("id=\"mfa-required\"", enrolment);
        Assert.Contains("id=\"authenticator-key\"", enrolment);
    }

    [Fact]
    public async Task Until_enrolment_only_signing_out_and_the_authenticator_set_up_are_reachable()
    {
        var email = $"fin-{Guid.NewGuid():N}@artha.local";
        await portal.CreateUserAsync(email, Password, PortalRoles.Finance);
        using var browser = portal.CreateBrowserlessClient();
        (await browser.PostSignInAsync(email, Password)).AssertRedirectsTo("/");

        foreach (var page in new[] { "/Account/Manage", "/Account/Manage/ChangePassword", "/Account/Manage/TwoFactorAuthentication", "/topups" })
        {
            (await browser.GetAsync(page)).AssertRedirectsTo(StaffAccess.EnrolmentPath);
        }
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync(StaffAccess.EnrolmentPath)).StatusCode);

        // Signing out still works (the form of the enrolment page's shell).
        var html = await browser.GetStringAsync(StaffAccess.EnrolmentPath);
        var token = Regex.Match(html, "name=\"__RequestVerificationToken\" value=\"([^\"]+)\"").Groups[1].Value;
        var signedOut = await browser.PostAsync("/Account/Logout", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = token,
            ["ReturnUrl"] = "/",
        }));
        Assert.Equal(HttpStatusCode.Redirect, signedOut.StatusCode);
        (await browser.GetAsync(StaffAccess.EnrolmentPath)).AssertRedirectsTo("/Account/Login");
    }

    [Fact]
    public async Task A_support_user_is_not_in_the_required_roles_and_uses_the_portal_with_a_password_only()
    {
        var email = $"sup-{Guid.NewGuid():N}@artha.local";
        await portal.CreateUserAsync(email, Password, PortalRoles.Support);
        using var browser = portal.CreateBrowserlessClient();
        (await browser.PostSignInAsync(email, Password)).AssertRedirectsTo("/");

        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync("/cards")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync("/Account/Manage/ChangePassword")).StatusCode);
    }

    [Fact]
    public async Task After_enrolment_the_portal_opens_and_every_sign_in_asks_for_the_code()
    {
        var email = $"ops-{Guid.NewGuid():N}@artha.local";
        await portal.CreateUserAsync(email, Password, PortalRoles.Operations);
        using var browser = portal.CreateBrowserlessClient();
        (await browser.PostSignInAsync(email, Password)).AssertRedirectsTo("/");
        var key = Regex.Match(await browser.GetStringAsync(StaffAccess.EnrolmentPath), "id=\"authenticator-key\">([^<]+)<").Groups[1].Value;

        var enrolled = await browser.PostFormAsync(StaffAccess.EnrolmentPath, "send-code",
            new Dictionary<string, string> { ["Input.Code"] = StaffAccessTestKit.Totp(key, DateTimeOffset.UtcNow) });
        var shown = await enrolled.Content.ReadAsStringAsync();
        Assert.Contains("id=\"recovery-codes\"", shown);
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync("/cards")).StatusCode);

        using var next = portal.CreateBrowserlessClient();
        (await next.PostSignInAsync(email, Password)).AssertRedirectsTo("/Account/LoginWith2fa");
        (await next.GetAsync("/cards")).AssertRedirectsTo("/Account/Login");
        var wrong = await next.PostFormAsync("/Account/LoginWith2fa", "login-with-2fa", new Dictionary<string, string> { ["Input.TwoFactorCode"] = "000000" });
        Assert.Contains("not correct", await wrong.Content.ReadAsStringAsync());
        // The next time step: the code used for enrolment is not reused.
        (await next.PostFormAsync("/Account/LoginWith2fa", "login-with-2fa",
            new Dictionary<string, string> { ["Input.TwoFactorCode"] = StaffAccessTestKit.Totp(key, DateTimeOffset.UtcNow.AddSeconds(30)) })).AssertRedirectsTo("/");
        Assert.Equal(HttpStatusCode.OK, (await next.GetAsync("/cards")).StatusCode);

        var audit = (await portal.LatestAuditAsync(50)).Where(a => a.UserName == email).ToList();
        Assert.Contains(audit, a => a.Action == SignInAudit.MfaEnable && a.Outcome == AuditOutcome.Succeeded);
        Assert.Contains(audit, a => a.Action == SignInAudit.SignInSecondFactor && a.Outcome == AuditOutcome.Failed);
        Assert.Contains(audit, a => a.Action == SignInAudit.SignInSecondFactor && a.Outcome == AuditOutcome.Succeeded);

        // Required means it cannot be turned off, not even by a crafted post.
        Assert.Contains("cannot be turned off", await browser.GetStringAsync("/Account/Manage/Disable2fa"));
        var disable = await browser.PostFormAsync("/Account/Manage/Disable2fa", "disable-2fa");
        Assert.Equal(HttpStatusCode.BadRequest, disable.StatusCode);
        Assert.True((await portal.FindUserAsync(email)).TwoFactorEnabled);
    }
}
