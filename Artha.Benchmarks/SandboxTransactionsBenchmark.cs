using System.Diagnostics;
using System.Text.Json;
using Artha.Client;
using Artha.Client.Models;
using Artha.Sandbox;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Artha.Benchmarks;

/// <summary>
/// Issue #4 acceptance: <c>GET /api/v1/cards/{id}/transactions?limit=50&amp;offset=0</c> answers in under 20 ms (p95)
/// with 100 000 seeded transactions. Starts the sandbox in-process on a loopback port, seeds 100 000 transactions
/// through <c>POST /_sandbox/seed</c>, then times signed calls made through the real <see cref="IArthaClient"/>
/// (so each sample also includes client-side signing and parsing of the 50 items: an upper bound on the server's time).
/// </summary>
internal static class SandboxTransactionsBenchmark
{
    private const double TargetP95Milliseconds = 20;

    /// <summary>Runs the benchmark; <paramref name="smoke"/> seeds 240 transactions and makes 20 calls (the test run's check).</summary>
    /// <returns>0 when the target is met, 1 when missed, 2 when a page came back wrong.</returns>
    public static async Task<int> RunAsync(bool smoke = false)
    {
        var (customers, cardsPerCustomer, transactionsPerCard, warmupCalls, measuredCalls) = smoke ? (2, 2, 60, 5, 20) : (100, 10, 100, 50, 500);
        await using var sandbox = SandboxApp.Create(["--urls", "http://127.0.0.1:0"], b => b.Logging.SetMinimumLevel(LogLevel.Warning));
        await sandbox.StartAsync();
        var address = new Uri(sandbox.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());

        using var control = new HttpClient { BaseAddress = address };
        var seedClock = Stopwatch.StartNew();
        using var seedResponse = await control.PostAsync(
            $"/_sandbox/seed?customers={customers}&cardsPerCustomer={cardsPerCustomer}&transactionsPerCard={transactionsPerCard}", null);
        seedResponse.EnsureSuccessStatusCode();
        using var seed = JsonDocument.Parse(await seedResponse.Content.ReadAsStringAsync());
        seedClock.Stop();
        var transactions = seed.RootElement.GetProperty("transactions").GetInt32();
        var storeMilliseconds = seed.RootElement.GetProperty("elapsedMilliseconds").GetInt64();
        var cardIds = seed.RootElement.GetProperty("cardIds").EnumerateArray().Select(e => e.GetString()!).ToArray();

        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Artha:BaseUrl"] = address.ToString(),
            ["Artha:ApiKey"] = "ak_test_sandbox",
            ["Artha:Secret"] = "sk_test_sandbox_secret",
            ["Artha:MaxRetries"] = "0",
        }).Build();
        var services = new ServiceCollection();
        services.AddLogging(builder => builder.SetMinimumLevel(LogLevel.Warning));
        services.AddArthaClient(configuration);
        await using var provider = services.BuildServiceProvider();
        var client = provider.GetRequiredService<IArthaClient>();
        var page = new TransactionListQuery { Limit = 50, Offset = 0 };

        for (var i = 0; i < warmupCalls; i++)
        {
            await client.Transactions.ListByCardAsync(cardIds[i % cardIds.Length], page, CancellationToken.None);
        }

        var samples = new double[measuredCalls];
        for (var i = 0; i < measuredCalls; i++)
        {
            var started = Stopwatch.GetTimestamp();
            var result = await client.Transactions.ListByCardAsync(cardIds[i % cardIds.Length], page, CancellationToken.None);
            samples[i] = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
            if (result.Items.Count != 50 || result.Total != transactionsPerCard)
            {
                Console.Error.WriteLine($"Unexpected page: {result.Items.Count} items, total {result.Total}.");
                return 2;
            }
        }

        Array.Sort(samples);
        var p95 = Percentile(samples, 0.95);
        Console.WriteLine($"Sandbox: GET /api/v1/cards/{{id}}/transactions?limit=50&offset=0 over {transactions:N0} seeded transactions{(smoke ? " (SMOKE RUN, numbers not meaningful)" : "")}");
        Console.WriteLine($"  seed:          {transactions:N0} transactions ({customers} customers x {cardsPerCustomer} cards x {transactionsPerCard}) in {storeMilliseconds:N0} ms in the store, {seedClock.ElapsedMilliseconds:N0} ms wall over HTTP");
        Console.WriteLine($"  calls:         {measuredCalls} signed calls through IArthaClient after {warmupCalls} warm-up, cycling {cardIds.Length:N0} of the seeded cards");
        Console.WriteLine($"  latency (ms):  p50 {Percentile(samples, 0.50):F2}   p95 {p95:F2} (target < {TargetP95Milliseconds:F0})   p99 {Percentile(samples, 0.99):F2}   max {samples[^1]:F2}");
        Console.WriteLine($"  load average:  {(File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Trim() : "n/a")}   cores: {Environment.ProcessorCount}");
        var met = p95 < TargetP95Milliseconds;
        Console.WriteLine(met ? "  target met" : "  TARGET NOT MET");
        await sandbox.StopAsync();
        return met ? 0 : 1;
    }

    /// <summary>Nearest-rank percentile of sorted samples.</summary>
    private static double Percentile(double[] sorted, double fraction) =>
        sorted[Math.Clamp((int)Math.Ceiling(fraction * sorted.Length) - 1, 0, sorted.Length - 1)];
}
