using System.Diagnostics;
using System.Net;
using Artha.Sandbox.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Artha.Sandbox.Tests;

/// <summary>
/// Seeds 100 000 transactions and prints the seed time and p50/p95 latency of the per-card transactions call.
/// Numbers are printed, not asserted: timing on a shared 2-core CI machine is not a correctness property.
/// </summary>
public class LatencyTests(SandboxHost host, ITestOutputHelper output) : IClassFixture<SandboxHost>
{
    [Fact]
    public async Task Per_card_transactions_with_100k_seeded_transactions()
    {
        await host.Control(HttpMethod.Post, "/_sandbox/reset");
        var wall = Stopwatch.StartNew();
        var seed = await host.Control(HttpMethod.Post, "/_sandbox/seed?customers=100&cardsPerCustomer=10&transactionsPerCard=100");
        wall.Stop();
        Assert.Equal(HttpStatusCode.OK, seed.Status);
        Assert.Equal(100_000, seed.Json.GetProperty("transactions").GetInt32());
        output.WriteLine($"seed 100000 transactions: {seed.Json.GetProperty("elapsedMilliseconds").GetInt64()} ms in the store, {wall.ElapsedMilliseconds} ms wall (HTTP)");

        var cardIds = seed.Json.GetProperty("cardIds").EnumerateArray().Select(e => e.GetString()!).ToArray();
        for (var i = 0; i < 20; i++)
            await host.Get($"/api/v1/cards/{cardIds[i % cardIds.Length]}/transactions?limit=50&offset=0");

        var samples = new List<double>();
        for (var i = 0; i < 300; i++)
        {
            var sw = Stopwatch.StartNew();
            var r = await host.Get($"/api/v1/cards/{cardIds[i % cardIds.Length]}/transactions?limit=50&offset=0");
            sw.Stop();
            Assert.Equal(HttpStatusCode.OK, r.Status);
            Assert.Equal(50, r.Json.GetProperty("data").GetArrayLength());
            Assert.Equal(100, r.Json.GetProperty("total").GetInt32());
            samples.Add(sw.Elapsed.TotalMilliseconds);
        }
        samples.Sort();
        output.WriteLine($"GET /api/v1/cards/{{id}}/transactions?limit=50 (300 signed calls over HTTP): p50 {samples[150]:F2} ms, p95 {samples[284]:F2} ms, max {samples[^1]:F2} ms");

        var all = Stopwatch.StartNew();
        var filtered = await host.Get("/api/v1/transactions?type=purchase&minAmount=30&limit=50");
        all.Stop();
        Assert.Equal(HttpStatusCode.OK, filtered.Status);
        output.WriteLine($"GET /api/v1/transactions filtered scan over 100000: {all.Elapsed.TotalMilliseconds:F2} ms (total {filtered.Json.GetProperty("total").GetInt32()})");
    }
}
