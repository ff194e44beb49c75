using System.Net.Http.Json;
using System.Security.Claims;
using Artha.Admin.Hosting;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.Extensions.DependencyInjection;

namespace Artha.Admin.Tests.Infrastructure;

/// <summary>Service-level access to the hosted portal: act as a role, and drive the embedded sandbox.</summary>
public static class PortalFactoryExtensions
{
    /// <summary>
    /// A DI scope (like one Blazor circuit) whose signed-in user has <paramref name="role"/>. Resolve
    /// <c>ArthaService</c> etc. from it to test the server-side permission checks without the UI.
    /// </summary>
    public static AsyncServiceScope ScopeAs(this PortalFactory portal, string role, string? userName = null)
    {
        userName ??= $"{role.ToLowerInvariant()}@artha.local";
        return portal.ScopeFor(new ClaimsIdentity(
        [
            new Claim(ClaimTypes.NameIdentifier, $"test-{role.ToLowerInvariant()}"),
            new Claim(ClaimTypes.Name, userName),
            new Claim(ClaimTypes.Role, role),
        ], authenticationType: "Test"));
    }

    /// <summary>
    /// Marks the scope's (circuit's) step-up as just given, as if the user had typed their password into the step-up
    /// dialog: for tests of step-up-guarded actions (reveal, cancel, large top-ups, user administration) that are not
    /// about the step-up itself. The guard is unchanged: a scope without this is refused.
    /// </summary>
    public static AsyncServiceScope SteppedUp(this AsyncServiceScope scope)
    {
        scope.ServiceProvider.GetRequiredService<Artha.Admin.Security.StepUp>().Reauthenticated();
        return scope;
    }

    /// <summary>A scope with nobody signed in.</summary>
    public static AsyncServiceScope ScopeAsAnonymous(this PortalFactory portal) => portal.ScopeFor(new ClaimsIdentity());

    private static AsyncServiceScope ScopeFor(this PortalFactory portal, ClaimsIdentity identity)
    {
        var scope = portal.Services.CreateAsyncScope();
        var provider = scope.ServiceProvider.GetRequiredService<AuthenticationStateProvider>();
        ((IHostEnvironmentAuthenticationStateProvider)provider).SetAuthenticationState(
            Task.FromResult(new AuthenticationState(new ClaimsPrincipal(identity))));
        return scope;
    }

    /// <summary>The newest audit rows (newest first), to assert what an action recorded.</summary>
    public static async Task<IReadOnlyList<Artha.Admin.Auditing.AuditEntry>> LatestAuditAsync(this PortalFactory portal, int count = 20)
    {
        await using var scope = portal.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<Artha.Admin.Data.AdminDbContext>();
        return db.AuditEntries.OrderByDescending(a => a.Id).Take(count).ToList();
    }

    /// <summary>An HttpClient on the embedded sandbox, for its unauthenticated /_sandbox control endpoints.</summary>
    public static HttpClient SandboxControl(this PortalFactory portal) =>
        new() { BaseAddress = portal.Services.GetRequiredService<EmbeddedSandbox>().Address };

    public static async Task ResetSandboxAsync(this PortalFactory portal)
    {
        using var client = portal.SandboxControl();
        (await client.PostAsync("/_sandbox/reset", null)).EnsureSuccessStatusCode();
    }

    public static async Task SeedSandboxAsync(this PortalFactory portal, int customers, int cardsPerCustomer, int transactionsPerCard)
    {
        using var client = portal.SandboxControl();
        (await client.PostAsync($"/_sandbox/seed?customers={customers}&cardsPerCustomer={cardsPerCustomer}&transactionsPerCard={transactionsPerCard}", null))
            .EnsureSuccessStatusCode();
    }

    public static async Task PurchaseAsync(this PortalFactory portal, string cardId, decimal amount, string currency, string merchantName = "Test Shop", string mcc = "5411")
    {
        using var client = portal.SandboxControl();
        (await client.PostAsJsonAsync($"/_sandbox/cards/{cardId}/purchases", new { amount, currency, merchantName, mcc })).EnsureSuccessStatusCode();
    }
}
