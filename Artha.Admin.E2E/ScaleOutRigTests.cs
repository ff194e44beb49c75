using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;
using Artha.Admin.Data;
using Artha.Admin.E2E.Infrastructure;
using Artha.Admin.Security;
using Artha.Admin.Services;
using Artha.Client;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace Artha.Admin.E2E;

/// <summary>
/// Issue #12's acceptance on the rig (<see cref="ScaleOutRig"/>, every default left on): a sign-in on instance A is
/// accepted by instance B; each poll of a top-up's status is made by exactly one instance (counted in the sandbox's
/// request log); and kill -9 of the instance holding a watch's lease → another instance completes the watch within one
/// lease (two real portal processes, <see cref="PortalProcess"/>).
/// </summary>
[Collection(ScaleOutRig.Collection)]
public class ScaleOutRigTests(ScaleOutRig rig, ITestOutputHelper output)
{
    [Fact]
    public async Task A_sign_in_on_instance_A_is_accepted_by_instance_B_with_the_same_cookie()
    {
        await using var onA = await PortalSession.SignInAsync(rig.A, PortalRoles.Support, "rig-sign-in-on-a");
        Assert.Single(await onA.Page.Context.CookiesAsync(), c => c.Name == "ArthaAdmin.Auth");

        // The same browser (cookies are per host, not per port) opens a page of instance B: B reads the cookie A issued,
        // with the key ring both keep in the database; nobody signs in again.
        var onB = new Uri(rig.B.Address, "customers").ToString();
        await onA.LoadAsync(onB);
        await Expect(onA.Page).ToHaveURLAsync(onB);
        await Expect(onA.Page).ToHaveTitleAsync(new Regex("^Customers"));
        await onA.AssertPageHealthyAsync("Customers on instance B, signed in on A");
        await onA.ScreenshotAsync("b-accepts-the-sign-in-of-a");

        // The live-status hub of B accepts the same cookie (and, without it, refuses).
        var cookie = (await onA.Page.Context.CookiesAsync()).Single(c => c.Name == "ArthaAdmin.Auth");
        using (var http = new HttpClient { BaseAddress = rig.B.Address })
        {
            using var signedIn = new HttpRequestMessage(HttpMethod.Post, "hubs/live-status/negotiate?negotiateVersion=1") { Content = new StringContent("") };
            signedIn.Headers.Add("Cookie", $"{cookie.Name}={cookie.Value}");
            Assert.Equal(HttpStatusCode.OK, (await http.SendAsync(signedIn)).StatusCode);
            using var anonymous = new HttpRequestMessage(HttpMethod.Post, "hubs/live-status/negotiate?negotiateVersion=1") { Content = new StringContent("") };
            Assert.Equal(HttpStatusCode.Unauthorized, (await http.SendAsync(anonymous)).StatusCode);
        }

        // Control: a browser without A's cookie is sent to sign in by B.
        var stranger = await rig.B.NewPageAsync();
        try
        {
            await stranger.GotoAsync("customers");
            await Expect(stranger).ToHaveURLAsync(new Regex("/Account/Login", RegexOptions.IgnoreCase));
        }
        finally
        {
            await stranger.Context.CloseAsync();
        }
        output.WriteLine($"Signed in on {rig.A.Name} ({rig.A.Address}); {rig.B.Name} ({rig.B.Address}) served Customers and its hub with the same cookie.");
    }

    [Fact]
    public async Task Every_poll_of_a_pending_top_up_is_made_by_exactly_one_instance()
    {
        var (_, cardId) = await rig.SeedActiveCardAsync();
        // .77: the sandbox keeps it pending until told, so both instances' pollers keep finding it due (every 0.5-1 s).
        var topUpId = await TopUpAsync(rig.A, cardId, 10.77m);
        var path = ScaleOutRig.TopUpStatusPath(topUpId);
        try
        {
            // A consistent reading: no poll in flight, and the watch's poll count read before and after the log agrees.
            const int polls = 6;
            var (attempts, requests) = await WaitForValueAsync(async () =>
            {
                var before = (await WatchAsync(rig.A, topUpId))?.Attempts;
                var logged = await rig.SandboxRequestsAsync(path);
                var after = (await WatchAsync(rig.A, topUpId))?.Attempts;
                return before == after && logged.Count >= polls && logged.All(r => r.Status is not null) && logged.Count == after
                    ? (after.Value, logged)
                    : ((int, IReadOnlyList<SandboxRequest>)?)null;
            }, TimeSpan.FromSeconds(45), async () =>
            {
                var logged = await rig.SandboxRequestsAsync(path);
                return $"Expected the sandbox to log as many status requests for top-up {topUpId} as the watch counts polls " +
                    $"(at least {polls}); it logged {logged.Count} ({Describe(logged)}) and the watch counts " +
                    $"{(await WatchAsync(rig.A, topUpId))?.Attempts}. More requests than polls means two instances polled the same due watch.";
            });

            Assert.All(requests, r => Assert.True(r.Method == "GET" && r.Status == 200, $"unexpected request {r}"));
            Assert.All(requests, r => Assert.Contains(r.Caller, new[] { rig.A.Name, rig.B.Name }));
            // One poll at a time: the next is scheduled after the previous answer (0.4 s at least with the rig's jitter);
            // two instances polling the same due watch would ask within milliseconds of each other.
            var gaps = requests.Zip(requests.Skip(1), (first, next) => (next.ReceivedAt - first.CompletedAt!.Value).TotalMilliseconds).ToList();
            Assert.All(gaps, gap => Assert.True(gap >= 200, $"Two status requests for top-up {topUpId} only {gap:0} ms apart: {Describe(requests)}"));

            var byInstance = string.Join(", ", requests.GroupBy(r => r.Caller).OrderBy(g => g.Key).Select(g => $"{g.Key} {g.Count()}"));
            var report = $"Top-up {topUpId} (pending): {attempts} polls recorded by the watch, {requests.Count} status requests at the sandbox ({byInstance}); " +
                $"every poll made by exactly one instance (shortest gap between polls {gaps.Min():0} ms).";
            output.WriteLine(report);
            Console.WriteLine(report);
        }
        finally
        {
            await rig.CompleteTopUpAsync(topUpId);
        }
        // The sandbox's webhook (to A) or the next poll completes the watch: nobody polls it any more.
        await WaitForAsync(async () => (await WatchAsync(rig.A, topUpId)) is { Outcome: WatchOutcome.Completed } done ? done : null,
            TimeSpan.FromSeconds(30), () => Task.FromResult($"The watch of top-up {topUpId} was not completed after the sandbox approved it."));
    }

    [Fact]
    public async Task Kill_9_of_the_instance_holding_a_watch_lets_the_other_instance_complete_it_within_one_lease()
    {
        const int leaseSeconds = 6;
        // Its own database: the rig's A and B must not poll this watch, so the lease is between the two processes only.
        var database = await rig.CreateDatabaseAsync();
        // The instance the top-up is made through, its poller off; then two portal processes with a short watch lease.
        var starterSettings = rig.InstanceSettings("rig-E", database);
        starterSettings["LiveStatus:Poller:Enabled"] = "false";
        var starter = new RigPortalServer("rig-E", 0, starterSettings, usesBrowser: false);
        try
        {
            await ((IAsyncLifetime)starter).InitializeAsync();
            var processes = await StartProcessesAsync(database, leaseSeconds, "rig-C", "rig-D");
            await using var c = processes[0];
            await using var d = processes[1];

            var (_, cardId) = await rig.SeedActiveCardAsync();
            // Whichever process claims the watch first keeps its status request in flight, holding the lease.
            await rig.StallAsync("/api/v1/topupstatus/", c.Name);
            await rig.StallAsync("/api/v1/topupstatus/", d.Name);
            var topUpId = await TopUpAsync(starter, cardId, 12.00m);
            var path = ScaleOutRig.TopUpStatusPath(topUpId);

            var held = await WaitForAsync(async () => (await rig.SandboxRequestsAsync(path)).FirstOrDefault(r => r.CompletedAt is null),
                TimeSpan.FromSeconds(30), () => Task.FromResult($"Neither {c.Name} nor {d.Name} polled top-up {topUpId} within 30 s; see {c.LogPath} and {d.LogPath}."));
            var (holder, survivor) = held.Caller == c.Name ? (c, d) : (d, c);
            var leased = await WatchAsync(starter, topUpId);
            Assert.NotNull(leased);
            Assert.Equal(holder.Name, leased.LeaseOwner);
            var leaseUntil = DateTime.SpecifyKind(leased.LeaseUntilUtc!.Value, DateTimeKind.Utc);

            await holder.KillAsync();
            var killedAt = DateTime.UtcNow;
            Assert.True(holder.HasExited);
            // The sandbox sees the dead connection end the held request (never answered) ...
            await WaitForAsync(async () => (await rig.SandboxRequestsAsync(path, holder.Name)).SingleOrDefault(r => r.CompletedAt is not null),
                TimeSpan.FromSeconds(30), () => Task.FromResult($"The sandbox did not notice within 30 s that {holder.Name}'s held request ended with the process."));
            // ... and the survivor's poll must be answered: the sandbox approved the top-up 2 s after it was made.
            await rig.LiftStallsAsync();

            var completed = await WaitForAsync(async () => (await WatchAsync(starter, topUpId)) is { Outcome: WatchOutcome.Completed } done ? done : null,
                TimeSpan.FromSeconds(leaseSeconds + 30),
                () => Task.FromResult($"{survivor.Name} did not complete the watch of top-up {topUpId} after {holder.Name} was killed (lease until {leaseUntil:O}); see {survivor.LogPath}."));
            var completedAt = DateTime.SpecifyKind(completed.CompletedAtUtc!.Value, DateTimeKind.Utc);

            var requests = await rig.SandboxRequestsAsync(path);
            var answered = requests.Where(r => r.Status == 200).ToList();
            // The killed holder never got its answer; the survivor asked once its lease had run out, and was answered.
            Assert.DoesNotContain(answered, r => r.Caller == holder.Name);
            var takeOver = Assert.Single(answered);
            Assert.Equal(survivor.Name, takeOver.Caller);
            Assert.True(takeOver.ReceivedAt.UtcDateTime >= leaseUntil.AddMilliseconds(-50),
                $"{survivor.Name} polled at {takeOver.ReceivedAt:O}, before {holder.Name}'s lease ran out at {leaseUntil:O}.");
            Assert.Equal("approved", completed.LastStatus);
            var lateBy = (completedAt - leaseUntil).TotalSeconds;
            var afterKill = (completedAt - killedAt).TotalSeconds;
            // Within one lease of the kill (the lease was taken before it), plus one idle round of the survivor's poller at most.
            Assert.True(afterKill <= leaseSeconds + 10, $"Completed {afterKill:0.0} s after the kill; the lease is {leaseSeconds} s (allowed: the lease, one idle round of the survivor's poller and its first Artha call).");

            await using (var db = await starter.Services.GetRequiredService<IDbContextFactory<AdminDbContext>>().CreateDbContextAsync())
            {
                var outcome = await db.AuditEntries.AsNoTracking().SingleAsync(a => a.Action == "topup.outcome" && a.TargetId == topUpId);
                Assert.Contains("learned by polling", outcome.Detail);
            }

            var report = string.Create(CultureInfo.InvariantCulture,
                $"kill -9 take-over: {holder.Name} held the watch of top-up {topUpId} (lease {leaseSeconds} s, until {leaseUntil:HH:mm:ss.fff}) and was killed " +
                $"at {killedAt:HH:mm:ss.fff}; {survivor.Name} polled at {takeOver.ReceivedAt.UtcDateTime:HH:mm:ss.fff} and completed it (approved) " +
                $"{afterKill:0.0} s after the kill, {lateBy:0.00} s after the lease ran out.");
            output.WriteLine(report);
            Console.WriteLine(report);
        }
        finally
        {
            await rig.LiftStallsAsync();
            await ((IAsyncLifetime)starter).DisposeAsync();
        }
    }

    /// <summary>Portal processes on <paramref name="database"/>, started side by side; none is left running if one fails to start.</summary>
    private async Task<PortalProcess[]> StartProcessesAsync(string database, int leaseSeconds, params string[] names)
    {
        var starts = names.Select(name =>
        {
            var settings = rig.InstanceSettings(name, database);
            settings["WorkLeases:WatchLeaseSeconds"] = leaseSeconds.ToString(CultureInfo.InvariantCulture);
            return PortalProcess.StartAsync(name, settings, TimeSpan.FromSeconds(120));
        }).ToList();
        try
        {
            return await Task.WhenAll(starts);
        }
        catch
        {
            foreach (var start in starts.Where(s => s.IsCompletedSuccessfully))
            {
                await start.Result.DisposeAsync();
            }
            throw;
        }
    }

    /// <summary>A top-up of <paramref name="amount"/> (in the card's currency) made by Finance through <paramref name="through"/>; its top-up id.</summary>
    internal static async Task<string> TopUpAsync(RigPortalServer through, string cardId, decimal amount)
    {
        await using var finance = through.ScopeAs(PortalRoles.Finance);
        var card = await finance.ServiceProvider.GetRequiredService<IArthaClient>().Cards.GetAsync(cardId, CancellationToken.None);
        var outcome = await finance.ServiceProvider.GetRequiredService<ArthaService>()
            .TopUpAsync(Guid.NewGuid().ToString("N"), cardId, amount, card.Currency!);
        return outcome.TopUpId ?? throw new InvalidOperationException($"The top-up of card {cardId} through {through.Name} got no top-up id: {outcome.Message}");
    }

    /// <summary>The top-up's watch as stored in the database of <paramref name="on"/>.</summary>
    internal static async Task<StatusWatch?> WatchAsync(PortalServer on, string topUpId)
    {
        await using var db = await on.Services.GetRequiredService<IDbContextFactory<AdminDbContext>>().CreateDbContextAsync();
        return await db.StatusWatches.AsNoTracking().SingleOrDefaultAsync(w => w.Kind == WatchKind.TopUp && w.EntityId == topUpId);
    }

    /// <summary>Asks <paramref name="probe"/> every 100 ms until it returns something; fails with <paramref name="describe"/>'s message after <paramref name="timeout"/>.</summary>
    internal static async Task<T> WaitForAsync<T>(Func<Task<T?>> probe, TimeSpan timeout, Func<Task<string>> describe) where T : class
    {
        var until = DateTime.UtcNow + timeout;
        while (true)
        {
            if (await probe() is { } found)
            {
                return found;
            }
            if (DateTime.UtcNow > until)
            {
                Assert.Fail(await describe());
            }
            await Task.Delay(100);
        }
    }

    /// <summary><see cref="WaitForAsync{T}"/> for a value (e.g. a tuple of readings).</summary>
    internal static async Task<T> WaitForValueAsync<T>(Func<Task<T?>> probe, TimeSpan timeout, Func<Task<string>> describe) where T : struct
    {
        var until = DateTime.UtcNow + timeout;
        while (true)
        {
            if (await probe() is { } found)
            {
                return found;
            }
            if (DateTime.UtcNow > until)
            {
                Assert.Fail(await describe());
            }
            await Task.Delay(100);
        }
    }

    internal static string Describe(IEnumerable<SandboxRequest> requests) =>
        string.Join("; ", requests.Select(r => $"{r.Caller} {r.Method} at {r.ReceivedAt:HH:mm:ss.fff} -> {r.Status?.ToString(CultureInfo.InvariantCulture) ?? "in flight"}"));
}
