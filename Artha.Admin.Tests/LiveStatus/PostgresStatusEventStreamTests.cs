using Artha.Admin.LiveStatus;
using Artha.Admin.Tests.Infrastructure;
using Artha.Client.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace Artha.Admin.Tests.LiveStatus;

/// <summary>
/// The PostgreSQL LISTEN/NOTIFY stream: several instances on one database (each test its own database on the class's
/// private cluster) hear each other's changes, their own exactly once, and survive a dropped connection.
/// </summary>
public class PostgresStatusEventStreamTests(PostgresServer server) : IClassFixture<PostgresServer>
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
        // A's listener handles notifications in order: once B's later change has reached A, so has A's own echo.
        await b.PublishAsync(later);
        await WaitForAsync(heard, c => c.EntityId == later.EntityId);

        lock (heard)
        {
            Assert.Single(heard, c => c.EntityId == own.EntityId);
        }
        Assert.Single(a.Recent(20), c => c.EntityId == own.EntityId);
    }

    [Fact]
    public async Task An_oversize_message_is_shortened_to_fit_the_notify_limit_and_still_delivered()
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
        Assert.True(received.Message.Length < change.Message.Length);
        Assert.StartsWith(received.Message[..^1], change.Message);
        Assert.Equal(change with { Message = received.Message }, received);
        // The publisher's own pages keep the whole message.
        Assert.Equal(change, await WaitForAsync(localHeard, c => c.EntityId == change.EntityId));
    }

    [Theory]
    [InlineData("a")]
    [InlineData("£")]
    [InlineData("😀")]
    [InlineData("\"")]
    public void Every_payload_fits_the_notify_limit_and_reads_back(string unit)
    {
        var instance = Guid.NewGuid();
        // The other fields' length by one either way, so a cut through pairs of characters lands on both parities.
        foreach (var (length, padding) in new[] { 0, 1, 1000, 7990, 8000, 20_000 }.SelectMany(l => new[] { (l, 0), (l, 1) }))
        {
            var change = Change(string.Concat(Enumerable.Repeat(unit, length))) with { Status = "active" + new string('x', padding) };

            var payload = StatusChangePayload.Encode(instance, change);

            Assert.True(payload.Length <= StatusChangePayload.MaxBytes, $"{length} × '{unit}': {payload.Length} bytes");
            Assert.All(payload, c => Assert.True(c < 128, "the payload is plain ASCII, so characters are bytes"));
            Assert.True(StatusChangePayload.TryDecode(payload, out var from, out var decoded));
            Assert.Equal(instance, from);
            if (decoded.Message != change.Message)
            {
                Assert.EndsWith("…", decoded.Message);
                // Half a surrogate pair before the ellipsis would come back as U+FFFD and fail this.
                Assert.StartsWith(decoded.Message[..^1], change.Message, StringComparison.Ordinal);
                // As much of the message as fits: one more character (at most 12 bytes as an escaped pair) would not.
                Assert.True(payload.Length > StatusChangePayload.MaxBytes - 12, $"{length} × '{unit}': only {payload.Length} bytes used");
            }
        }
    }

    [Fact]
    public async Task The_listener_reconnects_after_its_connection_is_killed_and_hears_later_changes()
    {
        await using var instances = await TwoInstancesAsync();
        var (a, b) = (instances.A.Stream, instances.B.Stream);
        var (heard, subscription) = b.Listen();
        using var _ = subscription;
        var listensBefore = b.Listens;

        await using (var admin = new NpgsqlConnection(instances.Database))
        {
            await admin.OpenAsync();
            await using var kill = new NpgsqlCommand(
                "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity " +
                "WHERE datname = current_database() AND query LIKE 'LISTEN%' AND pid <> pg_backend_pid()", admin);
            Assert.True((long)(await kill.ExecuteScalarAsync())! >= 2, "both listeners were found and terminated");
        }
        await WaitUntilAsync(() => b.Listens > listensBefore, "B's listener reconnects");
        var change = Change("KYC for Jane Doe approved");
        await a.PublishAsync(change);

        Assert.Equal(change, await WaitForAsync(heard, c => c.EntityId == change.EntityId));
    }

    [Fact]
    public async Task A_database_outage_still_delivers_locally_and_only_logs_a_warning_without_the_connection_string()
    {
        using var logs = new CapturingLoggerProvider();
        using var loggers = new LoggerFactory([logs]);
        var unreachable = $"Host=127.0.0.1;Port={ClosedPort()};Database=artha;Username=artha;Password=pw-not-for-logs;Timeout=3";
        using var stream = new PostgresStatusEventStream(unreachable,
            new InProcessStatusEventStream(NullLogger<InProcessStatusEventStream>.Instance), loggers.CreateLogger<PostgresStatusEventStream>());
        var (heard, subscription) = stream.Listen();
        using var _ = subscription;
        var change = Change("Top-up of £20.00 to card ••1111 approved");

        await stream.PublishAsync(change);

        lock (heard)
        {
            Assert.Equal(change, Assert.Single(heard));
        }
        Assert.Contains(logs.Entries, e => e.Contains("Warning") && e.Contains(change.EntityId));
        Assert.DoesNotContain("pw-not-for-logs", logs.AllText);
    }

    [Fact]
    public void Choosing_the_postgres_stream_on_sqlite_fails_start_up_with_a_clear_message()
    {
        using var portal = new LivePortalFactory
        {
            ExtraSettings = new Dictionary<string, string?> { [LiveStatusRegistration.EventStreamKey] = "Postgres" },
        };

        var error = Assert.ThrowsAny<Exception>(() => portal.Services);

        var clear = Flatten(error).OfType<InvalidOperationException>().FirstOrDefault(e => e.Message.Contains("LiveStatus:EventStream is Postgres"));
        Assert.True(clear is not null, $"expected the clear start-up message, got: {error}");
        Assert.Contains("Database:Provider is Sqlite", clear.Message);
        Assert.Contains("Database:Provider=Postgres", clear.Message);
    }

    [Fact]
    public async Task A_portal_configured_for_the_postgres_stream_shares_changes_both_ways()
    {
        var database = await NewDatabaseAsync();
        using var portal = new LivePortalFactory
        {
            ExtraSettings = new Dictionary<string, string?>
            {
                ["Database:Provider"] = "Postgres",
                ["Database:ConnectionString"] = database,
                [LiveStatusRegistration.EventStreamKey] = "Postgres",
            },
        };
        var portalStream = Assert.IsType<PostgresStatusEventStream>(portal.Services.GetRequiredService<IStatusEventStream>());
        await WaitUntilAsync(() => portalStream.Listens >= 1, "the portal's listener starts with the host");
        await using var other = await RunningStream.StartAsync(database);
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

    /// <summary>Two running instances on a fresh database.</summary>
    private async Task<Instances> TwoInstancesAsync()
    {
        var database = await NewDatabaseAsync();
        return new Instances(database, await RunningStream.StartAsync(database), await RunningStream.StartAsync(database));
    }

    private sealed record Instances(string Database, RunningStream A, RunningStream B) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            await A.DisposeAsync();
            await B.DisposeAsync();
        }
    }

    /// <summary>A fresh database on the class's cluster (NOTIFY channels are per database), as a connection string.</summary>
    private async Task<string> NewDatabaseAsync()
    {
        var name = "status_" + Guid.NewGuid().ToString("N")[..12];
        await using var connection = new NpgsqlConnection(server.ConnectionString);
        await connection.OpenAsync();
        await using var create = new NpgsqlCommand($"CREATE DATABASE {name}", connection);
        await create.ExecuteNonQueryAsync();
        return server.ConnectionStringFor(name);
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

    /// <summary>A stream started as the host would start it, listening before it is handed out; stops promptly on dispose.</summary>
    private sealed class RunningStream : IAsyncDisposable
    {
        private RunningStream(PostgresStatusEventStream stream) => Stream = stream;

        public PostgresStatusEventStream Stream { get; }

        public static async Task<RunningStream> StartAsync(string connectionString)
        {
            var running = new RunningStream(new PostgresStatusEventStream(connectionString,
                new InProcessStatusEventStream(NullLogger<InProcessStatusEventStream>.Instance), NullLogger<PostgresStatusEventStream>.Instance));
            await running.Stream.StartAsync(CancellationToken.None);
            await WaitUntilAsync(() => running.Stream.Listens >= 1, "the listener has run LISTEN");
            return running;
        }

        public async ValueTask DisposeAsync()
        {
            // A stop that hung would fail here instead of stalling the run.
            await Stream.StopAsync(CancellationToken.None).WaitAsync(Patience);
            Stream.Dispose();
        }
    }
}
