using System.Net;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.AspNetCore.Identity;

namespace Artha.Admin.Security;

/// <summary>The <c>Security</c> section: session limits and the proxies whose forwarded headers are trusted.</summary>
public sealed class SecurityOptions
{
    public const string SectionName = "Security";

    /// <summary>Sliding idle time-out of a sign-in (PCI DSS 8.2.8: re-authenticate after 15 minutes idle).</summary>
    public int IdleTimeoutMinutes { get; set; } = 15;

    /// <summary>Absolute lifetime of a sign-in, however active: after it staff sign in again.</summary>
    public double AbsoluteLifetimeHours { get; set; } = 10;

    /// <summary>The idle warning appears this many minutes before the idle sign-out (and before the absolute lifetime ends).</summary>
    public double IdleWarningMinutes { get; set; } = 2;

    /// <summary>
    /// Obsolete, kept so existing deployments keep working: <c>true</c> = every role needs MFA, <c>false</c> = none. Only read
    /// while <c>Security:RequireMfaRoles</c> is not set (see <see cref="MfaPolicy.From"/>).
    /// </summary>
    public bool? RequireMfa { get; set; }

    /// <summary>A re-authentication (password or authenticator code) counts for this many minutes for step-up actions.</summary>
    public double StepUpMinutes { get; set; } = 5;

    /// <summary>A top-up above this amount (in the card's currency, whatever it is) needs a step-up first.</summary>
    public decimal StepUpTopUpAmount { get; set; } = 1000m;

    /// <summary>Sign-in form posts (password, 2FA code, recovery code) allowed per client IP address per window.</summary>
    public int SignInAttemptsPerWindow { get; set; } = 20;

    /// <summary>The rate-limit window of <see cref="SignInAttemptsPerWindow"/>, in seconds.</summary>
    public double SignInWindowSeconds { get; set; } = 60;

    /// <summary>
    /// Sign-in form posts allowed per account (the e-mail typed, or the account of a pending second factor) per window,
    /// from any number of addresses, so spreading a password guess over many addresses gains nothing.
    /// </summary>
    public int SignInAttemptsPerAccount { get; set; } = 10;

    /// <summary>Addresses of TLS-terminating proxies whose X-Forwarded-For/-Proto are trusted (none by default).</summary>
    public string[] KnownProxies { get; set; } = [];

    /// <summary>Networks (CIDR, e.g. 10.0.0.0/8) of such proxies.</summary>
    public string[] KnownNetworks { get; set; } = [];

    public TimeSpan IdleTimeout => TimeSpan.FromMinutes(Math.Clamp(IdleTimeoutMinutes, 1, 24 * 60));

    public TimeSpan AbsoluteLifetime => TimeSpan.FromHours(Math.Clamp(AbsoluteLifetimeHours, 0.1, 24));

    /// <summary>Never longer than the idle time-out itself.</summary>
    public TimeSpan IdleWarning => TimeSpan.FromMinutes(Math.Clamp(IdleWarningMinutes, 0.1, IdleTimeout.TotalMinutes));

    public TimeSpan StepUpWindow => TimeSpan.FromMinutes(Math.Clamp(StepUpMinutes, 0.5, 60));

    public TimeSpan SignInWindow => TimeSpan.FromSeconds(Math.Clamp(SignInWindowSeconds, 1, 3600));
}

/// <summary>
/// Session, cookie, header and proxy hardening of the portal (PCI DSS 4.0.1, OWASP ASVS L2), in one place:
/// <list type="bullet">
/// <item>the sign-in cookie slides over <see cref="SecurityOptions.IdleTimeout"/> and ends at
/// <see cref="SecurityOptions.AbsoluteLifetime"/> after sign-in; it is never persistent ("remember me" is ignored);</item>
/// <item>the security stamp is checked on every request, so disabling a user, changing roles or resetting a password
/// ends that user's access at the next request;</item>
/// <item><c>Secure</c> cookies, HSTS and HTTPS redirection outside Development; forwarded headers only from
/// configured proxies;</item>
/// <item>a Content-Security-Policy with <c>script-src 'self'</c> and <c>frame-ancestors 'none'</c>,
/// <c>X-Content-Type-Options</c>, <c>Referrer-Policy</c> and <c>Permissions-Policy</c> on every answer.</item>
/// </list>
/// </summary>
public static class SecurityHardening
{
    /// <summary>Authentication property holding the moment of sign-in (round-trip format, UTC).</summary>
    public const string SignedInAtKey = "artha.signed_in_at";

    /// <summary>
    /// The same moment as a claim, so an open circuit (which sees the principal, not the cookie's properties) knows when
    /// its sign-in ends. Re-added after every security-stamp check, which rebuilds the principal.
    /// </summary>
    public const string SignedInAtClaim = "artha:signed_in_at";

    /// <summary>
    /// The policy: scripts from the portal only (Blazor and MudBlazor need nothing more); styles from the portal plus the
    /// inline style attributes MudBlazor components render; the circuit's WebSocket to the same origin; no framing,
    /// plugins or foreign form targets. No inline script runs anywhere (App.razor renders no inline import map).
    /// </summary>
    public const string ContentSecurityPolicy =
        "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; font-src 'self' data:; " +
        "connect-src 'self' ws: wss:; frame-ancestors 'none'; base-uri 'self'; form-action 'self'; object-src 'none'";

    public static IServiceCollection AddSecurityHardening(this IServiceCollection services, IConfiguration configuration, IHostEnvironment environment)
    {
        var section = configuration.GetSection(SecurityOptions.SectionName);
        services.Configure<SecurityOptions>(section);
        var security = section.Get<SecurityOptions>() ?? new SecurityOptions();
        SafeStart.RequireSafeArthaSettings(configuration, environment);
        services.AddStaffAccess(section, security, environment);

        services.Configure<SecurityStampValidatorOptions>(options => options.ValidationInterval = TimeSpan.Zero);
        services.ConfigureApplicationCookie(options =>
        {
            options.ExpireTimeSpan = security.IdleTimeout;
            options.SlidingExpiration = true;
            options.Cookie.SecurePolicy = environment.IsDevelopment() ? CookieSecurePolicy.SameAsRequest : CookieSecurePolicy.Always;
            var validateStamp = options.Events.OnValidatePrincipal;
            options.Events.OnSigningIn = context =>
            {
                // No long-lived "remember me": the cookie ends with the browser session and the idle time-out.
                context.Properties.IsPersistent = false;
                context.Properties.ExpiresUtc = null;
                context.Properties.Items.TryAdd(SignedInAtKey, DateTimeOffset.UtcNow.ToString("O"));
                AddSignedInAtClaim(context.Principal, context.Properties);
                return Task.CompletedTask;
            };
            options.Events.OnValidatePrincipal = async context =>
            {
                if (IsPastAbsoluteLifetime(context.Properties, security.AbsoluteLifetime, DateTimeOffset.UtcNow))
                {
                    context.RejectPrincipal();
                    await context.HttpContext.SignOutAsync(IdentityConstants.ApplicationScheme);
                    return;
                }
                await validateStamp(context);
                AddSignedInAtClaim(context.Principal, context.Properties);
            };
        });
        services.Configure<CookieAuthenticationOptions>(IdentityConstants.TwoFactorUserIdScheme, options =>
            options.Cookie.SecurePolicy = environment.IsDevelopment() ? CookieSecurePolicy.SameAsRequest : CookieSecurePolicy.Always);
        services.AddAntiforgery(options =>
            options.Cookie.SecurePolicy = environment.IsDevelopment() ? CookieSecurePolicy.SameAsRequest : CookieSecurePolicy.Always);

        services.Configure<ForwardedHeadersOptions>(options =>
        {
            options.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto | ForwardedHeaders.XForwardedHost;
            options.KnownProxies.Clear();
            options.KnownIPNetworks.Clear();
            foreach (var proxy in security.KnownProxies)
            {
                options.KnownProxies.Add(IPAddress.Parse(proxy));
            }
            foreach (var network in security.KnownNetworks)
            {
                options.KnownIPNetworks.Add(System.Net.IPNetwork.Parse(network));
            }
        });
        services.AddHsts(options =>
        {
            options.MaxAge = TimeSpan.FromDays(365);
            options.IncludeSubDomains = true;
        });
        return services;
    }

    private static void AddSignedInAtClaim(System.Security.Claims.ClaimsPrincipal? principal, AuthenticationProperties properties)
    {
        if (principal?.Identity is System.Security.Claims.ClaimsIdentity identity && identity.IsAuthenticated
            && identity.FindFirst(SignedInAtClaim) is null && properties.Items.TryGetValue(SignedInAtKey, out var at) && at is not null)
        {
            identity.AddClaim(new System.Security.Claims.Claim(SignedInAtClaim, at));
        }
    }

    /// <summary>When <paramref name="user"/> signed in (from <see cref="SignedInAtClaim"/>), or null for a principal without it.</summary>
    public static DateTimeOffset? SignedInAt(System.Security.Claims.ClaimsPrincipal user) =>
        user.FindFirst(SignedInAtClaim)?.Value is { } at && DateTimeOffset.TryParse(at, System.Globalization.CultureInfo.InvariantCulture,
            System.Globalization.DateTimeStyles.RoundtripKind, out var signedInAt) ? signedInAt : null;

    /// <summary>True when the sign-in recorded in <paramref name="properties"/> is older than the absolute lifetime.</summary>
    public static bool IsPastAbsoluteLifetime(AuthenticationProperties properties, TimeSpan lifetime, DateTimeOffset now) =>
        properties.Items.TryGetValue(SignedInAtKey, out var at) && DateTimeOffset.TryParse(at, System.Globalization.CultureInfo.InvariantCulture,
            System.Globalization.DateTimeStyles.RoundtripKind, out var signedInAt)
            ? now - signedInAt > lifetime
            // A cookie issued before this rule carries no sign-in time: treat it as expired.
            : true;

    /// <summary>Forwarded headers first (so the scheme is right), then HSTS and HTTPS outside Development, then the headers.</summary>
    public static WebApplication UseSecurityHardening(this WebApplication app)
    {
        // With no proxy configured the middleware would trust X-Forwarded-* from anyone (its lists empty = no check), letting
        // any client choose its address (sign-in rate limit, audit) and scheme: forwarded headers count only from configured proxies.
        var forwarded = app.Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<ForwardedHeadersOptions>>().Value;
        if (forwarded.KnownProxies.Count > 0 || forwarded.KnownIPNetworks.Count > 0)
        {
            app.UseForwardedHeaders();
        }
        if (!app.Environment.IsDevelopment())
        {
            app.UseHsts();
            app.UseHttpsRedirection();
        }
        app.Use(static (context, next) =>
        {
            var headers = context.Response.Headers;
            headers["Content-Security-Policy"] = ContentSecurityPolicy;
            headers["X-Content-Type-Options"] = "nosniff";
            headers["Referrer-Policy"] = "no-referrer";
            headers["Permissions-Policy"] = "camera=(), microphone=(), geolocation=(), payment=(), usb=()";
            headers["X-Frame-Options"] = "DENY";
            return next(context);
        });
        app.UseStaffAccess();
        return app;
    }
}
