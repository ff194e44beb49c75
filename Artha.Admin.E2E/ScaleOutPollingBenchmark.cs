using System.Globalization;
using Artha.Admin.E2E.Infrastructure;
using Xunit.Abstractions;

namespace Artha.Admin.E2E;

/// <summary>
/// Issue #12's "polls per watch with 1 vs 2 instances (target: equal)": the same number of pending top-ups (.77, held
/// by the sandbox) watched for the same time by one instance alone on its database (<c>rig-S</c>) and by the rig's two
/// instances on theirs (<c>rig-A</c> + <c>rig-B</c>); the sandbox's request log counts the status requests. With work
/// leases two instances poll no more than one (a little more promptly, as two pollers share the due watches). The full run is <c>Category=Benchmark</c>; a smoke run (2 watches, 3 s)
/// is in the default run. Numbers are printed, not asserted.
/// </summary>
[Collection(ScaleOutRig.Collection)]
public class ScaleOutPollingBenchmark(ScaleOutRig rig, ITestOutputHelper output)
{
    [Fact, Trait("Category", "Benchmark")]
    public Task Polls_per_watch_with_one_and_two_instances() => MeasureAsync("benchmark", watches: 10, seconds: 10);

    [Fact]
    public Task Smoke_the_polls_per_watch_benchmark_with_two_watches() => MeasureAsync("smoke", watches: 2, seconds: 3);

    private async Task MeasureAsync(string name, int watches, double seconds)
    {
        var solo = await rig.SoloAsync();
        // One after the other, so the two sets do not share the machine's two cores while they are measured.
        var one = await PollsAsync(solo, [solo], watches, seconds);
        var two = await PollsAsync(rig.A, [rig.A, rig.B], watches, seconds);

        var report = string.Create(CultureInfo.InvariantCulture,
            $"Scale-out ({name}): status polls per pending top-up watch in {seconds:0} s, {watches} watches (schedule 0.5 s doubling to 1 s):{Environment.NewLine}" +
            $"  1 instance : {one.PerWatch,5:0.0} per watch ({one.ByInstance}){Environment.NewLine}" +
            $"  2 instances: {two.PerWatch,5:0.0} per watch ({two.ByInstance}){Environment.NewLine}" +
            $"  target: equal (ratio 2/1 = {(one.PerWatch == 0 ? double.NaN : two.PerWatch / one.PerWatch):0.00})");
        output.WriteLine(report);
        Console.WriteLine(report);
        Assert.True(one.PerWatch > 0 && two.PerWatch > 0, $"No status request was logged: {report}");
    }

    /// <summary>Tops up one fresh card per watch through <paramref name="through"/> and counts the status requests of the first <paramref name="seconds"/>.</summary>
    private async Task<(double PerWatch, string ByInstance)> PollsAsync(RigPortalServer through, RigPortalServer[] instances, int watches, double seconds)
    {
        var cards = await rig.SeedActiveCardsAsync(watches);
        var topUps = new List<(string Id, DateTimeOffset WatchedFrom)>();
        try
        {
            foreach (var card in cards)
            {
                topUps.Add((await ScaleOutRigTests.TopUpAsync(through, card, 10.77m), DateTimeOffset.UtcNow));
            }
            // The measurement window itself (not a wait for a condition): each watch is counted for its first
            // `seconds` after it was made, so both sets are measured over the same time per watch.
            var end = topUps[^1].WatchedFrom.AddSeconds(seconds);
            var remaining = end - DateTimeOffset.UtcNow;
            if (remaining > TimeSpan.Zero)
            {
                await Task.Delay(remaining);
            }
            var requests = new List<SandboxRequest>();
            foreach (var (topUp, from) in topUps)
            {
                requests.AddRange((await rig.SandboxRequestsAsync(ScaleOutRig.TopUpStatusPath(topUp))).Where(r => r.ReceivedAt <= from.AddSeconds(seconds)));
            }
            var names = instances.Select(i => i.Name).ToHashSet();
            Assert.All(requests, r => Assert.Contains(r.Caller, names));
            var byInstance = string.Join(", ", instances.Select(i => $"{i.Name} {requests.Count(r => r.Caller == i.Name)}"));
            return ((double)requests.Count / watches, byInstance);
        }
        finally
        {
            foreach (var (topUp, _) in topUps)
            {
                await rig.CompleteTopUpAsync(topUp);
            }
        }
    }
}
