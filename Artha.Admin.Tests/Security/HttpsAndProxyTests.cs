using System.Net;
using Artha.Admin.Tests.Infrastructure;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Artha.Admin.Tests.Security;

/// <summary>HSTS, HTTPS redirection, Secure cookies and forwarded headers outside Development, through HTTP.</summary>
public class HttpsAndProxyTests
{
    private const string AdminEmail = "first.admin@example.com";
    private const string AdminPassword = "A-new!Strong-Pass-2026";

    /// <summary>Staging on the allowed sandbox; every request arrives from <see cref="ClientAddress"/> (a proxy or not).</summary>
    private sealed class StagingPortal : ConfiguredPortalFactory
    {
        public const string ClientAddress = "10.20.30.40";

        public StagingPortal(string? knownProxy = null)
        {
            Environment = "Staging";
            Extra["Artha:Mode"] = "Sandbox";
            Extra["Artha:AllowSandbox"] = "true";
            Extra["Portal:InitialAdmin:Email"] = AdminEmail;
            Extra["Portal:InitialAdmin:Password"] = AdminPassword;
            // Where HTTPS redirection sends plain HTTP (as ASPNETCORE_HTTPS_PORT would in a deployment).
            Extra["https_port"] = "443";
            if (knownProxy is not null)
            {
                Extra["Security:KnownProxies:0"] = knownProxy;
            }
        }

        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.ConfigureServices(services => services.AddTransient<IStartupFilter, ClientAddressFilter>());
        }

        public HttpClient Client(string baseAddress) =>
            CreateClient(new WebApplicationFactoryClientOptions { BaseAddress = new Uri(baseAddress), AllowAutoRedirect = false, HandleCookies = true });
    }

    /// <summary>The test server has no client address; a real connection (from a proxy or a browser) always does.</summary>
    private sealed class ClientAddressFilter : IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            app.Use((context, nextMiddleware) =>
            {
                context.Connection.RemoteIpAddress = IPAddress.Parse(StagingPortal.ClientAddress);
                return nextMiddleware(context);
            });
            next(app);
        };
    }

    [Fact]
    public async Task Outside_Development_plain_http_is_redirected_to_https_and_https_answers_carry_hsts()
    {
        using var portal = new StagingPortal();

        var plain = await portal.Client("http://admin.example.com").GetAsync("/Account/Login");
        Assert.Equal(HttpStatusCode.TemporaryRedirect, plain.StatusCode);
        Assert.Equal("https://admin.example.com/Account/Login", plain.Headers.Location!.ToString());

        var secure = await portal.Client("https://admin.example.com").GetAsync("/Account/Login");
        Assert.Equal(HttpStatusCode.OK, secure.StatusCode);
        var hsts = Assert.Single(secure.Headers.GetValues("Strict-Transport-Security"));
        Assert.Contains("max-age=31536000", hsts);
        Assert.Contains("includeSubDomains", hsts);
    }

    [Fact]
    public async Task Outside_Development_the_antiforgery_and_sign_in_cookies_are_secure_and_http_only()
    {
        using var portal = new StagingPortal();
        using var client = portal.Client("https://admin.example.com");

        var form = await client.GetAsync("/Account/Login");
        var antiforgery = Assert.Single(form.Headers.GetValues("Set-Cookie"), c => c.StartsWith(".AspNetCore.Antiforgery", StringComparison.Ordinal));
        Assert.Contains("secure", antiforgery, StringComparison.OrdinalIgnoreCase);

        var signIn = await client.PostSignInAsync(AdminEmail, AdminPassword);
        Assert.Equal(HttpStatusCode.Redirect, signIn.StatusCode);
        var auth = Assert.Single(signIn.Headers.GetValues("Set-Cookie"), c => c.StartsWith("ArthaAdmin.Auth=", StringComparison.Ordinal));
        Assert.Contains("secure", auth, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("httponly", auth, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("samesite=strict", auth, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Forwarded_headers_count_only_from_a_configured_proxy()
    {
        static HttpRequestMessage ForwardedAsHttps() => new(HttpMethod.Get, "/Account/Login")
        {
            Headers = { { "X-Forwarded-Proto", "https" }, { "X-Forwarded-For", "203.0.113.7" } },
        };

        // No proxy configured (the default): X-Forwarded-Proto is ignored, so plain HTTP is still sent to HTTPS.
        using (var stranger = new StagingPortal())
        {
            var ignored = await stranger.Client("http://admin.example.com").SendAsync(ForwardedAsHttps());
            Assert.Equal(HttpStatusCode.TemporaryRedirect, ignored.StatusCode);
        }
        // Another proxy configured: this client is not it, so its headers are ignored too.
        using (var other = new StagingPortal(knownProxy: "10.99.99.99"))
        {
            var ignored = await other.Client("http://admin.example.com").SendAsync(ForwardedAsHttps());
            Assert.Equal(HttpStatusCode.TemporaryRedirect, ignored.StatusCode);
        }

        // A known proxy terminating TLS: the request counts as HTTPS (no redirect, HSTS and Secure cookies).
        using var proxied = new StagingPortal(knownProxy: StagingPortal.ClientAddress);
        var trusted = await proxied.Client("http://admin.example.com").SendAsync(ForwardedAsHttps());
        Assert.Equal(HttpStatusCode.OK, trusted.StatusCode);
        Assert.Single(trusted.Headers.GetValues("Strict-Transport-Security"));
        Assert.Contains(trusted.Headers.GetValues("Set-Cookie"), c => c.Contains("secure", StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public async Task Development_neither_redirects_to_https_nor_sends_hsts()
    {
        using var portal = new ConfiguredPortalFactory { Extra = { ["https_port"] = "443" } };
        using var client = portal.CreateClient(new WebApplicationFactoryClientOptions { BaseAddress = new Uri("http://admin.example.com"), AllowAutoRedirect = false });

        var answer = await client.GetAsync("/Account/Login");

        Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
        Assert.False(answer.Headers.Contains("Strict-Transport-Security"));
    }
}
