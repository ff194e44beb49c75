using Artha.Admin.Data;
using Artha.Admin.Hosting;
using Microsoft.AspNetCore.Identity;

namespace Artha.Admin.Security;

/// <summary>Start-up rules outside Development: nothing insecure happens merely because a setting was forgotten.</summary>
public static class SafeStart
{
    /// <summary>
    /// The Artha settings a start may not get wrong. Outside Development: <c>Artha:Mode</c> must be chosen on purpose
    /// (without it the portal would quietly run on the embedded sandbox, whose keys and webhook secret are public);
    /// <c>Sandbox</c> needs <c>Artha:AllowSandbox=true</c> as well; <c>Live</c> needs <c>Artha:WebhookSecret</c>, or every
    /// webhook would be refused. Everywhere: Sandbox mode needs a build with the sandbox compiled in
    /// (<see cref="ArthaConnection.SandboxIncluded"/>). Throws with a message saying what to set.
    /// </summary>
    public static void RequireSafeArthaSettings(IConfiguration configuration, IHostEnvironment environment)
    {
        var mode = configuration["Artha:Mode"];
        if (!environment.IsDevelopment() && string.IsNullOrWhiteSpace(mode))
        {
            throw new InvalidOperationException(
                $"Artha:Mode is not set, and this is the '{environment.EnvironmentName}' environment, where it must be chosen explicitly. " +
                "Set Artha:Mode=Live with Artha:BaseUrl, Artha:ApiKey, Artha:Secret and Artha:WebhookSecret (e.g. environment variables Artha__Mode, " +
                "Artha__BaseUrl, ...) for the real Artha API, or Artha:Mode=Sandbox with Artha:AllowSandbox=true for the embedded simulator " +
                "(test installations only: its keys are public).");
        }
        if (!string.IsNullOrWhiteSpace(mode) && (!Enum.TryParse<ArthaMode>(mode, ignoreCase: true, out _) || int.TryParse(mode, out _)))
        {
            throw new InvalidOperationException($"Artha:Mode '{mode}' is not known. Use Live or Sandbox.");
        }

        var arthaMode = configuration.GetArthaMode();
        if (arthaMode == ArthaMode.Sandbox && !ArthaConnection.SandboxIncluded)
        {
            throw new InvalidOperationException(
                "Artha:Mode is Sandbox (the Development default), but this build of the portal does not contain the Artha sandbox: a publish " +
                "leaves it out unless asked for. Set Artha:Mode=Live with Artha:BaseUrl, Artha:ApiKey, Artha:Secret and Artha:WebhookSecret, " +
                "or publish again with 'dotnet publish Artha.Admin -c Release -p:IncludeSandbox=true' (test installations only).");
        }
        if (environment.IsDevelopment())
        {
            return;
        }
        if (arthaMode == ArthaMode.Sandbox && !configuration.GetValue("Artha:AllowSandbox", false))
        {
            throw new InvalidOperationException(
                $"Artha:Mode is Sandbox in the '{environment.EnvironmentName}' environment: the embedded simulator moves no real money, and its keys " +
                "and webhook secret are public. For a test installation set Artha:AllowSandbox=true as well (environment variable " +
                "Artha__AllowSandbox=true; every page then says it is a simulator); for the real Artha API set Artha:Mode=Live.");
        }
        if (arthaMode == ArthaMode.Live && string.IsNullOrWhiteSpace(configuration["Artha:WebhookSecret"]))
        {
            throw new InvalidOperationException(
                $"Artha:Mode is Live in the '{environment.EnvironmentName}' environment but Artha:WebhookSecret is not set, so no webhook from Artha " +
                "could be verified. Set Artha:WebhookSecret (environment variable Artha__WebhookSecret, or user secrets) to the webhook signing " +
                "secret of your Artha account, and Artha:WebhookApiKey if Artha sends a key of its own.");
        }
    }
}

/// <summary>
/// Finds accounts that still have one of the published development passwords (README, <see cref="DefaultUsersSeeder.DevelopmentUsers"/>).
/// In Development it logs a warning naming them; anywhere else the portal refuses to start, naming them, so a database
/// seeded by an older build (or copied from a developer's machine) can never be served with well-known credentials.
/// </summary>
public sealed class DevelopmentPasswordCheck(
    UserManager<ApplicationUser> users,
    IHostEnvironment environment,
    ILogger<DevelopmentPasswordCheck> logger)
{
    /// <summary>Returns the e-mail addresses of the accounts found (Development only; elsewhere finding any throws).</summary>
    public async Task<IReadOnlyList<string>> RunAsync(CancellationToken cancellationToken = default)
    {
        var found = new List<string>();
        foreach (var (email, password, _) in DefaultUsersSeeder.DevelopmentUsers)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (await users.FindByEmailAsync(email) is { PasswordHash: { } hash } user
                && users.PasswordHasher.VerifyHashedPassword(user, hash, password) != PasswordVerificationResult.Failed)
            {
                found.Add(user.Email ?? email);
            }
        }
        if (found.Count == 0)
        {
            return [];
        }

        var names = string.Join(", ", found);
        if (environment.IsDevelopment())
        {
            logger.LogWarning(
                "Accounts with a published development password: {Accounts}. Fine on a developer's machine; never copy this database elsewhere.", names);
            return found;
        }

        throw new InvalidOperationException(
            $"The portal does not start in the '{environment.EnvironmentName}' environment while accounts have a published development " +
            $"password (README, \"Default users\"): {names}. Delete these accounts from the database (table AspNetUsers) or give them new " +
            "passwords (start once with ASPNETCORE_ENVIRONMENT=Development against this database and use the Users page, Reset password), " +
            "then start again. To create a first administrator instead, set Portal:InitialAdmin:Email and Portal:InitialAdmin:Password.");
    }
}

/// <summary>Outside Development no account may be given one of the published development passwords.</summary>
public sealed class PublishedPasswordValidator(IHostEnvironment environment) : IPasswordValidator<ApplicationUser>
{
    public Task<IdentityResult> ValidateAsync(UserManager<ApplicationUser> manager, ApplicationUser user, string? password) =>
        Task.FromResult(!environment.IsDevelopment() && DefaultUsersSeeder.DevelopmentUsers.Any(u => u.Password == password)
            ? IdentityResult.Failed(new IdentityError
            {
                Code = "PublishedPassword",
                Description = "This password is published in the portal's documentation. Choose another.",
            })
            : IdentityResult.Success);
}
