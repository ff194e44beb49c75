using System.Security.Claims;
using Microsoft.Extensions.Options;

namespace Artha.Admin.Security;

/// <summary>
/// The deadlines of one open circuit (scoped: one per circuit): the idle sign-out, <see cref="SecurityOptions.IdleTimeout"/>
/// after the sign-in cookie was last renewed (the circuit's own start counts), and the absolute end,
/// <see cref="SecurityOptions.AbsoluteLifetime"/> after sign-in. The idle dialog reads and renews it; the circuit's
/// revalidation ends the circuit once either deadline has passed, even if the page's script never signs out.
/// </summary>
public sealed class SessionClock(IOptions<SecurityOptions> options, TimeProvider clock)
{
    private readonly object _gate = new();
    private DateTimeOffset _renewedAt = clock.GetUtcNow();

    public SecurityOptions Settings => options.Value;

    public DateTimeOffset Now => clock.GetUtcNow();

    /// <summary>When the idle sign-out falls unless the cookie is renewed again.</summary>
    public DateTimeOffset IdleDeadline
    {
        get
        {
            lock (_gate)
            {
                return _renewedAt + Settings.IdleTimeout;
            }
        }
    }

    /// <summary>Records that the sign-in cookie was just renewed (the keep-alive request succeeded).</summary>
    public void Renewed()
    {
        lock (_gate)
        {
            _renewedAt = clock.GetUtcNow();
        }
    }

    /// <summary>The end of the sign-in's absolute lifetime, or null when the principal carries no sign-in time.</summary>
    public DateTimeOffset? AbsoluteDeadline(ClaimsPrincipal user) => SecurityHardening.SignedInAt(user) + Settings.AbsoluteLifetime;

    /// <summary>The earlier of both deadlines.</summary>
    public DateTimeOffset Deadline(ClaimsPrincipal user) =>
        AbsoluteDeadline(user) is { } absolute && absolute < IdleDeadline ? absolute : IdleDeadline;

    /// <summary>True once the circuit has been idle too long or the sign-in is older than its absolute lifetime.</summary>
    public bool HasEnded(ClaimsPrincipal user) => Now >= Deadline(user);
}
