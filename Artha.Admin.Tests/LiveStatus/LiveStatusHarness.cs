using Artha.Admin.Data;
using Artha.Admin.LiveStatus;
using Artha.Client;
using Artha.Client.Models;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Artha.Admin.Tests.LiveStatus;

/// <summary>A clock the test moves by hand.</summary>
public sealed class ManualClock(DateTimeOffset start) : TimeProvider
{
    private DateTimeOffset _now = start;

    public override DateTimeOffset GetUtcNow() => _now;

    public void Advance(TimeSpan by) => _now += by;
}

/// <summary>
/// An IArthaClient whose top-up, card and KYC status reads (and the cards list of a replacement search) are answered by
/// the test, counting calls and the most calls in flight at once. Only the reads the poller makes are implemented.
/// </summary>
public sealed class ScriptedArthaClient : IArthaClient, IFundingClient, ICardsClient, IApplicantsClient
{
    private int _inFlight;
    private int _maxInFlight;
    private int _calls;

    public Func<string, Task<string>> TopUpStatus { get; set; } = _ => Task.FromResult("pending");
    public Func<string, Task<string>> CardState { get; set; } = _ => Task.FromResult("pending");
    public Func<string, string, Task<string>> KycStatus { get; set; } = (_, _) => Task.FromResult("Pending");
    /// <summary>Cards List (the replacement search): the cards Artha lists for the query; none by default.</summary>
    public Func<CardListQuery?, Task<IReadOnlyList<Card>>> CardList { get; set; } = _ => Task.FromResult<IReadOnlyList<Card>>([]);
    /// <summary>Every Cards List query asked, in order.</summary>
    public List<CardListQuery?> CardListQueries { get; } = [];
    public TimeSpan CallDuration { get; set; } = TimeSpan.Zero;

    public int Calls => Volatile.Read(ref _calls);
    public int MaxInFlight => Volatile.Read(ref _maxInFlight);

    public ICustomersClient Customers => throw new NotSupportedException("Not used by the live-status machinery.");
    public IApplicantsClient Applicants => this;
    public IUploadsClient Uploads => throw new NotSupportedException("Not used by the live-status machinery.");
    public IProductsClient Products => throw new NotSupportedException("Not used by the live-status machinery.");
    public ICardsClient Cards => this;
    public ICardOperationsClient CardOperations => throw new NotSupportedException("Not used by the live-status machinery.");
    public ICardLimitsClient Limits => throw new NotSupportedException("Not used by the live-status machinery.");
    public IFundingClient Funding => this;
    public ITransactionsClient Transactions => throw new NotSupportedException("Not used by the live-status machinery.");

    private async Task<T> TrackAsync<T>(Func<Task<T>> call)
    {
        Interlocked.Increment(ref _calls);
        var now = Interlocked.Increment(ref _inFlight);
        int seen;
        while (now > (seen = Volatile.Read(ref _maxInFlight)) && Interlocked.CompareExchange(ref _maxInFlight, now, seen) != seen)
        {
        }
        try
        {
            if (CallDuration > TimeSpan.Zero)
            {
                await Task.Delay(CallDuration);
            }
            return await call();
        }
        finally
        {
            Interlocked.Decrement(ref _inFlight);
        }
    }

    public Task<TopUp> GetTopUpStatusAsync(string topUpId, CancellationToken cancellationToken) =>
        TrackAsync(async () => new TopUp { Id = topUpId, TransactionId = topUpId, Status = new TopUpStatus(await TopUpStatus(topUpId)) });

    public Task<Card> GetAsync(string cardId, CancellationToken cancellationToken) =>
        TrackAsync(async () => new Card { Id = cardId, State = new CardState(await CardState(cardId)) });

    public Task<ApplicantStatusResult> GetStatusAsync(string customerId, string productId, CancellationToken cancellationToken) =>
        TrackAsync(async () => new ApplicantStatusResult { CustomerId = customerId, ProductId = productId, ApplicantStatus = new KycStatus(await KycStatus(customerId, productId)) });

    public Task<TopUpResult> TopUpAsync(string cardId, TopUpRequest request, CancellationToken cancellationToken) => throw new NotSupportedException();
    public Task<CardBalance> GetBalanceAsync(string cardId, CancellationToken cancellationToken) => throw new NotSupportedException();
    public Task<PagedResult<TopUp>> ListCardTopUpsAsync(string cardId, TopUpListQuery? query, CancellationToken cancellationToken) => throw new NotSupportedException();
    public Task<PagedResult<TopUp>> ListTopUpsAsync(TopUpListQuery? query, CancellationToken cancellationToken) => throw new NotSupportedException();
    public Task<Card> IssueAsync(IssueCardRequest request, CancellationToken cancellationToken) => throw new NotSupportedException();
    public Task<PagedResult<Card>> ListAsync(CardListQuery? query, CancellationToken cancellationToken) =>
        TrackAsync(async () =>
        {
            lock (CardListQueries)
            {
                CardListQueries.Add(query);
            }
            var cards = await CardList(query);
            return new PagedResult<Card>(cards, cards.Count, query?.Limit, query?.Offset);
        });
    public Task<SensitiveCardDetails> GetSensitiveDetailsAsync(string cardId, CancellationToken cancellationToken) => throw new NotSupportedException();
    public Task<ApplicantStatusResult?> SubmitAsync(string customerId, string productId, SubmitApplicantRequest request, CancellationToken cancellationToken) => throw new NotSupportedException();
}

/// <summary>
/// The live-status services on a private SQLite file with a hand-moved clock and a scripted Artha, without the
/// rest of the portal: for the poller's and resolver's rules.
/// </summary>
public sealed class LiveStatusHarness : IAsyncDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "artha-live-tests", Guid.NewGuid().ToString("N"));
    private readonly ServiceProvider _services;

    public LiveStatusHarness(int maxDegreeOfParallelism = 4, int batchSize = 100, double jitterRatio = 0, double maxIdleSeconds = 5)
    {
        Directory.CreateDirectory(_folder);
        var services = new ServiceCollection();
        services.AddLogging(b => b.AddProvider(NullLoggerProvider.Instance));
        services.AddDbContextFactory<SqliteAdminDbContext>(o => o.UseSqlite($"Data Source={Path.Combine(_folder, "live.db")}"));
        services.AddSingleton<IDbContextFactory<AdminDbContext>>(sp => new Forwarding(sp.GetRequiredService<IDbContextFactory<SqliteAdminDbContext>>()));
        services.AddSingleton<TimeProvider>(Clock);
        services.AddSingleton<IArthaClient>(Artha);
        foreach (var kind in Enum.GetValues<WatchKind>())
        {
            services.AddOptions<StatusWatchOptions>(kind.ToString()).Configure(o =>
            {
                o.InitialIntervalSeconds = 1;
                o.MaxIntervalSeconds = 8;
                o.BackoffFactor = 2;
                o.JitterRatio = jitterRatio;
                o.DeadlineHours = 1;
            });
        }
        services.Configure<StatusPollerOptions>(o =>
        {
            o.MaxDegreeOfParallelism = maxDegreeOfParallelism;
            o.BatchSize = batchSize;
            o.MaxIdleSeconds = maxIdleSeconds;
        });
        services.AddSingleton<IStatusEventStream, InProcessStatusEventStream>();
        services.AddSingleton<StatusWatchSignal>();
        services.AddSingleton<StatusWatchRegistry>();
        services.AddSingleton<StatusWatchResolver>();
        services.AddSingleton<WorkLeases>();
        services.AddSingleton<StatusWatchPoller>();
        _services = services.BuildServiceProvider();
        using var db = Db();
        db.Database.Migrate();
        Events.Subscribe(change =>
        {
            lock (Published)
            {
                Published.Add(change);
            }
            return Task.CompletedTask;
        });
    }

    public ManualClock Clock { get; } = new(new DateTimeOffset(2026, 11, 21, 9, 0, 0, TimeSpan.Zero));
    public ScriptedArthaClient Artha { get; } = new();
    public List<StatusChange> Published { get; } = [];

    public IStatusEventStream Events => _services.GetRequiredService<IStatusEventStream>();
    public StatusWatchRegistry Registry => _services.GetRequiredService<StatusWatchRegistry>();
    public StatusWatchPoller Poller => _services.GetRequiredService<StatusWatchPoller>();
    public StatusWatchResolver Resolver => _services.GetRequiredService<StatusWatchResolver>();
    public StatusWatchSignal Signal => _services.GetRequiredService<StatusWatchSignal>();

    public AdminDbContext Db() => _services.GetRequiredService<IDbContextFactory<AdminDbContext>>().CreateDbContext();

    public async Task<StatusWatch> ReloadAsync(long id)
    {
        await using var db = Db();
        return await db.StatusWatches.AsNoTracking().SingleAsync(w => w.Id == id);
    }

    public async ValueTask DisposeAsync()
    {
        await _services.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (IOException)
        {
            // Left for the OS to clean.
        }
    }

    private sealed class Forwarding(IDbContextFactory<SqliteAdminDbContext> inner) : IDbContextFactory<AdminDbContext>
    {
        public AdminDbContext CreateDbContext() => inner.CreateDbContext();
    }
}
