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

    internal static IServiceCollection AddStaffAccess(this IServiceCollection services, SecurityOptions security, IHostEnvironment environment)
    {
        services.AddSingleton(new MfaPolicy(security.MfaRequiredIn(environment)));
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

/// <summary>Whether every member of staff must have an authenticator app (<c>Security:RequireMfa</c>).</summary>
public sealed record MfaPolicy(bool Required);

/// <summary>
/// Server-side MFA enforcement: while <see cref="MfaPolicy.Required"/>, a signed-in user without two-factor authentication
/// reaches nothing but the account pages. A page request is redirected to the authenticator set-up; anything else
/// (the Blazor circuit, form posts, downloads) is refused with 403, so no interactive session starts either.
/// </summary>
public sealed class MfaEnforcement(RequestDelegate next, MfaPolicy policy, ILogger<MfaEnforcement> logger)
{
    public async Task InvokeAsync(HttpContext context, UserManager<ApplicationUser> users)
    {
        if (!policy.Required || context.User.Identity?.IsAuthenticated != true || IsExempt(context))
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

    /// <summary>Anonymous endpoints (sign-in, static files, health, webhooks) and the account pages, where enrolment happens.</summary>
    private static bool IsExempt(HttpContext context) =>
        context.Request.Path.StartsWithSegments("/Account", StringComparison.OrdinalIgnoreCase)
        || context.GetEndpoint()?.Metadata.GetMetadata<IAllowAnonymous>() is not null;
}
