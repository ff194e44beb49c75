using System.Net.Http.Json;
using System.Text.Json;
using Artha.Admin.Hosting;
using Artha.Client;
using Microsoft.Extensions.DependencyInjection;

namespace Artha.Admin.E2E.Infrastructure;

/// <summary>Arranges data in the portal's embedded sandbox without the UI, for journeys that start from an existing card.</summary>
public static class SandboxData
{
    private static int seed = Environment.TickCount & 0xFFFF;

    /// <summary>The Artha client the portal itself uses (for arranging data and reading Artha's own timestamps).</summary>
    public static IArthaClient Artha(this PortalServer portal) => portal.Services.GetRequiredService<IArthaClient>();

    /// <summary>
    /// A KYC-approved customer with one active virtual GBP card (the sandbox's seed: instant, no lifecycle wait), funded
    /// with the seed's balance and without transaction history.
    /// </summary>
    public static async Task<(string CustomerId, string CardId)> SeedActiveCardAsync(this PortalServer portal)
    {
        using var control = new HttpClient { BaseAddress = portal.Services.GetRequiredService<EmbeddedSandbox>().Address };
        var next = Interlocked.Increment(ref seed);
        var response = await control.PostAsync($"/_sandbox/seed?customers=1&cardsPerCustomer=1&transactionsPerCard=0&seed={next}", null);
        response.EnsureSuccessStatusCode();
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        return (body.GetProperty("customerIds")[0].GetString()!, body.GetProperty("cardIds")[0].GetString()!);
    }
}
