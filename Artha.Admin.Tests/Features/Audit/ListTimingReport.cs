using System.Diagnostics;
using Artha.Admin.Security;
using Artha.Admin.Services;
using Artha.Admin.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;

namespace Artha.Admin.Tests.Features.Audit;

/// <summary>
/// Acceptance timing of issue #5: first pages of the programme lists with the sandbox seeded to 10 000 customers
/// and 100 000 transactions. Prints server-side times (the embedded sandbox included); asserts nothing about speed.
/// The full run is <c>Category=Benchmark</c> (outside the default test run); the smoke run measures the same lists on a
/// small seed so the report keeps working.
/// </summary>
public class ListTimingReport(PortalFactory portal, ITestOutputHelper output) : IClassFixture<PortalFactory>
{
    [Fact, Trait("Category", "Benchmark")]
    public Task First_pages_load_quickly_with_ten_thousand_customers_and_a_hundred_thousand_transactions() =>
        // 10 000 customers × 1 card × 10 transactions (1 funding top-up + 9 purchases) = 100 000 transactions.
        ReportAsync(customers: 10_000, transactionsPerCard: 10, rounds: 5);

    [Fact]
    public Task Smoke_the_list_timing_report_on_a_small_seed() => ReportAsync(customers: 20, transactionsPerCard: 3, rounds: 1);

    private async Task ReportAsync(int customers, int transactionsPerCard, int rounds)
    {
        await portal.ResetSandboxAsync();
        var seedWatch = Stopwatch.StartNew();
        await portal.SeedSandboxAsync(customers, 1, transactionsPerCard);
        var seedTime = seedWatch.Elapsed;
        await using var scope = portal.ScopeAs(PortalRoles.Admin);
        var artha = scope.ServiceProvider.GetRequiredService<ArthaService>();

        var expected = customers * transactionsPerCard;
        var transactions = await artha.ListTransactionsAsync(new TransactionFilter(), 0, 20);
        Assert.True(transactions.Total >= expected, $"Expected the seeded {expected:N0} transactions, Artha reports {transactions.Total}.");

        output.WriteLine($"Seed: {customers:N0} customers, {customers:N0} cards, {transactions.Total:N0} transactions in {seedTime.TotalMilliseconds:N0} ms.");
        output.WriteLine($"First page (20 rows), best and median of {rounds} rounds after one warm-up (target: under 300 ms each):");
        Task ReportAsync<T>(string name, Func<Task<T>> load) => TimeAsync(name, load, rounds);
        await ReportAsync("customers", () => artha.ListCustomersAsync(new CustomerFilter(), 0, 20));
        await ReportAsync("customers, searched", () => artha.ListCustomersAsync(new CustomerFilter(Search: "smith"), 0, 20));
        await ReportAsync("cards", () => artha.ListCardsAsync(new CardListFilter(), 0, 20));
        await ReportAsync("transactions", () => artha.ListTransactionsAsync(new TransactionFilter(), 0, 20));
        await ReportAsync("transactions, filtered (purchase ≥ 10)", () => artha.ListTransactionsAsync(new TransactionFilter { Type = "purchase", MinAmount = 10m }, 0, 20));
        await ReportAsync("top-ups", () => artha.ListTopUpsAsync(new TopUpFilter(), 0, 20));
        await ReportAsync("top-ups, filtered (approved ≥ 100)", () => artha.ListTopUpsAsync(new TopUpFilter { Status = "approved", MinAmount = 100m }, 0, 20));
        await ReportAsync("dashboard: customers count", () => artha.CountCustomersAsync());
        await ReportAsync("dashboard: active cards count", () => artha.CountCardsAsync("active"));
        await ReportAsync("dashboard: pending top-ups count", () => artha.CountTopUpsPendingAsync());
        await ReportAsync("audit trail", () => artha.ListAuditAsync(new AuditFilter(), 0, 25));
    }

    private async Task TimeAsync<T>(string name, Func<Task<T>> load, int rounds)
    {
        await load();
        var times = new List<double>();
        for (var i = 0; i < rounds; i++)
        {
            var watch = Stopwatch.StartNew();
            await load();
            times.Add(watch.Elapsed.TotalMilliseconds);
        }
        times.Sort();
        output.WriteLine($"  {name,-42} best {times[0],7:N1} ms   median {times[rounds / 2],7:N1} ms");
    }
}
