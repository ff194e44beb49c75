using System.Net;
using Artha.Admin.Security;
using Artha.Admin.Tests.Infrastructure;

namespace Artha.Admin.Tests.Portal;

public class AccessTests(PortalFactory portal) : IClassFixture<PortalFactory>
{
    private static (string Email, string Password) UserIn(string role) =>
        DefaultUsersSeeder.DevelopmentUsers.Where(u => u.Role == role).Select(u => (u.Email, u.Password)).First();

    [Fact]
    public async Task Anonymous_request_to_a_protected_page_redirects_to_login()
    {
        var client = portal.CreateBrowserlessClient();

        var response = await client.GetAsync("/cards");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith("/Account/Login", response.Headers.Location!.PathAndQuery, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Login_page_is_served_to_anonymous_users_with_the_blazor_script()
    {
        var client = portal.CreateBrowserlessClient();

        var html = await client.GetStringAsync("/Account/Login");

        Assert.Contains("Sign in", html);
        var script = System.Text.RegularExpressions.Regex.Match(html, "_framework/blazor\\.web[^\"]*\\.js").Value;
        var scriptResponse = await client.GetAsync("/" + script);
        Assert.Equal(HttpStatusCode.OK, scriptResponse.StatusCode);
    }

    [Fact]
    public async Task Support_user_is_denied_the_users_page()
    {
        var (email, password) = UserIn(PortalRoles.Support);
        var client = await portal.SignInAsync(email, password);

        var response = await client.GetAsync("/users");

        Assert.True(response.StatusCode is HttpStatusCode.Forbidden or HttpStatusCode.Redirect, $"got {(int)response.StatusCode}");
        if (response.StatusCode == HttpStatusCode.Redirect)
        {
            Assert.StartsWith("/Account/AccessDenied", response.Headers.Location!.PathAndQuery, StringComparison.OrdinalIgnoreCase);
        }
    }

    [Fact]
    public async Task Admin_user_opens_the_users_page()
    {
        var (email, password) = UserIn(PortalRoles.Admin);
        var client = await portal.SignInAsync(email, password);

        var response = await client.GetAsync("/users");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("Users", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Wrong_password_keeps_the_user_on_the_login_form_with_a_message()
    {
        var client = portal.CreateBrowserlessClient();
        var form = await client.GetStringAsync("/Account/Login");
        var token = System.Text.RegularExpressions.Regex.Match(form, "name=\"__RequestVerificationToken\" value=\"([^\"]+)\"").Groups[1].Value;

        var response = await client.PostAsync("/Account/Login", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = token,
            ["_handler"] = "login",
            ["Input.Email"] = "finance@artha.local",
            ["Input.Password"] = "not-the-password",
        }));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var html = await response.Content.ReadAsStringAsync();
        Assert.Contains("email or password is not correct", html);
        Assert.Contains("finance@artha.local", html);
    }
}
