using System.Collections.Concurrent;
using Artha.Admin.Data;
using Artha.Admin.LiveStatus;
using Artha.Admin.Tests.Infrastructure;
using Artha.Admin.Tests.LiveStatus;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Artha.Admin.Tests.Data;

/// <summary>
/// One portal instance's background machinery (work leases, watch poller) on a shared database, with the test's clock
/// and its own scripted Artha: two of these on one database are two instances behind a load balancer.
/// </summary>
public sealed class LeasedInstance : IAsyncDisposable
{
    private readonly ServiceProvider _services;

    public LeasedInstance(string instanceId, Action<DbContextOptionsBuilder> database, TimeProvider clock, int batchSize = 10, int maxDegreeOfParallelism = 4)
    {
        var services = new ServiceCollection();
        services.AddLogging(b => b.AddProvider(NullLoggerProvider.Instance));
        services.AddDbContextFactory<Context>(database);
        services.AddSingleton<IDbContextFactory<AdminDbContext>>(sp => new Forwarding(sp.GetRequiredService<IDbContextFactory<Context>>()));
        services.AddSingleton(clock);
        services.AddSingleton<Artha.Client.IArthaClient>(Artha);
        foreach (var kind in Enum.GetValues<WatchKind>())
        {
            services.AddOptions<StatusWatchOptions>(kind.ToString()).Configure(o =>
            {
                o.InitialIntervalSeconds = 1;
                o.MaxIntervalSeconds = 8;
                o.JitterRatio = 0;
                o.DeadlineHours = 1;
            });
        }
        services.Configure<StatusPollerOptions>(o =>
        {
            o.BatchSize = batchSize;
            o.MaxDegreeOfParallelism = maxDegreeOfParallelism;
        });
        services.Configure<WorkLeaseOptions>(o => o.InstanceId = instanceId);
        services.AddSingleton<IStatusEventStream, InProcessStatusEventStream>();
        services.AddSingleton<StatusWatchSignal>();
        services.AddSingleton<StatusWatchRegistry>();
        services.AddSingleton<StatusWatchResolver>();
        services.AddSingleton<WorkLeases>();
        services.AddSingleton<StatusWatchPoller>();
        _services = services.BuildServiceProvider();
        Artha.TopUpStatus = id =>
        {
            Polled.Add(id);
            return Task.FromResult("pending");
        };
    }

    public ScriptedArthaClient Artha { get; } = new();

    /// <summary>Every top-up id this instance asked Artha about.</summary>
    public ConcurrentBag<string> Polled { get; } = [];

    public StatusWatchPoller Poller => _services.GetRequiredService<StatusWatchPoller>();
    public WorkLeases Leases => _services.GetRequiredService<WorkLeases>();

    public AdminDbContext Db() => _services.GetRequiredService<IDbContextFactory<AdminDbContext>>().CreateDbContext();

    /// <summary>Polls round after round until a round finds nothing due for this instance.</summary>
    public async Task PollUntilIdleAsync()
    {
        while ((await Poller.RunOnceAsync(CancellationToken.None)).Polled > 0)
        {
        }
    }

    public ValueTask DisposeAsync() => _services.DisposeAsync();

    /// <summary>The provider-neutral model on whatever provider the test configures.</summary>
    private sealed class Context(DbContextOptions<Context> options) : AdminDbContext(options);

    private sealed class Forwarding(IDbContextFactory<Context> inner) : IDbContextFactory<AdminDbContext>
    {
        public AdminDbContext CreateDbContext() => inner.CreateDbContext();
    }
}

/// <summary>The lease scenarios, run on PostgreSQL here and on SQL Server by the opt-in suite.</summary>
public static class WorkLeaseScenarios
{
    public static readonly DateTimeOffset Start = new(2026, 12, 3, 9, 0, 0, TimeSpan.Zero);

    public static async Task<List<long>> AddDueTopUpWatchesAsync(LeasedInstance instance, int count, DateTime dueAt)
    {
        await using var db = instance.Db();
        var watches = Enumerable.Range(0, count).Select(i => new StatusWatch
        {
            Kind = WatchKind.TopUp,
            EntityId = $"tu-{i:D4}",
            Description = $"Top-up {i}",
            LastStatus = "pending",
            Outcome = WatchOutcome.Active,
            CreatedAtUtc = dueAt.AddMinutes(-1),
            NextPollAtUtc = dueAt,
            DeadlineUtc = dueAt.AddHours(1),
        }).ToList();
        db.StatusWatches.AddRange(watches);
        await db.SaveChangesAsync();
        return watches.Select(w => w.Id).ToList();
    }

    /// <summary>Two pollers working through one backlog at the same time: every watch is asked about exactly once.</summary>
    public static async Task Two_pollers_never_poll_the_same_watch(Action<DbContextOptionsBuilder> database)
    {
        var clock = new ManualClock(Start);
        await using var a = new LeasedInstance("instance-a", database, clock);
        await using var b = new LeasedInstance("instance-b", database, clock);
        a.Artha.CallDuration = b.Artha.CallDuration = TimeSpan.FromMilliseconds(20);
        await AddDueTopUpWatchesAsync(a, 60, Start.UtcDateTime);
        clock.Advance(TimeSpan.FromSeconds(1));

        await Task.WhenAll(Task.Run(a.PollUntilIdleAsync), Task.Run(b.PollUntilIdleAsync));

        Assert.Equal(60, a.Artha.Calls + b.Artha.Calls);
        Assert.Empty(a.Polled.Intersect(b.Polled));
        Assert.Equal(60, a.Polled.Union(b.Polled).Distinct().Count());
        Assert.True(a.Artha.Calls > 0 && b.Artha.Calls > 0, $"both instances should have taken part (A {a.Artha.Calls}, B {b.Artha.Calls})");
        await using var db = a.Db();
        Assert.Equal(60, await db.StatusWatches.CountAsync(w => w.Attempts == 1));
        // Handled watches are given back, so whichever instance finds one due next may poll it.
        Assert.Equal(0, await db.StatusWatches.CountAsync(w => w.LeaseOwner != null || w.LeaseUntilUtc != null));
    }

    /// <summary>Claimers racing for one backlog without giving anything back: no row is handed to two of them.</summary>
    public static async Task Concurrent_claims_never_overlap(Action<DbContextOptionsBuilder> database)
    {
        var clock = new ManualClock(Start);
        var instances = Enumerable.Range(0, 4).Select(i => new LeasedInstance($"claimer-{i}", database, clock)).ToList();
        try
        {
            await AddDueTopUpWatchesAsync(instances[0], 200, Start.UtcDateTime);
            var now = Start.UtcDateTime;

            var claims = await Task.WhenAll(instances.Select(instance => Task.Run(async () =>
            {
                var mine = new List<long>();
                List<StatusWatch> batch;
                while ((batch = await instance.Leases.ClaimDueWatchesAsync(now, 5, [], CancellationToken.None)).Count > 0)
                {
                    mine.AddRange(batch.Select(w => w.Id));
                    Assert.All(batch, w => Assert.Equal(instance.Leases.InstanceId, w.LeaseOwner));
                }
                return mine;
            })));

            var all = claims.SelectMany(c => c).ToList();
            Assert.Equal(200, all.Count);
            Assert.Equal(200, all.Distinct().Count());
            await using var db = instances[0].Db();
            foreach (var (instance, mine) in instances.Zip(claims))
            {
                Assert.Equal(mine.Count, await db.StatusWatches.CountAsync(w => w.LeaseOwner == instance.Leases.InstanceId));
            }
        }
        finally
        {
            foreach (var instance in instances)
            {
                await instance.DisposeAsync();
            }
        }
    }

    /// <summary>An instance that claimed watches and died: the other leaves them alone for the lease, then takes them over.</summary>
    public static async Task An_expired_lease_is_taken_over(Action<DbContextOptionsBuilder> database)
    {
        var clock = new ManualClock(Start);
        await using var dead = new LeasedInstance("instance-killed", database, clock);
        await using var survivor = new LeasedInstance("instance-survivor", database, clock);
        var ids = await AddDueTopUpWatchesAsync(dead, 3, Start.UtcDateTime);
        var claimed = await dead.Leases.ClaimDueWatchesAsync(Start.UtcDateTime, 10, [], CancellationToken.None);
        Assert.Equal(ids.Order(), claimed.Select(w => w.Id).Order());
        // ... and the instance is killed here: nothing releases its claims.

        clock.Advance(TimeSpan.FromSeconds(30));
        Assert.Equal(0, (await survivor.Poller.RunOnceAsync(CancellationToken.None)).Polled);
        // Not a busy loop while it waits: the survivor sleeps until the lease runs out.
        var sleep = await survivor.Poller.TimeUntilNextDueAsync(TimeSpan.FromMinutes(10), CancellationToken.None);
        Assert.Equal(survivor.Leases.WatchLease - TimeSpan.FromSeconds(30), sleep);

        clock.Advance(sleep);
        var round = await survivor.Poller.RunOnceAsync(CancellationToken.None);

        Assert.Equal(3, round.Polled);
        Assert.Equal(3, survivor.Artha.Calls);
        Assert.Equal(0, dead.Artha.Calls);
        await using var db = survivor.Db();
        var after = await db.StatusWatches.Where(w => ids.Contains(w.Id)).ToListAsync();
        Assert.All(after, w =>
        {
            Assert.Equal(1, w.Attempts);
            Assert.Null(w.LeaseOwner);
        });
    }

    /// <summary>Top-up intents to reconcile: one instance's claim excludes the other until it ends.</summary>
    public static async Task Top_up_intents_are_claimed_by_one_instance_until_the_lease_ends(Action<DbContextOptionsBuilder> database)
    {
        var clock = new ManualClock(Start);
        await using var a = new LeasedInstance("instance-a", database, clock);
        await using var b = new LeasedInstance("instance-b", database, clock);
        var created = Start.UtcDateTime.AddMinutes(-5);
        await using (var db = a.Db())
        {
            db.TopUpIntents.AddRange(Enumerable.Range(0, 4).Select(i => new TopUpIntent
            {
                Id = Guid.NewGuid(),
                IdempotencyKey = $"idem-{Guid.NewGuid():N}",
                CardId = $"card-{i}",
                Amount = 10m + i,
                Currency = "GBP",
                State = TopUpIntentState.Submitting,
                CreatedByUserName = "ops@artha.local",
                CreatedAtUtc = created.AddSeconds(i),
                UpdatedAtUtc = created.AddSeconds(i),
            }));
            await db.SaveChangesAsync();
        }
        var now = Start.UtcDateTime;

        var first = await a.Leases.ClaimDueTopUpIntentsAsync(now, now, 3, CancellationToken.None);
        var second = await b.Leases.ClaimDueTopUpIntentsAsync(now, now, 10, CancellationToken.None);
        var none = await a.Leases.ClaimDueTopUpIntentsAsync(now, now, 10, CancellationToken.None);

        Assert.Equal(3, first.Count);
        Assert.Single(second);
        Assert.Empty(none);
        Assert.Empty(first.Intersect(second));

        await b.Leases.ReleaseTopUpIntentAsync(second[0], CancellationToken.None);
        Assert.Equal(second, await a.Leases.ClaimDueTopUpIntentsAsync(now, now, 10, CancellationToken.None));

        var later = now + a.Leases.ReconcileLease;
        var takenOver = await b.Leases.ClaimDueTopUpIntentsAsync(later, later, 10, CancellationToken.None);
        Assert.Equal(4, takenOver.Count);
    }
}

/// <summary>Work leases on PostgreSQL (FOR UPDATE SKIP LOCKED), each test on its own database of the private cluster.</summary>
public class PostgresWorkLeaseTests(PostgresServer server) : IClassFixture<PostgresServer>
{
    private async Task<Action<DbContextOptionsBuilder>> NewDatabaseAsync()
    {
        var connectionString = server.ConnectionStringFor("leases_" + Guid.NewGuid().ToString("N")[..10]).Replace("Pooling=false", "Pooling=true");
        await using (var db = new PostgresAdminDbContext(new DbContextOptionsBuilder<PostgresAdminDbContext>().UseNpgsql(connectionString).Options))
        {
            await db.Database.MigrateAsync();
        }
        return o => o.UseNpgsql(connectionString);
    }

    [Fact]
    public async Task Two_pollers_on_one_database_never_poll_the_same_watch() =>
        await WorkLeaseScenarios.Two_pollers_never_poll_the_same_watch(await NewDatabaseAsync());

    [Fact]
    public async Task Concurrent_claims_never_hand_a_watch_to_two_instances() =>
        await WorkLeaseScenarios.Concurrent_claims_never_overlap(await NewDatabaseAsync());

    [Fact]
    public async Task A_killed_instances_watches_are_taken_over_when_its_lease_expires() =>
        await WorkLeaseScenarios.An_expired_lease_is_taken_over(await NewDatabaseAsync());

    [Fact]
    public async Task Top_up_intents_are_reconciled_by_one_instance_at_a_time() =>
        await WorkLeaseScenarios.Top_up_intents_are_claimed_by_one_instance_until_the_lease_ends(await NewDatabaseAsync());
}
