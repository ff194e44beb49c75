using Artha.Admin.Data;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace Artha.Admin.Security;

/// <summary>
/// Who may use the portal beyond a correct password: MFA enforcement, sign-in rate limits, sign-in audit, step-up and
/// the start-up checks. Registered and mapped by <see cref="SecurityHardening"/>.
/// </summary>
public static class StaffAccess
{
    /// <summary>Where a signed-in user without an authenticator is sent.</summary>
    public const string EnrolmentPath = "/Account/Manage/EnableAuthenticator";

    private static readonly string[] SignInPaths = ["/Account/Login", "/Account/LoginWith2fa", "/Account/LoginWithRecoveryCode"];

    internal static IServiceCollection AddStaffAccess(this IServiceCollection services, IConfigurationSection section, SecurityOptions security, IHostEnvironment environment)
    {
        services.AddSingleton(MfaPolicy.From(section, security, environment));
        services.AddScoped<SignInAudit>();
        services.AddScoped<StepUp>();
        services.AddScoped<SessionClock>();
        services.AddScoped<StepUpPrompt>();
        services.AddScoped<DevelopmentPasswordCheck>();
        // Registered before AddIdentityCore, whose TryAdd would then skip its own rules: name both (length, character classes, then ours).
        services.AddScoped<IPasswordValidator<ApplicationUser>, PasswordValidator<ApplicationUser>>();
        services.AddScoped<IPasswordValidator<ApplicationUser>, PublishedPasswordValidator>();

        services.AddSignInRateLimits(security);
        return services;
    }

    /// <summary>A POST of one of the sign-in forms (password, authenticator code, recovery code).</summary>
    public static bool IsSignInPost(HttpRequest request) =>
        HttpMethods.IsPost(request.Method) && SignInPaths.Any(path => request.Path.Equals(path, StringComparison.OrdinalIgnoreCase));

    /// <summary>Runs after authentication: the sign-in rate limits, then MFA enforcement.</summary>
    internal static WebApplication UseStaffAccess(this WebApplication app)
    {
        app.UseSignInRateLimits();
        app.UseMiddleware<MfaEnforcement>();
        return app;
    }
}

/// <summary>
/// The roles whose members must have an authenticator app (<c>Security:RequireMfaRoles</c>, PCI DSS 8.4.2). A user holding
/// any of them is sent to enrolment until two-factor authentication is on.
/// </summary>
public sealed class MfaPolicy
{
    /// <summary>Outside Development when <c>Security:RequireMfaRoles</c> is not set: every role that reaches card data or money.</summary>
    public static readonly IReadOnlyList<string> DefaultRoles = [PortalRoles.Admin, PortalRoles.Operations, PortalRoles.Finance];

    public MfaPolicy(IEnumerable<string> roles) => Roles = [.. roles.Distinct(StringComparer.OrdinalIgnoreCase)];

    /// <summary>The roles that need MFA (empty: nobody).</summary>
    public IReadOnlyList<string> Roles { get; }

    /// <summary>True when <paramref name="user"/> holds a role that needs MFA.</summary>
    public bool RequiredFor(System.Security.Claims.ClaimsPrincipal user) => Roles.Any(user.IsInRole);

    /// <summary>True when any of <paramref name="roles"/> needs MFA.</summary>
    public bool RequiredFor(IEnumerable<string> roles) => roles.Any(role => Roles.Contains(role, StringComparer.OrdinalIgnoreCase));

    /// <summary>
    /// Reads <c>Security:RequireMfaRoles</c>: a comma-separated list (<c>Admin, Operations, Finance</c>) or a JSON array;
    /// empty = nobody. Not set: the obsolete <c>Security:RequireMfa</c> if present (true = every role, false = none),
    /// otherwise none in Development (the seeded users sign in with a password) and <see cref="DefaultRoles"/> elsewhere.
    /// A name that is not a portal role stops the start, since a typo would silently leave a role without MFA.
    /// </summary>
    public static MfaPolicy From(IConfigurationSection security, SecurityOptions options, IHostEnvironment environment)
    {
        var setting = security.GetSection("RequireMfaRoles");
        if (!setting.Exists())
        {
            return new MfaPolicy(options.RequireMfa switch
            {
                true => PortalRoles.All,
                false => [],
                null => environment.IsDevelopment() ? [] : DefaultRoles,
            });
        }
        var names = setting.GetChildren().Any()
            ? setting.GetChildren().Select(c => c.Value ?? "")
            : (setting.Value ?? "").Split([',', ';'], StringSplitOptions.None);
        var roles = new List<string>();
        foreach (var name in names.Select(n => n.Trim()).Where(n => n.Length > 0))
        {
            var role = PortalRoles.All.FirstOrDefault(r => string.Equals(r, name, StringComparison.OrdinalIgnoreCase))
                ?? throw new InvalidOperationException(
                    $"Security:RequireMfaRoles names \"{name}\", which is not a portal role. Use a comma-separated list of " +
                    $"{string.Join(", ", PortalRoles.All)} (empty for none) and start again.");
            roles.Add(role);
        }
        return new MfaPolicy(roles);
    }
}

/// <summary>
/// Server-side MFA enforcement: a signed-in user in a role of <see cref="MfaPolicy.Roles"/> without two-factor
/// authentication reaches nothing but the sign-in, enrolment and sign-out endpoints. A page request is redirected to the
/// authenticator set-up; anything else (the Blazor circuit, form posts, downloads) is refused with 403, so no interactive
/// session starts either.
/// </summary>
public sealed class MfaEnforcement(RequestDelegate next, MfaPolicy policy, ILogger<MfaEnforcement> logger)
{
    public async Task InvokeAsync(HttpContext context, UserManager<ApplicationUser> users)
    {
        if (context.User.Identity?.IsAuthenticated != true || !policy.RequiredFor(context.User) || IsExempt(context))
        {
            await next(context);
            return;
        }

        // The security-stamp check of this request has loaded the user already: this is answered from the change tracker.
        var user = await users.GetUserAsync(context.User);
        if (user is null || await users.GetTwoFactorEnabledAsync(user))
        {
            await next(context);
            return;
        }

        logger.LogInformation("User {UserId} has no authenticator yet; {Path} refused until two-factor authentication is set up.", user.Id, context.Request.Path);
        if (HttpMethods.IsGet(context.Request.Method) && !context.Request.Path.StartsWithSegments("/_blazor"))
        {
            context.Response.Redirect($"{StaffAccess.EnrolmentPath}?required=true");
            return;
        }
        context.Response.StatusCode = StatusCodes.Status403Forbidden;
    }

    /// <summary>What such a user may still reach: signing in and out, and setting up the authenticator app.</summary>
    private static readonly string[] ExemptPaths =
    [
        "/Account/Login", "/Account/LoginWith2fa", "/Account/LoginWithRecoveryCode", "/Account/Logout", "/Account/Lockout",
        "/Account/AccessDenied", "/Account/InvalidUser", StaffAccess.EnrolmentPath,
    ];

    /// <summary>Anonymous endpoints (static files, health, webhooks) and <see cref="ExemptPaths"/>.</summary>
    private static bool IsExempt(HttpContext context) =>
        ExemptPaths.Any(path => context.Request.Path.Equals(path, StringComparison.OrdinalIgnoreCase))
        || context.GetEndpoint()?.Metadata.GetMetadata<IAllowAnonymous>() is not null;
}
