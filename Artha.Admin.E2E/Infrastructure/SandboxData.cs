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
        var seeded = await portal.SeedAsync(customers: 1, cardsPerCustomer: 1, transactionsPerCard: 0);
        return (seeded.CustomerIds[0], seeded.CardIds[0]);
    }

    /// <summary>
    /// Bulk data through the sandbox's <c>/_sandbox/seed</c>: KYC-approved customers (for the GBP Virtual and USD Virtual
    /// Basic products) with active cards; with <paramref name="transactionsPerCard"/> above 0 each card also gets one
    /// approved funding top-up and purchases, so every list of the portal has rows.
    /// </summary>
    public static async Task<(IReadOnlyList<string> CustomerIds, IReadOnlyList<string> CardIds)> SeedAsync(
        this PortalServer portal, int customers, int cardsPerCustomer, int transactionsPerCard)
    {
        using var control = new HttpClient { BaseAddress = portal.Services.GetRequiredService<EmbeddedSandbox>().Address };
        var next = Interlocked.Increment(ref seed);
        var response = await control.PostAsync(
            $"/_sandbox/seed?customers={customers}&cardsPerCustomer={cardsPerCustomer}&transactionsPerCard={transactionsPerCard}&seed={next}", null);
        response.EnsureSuccessStatusCode();
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        static IReadOnlyList<string> Ids(JsonElement array) => array.EnumerateArray().Select(id => id.GetString()!).ToList();
        return (Ids(body.GetProperty("customerIds")), Ids(body.GetProperty("cardIds")));
    }
}
