using Artha.Admin.Auditing;
using Artha.Admin.Data;
using Artha.Admin.LiveStatus;
using System.Text.Json;
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
    public async Task A_rejected_top_up_is_audited_as_failed_never_as_succeeded()
    {
        await using var harness = new LiveStatusHarness();
        await using (var db = harness.Db())
        {
            db.TopUpIntents.Add(new TopUpIntent
            {
                Id = Guid.NewGuid(), IdempotencyKey = "k-rejected", CardId = "card-1", Amount = 10.13m, Currency = "GBP", TopUpId = "tu-rejected",
                State = TopUpIntentState.Submitted, CreatedByUserName = "finance@artha.local",
            });
            await db.SaveChangesAsync();
        }
        await harness.Registry.WatchAsync(WatchKind.TopUp, "tu-rejected", "Top-up of £10.13 to card ••4242", "pending", cardId: "card-1");
        harness.Artha.TopUpStatus = _ => Task.FromResult("rejected");
        harness.Clock.Advance(TimeSpan.FromSeconds(1));

        await harness.Poller.RunOnceAsync(CancellationToken.None);

        await using var check = harness.Db();
        var audit = await check.AuditEntries.SingleAsync();
        Assert.Equal("topup.outcome", audit.Action);
        Assert.Equal(AuditOutcome.Failed, audit.Outcome);
        Assert.Contains("rejected", audit.Detail);
        Assert.Equal(TopUpIntentState.Rejected, (await check.TopUpIntents.SingleAsync()).State);
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

    [Theory]
    [InlineData("json")]
    [InlineData("io")]
    [InlineData("unexpected")]
    public async Task Any_failure_to_read_a_status_backs_the_watch_off_so_the_next_round_does_not_poll_it_again(string failure)
    {
        await using var harness = new LiveStatusHarness();
        var watch = await harness.Registry.WatchAsync(WatchKind.TopUp, "tu-bad", "Top-up", "pending");
        harness.Artha.TopUpStatus = _ => throw (failure switch
        {
            // E.g. a 200 whose body is not the JSON the client expects.
            "json" => (Exception)new JsonException("'<' is an invalid start of a value.", "$.status", 0, 0),
            "io" => new IOException("connection reset"),
            _ => new NotSupportedException("something nobody planned for"),
        });
        harness.Clock.Advance(TimeSpan.FromSeconds(1));
        var polledAt = harness.Clock.GetUtcNow().UtcDateTime;

        var first = await harness.Poller.RunOnceAsync(CancellationToken.None);
        var again = await harness.Poller.RunOnceAsync(CancellationToken.None);

        Assert.Equal(1, first.Polled);
        Assert.Equal(0, again.Polled);
        Assert.Equal(1, harness.Artha.Calls);
        var after = await harness.ReloadAsync(watch.Id);
        Assert.Equal(WatchOutcome.Active, after.Outcome);
        Assert.Equal(1, after.Attempts);
        Assert.Equal(polledAt.AddSeconds(2), after.NextPollAtUtc);
        Assert.Equal(polledAt, after.LastPolledAtUtc);
        Assert.True(await harness.Poller.TimeUntilNextDueAsync(TimeSpan.FromSeconds(5), CancellationToken.None) > TimeSpan.Zero,
            "the loop sleeps instead of polling again at once");
    }

    [Fact]
    public async Task An_outcome_the_database_refuses_backs_the_watch_off_and_completes_once_it_accepts_again()
    {
        await using var harness = new LiveStatusHarness();
        var watch = await harness.Registry.WatchAsync(WatchKind.TopUp, "tu-db", "Top-up", "pending");
        harness.Artha.TopUpStatus = _ => Task.FromResult("approved");
        await using (var db = harness.Db())
        {
            // Completing writes an audit row; make that fail as a broken database would.
            await db.Database.ExecuteSqlRawAsync("CREATE TRIGGER audit_down BEFORE INSERT ON AuditEntries BEGIN SELECT RAISE(ABORT, 'audit table unavailable'); END;");
        }
        harness.Clock.Advance(TimeSpan.FromSeconds(1));

        await harness.Poller.RunOnceAsync(CancellationToken.None);
        var again = await harness.Poller.RunOnceAsync(CancellationToken.None);

        Assert.Equal(0, again.Polled);
        var after = await harness.ReloadAsync(watch.Id);
        Assert.Equal(WatchOutcome.Active, after.Outcome);
        Assert.Equal(1, after.Attempts);
        Assert.True(after.NextPollAtUtc > harness.Clock.GetUtcNow().UtcDateTime);
        Assert.Empty(harness.Published);

        await using (var db = harness.Db())
        {
            await db.Database.ExecuteSqlRawAsync("DROP TRIGGER audit_down;");
        }
        harness.Clock.Advance(after.NextPollAtUtc - harness.Clock.GetUtcNow().UtcDateTime);
        await harness.Poller.RunOnceAsync(CancellationToken.None);
        Assert.Equal(WatchOutcome.Completed, (await harness.ReloadAsync(watch.Id)).Outcome);
    }

    [Fact]
    public async Task When_not_even_the_backoff_can_be_stored_the_watch_is_held_back_in_memory_and_the_loop_does_not_spin()
    {
        await using var harness = new LiveStatusHarness();
        var watch = await harness.Registry.WatchAsync(WatchKind.TopUp, "tu-stuck", "Top-up", "pending");
        harness.Artha.TopUpStatus = _ => Task.FromResult("pending");
        await using (var db = harness.Db())
        {
            await db.Database.ExecuteSqlRawAsync("CREATE TRIGGER watches_down BEFORE UPDATE ON StatusWatches BEGIN SELECT RAISE(ABORT, 'database unavailable'); END;");
        }
        harness.Clock.Advance(TimeSpan.FromSeconds(1));

        await harness.Poller.RunOnceAsync(CancellationToken.None);
        var again = await harness.Poller.RunOnceAsync(CancellationToken.None);
        var sleep = await harness.Poller.TimeUntilNextDueAsync(TimeSpan.FromSeconds(5), CancellationToken.None);

        Assert.Equal(0, again.Polled);
        Assert.Equal(1, harness.Artha.Calls);
        Assert.Equal(0, (await harness.ReloadAsync(watch.Id)).Attempts);
        Assert.InRange(sleep, TimeSpan.FromTicks(1), TimeSpan.FromSeconds(2));

        await using (var db = harness.Db())
        {
            await db.Database.ExecuteSqlRawAsync("DROP TRIGGER watches_down;");
        }
        harness.Clock.Advance(sleep);
        Assert.Equal(1, (await harness.Poller.RunOnceAsync(CancellationToken.None)).Polled);
        Assert.Equal(1, (await harness.ReloadAsync(watch.Id)).Attempts);
    }

    [Fact]
    public async Task Shutting_down_mid_poll_ends_the_round_without_backing_anything_off()
    {
        await using var harness = new LiveStatusHarness();
        var watch = await harness.Registry.WatchAsync(WatchKind.TopUp, "tu-stop", "Top-up", "pending");
        using var shutdown = new CancellationTokenSource();
        harness.Artha.TopUpStatus = _ =>
        {
            shutdown.Cancel();
            throw new OperationCanceledException(shutdown.Token);
        };
        harness.Clock.Advance(TimeSpan.FromSeconds(1));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => harness.Poller.RunOnceAsync(shutdown.Token));

        var after = await harness.ReloadAsync(watch.Id);
        Assert.Equal(0, after.Attempts);
        Assert.Null(after.LastPolledAtUtc);
    }

    [Fact]
    public async Task Watches_started_together_get_first_polls_spread_over_the_jitter_band()
    {
        await using var harness = new LiveStatusHarness(jitterRatio: 0.2);
        var now = harness.Clock.GetUtcNow().UtcDateTime;

        var firsts = new List<DateTime>();
        for (var i = 0; i < 20; i++)
        {
            firsts.Add((await harness.Registry.WatchAsync(WatchKind.TopUp, $"tu-j{i}", "Top-up", "pending")).NextPollAtUtc);
        }

        // Initial interval 1 s shortened by up to 20 %: every first poll lies in (now + 0.8 s, now + 1 s].
        Assert.All(firsts, f => Assert.InRange(f, now.AddSeconds(0.8), now.AddSeconds(1)));
        Assert.True(firsts.Distinct().Count() > 1, "watches started together must not all poll at the same instant");
        await using var db = harness.Db();
        Assert.Equal(firsts.Order(), (await db.StatusWatches.Select(w => w.NextPollAtUtc).ToListAsync()).Order());
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
        // Never more calls in flight than configured, and really concurrent (more than one at a time).
        Assert.InRange(harness.Artha.MaxInFlight, 2, Parallelism);
        Assert.Equal(10, rounds);
        await using var check = harness.Db();
        Assert.Equal(1000, await check.StatusWatches.CountAsync(w => w.Outcome == WatchOutcome.Completed));
        Assert.Equal(1000, harness.Published.Count(c => c.IsNotable));
    }

    [Fact]
    public async Task The_hosted_loop_works_a_burst_of_a_thousand_due_watches_through_with_bounded_concurrency_and_stops_cleanly()
    {
        const int Parallelism = 4;
        await using var harness = new LiveStatusHarness(maxDegreeOfParallelism: Parallelism, batchSize: 100, maxIdleSeconds: 0.2);
        var now = harness.Clock.GetUtcNow().UtcDateTime;
        await using (var db = harness.Db())
        {
            db.StatusWatches.AddRange(Enumerable.Range(0, 1000).Select(i => new StatusWatch
            {
                Kind = WatchKind.TopUp, EntityId = $"tu-h{i}", Description = $"Top-up {i}", LastStatus = "pending",
                Outcome = WatchOutcome.Active, CreatedAtUtc = now, NextPollAtUtc = now.AddSeconds(-i % 7), DeadlineUtc = now.AddHours(1),
            }));
            await db.SaveChangesAsync();
        }
        harness.Artha.CallDuration = TimeSpan.FromMilliseconds(5);
        harness.Artha.TopUpStatus = _ => Task.FromResult("approved");

        await harness.Poller.StartAsync(CancellationToken.None);
        int completed;
        // Waits for the outcome (generously, for a busy machine); the assertions below are about counts, not time.
        var giveUp = DateTime.UtcNow.AddSeconds(120);
        do
        {
            await Task.Delay(100);
            await using var db = harness.Db();
            completed = await db.StatusWatches.CountAsync(w => w.Outcome == WatchOutcome.Completed);
        }
        while (completed < 1000 && DateTime.UtcNow < giveUp);
        await harness.Poller.StopAsync(CancellationToken.None);

        Assert.Equal(1000, completed);
        Assert.Equal(1000, harness.Artha.Calls);
        Assert.InRange(harness.Artha.MaxInFlight, 1, Parallelism);
        Assert.True(harness.Poller.ExecuteTask?.IsCompleted, "the loop ended on StopAsync");
        Assert.False(harness.Poller.ExecuteTask?.IsFaulted);
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
