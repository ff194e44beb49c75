using Artha.Admin.Auditing;
using Artha.Admin.Data;
using Artha.Admin.LiveStatus;
using Artha.Client.Errors;
using Microsoft.EntityFrameworkCore;

namespace Artha.Admin.Tests.LiveStatus;

/// <summary>The poller's rules on a private database, with a hand-moved clock and a scripted Artha.</summary>
public class StatusWatchPollerTests
{
    [Fact]
    public async Task An_approved_top_up_completes_its_watch_notifies_audits_as_the_system_and_approves_the_intent()
    {
        await using var harness = new LiveStatusHarness();
        await using (var db = harness.Db())
        {
            db.TopUpIntents.Add(new TopUpIntent
            {
                Id = Guid.NewGuid(), IdempotencyKey = "k1", CardId = "card-1", Amount = 50m, Currency = "GBP", TopUpId = "tu-1",
                State = TopUpIntentState.Submitted, CreatedByUserName = "finance@artha.local",
            });
            await db.SaveChangesAsync();
        }
        var watch = await harness.Registry.WatchAsync(WatchKind.TopUp, "tu-1", "Top-up of £50.00 to card ••4242", "pending", cardId: "card-1");
        harness.Artha.TopUpStatus = _ => Task.FromResult("approved");
        harness.Clock.Advance(TimeSpan.FromSeconds(1));

        await harness.Poller.RunOnceAsync(CancellationToken.None);

        var done = await harness.ReloadAsync(watch.Id);
        Assert.Equal(WatchOutcome.Completed, done.Outcome);
        Assert.Equal("approved", done.LastStatus);
        var change = Assert.Single(harness.Published);
        Assert.True(change.IsNotable);
        Assert.Equal("Top-up of £50.00 to card ••4242 approved", change.Message);
        Assert.Equal(StatusSubject.TopUp, change.Subject);
        Assert.Equal("card-1", change.CardId);
        await using var check = harness.Db();
        var audit = await check.AuditEntries.SingleAsync();
        Assert.Equal(StatusWatchResolver.SystemActor, audit.UserName);
        Assert.Equal(AuditOutcome.Succeeded, audit.Outcome);
        Assert.Equal("topup.outcome", audit.Action);
        Assert.Contains("approved", audit.Detail);
        Assert.Equal(TopUpIntentState.Approved, (await check.TopUpIntents.SingleAsync()).State);
    }

    [Fact]
    public async Task A_watch_is_not_polled_before_it_is_due()
    {
        await using var harness = new LiveStatusHarness();
        await harness.Registry.WatchAsync(WatchKind.TopUp, "tu-early", "Top-up", "pending");

        var round = await harness.Poller.RunOnceAsync(CancellationToken.None);

        Assert.Equal(0, round.Polled);
        Assert.Equal(0, harness.Artha.Calls);
    }

    [Fact]
    public async Task A_pending_status_reschedules_with_growing_intervals_and_a_change_of_status_is_published_as_routine()
    {
        await using var harness = new LiveStatusHarness();
        var watch = await harness.Registry.WatchAsync(WatchKind.Kyc, "cust-1", "KYC for Jane Doe", "Pending", productId: "prod-1");
        harness.Artha.KycStatus = (_, _) => Task.FromResult("UnderReview");
        var gaps = new List<TimeSpan>();
        for (var i = 0; i < 4; i++)
        {
            var before = await harness.ReloadAsync(watch.Id);
            harness.Clock.Advance(before.NextPollAtUtc - harness.Clock.GetUtcNow().UtcDateTime);
            await harness.Poller.RunOnceAsync(CancellationToken.None);
            var after = await harness.ReloadAsync(watch.Id);
            gaps.Add(after.NextPollAtUtc - harness.Clock.GetUtcNow().UtcDateTime);
        }

        Assert.Equal([2, 4, 8, 8], gaps.Select(g => g.TotalSeconds));
        var change = Assert.Single(harness.Published);
        Assert.False(change.IsNotable);
        Assert.Equal("KYC for Jane Doe is under review", change.Message);
        Assert.Equal(WatchOutcome.Active, (await harness.ReloadAsync(watch.Id)).Outcome);
    }

    [Fact]
    public async Task Past_the_deadline_a_watch_times_out_with_a_notification_and_a_failed_audit_row()
    {
        await using var harness = new LiveStatusHarness();
        var watch = await harness.Registry.WatchAsync(WatchKind.CardIssuance, "card-9", "Virtual card for Jane Doe", "pending", cardId: "card-9");
        harness.Clock.Advance(TimeSpan.FromHours(1) + TimeSpan.FromSeconds(1));

        await harness.Poller.RunOnceAsync(CancellationToken.None);

        var done = await harness.ReloadAsync(watch.Id);
        Assert.Equal(WatchOutcome.TimedOut, done.Outcome);
        var change = Assert.Single(harness.Published);
        Assert.True(change.IsNotable);
        Assert.Equal("Virtual card for Jane Doe timed out — check with Artha", change.Message);
        await using var db = harness.Db();
        var audit = await db.AuditEntries.SingleAsync();
        Assert.Equal(AuditOutcome.Failed, audit.Outcome);
        Assert.Equal(StatusWatchResolver.SystemActor, audit.UserName);
        Assert.Contains("timed out", audit.Detail);
    }

    [Fact]
    public async Task The_last_poll_is_at_the_deadline_and_a_terminal_answer_there_still_completes_the_watch()
    {
        await using var harness = new LiveStatusHarness();
        var watch = await harness.Registry.WatchAsync(WatchKind.TopUp, "tu-late", "Top-up of £5.00", "pending");
        // 1 h deadline, intervals 1, 2, 4, 8, 8 … s: walk the schedule and check no poll is planned after the deadline.
        StatusWatch current;
        while ((current = await harness.ReloadAsync(watch.Id)).NextPollAtUtc < current.DeadlineUtc)
        {
            harness.Clock.Advance(current.NextPollAtUtc - harness.Clock.GetUtcNow().UtcDateTime);
            await harness.Poller.RunOnceAsync(CancellationToken.None);
        }
        Assert.Equal(current.DeadlineUtc, current.NextPollAtUtc);
        Assert.Equal(WatchOutcome.Active, current.Outcome);

        harness.Artha.TopUpStatus = _ => Task.FromResult("rejected");
        harness.Clock.Advance(current.NextPollAtUtc - harness.Clock.GetUtcNow().UtcDateTime);
        await harness.Poller.RunOnceAsync(CancellationToken.None);

        Assert.Equal(WatchOutcome.Completed, (await harness.ReloadAsync(watch.Id)).Outcome);
        Assert.Equal("Top-up of £5.00 rejected", Assert.Single(harness.Published, c => c.IsNotable).Message);
    }

    [Fact]
    public async Task An_artha_outage_backs_the_watch_off_and_keeps_it()
    {
        await using var harness = new LiveStatusHarness();
        var watch = await harness.Registry.WatchAsync(WatchKind.TopUp, "tu-out", "Top-up", "pending");
        harness.Artha.TopUpStatus = _ => throw new ArthaTransportException(ArthaTransportFailure.Connection, "connection refused");
        harness.Clock.Advance(TimeSpan.FromSeconds(1));

        var round = await harness.Poller.RunOnceAsync(CancellationToken.None);

        Assert.Equal(1, round.Polled);
        var after = await harness.ReloadAsync(watch.Id);
        Assert.Equal(WatchOutcome.Active, after.Outcome);
        Assert.Equal(1, after.Attempts);
        Assert.Equal(harness.Clock.GetUtcNow().UtcDateTime.AddSeconds(2), after.NextPollAtUtc);
        Assert.Empty(harness.Published);

        harness.Artha.TopUpStatus = _ => Task.FromResult("approved");
        harness.Clock.Advance(TimeSpan.FromSeconds(2));
        await harness.Poller.RunOnceAsync(CancellationToken.None);
        Assert.Equal(WatchOutcome.Completed, (await harness.ReloadAsync(watch.Id)).Outcome);
    }

    [Fact]
    public async Task A_burst_of_a_thousand_due_watches_is_worked_through_with_at_most_the_configured_calls_in_flight()
    {
        const int Parallelism = 4;
        await using var harness = new LiveStatusHarness(maxDegreeOfParallelism: Parallelism, batchSize: 100);
        var now = harness.Clock.GetUtcNow().UtcDateTime;
        await using (var db = harness.Db())
        {
            db.StatusWatches.AddRange(Enumerable.Range(0, 1000).Select(i => new StatusWatch
            {
                Kind = WatchKind.TopUp, EntityId = $"tu-{i}", Description = $"Top-up {i}", LastStatus = "pending",
                Outcome = WatchOutcome.Active, CreatedAtUtc = now, NextPollAtUtc = now.AddSeconds(-i % 7), DeadlineUtc = now.AddHours(1),
            }));
            await db.SaveChangesAsync();
        }
        harness.Artha.CallDuration = TimeSpan.FromMilliseconds(5);
        harness.Artha.TopUpStatus = _ => Task.FromResult("approved");

        var rounds = 0;
        while ((await harness.Poller.RunOnceAsync(CancellationToken.None)).Polled > 0)
        {
            rounds++;
        }

        Assert.Equal(1000, harness.Artha.Calls);
        Assert.InRange(harness.Artha.MaxInFlight, 2, Parallelism);
        Assert.Equal(10, rounds);
        await using var check = harness.Db();
        Assert.Equal(1000, await check.StatusWatches.CountAsync(w => w.Outcome == WatchOutcome.Completed));
        Assert.Equal(1000, harness.Published.Count(c => c.IsNotable));
    }

    [Fact]
    public async Task When_poll_and_webhook_learn_the_outcome_together_only_one_notification_and_audit_row_result()
    {
        await using var harness = new LiveStatusHarness();
        var watch = await harness.Registry.WatchAsync(WatchKind.TopUp, "tu-race", "Top-up of £1.00", "pending");
        harness.Artha.TopUpStatus = _ => Task.FromResult("approved");
        harness.Clock.Advance(TimeSpan.FromSeconds(1));

        await Task.WhenAll(
            harness.Poller.RunOnceAsync(CancellationToken.None),
            harness.Resolver.ApplyPushedStatusAsync(WatchKind.TopUp, "tu-race", null, "approved", CancellationToken.None));

        Assert.Single(harness.Published, c => c.IsNotable);
        await using var db = harness.Db();
        Assert.Equal(1, await db.AuditEntries.CountAsync());
        Assert.Equal(WatchOutcome.Completed, (await harness.ReloadAsync(watch.Id)).Outcome);
    }

    [Fact]
    public async Task A_new_watch_wakes_the_sleeping_poller()
    {
        await using var harness = new LiveStatusHarness();
        var sleeping = harness.Signal.WaitAsync(TimeSpan.FromMinutes(5), TimeProvider.System, CancellationToken.None);

        await harness.Registry.WatchAsync(WatchKind.TopUp, "tu-wake", "Top-up", "pending");

        var first = await Task.WhenAny(sleeping, Task.Delay(TimeSpan.FromSeconds(5)));
        Assert.Same(sleeping, first);
        Assert.True(await sleeping);
    }
}
