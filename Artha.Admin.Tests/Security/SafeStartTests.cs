using System.Net;
using Artha.Admin.Data;
using Artha.Admin.Security;
using Artha.Admin.Tests.Infrastructure;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;

namespace Artha.Admin.Tests.Security;

/// <summary>Start-up outside Development: no development users, an explicit Artha mode, no published passwords left.</summary>
public class SafeStartTests
{
    [Fact]
    public void Staging_without_an_explicit_Artha_mode_refuses_to_start_and_says_what_to_set()
    {
        using var portal = new ConfiguredPortalFactory { Environment = "Staging" };

        var error = Assert.ThrowsAny<Exception>(() => portal.Services);

        var message = error is InvalidOperationException ? error.Message : error.InnerException?.Message ?? error.Message;
        Assert.Contains("Artha:Mode is not set", message);
        Assert.Contains("Artha:Mode=Live", message);
    }

    [Fact]
    public void An_unknown_Artha_mode_is_refused_outside_Development()
    {
        using var portal = new ConfiguredPortalFactory { Environment = "Production", Extra = { ["Artha:Mode"] = "Simulator" } };

        var error = Assert.ThrowsAny<Exception>(() => portal.Services);

        Assert.Contains("Artha:Mode 'Simulator' is not known", error.ToString());
    }

    [Fact]
    public async Task Staging_seeds_no_development_user_and_never_accepts_a_published_password()
    {
        using var portal = new ConfiguredPortalFactory { Environment = "Staging", Extra = { ["Artha:Mode"] = "Sandbox", ["Artha:AllowSandbox"] = "true" } };
        await using var scope = portal.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>();

        Assert.Empty(users.Users);
        var created = await users.CreateAsync(new ApplicationUser { UserName = "new@artha.local", Email = "new@artha.local" }, "Admin!Dev2026");
        Assert.False(created.Succeeded);
        Assert.Contains(created.Errors, e => e.Code == "PublishedPassword");
        Assert.Contains(portal.Logs.Entries, e => e.Contains("No enabled administrator exists and this is Staging", StringComparison.Ordinal));
    }

    [Fact]
    public void Sandbox_mode_outside_Development_without_AllowSandbox_refuses_to_start_and_says_what_to_set()
    {
        using var portal = new ConfiguredPortalFactory { Environment = "Production", Extra = { ["Artha:Mode"] = "Sandbox" } };

        var message = StartUpError(portal);

        Assert.Contains("Artha:Mode is Sandbox in the 'Production' environment", message);
        Assert.Contains("Artha:AllowSandbox=true", message);
        Assert.Contains("Artha:Mode=Live", message);
    }

    [Fact]
    public void Live_mode_outside_Development_without_a_webhook_secret_refuses_to_start_and_says_what_to_set()
    {
        using var portal = new ConfiguredPortalFactory
        {
            Environment = "Production",
            Extra =
            {
                ["Artha:Mode"] = "Live",
                ["Artha:BaseUrl"] = "https://artha.invalid/",
                ["Artha:ApiKey"] = "ak_live_test",
                ["Artha:Secret"] = "sk_live_test",
            },
        };

        var message = StartUpError(portal);

        Assert.Contains("Artha:WebhookSecret is not set", message);
        Assert.Contains("Artha__WebhookSecret", message);
        Assert.DoesNotContain("sk_live_test", message);
    }

    [Fact]
    public async Task An_allowed_sandbox_outside_Development_says_it_is_a_simulator_on_the_sign_in_and_the_portal_pages()
    {
        using var portal = new ConfiguredPortalFactory
        {
            Environment = "Staging",
            Extra =
            {
                ["Artha:Mode"] = "Sandbox",
                ["Artha:AllowSandbox"] = "true",
                ["Portal:InitialAdmin:Email"] = "first.admin@example.com",
                ["Portal:InitialAdmin:Password"] = "A-new!Strong-Pass-2026",
            },
        };
        using var client = portal.CreateHttpsClient();

        Assert.Contains("data-testid=\"sandbox-banner\"", await client.GetStringAsync("/Account/Login"));
        (await client.PostSignInAsync("first.admin@example.com", "A-new!Strong-Pass-2026")).AssertRedirectsTo("/");
        // MFA is required outside Development: the first page is the authenticator set-up, on the portal's own layout.
        var first = await client.GetAsync("/");
        Assert.Equal(HttpStatusCode.Redirect, first.StatusCode);
        var enrolment = await client.GetStringAsync(first.Headers.Location!.ToString());
        Assert.Contains("id=\"main-content\"", enrolment);
        Assert.Contains("data-testid=\"sandbox-banner\"", enrolment);
        Assert.Contains("Simulator", enrolment);
    }

    [Fact]
    public async Task Development_shows_no_simulator_banner()
    {
        using var portal = new ConfiguredPortalFactory();
        using var client = portal.CreateBrowserlessClient();

        Assert.DoesNotContain("sandbox-banner", await client.GetStringAsync("/Account/Login"));
    }

    [Fact]
    public async Task A_development_database_started_in_Staging_refuses_to_start_naming_the_accounts_with_published_passwords()
    {
        var folder = Path.Combine(Path.GetTempPath(), "artha-admin-tests", Guid.NewGuid().ToString("N"));
        using (var development = new ConfiguredPortalFactory { DataFolder = folder, KeepDataFolder = true })
        {
            _ = development.Services;
        }
        // A restart in Development names them as a warning but keeps them usable.
        using (var again = new ConfiguredPortalFactory { DataFolder = folder, KeepDataFolder = true })
        {
            _ = again.Services;
            Assert.Contains(again.Logs.Entries, e => e.Contains("Warning", StringComparison.Ordinal) && e.Contains("admin@artha.local", StringComparison.Ordinal)
                && e.Contains("published development password", StringComparison.Ordinal));
            Assert.False((await again.FindUserAsync("admin@artha.local")).IsDisabled);
        }

        using var staging = new ConfiguredPortalFactory
        {
            DataFolder = folder,
            Environment = "Staging",
            Extra = { ["Artha:Mode"] = "Sandbox", ["Artha:AllowSandbox"] = "true" },
        };

        var message = StartUpError(staging);

        Assert.Contains("does not start in the 'Staging' environment while accounts have a published development password", message);
        foreach (var (email, password, _) in DefaultUsersSeeder.DevelopmentUsers)
        {
            Assert.Contains(email, message);
            Assert.DoesNotContain(password, message);
        }
        Assert.Contains("Reset password", message);
        Assert.DoesNotContain(staging.Logs.Entries, e => DefaultUsersSeeder.DevelopmentUsers.Any(u => e.Contains(u.Password, StringComparison.Ordinal)));

        // Nothing was changed: the same database still starts in Development, accounts enabled.
        using var developmentAgain = new ConfiguredPortalFactory { DataFolder = folder };
        _ = developmentAgain.Services;
        Assert.False((await developmentAgain.FindUserAsync("operations@artha.local")).IsDisabled);
    }

    /// <summary>The start-up refusal's message (the host's start wraps it at times).</summary>
    private static string StartUpError(ConfiguredPortalFactory portal)
    {
        var error = Assert.ThrowsAny<Exception>(() => portal.Services);
        for (var e = error; e is not null; e = e.InnerException)
        {
            if (e is InvalidOperationException)
            {
                return e.Message;
            }
        }
        return error.ToString();
    }
}
