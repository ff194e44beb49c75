using System.Net;
using Artha.Admin.Auditing;
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
        using var portal = new ConfiguredPortalFactory { Environment = "Staging", Extra = { ["Artha:Mode"] = "Sandbox" } };
        await using var scope = portal.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>();

        Assert.Empty(users.Users);
        var created = await users.CreateAsync(new ApplicationUser { UserName = "new@artha.local", Email = "new@artha.local" }, "Admin!Dev2026");
        Assert.False(created.Succeeded);
        Assert.Contains(created.Errors, e => e.Code == "PublishedPassword");
        Assert.Contains(portal.Logs.Entries, e => e.Contains("No enabled administrator exists and this is Staging", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_development_database_started_in_Staging_has_its_published_passwords_disabled_named_and_audited()
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
            Extra = { ["Artha:Mode"] = "Sandbox", ["Portal:InitialAdmin:Email"] = "first.admin@example.com", ["Portal:InitialAdmin:Password"] = "A-new!Strong-Pass-2026" },
        };
        _ = staging.Services;

        var warning = Assert.Single(staging.Logs.Entries, e => e.Contains("DISABLED", StringComparison.Ordinal));
        foreach (var (email, password, _) in DefaultUsersSeeder.DevelopmentUsers)
        {
            Assert.Contains(email, warning);
            Assert.DoesNotContain(password, warning);
            Assert.True((await staging.FindUserAsync(email)).IsDisabled);
        }
        var audit = await staging.LatestAuditAsync();
        Assert.Equal(4, audit.Count(a => a.Action == DevelopmentPasswordCheck.DisableAction && a.Outcome == AuditOutcome.Succeeded));
        Assert.DoesNotContain(audit, a => DefaultUsersSeeder.DevelopmentUsers.Any(u => a.Detail?.Contains(u.Password) == true));

        using var client = staging.CreateHttpsClient();
        var devSignIn = await client.PostSignInAsync("admin@artha.local", "Admin!Dev2026");
        Assert.Equal(HttpStatusCode.OK, devSignIn.StatusCode);
        // With every administrator disabled, the configured initial admin is created and can sign in.
        Assert.False((await staging.FindUserAsync("first.admin@example.com")).IsDisabled);
        (await client.PostSignInAsync("first.admin@example.com", "A-new!Strong-Pass-2026")).AssertRedirectsTo("/");
    }
}
