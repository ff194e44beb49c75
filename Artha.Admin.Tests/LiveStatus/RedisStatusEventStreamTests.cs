using Artha.Admin.LiveStatus;
using Artha.Admin.Tests.Infrastructure;
using Artha.Client.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using StackExchange.Redis;

namespace Artha.Admin.Tests.LiveStatus;

/// <summary>
/// The Redis pub/sub stream, with the contract of the PostgreSQL one: several instances on one Redis (each test its
/// own channel on the class's private redis-server) hear each other's changes, their own exactly once, survive a
/// dropped connection, and a Redis outage never reaches the publisher. It works whatever the database (SQLite here).
/// </summary>
public class RedisStatusEventStreamTests(RedisServer server) : IClassFixture<RedisServer>
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task A_change_published_on_one_instance_reaches_the_other_with_every_field_intact()
    {
        await using var instances = await TwoInstancesAsync();
        var (a, b) = (instances.A.Stream, instances.B.Stream);
        var (heard, subscription) = b.Listen();
        using var _ = subscription;
        var change = new StatusChange(StatusSubject.TopUp, "tu_" + Guid.NewGuid().ToString("N"), "approved",
            "Top-up of £50.00 to card ••4242 approved", new DateTime(2026, 11, 21, 9, 30, 15, 123, DateTimeKind.Utc))
        {
            CustomerId = "cus_1",
            CardId = "card_1",
            ProductId = "prod_1",
            PreviousStatus = "pending",
            InitiatedBy = "finance@artha.local",
            IsNotable = false,
        };

        await a.PublishAsync(change);

        var received = await WaitForAsync(heard, c => c.EntityId == change.EntityId);
        Assert.Equal(change, received);
        Assert.Equal(DateTimeKind.Utc, received.OccurredAtUtc.Kind);
        Assert.Equal(change, b.Recent(20).First());
    }

    [Fact]
    public async Task The_publishing_instance_hears_its_own_change_exactly_once()
    {
        await using var instances = await TwoInstancesAsync();
        var (a, b) = (instances.A.Stream, instances.B.Stream);
        var (heard, subscription) = a.Listen();
        using var _ = subscription;
        var own = Change("Card card_1 issued");
        var later = Change("Card card_2 issued");

        await a.PublishAsync(own);
        // A's subscription handles messages in order: once B's later change has reached A, so has A's own echo.
        await b.PublishAsync(later);
        await WaitForAsync(heard, c => c.EntityId == later.EntityId);

        lock (heard)
        {
            Assert.Single(heard, c => c.EntityId == own.EntityId);
        }
        Assert.Single(a.Recent(20), c => c.EntityId == own.EntityId);
    }

    [Fact]
    public async Task Instances_on_another_channel_do_not_hear_the_change()
    {
        await using var instances = await TwoInstancesAsync();
        await using var elsewhere = await RunningStream.StartAsync(server.Configuration, "other_" + Guid.NewGuid().ToString("N"));
        var (strayHeard, straySubscription) = elsewhere.Stream.Listen();
        var (heard, subscription) = instances.B.Stream.Listen();
        using var _ = straySubscription;
        using var __ = subscription;
        var change = Change("Card card_3 frozen");

        await instances.A.Stream.PublishAsync(change);
        await WaitForAsync(heard, c => c.EntityId == change.EntityId);
        // The other channel's subscriber would have had it by now: Redis delivers to every subscriber of a channel at once.
        var marker = Change("Card card_4 frozen");
        await elsewhere.Stream.PublishAsync(marker);
        await WaitForAsync(strayHeard, c => c.EntityId == marker.EntityId);

        lock (strayHeard)
        {
            Assert.DoesNotContain(strayHeard, c => c.EntityId == change.EntityId);
        }
    }

    [Fact]
    public async Task An_oversize_message_is_shortened_like_the_postgres_payload_and_still_delivered()
    {
        await using var instances = await TwoInstancesAsync();
        var (a, b) = (instances.A.Stream, instances.B.Stream);
        var (localHeard, localSubscription) = a.Listen();
        var (remoteHeard, remoteSubscription) = b.Listen();
        using var _ = localSubscription;
        using var __ = remoteSubscription;
        var change = Change(string.Concat(Enumerable.Repeat("Top-up of £50.00 to card ••4242 approved 😀 ", 500)));

        await a.PublishAsync(change);

        var received = await WaitForAsync(remoteHeard, c => c.EntityId == change.EntityId);
        Assert.EndsWith("…", received.Message);
        Assert.StartsWith(received.Message[..^1], change.Message);
        Assert.Equal(change with { Message = received.Message }, received);
        Assert.Equal(change, await WaitForAsync(localHeard, c => c.EntityId == change.EntityId));
    }

    [Fact]
    public async Task The_subscription_is_restored_after_its_connection_is_killed_and_hears_later_changes()
    {
        await using var instances = await TwoInstancesAsync();
        var (a, b) = (instances.A.Stream, instances.B.Stream);
        var (heard, subscription) = b.Listen();
        using var _ = subscription;
        var listensBefore = b.Listens;

        await using (var admin = await ConnectionMultiplexer.ConnectAsync(server.Configuration + ",allowAdmin=true"))
        {
            var killed = (long)await admin.GetServers()[0].ExecuteAsync("CLIENT", "KILL", "TYPE", "pubsub");
            Assert.True(killed >= 2, "both subscriptions were found and killed");
        }
        await WaitUntilAsync(() => b.Listens > listensBefore, "B's subscription is restored");
        var change = Change("KYC for Jane Doe approved");
        await a.PublishAsync(change);

        Assert.Equal(change, await WaitForAsync(heard, c => c.EntityId == change.EntityId));
    }

    [Fact]
    public async Task A_redis_outage_still_delivers_locally_and_only_logs_a_warning_without_the_password()
    {
        using var logs = new CapturingLoggerProvider();
        using var loggers = new LoggerFactory([logs]);
        var unreachable = $"127.0.0.1:{ClosedPort()},password=pw-not-for-logs,connectTimeout=1000";
        using var stream = new RedisStatusEventStream(unreachable, "artha_status",
            new InProcessStatusEventStream(NullLogger<InProcessStatusEventStream>.Instance), loggers.CreateLogger<RedisStatusEventStream>());
        var (heard, subscription) = stream.Listen();
        using var _ = subscription;
        var change = Change("Top-up of £20.00 to card ••1111 approved");

        var publishing = stream.PublishAsync(change);
        lock (heard)
        {
            // Local pages have it before Redis is even asked.
            Assert.Equal(change, Assert.Single(heard));
        }
        await publishing.WaitAsync(Patience);

        Assert.Contains(logs.Entries, e => e.Contains("Warning") && e.Contains(change.EntityId));
        Assert.DoesNotContain("pw-not-for-logs", logs.AllText);
    }

    [Fact]
    public void Choosing_the_redis_stream_without_a_configuration_fails_start_up_with_a_clear_message()
    {
        using var portal = new LivePortalFactory
        {
            ExtraSettings = new Dictionary<string, string?> { [LiveStatusRegistration.EventStreamKey] = "Redis" },
        };

        var error = Assert.ThrowsAny<Exception>(() => portal.Services);

        var clear = Flatten(error).OfType<InvalidOperationException>().FirstOrDefault(e => e.Message.Contains("LiveStatus:EventStream is Redis"));
        Assert.True(clear is not null, $"expected the clear start-up message, got: {error}");
        Assert.Contains("LiveStatus:Redis:Configuration", clear.Message);
    }

    [Fact]
    public async Task A_portal_on_sqlite_configured_for_the_redis_stream_shares_changes_both_ways()
    {
        var channel = "status_" + Guid.NewGuid().ToString("N");
        using var portal = new LivePortalFactory
        {
            ExtraSettings = new Dictionary<string, string?>
            {
                [LiveStatusRegistration.EventStreamKey] = "Redis",
                ["LiveStatus:Redis:Configuration"] = server.Configuration,
                ["LiveStatus:Redis:Channel"] = channel,
            },
        };
        var portalStream = Assert.IsType<RedisStatusEventStream>(portal.Services.GetRequiredService<IStatusEventStream>());
        await WaitUntilAsync(() => portalStream.Listens >= 1, "the portal's subscription starts with the host");
        await using var other = await RunningStream.StartAsync(server.Configuration, channel);
        var (portalHeard, portalSubscription) = portal.Listen();
        var (otherHeard, otherSubscription) = other.Stream.Listen();
        using var _ = portalSubscription;
        using var __ = otherSubscription;
        var fromPortal = Change("Card card_9 frozen");
        var fromOther = Change("Card card_9 unfrozen");

        await portalStream.PublishAsync(fromPortal);
        await other.Stream.PublishAsync(fromOther);

        Assert.Equal(fromPortal, await WaitForAsync(otherHeard, c => c.EntityId == fromPortal.EntityId));
        Assert.Equal(fromOther, await WaitForAsync(portalHeard, c => c.EntityId == fromOther.EntityId));
    }

    private static StatusChange Change(string message) =>
        new(StatusSubject.Card, "card_" + Guid.NewGuid().ToString("N"), "active", message, DateTime.UtcNow) { CardId = "card_1" };

    /// <summary>Two running instances on a fresh channel.</summary>
    private async Task<Instances> TwoInstancesAsync()
    {
        var channel = "status_" + Guid.NewGuid().ToString("N");
        return new Instances(await RunningStream.StartAsync(server.Configuration, channel), await RunningStream.StartAsync(server.Configuration, channel));
    }

    private sealed record Instances(RunningStream A, RunningStream B) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            await A.DisposeAsync();
            await B.DisposeAsync();
        }
    }

    private static async Task<StatusChange> WaitForAsync(List<StatusChange> heard, Func<StatusChange, bool> match)
    {
        StatusChange? found = null;
        await WaitUntilAsync(() =>
        {
            lock (heard)
            {
                found = heard.FirstOrDefault(match);
            }
            return found is not null;
        }, "the change arrives");
        return found!;
    }

    private static async Task WaitUntilAsync(Func<bool> condition, string what)
    {
        var until = DateTime.UtcNow + Patience;
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < until, $"Timed out waiting until {what}.");
            await Task.Delay(50);
        }
    }

    private static int ClosedPort()
    {
        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        return ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static IEnumerable<Exception> Flatten(Exception error)
    {
        for (Exception? e = error; e is not null; e = e.InnerException)
        {
            yield return e;
            if (e is AggregateException aggregate)
            {
                foreach (var inner in aggregate.InnerExceptions.SelectMany(Flatten))
                {
                    yield return inner;
                }
            }
        }
    }

    /// <summary>A stream started as the host would start it, subscribed before it is handed out; stops promptly on dispose.</summary>
    private sealed class RunningStream : IAsyncDisposable
    {
        private RunningStream(RedisStatusEventStream stream) => Stream = stream;

        public RedisStatusEventStream Stream { get; }

        public static async Task<RunningStream> StartAsync(string configuration, string channel)
        {
            var running = new RunningStream(new RedisStatusEventStream(configuration, channel,
                new InProcessStatusEventStream(NullLogger<InProcessStatusEventStream>.Instance), NullLogger<RedisStatusEventStream>.Instance));
            await running.Stream.StartAsync(CancellationToken.None);
            await WaitUntilAsync(() => running.Stream.Listens >= 1, "the stream has subscribed");
            return running;
        }

        public async ValueTask DisposeAsync()
        {
            await Stream.StopAsync(CancellationToken.None).WaitAsync(Patience);
            Stream.Dispose();
        }
    }
}
