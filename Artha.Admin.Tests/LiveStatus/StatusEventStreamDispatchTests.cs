using Artha.Admin.LiveStatus;
using Microsoft.Extensions.Logging.Abstractions;

namespace Artha.Admin.Tests.LiveStatus;

/// <summary>Publishing never waits for a subscriber's work; each subscriber still sees its changes one at a time, in order.</summary>
public class StatusEventStreamDispatchTests
{
    /// <summary>How long a test waits for background delivery before failing (a safety net, not a measurement).</summary>
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    private readonly InProcessStatusEventStream _stream = new(NullLogger<InProcessStatusEventStream>.Instance);

    private static StatusChange Change(string id) => new(StatusSubject.TopUp, id, "approved", $"Top-up {id} approved", DateTime.UtcNow);

    [Fact]
    public async Task A_subscriber_blocked_in_its_handler_does_not_hold_up_publishing_or_the_other_subscribers()
    {
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var slowSeen = new List<string>();
        var slowDone = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _stream.Subscribe(async change =>
        {
            lock (slowSeen)
            {
                slowSeen.Add(change.EntityId);
            }
            await release.Task;
            if (change.EntityId == "b")
            {
                slowDone.SetResult();
            }
        });
        var fastSeen = new List<string>();
        _stream.Subscribe(change =>
        {
            fastSeen.Add(change.EntityId);
            return Task.CompletedTask;
        });

        var first = _stream.PublishAsync(Change("a"));
        var second = _stream.PublishAsync(Change("b"));

        // Both publishes are done while the slow page is still blocked on its first change.
        Assert.True(first.IsCompletedSuccessfully);
        Assert.True(second.IsCompletedSuccessfully);
        Assert.False(release.Task.IsCompleted);
        Assert.Equal(["a", "b"], fastSeen);
        lock (slowSeen)
        {
            // The second change waits for the first: one at a time per subscriber.
            Assert.Equal(["a"], slowSeen);
        }
        Assert.Equal(["b", "a"], _stream.Recent(2).Select(c => c.EntityId));

        release.SetResult();
        await slowDone.Task.WaitAsync(Patience);
        lock (slowSeen)
        {
            Assert.Equal(["a", "b"], slowSeen);
        }
    }

    [Fact]
    public async Task A_handler_that_throws_is_logged_and_still_receives_later_changes_and_so_do_the_others()
    {
        var seen = new List<string>();
        _stream.Subscribe(change => change.EntityId == "boom" ? throw new InvalidOperationException("page gone") : Task.CompletedTask);
        _stream.Subscribe(async change =>
        {
            await Task.Yield();
            if (change.EntityId == "boom-async")
            {
                throw new InvalidOperationException("reload failed");
            }
            lock (seen)
            {
                seen.Add(change.EntityId);
            }
        });
        var other = new List<string>();
        _stream.Subscribe(change =>
        {
            other.Add(change.EntityId);
            return Task.CompletedTask;
        });

        await _stream.PublishAsync(Change("boom"));
        await _stream.PublishAsync(Change("boom-async"));
        await _stream.PublishAsync(Change("after"));

        Assert.Equal(["boom", "boom-async", "after"], other);
        var until = DateTime.UtcNow + Patience;
        while (DateTime.UtcNow < until)
        {
            lock (seen)
            {
                if (seen.Contains("after"))
                {
                    break;
                }
            }
            await Task.Delay(10);
        }
        lock (seen)
        {
            Assert.Equal(["boom", "after"], seen);
        }
    }

    [Fact]
    public async Task A_disposed_subscription_gets_nothing_more_even_what_was_queued()
    {
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var seen = new List<string>();
        var subscription = _stream.Subscribe(async change =>
        {
            lock (seen)
            {
                seen.Add(change.EntityId);
            }
            await release.Task;
        });
        await _stream.PublishAsync(Change("a"));
        await _stream.PublishAsync(Change("queued"));

        subscription.Dispose();
        release.SetResult();
        await _stream.PublishAsync(Change("later"));
        // Let a drain that might still be running finish its turn.
        await Task.Yield();

        lock (seen)
        {
            Assert.Equal(["a"], seen);
        }
    }
}
