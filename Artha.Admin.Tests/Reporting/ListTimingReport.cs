using System.Diagnostics;
using Artha.Admin.Security;
using Artha.Admin.Services;
using Artha.Admin.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;

namespace Artha.Admin.Tests.Reporting;

/// <summary>
/// Acceptance timing of issue #5: first pages of the programme lists with the sandbox seeded to 10 000 customers
/// and 100 000 transactions. Prints server-side times (the embedded sandbox included); asserts nothing about speed.
/// </summary>
[Trait("Category", "Benchmark")]
public class ListTimingReport(ListTimingReport.LargePortal portal, ITestOutputHelper output) : IClassFixture<ListTimingReport.LargePortal>
{
    /// <summary>Seeds once per run: 10 000 customers × 1 card × 10 transactions (1 funding top-up + 9 purchases) = 100 000 transactions.</summary>
    public sealed class LargePortal : PortalFactory, IAsyncLifetime
    {
        public TimeSpan SeedTime { get; private set; }

        public async Task InitializeAsync()
        {
            await this.ResetSandboxAsync();
            var watch = Stopwatch.StartNew();
            await this.SeedSandboxAsync(10_000, 1, 10);
            SeedTime = watch.Elapsed;
        }

        Task IAsyncLifetime.DisposeAsync() => Task.CompletedTask;
    }

    private const int Rounds = 5;

    [Fact]
    public async Task First_pages_load_quickly_with_ten_thousand_customers_and_a_hundred_thousand_transactions()
    {
        await using var scope = portal.ScopeAs(PortalRoles.Admin);
        var artha = scope.ServiceProvider.GetRequiredService<ArthaService>();

        var transactions = await artha.ListTransactionsAsync(new TransactionFilter(), 0, 20);
        Assert.True(transactions.Total >= 100_000, $"Expected the seeded 100 000 transactions, Artha reports {transactions.Total}.");

        output.WriteLine($"Seed: 10 000 customers, 10 000 cards, {transactions.Total:N0} transactions in {portal.SeedTime.TotalMilliseconds:N0} ms.");
        output.WriteLine($"First page (20 rows), best and median of {Rounds} rounds after one warm-up:");
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

    private async Task ReportAsync<T>(string name, Func<Task<T>> load)
    {
        await load();
        var times = new List<double>();
        for (var i = 0; i < Rounds; i++)
        {
            var watch = Stopwatch.StartNew();
            await load();
            times.Add(watch.Elapsed.TotalMilliseconds);
        }
        times.Sort();
        output.WriteLine($"  {name,-42} best {times[0],7:N1} ms   median {times[Rounds / 2],7:N1} ms");
    }
}
