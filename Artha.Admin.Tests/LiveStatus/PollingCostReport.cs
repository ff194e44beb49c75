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
/// Acceptance benchmark: Artha calls spent on one top-up, from the create POST to approval, by the poller (the portal's
/// sandbox-mode schedule, no test overrides; and the live-mode one) against what fixed 1-second polling would make over
/// the same time (plus the create), with the ratio and whether it is at most 50 %. Printed, not asserted.
/// The full report is <c>Category=Benchmark</c>; the smoke run (default test run) measures the sandbox-mode schedule once.
/// </summary>
public class PollingCostReport(ITestOutputHelper output)
{
    [Fact]
    public async Task Smoke_the_polling_cost_report_with_the_sandbox_schedule()
    {
        var sandboxSchedule = await MeasureAsync(new Dictionary<string, string?>(), measureFixedPolling: false);
        Assert.Equal(1, sandboxSchedule.Creates);
        Report("poller, sandbox-mode schedule", sandboxSchedule);
    }

    [Fact, Trait("Category", "Benchmark")]
    public async Task Report_artha_calls_for_one_top_up_by_the_poller_versus_fixed_one_second_polling()
    {
        var sandboxSchedule = await MeasureAsync(new Dictionary<string, string?>(), measureFixedPolling: true);
        var liveSchedule = await MeasureAsync(new Dictionary<string, string?>
        {
            // The live-mode defaults of LiveStatusRegistration for top-ups.
            ["LiveStatus:TopUp:InitialIntervalSeconds"] = "5",
            ["LiveStatus:TopUp:MaxIntervalSeconds"] = "120",
        }, measureFixedPolling: false);

        output.WriteLine("Artha calls for one top-up, from the create POST to the portal knowing it is approved (the sandbox approves after 3 s; webhooks off):");
        Report("poller, sandbox-mode schedule (sandbox delay + 1 s, x2, max 5 s, jitter <= 20 %)", sandboxSchedule);
        Report("poller, live-mode schedule (5 s, x2, max 120 s, jitter <= 20 %)", liveSchedule);
        var measuredFixed = 1 + sandboxSchedule.FixedPolls;
        output.WriteLine($"  measured fixed 1-second polling on a second top-up: 1 create + {sandboxSchedule.FixedPolls} status calls = {measuredFixed} calls, approved seen after {sandboxSchedule.FixedTime.TotalSeconds:N2} s" +
            $" (sandbox-mode poller against it: {sandboxSchedule.PollerTotal}/{measuredFixed} = {(double)sandboxSchedule.PollerTotal / measuredFixed:P0})");
        output.WriteLine("  (webhooks were off: a test host has no address the sandbox can post to)");
    }

    private void Report(string schedule, Measurement m)
    {
        // What a naive poller asking every second would have made over the same creation-to-approval time, plus the create.
        var fixedPolls = Math.Max(1, (int)Math.Floor(m.PollerTime.TotalSeconds));
        var fixedTotal = fixedPolls + 1;
        var ratio = (double)m.PollerTotal / fixedTotal;
        output.WriteLine($"  {schedule}:");
        output.WriteLine($"    total {m.PollerTotal} Artha calls ({m.Creates} create POST + {m.StatusCalls} Get Top-Up Status + {m.OtherCalls} other), approved known after {m.PollerTime.TotalSeconds:N2} s");
        output.WriteLine($"    fixed 1-second polling over the same {m.PollerTime.TotalSeconds:N2} s: {fixedPolls} status calls + 1 create = {fixedTotal} calls");
        output.WriteLine($"    ratio {m.PollerTotal}/{fixedTotal} = {ratio:P0}: {(ratio <= 0.5 ? "target met" : "target NOT met")} (at most 50 % of fixed 1-second polling)");
    }

    private sealed record Measurement(int Creates, int StatusCalls, int OtherCalls, TimeSpan PollerTime, int FixedPolls, TimeSpan FixedTime)
    {
        public int PollerTotal => Creates + StatusCalls + OtherCalls;
    }

    private async Task<Measurement> MeasureAsync(IReadOnlyDictionary<string, string?> settings, bool measureFixedPolling)
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

        // Everything the portal sends Artha from here until the watch completes: the create POST, the poller's status calls.
        var before = counter.Snapshot();
        var started = Stopwatch.StartNew();
        var polled = await artha.Funding.TopUpAsync(cards[0].Id, new TopUpRequest(20m, cards[0].Currency!), CancellationToken.None);
        var watch = await portal.Services.GetRequiredService<StatusWatchRegistry>().WatchAsync(WatchKind.TopUp, polled.TopUpId!, "Top-up for the report", "pending");
        var done = await WaitUntilFinishedAsync(portal, watch.Id);
        var pollerTime = started.Elapsed;
        var after = counter.Snapshot();
        Assert.Equal(WatchOutcome.Completed, done.Outcome);
        var creates = after.Creates - before.Creates;
        var statusCalls = after.Status - before.Status;
        var others = after.All - before.All - creates - statusCalls;
        if (!measureFixedPolling)
        {
            return new Measurement(creates, statusCalls, others, pollerTime, 0, TimeSpan.Zero);
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
        return new Measurement(creates, statusCalls, others, pollerTime, fixedCalls, started.Elapsed);
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
        private int _all;
        private int _creates;
        private int _status;

        public (int All, int Creates, int Status) Snapshot() => (Volatile.Read(ref _all), Volatile.Read(ref _creates), Volatile.Read(ref _status));

        public void Count(HttpRequestMessage request)
        {
            Interlocked.Increment(ref _all);
            var path = request.RequestUri?.AbsolutePath ?? "";
            if (path.Contains("topupstatus", StringComparison.OrdinalIgnoreCase))
            {
                Interlocked.Increment(ref _status);
            }
            else if (request.Method == HttpMethod.Post && path.Contains("topup", StringComparison.OrdinalIgnoreCase))
            {
                Interlocked.Increment(ref _creates);
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
