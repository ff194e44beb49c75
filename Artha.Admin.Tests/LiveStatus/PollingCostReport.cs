using System.Diagnostics;
using Artha.Admin.Data;
using Artha.Admin.LiveStatus;
using Artha.Admin.Tests.Infrastructure;
using Artha.Client;
using Artha.Client.Models;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;

namespace Artha.Admin.Tests.LiveStatus;

/// <summary>
/// Acceptance benchmark: Artha calls spent on one top-up, from creation to approval, by the poller (the portal's
/// sandbox-mode schedule, no test overrides) against a naive fixed 1-second poll. Printed, not asserted.
/// </summary>
[Trait("Category", "Benchmark")]
public class PollingCostReport(ITestOutputHelper output)
{
    [Fact]
    public async Task Report_artha_calls_for_one_top_up_by_the_poller_versus_fixed_one_second_polling()
    {
        var sandboxSchedule = await MeasureAsync(new Dictionary<string, string?>(), measureFixedPolling: true);
        var liveSchedule = await MeasureAsync(new Dictionary<string, string?>
        {
            // The live-mode defaults of LiveStatusRegistration for top-ups.
            ["LiveStatus:TopUp:InitialIntervalSeconds"] = "5",
            ["LiveStatus:TopUp:MaxIntervalSeconds"] = "120",
        }, measureFixedPolling: false);

        output.WriteLine("Artha status calls for one top-up, creation to approval (the sandbox approves after 3 s):");
        output.WriteLine($"  poller, sandbox-mode schedule (sandbox delay + 1 s, x2, max 5 s, jitter <= 20 %): {sandboxSchedule.PollerCalls} calls, resolved in {sandboxSchedule.PollerTime.TotalSeconds:N1} s");
        output.WriteLine($"  poller, live-mode schedule (5 s, x2, max 120 s, jitter <= 20 %):  {liveSchedule.PollerCalls} calls, resolved in {liveSchedule.PollerTime.TotalSeconds:N1} s");
        output.WriteLine($"  fixed 1-second polling:                                           {sandboxSchedule.FixedCalls} calls, resolved in {sandboxSchedule.FixedTime.TotalSeconds:N1} s");
        output.WriteLine("  (webhooks were off: a test host has no address the sandbox can post to)");
    }

    private async Task<(int PollerCalls, TimeSpan PollerTime, int FixedCalls, TimeSpan FixedTime)> MeasureAsync(
        IReadOnlyDictionary<string, string?> settings, bool measureFixedPolling)
    {
        var counter = new CallCounter();
        await using var root = new PortalFactory();
        await using var portal = root.WithWebHostBuilder(b =>
        {
            foreach (var (key, value) in settings)
            {
                b.UseSetting(key, value);
            }
            b.ConfigureTestServices(services =>
                services.ConfigureHttpClientDefaults(client => client.AddHttpMessageHandler(() => new CountingHandler(counter))));
        });
        var artha = portal.Services.GetRequiredService<IArthaClient>();
        using (var control = new HttpClient { BaseAddress = portal.Services.GetRequiredService<Artha.Admin.Hosting.EmbeddedSandbox>().Address })
        {
            (await control.PostAsync("/_sandbox/seed?customers=1&cardsPerCustomer=2&transactionsPerCard=0", null)).EnsureSuccessStatusCode();
        }
        var cards = (await artha.Cards.ListAsync(new CardListQuery { Limit = 10 }, CancellationToken.None)).Items.Where(c => c.State == CardState.Active).ToList();

        var polled = await artha.Funding.TopUpAsync(cards[0].Id, new TopUpRequest(20m, cards[0].Currency!), CancellationToken.None);
        var before = counter.StatusCalls;
        var started = Stopwatch.StartNew();
        var watch = await portal.Services.GetRequiredService<StatusWatchRegistry>().WatchAsync(WatchKind.TopUp, polled.TopUpId!, "Top-up for the report", "pending");
        var done = await WaitUntilFinishedAsync(portal, watch.Id);
        Assert.Equal(WatchOutcome.Completed, done.Outcome);
        var pollerCalls = counter.StatusCalls - before;
        var pollerTime = started.Elapsed;
        if (!measureFixedPolling)
        {
            return (pollerCalls, pollerTime, 0, TimeSpan.Zero);
        }

        var fixedTopUp = await artha.Funding.TopUpAsync(cards[1 % cards.Count].Id, new TopUpRequest(20m, cards[1 % cards.Count].Currency!), CancellationToken.None);
        var fixedCalls = 0;
        started.Restart();
        while (true)
        {
            await Task.Delay(TimeSpan.FromSeconds(1));
            fixedCalls++;
            var status = await artha.Funding.GetTopUpStatusAsync(fixedTopUp.TopUpId!, CancellationToken.None);
            if (status.Status == TopUpStatus.Approved || status.Status == TopUpStatus.Rejected || started.Elapsed > TimeSpan.FromSeconds(30))
            {
                break;
            }
        }
        return (pollerCalls, pollerTime, fixedCalls, started.Elapsed);
    }

    private static async Task<StatusWatch> WaitUntilFinishedAsync(Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactory<Program> portal, long id)
    {
        var until = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            await using var scope = portal.Services.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<AdminDbContext>();
            var watch = db.StatusWatches.Single(w => w.Id == id);
            if (watch.Outcome != WatchOutcome.Active || DateTime.UtcNow > until)
            {
                return watch;
            }
            await Task.Delay(50);
        }
    }

    private sealed class CallCounter
    {
        private int _statusCalls;
        public int StatusCalls => Volatile.Read(ref _statusCalls);
        public void Count(HttpRequestMessage request)
        {
            if (request.RequestUri?.AbsolutePath.Contains("topupstatus", StringComparison.OrdinalIgnoreCase) == true)
            {
                Interlocked.Increment(ref _statusCalls);
            }
        }
    }

    private sealed class CountingHandler(CallCounter counter) : DelegatingHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            counter.Count(request);
            return base.SendAsync(request, cancellationToken);
        }
    }
}
