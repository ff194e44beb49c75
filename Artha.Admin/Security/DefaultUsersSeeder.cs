using Artha.Admin.Data;
using Microsoft.AspNetCore.Identity;

namespace Artha.Admin.Security;

/// <summary>The <c>Portal:InitialAdmin</c> section: the first administrator of a production installation.</summary>
public sealed class InitialAdminOptions
{
    public const string Section = "Portal:InitialAdmin";
    public string? Email { get; set; }
    public string? Password { get; set; }
}

/// <summary>
/// Creates the roles and the first users. In Development, on an empty database, that is one development user per role
/// with the well-known passwords from the README, printed once to the console. In every other environment (Staging,
/// Production, ...) no development user is ever created: while no enabled administrator exists, the first admin comes
/// from configuration (<see cref="InitialAdminOptions"/>).
/// </summary>
public sealed class DefaultUsersSeeder(
    UserManager<ApplicationUser> users,
    RoleManager<IdentityRole> roles,
    IHostEnvironment environment,
    IConfiguration configuration,
    ILogger<DefaultUsersSeeder> logger)
{
    /// <summary>Development-only accounts. The same list is in the README; never use them in production.</summary>
    public static readonly IReadOnlyList<(string Email, string Password, string Role)> DevelopmentUsers =
    [
        ("admin@artha.local", "Admin!Dev2026", PortalRoles.Admin),
        ("support@artha.local", "Support!Dev2026", PortalRoles.Support),
        ("operations@artha.local", "Operations!Dev2026", PortalRoles.Operations),
        ("finance@artha.local", "Finance!Dev2026", PortalRoles.Finance),
    ];

    public async Task SeedAsync(CancellationToken cancellationToken = default)
    {
        foreach (var role in PortalRoles.All)
        {
            if (!await roles.RoleExistsAsync(role))
            {
                EnsureSucceeded(await roles.CreateAsync(new IdentityRole(role)), $"create role {role}");
            }
        }

        if (!environment.IsDevelopment())
        {
            if (!(await users.GetUsersInRoleAsync(PortalRoles.Admin)).Any(u => !u.IsDisabled))
            {
                await SeedInitialAdminAsync();
            }
            return;
        }

        if (users.Users.Any())
        {
            return;
        }

        foreach (var (email, password, role) in DevelopmentUsers)
        {
            await CreateAsync(email, password, role, displayName: $"{role} (development)");
        }

        // Printed once, on the first start against an empty database, so a developer can sign in at once.
        Console.WriteLine();
        Console.WriteLine("Artha Admin: created development users (DEVELOPMENT ONLY, never use in production):");
        foreach (var (email, password, role) in DevelopmentUsers)
        {
            Console.WriteLine($"  {role,-11} {email,-24} {password}");
        }
        Console.WriteLine();
    }

    private async Task SeedInitialAdminAsync()
    {
        var initial = configuration.GetSection(InitialAdminOptions.Section).Get<InitialAdminOptions>() ?? new();
        if (string.IsNullOrWhiteSpace(initial.Email) || string.IsNullOrWhiteSpace(initial.Password))
        {
            logger.LogCritical(
                "No enabled administrator exists and this is {Environment}, where development users are never seeded. Set Portal:InitialAdmin:Email " +
                "and Portal:InitialAdmin:Password (e.g. environment variables Portal__InitialAdmin__Email and Portal__InitialAdmin__Password) " +
                "and restart; nobody can administer the portal until then.", environment.EnvironmentName);
            return;
        }

        if (await users.FindByEmailAsync(initial.Email) is not null)
        {
            logger.LogCritical(
                "No enabled administrator exists, and Portal:InitialAdmin:Email names an existing account, which is never changed from configuration. " +
                "Set Portal:InitialAdmin:Email to a new address and restart.");
            return;
        }

        if (DevelopmentUsers.Any(u => u.Password == initial.Password))
        {
            throw new InvalidOperationException("Portal:InitialAdmin:Password is one of the published development passwords. Choose another.");
        }

        await CreateAsync(initial.Email, initial.Password, PortalRoles.Admin, displayName: "Administrator");
        logger.LogInformation("Created the initial administrator from configuration.");
    }

    private async Task CreateAsync(string email, string password, string role, string displayName)
    {
        var user = new ApplicationUser { UserName = email, Email = email, EmailConfirmed = true, DisplayName = displayName, LockoutEnabled = true };
        EnsureSucceeded(await users.CreateAsync(user, password), $"create user {email}");
        EnsureSucceeded(await users.AddToRoleAsync(user, role), $"add {email} to {role}");
    }

    private static void EnsureSucceeded(IdentityResult result, string what)
    {
        if (!result.Succeeded)
        {
            throw new InvalidOperationException($"Could not {what}: {string.Join("; ", result.Errors.Select(e => e.Description))}");
        }
    }
}
