using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Identity;

namespace Artha.Admin.Security;

/// <summary>
/// ASP.NET Core's rate limiter on the sign-in form posts (password, authenticator code, recovery code): at most
/// <see cref="SecurityOptions.SignInAttemptsPerWindow"/> per client address and <see cref="SecurityOptions.SignInAttemptsPerAccount"/>
/// per account per <see cref="SecurityOptions.SignInWindow"/>; beyond either, HTTP 429 with Retry-After. Every other request
/// is unlimited.
/// </summary>
public static class SignInRateLimits
{
    /// <summary>The rate-limiter partition prefix of sign-in form posts per client address.</summary>
    public const string AddressPartition = "sign-in";

    /// <summary>The rate-limiter partition prefix of sign-in form posts per account.</summary>
    public const string AccountPartition = "sign-in-account";

    private static readonly object AccountKey = new();

    internal static IServiceCollection AddSignInRateLimits(this IServiceCollection services, SecurityOptions security)
    {
        services.AddRateLimiter(options =>
        {
            options.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            FixedWindowRateLimiterOptions Window(int permits) => new() { PermitLimit = Math.Max(1, permits), Window = security.SignInWindow, QueueLimit = 0 };
            options.GlobalLimiter = PartitionedRateLimiter.CreateChained(
                PartitionedRateLimiter.Create<HttpContext, string>(context =>
                    StaffAccess.IsSignInPost(context.Request)
                        ? RateLimitPartition.GetFixedWindowLimiter($"{AddressPartition}:{context.Connection.RemoteIpAddress}", _ => Window(security.SignInAttemptsPerWindow))
                        : RateLimitPartition.GetNoLimiter("none")),
                PartitionedRateLimiter.Create<HttpContext, string>(context =>
                    context.Items.TryGetValue(AccountKey, out var account) && account is string name
                        ? RateLimitPartition.GetFixedWindowLimiter($"{AccountPartition}:{name}", _ => Window(security.SignInAttemptsPerAccount))
                        : RateLimitPartition.GetNoLimiter("none")));
            options.OnRejected = async (context, cancellationToken) =>
            {
                var http = context.HttpContext;
                var retryAfter = context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var after) ? after : security.SignInWindow;
                var seconds = (int)Math.Ceiling(retryAfter.TotalSeconds);
                http.Response.Headers.RetryAfter = seconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
                // Neither the address typed nor the account id: a typed "e-mail" may be a password in the wrong field.
                http.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger("Artha.Admin.Security.SignIn")
                    .LogWarning("Sign-in attempts from {RemoteIp} exceed {PerAddress} per address or {PerAccount} per account per {Window}; refused with HTTP 429.",
                        http.Connection.RemoteIpAddress, security.SignInAttemptsPerWindow, security.SignInAttemptsPerAccount, security.SignInWindow);
                http.Response.ContentType = "text/html; charset=utf-8";
                await http.Response.WriteAsync(
                    "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Too many sign-in attempts · Artha Admin</title></head>" +
                    "<body><main><h1>Too many sign-in attempts</h1><p role=\"alert\">Too many sign-in attempts came from your network or for this account. " +
                    $"Wait {seconds} seconds, then <a href=\"/Account/Login\">sign in again</a>.</p></main></body></html>",
                    cancellationToken);
            };
        });
        return services;
    }

    /// <summary>Names the account of a sign-in post (for the per-account limit), then applies the limits.</summary>
    internal static WebApplication UseSignInRateLimits(this WebApplication app)
    {
        app.Use(async (context, next) =>
        {
            if (StaffAccess.IsSignInPost(context.Request) && await AccountOfAsync(context) is { } account)
            {
                context.Items[AccountKey] = account;
            }
            await next(context);
        });
        app.UseRateLimiter();
        return app;
    }

    /// <summary>
    /// The e-mail typed into the password form (normalised, whether or not such an account exists, so the limit says
    /// nothing about existence), or the user id of the pending second factor on the code forms.
    /// </summary>
    private static async Task<string?> AccountOfAsync(HttpContext context)
    {
        if (context.Request.Path.Equals("/Account/Login", StringComparison.OrdinalIgnoreCase))
        {
            if (!context.Request.HasFormContentType)
            {
                return null;
            }
            var form = await context.Request.ReadFormAsync(context.RequestAborted);
            var email = form["Input.Email"].ToString().Trim();
            return email.Length is > 0 and <= 256 ? "email:" + email.ToUpperInvariant() : null;
        }
        var pending = await context.AuthenticateAsync(IdentityConstants.TwoFactorUserIdScheme);
        return pending.Principal?.FindFirst(System.Security.Claims.ClaimTypes.Name)?.Value is { Length: > 0 } userId ? "user:" + userId : null;
    }
}
