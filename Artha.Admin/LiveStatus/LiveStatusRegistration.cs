using Artha.Admin.Data;
using Artha.Admin.Hosting;
using Artha.Admin.LiveStatus.Webhooks;

namespace Artha.Admin.LiveStatus;

public static class LiveStatusRegistration
{
    /// <summary>
    /// Watch timings per kind (named options <c>Kyc</c>, <c>CardIssuance</c>, <c>TopUp</c>, bound from
    /// <c>LiveStatus:&lt;Kind&gt;</c>; replacements use <c>CardIssuance</c>'s). Live defaults follow the seed flow (KYC: 30 s doubling, deadline 24 h);
    /// in Sandbox mode they are seconds so people see results while they watch, and the first poll waits for the
    /// embedded sandbox's own delay for that kind (<c>Sandbox:KycDelaySeconds</c> etc., default 3 s) plus 1 s: asking earlier
    /// could only hear "pending", so it would cost a call and tell nobody anything.
    /// </summary>
    public static IServiceCollection AddLiveStatus(this IServiceCollection services, IConfiguration configuration)
    {
        var sandbox = configuration.GetArthaMode() == ArthaMode.Sandbox;
        // A replacement waits for a card to be issued, so it shares CardIssuance's options (WatchStatuses.TimingOf).
        foreach (var kind in Enum.GetValues<WatchKind>().Where(k => WatchStatuses.TimingOf(k) == k.ToString()))
        {
            var (initial, max, deadlineHours) = (kind, sandbox) switch
            {
                (_, true) => (SandboxDelaySeconds(configuration, kind), 5.0, 1.0),
                (WatchKind.Kyc, false) => (30.0, 600.0, 24.0),
                (WatchKind.CardIssuance, false) => (10.0, 300.0, 24.0),
                _ => (5.0, 120.0, 6.0),
            };
            services.AddOptions<StatusWatchOptions>(kind.ToString())
                .Configure(o =>
                {
                    o.InitialIntervalSeconds = initial;
                    o.MaxIntervalSeconds = max;
                    o.DeadlineHours = deadlineHours;
                })
                .Bind(configuration.GetSection($"{StatusWatchOptions.Section}:{kind}"));
        }

        services.AddOptions<StatusPollerOptions>().Bind(configuration.GetSection(StatusPollerOptions.Section));
        services.AddOptions<WebhookReceiverOptions>()
            .Configure(o =>
            {
                // Read when first used, so values the embedded sandbox adds to configuration are seen.
                o.Secret = configuration["Artha:WebhookSecret"];
                o.ApiKey = configuration["Artha:WebhookApiKey"];
                if (configuration.GetArthaMode() == ArthaMode.Sandbox)
                {
                    // The embedded sandbox signs deliveries with Sandbox:WebhookSecret, else its API secret.
                    o.Secret ??= configuration["Sandbox:WebhookSecret"] ?? configuration["Sandbox:Secret"] ?? ArthaConnection.DefaultSandboxSecret;
                    o.ApiKey ??= configuration["Sandbox:ApiKey"] ?? ArthaConnection.DefaultSandboxApiKey;
                }
            })
            .Bind(configuration.GetSection($"{StatusWatchOptions.Section}:Webhooks"));

        // The stream every page listens to: this process only, or every instance on one PostgreSQL database.
        AddEventStream(services, configuration);
        services.AddSingleton<StatusWatchSignal>();
        services.AddSingleton<StatusWatchRegistry>();
        services.AddSingleton<StatusWatchResolver>();
        services.AddSingleton<StatusWatchPoller>();
        services.AddHostedService(sp => sp.GetRequiredService<StatusWatchPoller>());

        services.AddSingleton<IWebhookSignatureVerifier, HmacWebhookSignatureVerifier>();
        services.AddSingleton<WebhookInbox>();
        services.AddSingleton<WebhookProcessor>();
        services.AddHostedService(sp => sp.GetRequiredService<WebhookProcessor>());
        return services;
    }

    /// <summary>The configuration key that picks the stream (<see cref="StatusEventStreamKind"/>).</summary>
    public const string EventStreamKey = "LiveStatus:EventStream";

    /// <summary>
    /// The stream every page listens to (pages, LiveRefresh, the hub and the publishers only see <see cref="IStatusEventStream"/>).
    /// InProcess fans out inside this process; Postgres shares changes between instances on one PostgreSQL database
    /// through LISTEN/NOTIFY (see <see cref="PostgresStatusEventStream"/>); Redis shares them through Redis pub/sub on
    /// any database (see <see cref="RedisStatusEventStream"/>). The compare-and-set in StatusWatchResolver keeps two
    /// instances from notifying the same outcome twice.
    /// </summary>
    /// <exception cref="InvalidOperationException">An unknown kind, Postgres without <c>Database:Provider=Postgres</c>, or Redis without a configuration.</exception>
    private static void AddEventStream(IServiceCollection services, IConfiguration configuration)
    {
        var configured = configuration[EventStreamKey];
        var kind = StatusEventStreamKind.InProcess;
        if (!string.IsNullOrWhiteSpace(configured)
            && (!Enum.TryParse(configured.Trim(), ignoreCase: true, out kind) || !Enum.IsDefined(kind)))
        {
            throw new InvalidOperationException($"{EventStreamKey} '{configured}' is not supported. Use InProcess, Postgres or Redis.");
        }

        if (kind == StatusEventStreamKind.InProcess)
        {
            services.AddSingleton<InProcessStatusEventStream>();
            services.AddSingleton<IStatusEventStream>(sp => sp.GetRequiredService<InProcessStatusEventStream>());
            return;
        }

        if (kind == StatusEventStreamKind.Redis)
        {
            var redis = configuration.GetSection(RedisEventStreamOptions.Section).Get<RedisEventStreamOptions>() ?? new RedisEventStreamOptions();
            if (string.IsNullOrWhiteSpace(redis.Configuration))
            {
                throw new InvalidOperationException(
                    $"{EventStreamKey} is Redis but {RedisEventStreamOptions.Section}:Configuration is empty. Set it to the Redis server every " +
                    $"portal instance shares (e.g. redis1:6379,password=…), or use {EventStreamKey}=InProcess for a single instance.");
            }
            services.AddSingleton<InProcessStatusEventStream>();
            services.AddSingleton(sp => new RedisStatusEventStream(redis.Configuration, redis.Channel,
                sp.GetRequiredService<InProcessStatusEventStream>(), sp.GetRequiredService<ILogger<RedisStatusEventStream>>()));
            services.AddSingleton<IStatusEventStream>(sp => sp.GetRequiredService<RedisStatusEventStream>());
            services.AddHostedService(sp => sp.GetRequiredService<RedisStatusEventStream>());
            return;
        }

        var database = DatabaseRegistration.ReadOptions(configuration);
        if (database.Provider != DatabaseProvider.Postgres)
        {
            throw new InvalidOperationException(
                $"{EventStreamKey} is Postgres but Database:Provider is {database.Provider}. The PostgreSQL event stream shares " +
                "status changes through the portal's PostgreSQL database: set Database:Provider=Postgres, use " +
                $"{EventStreamKey}=Redis on any database, or {EventStreamKey}=InProcess for a single instance.");
        }
        var connectionString = DatabaseRegistration.ResolvePostgresConnectionString(database, configuration);
        services.AddSingleton<InProcessStatusEventStream>();
        services.AddSingleton(sp => new PostgresStatusEventStream(
            connectionString, sp.GetRequiredService<InProcessStatusEventStream>(), sp.GetRequiredService<ILogger<PostgresStatusEventStream>>()));
        services.AddSingleton<IStatusEventStream>(sp => sp.GetRequiredService<PostgresStatusEventStream>());
        services.AddHostedService(sp => sp.GetRequiredService<PostgresStatusEventStream>());
    }

    private static double SandboxDelaySeconds(IConfiguration configuration, WatchKind kind)
    {
        var key = kind switch
        {
            WatchKind.Kyc => "Sandbox:KycDelaySeconds",
            WatchKind.CardIssuance => "Sandbox:CardIssueDelaySeconds",
            _ => "Sandbox:TopUpDelaySeconds",
        };
        // One second past the delay, so the first poll still lands after it when jitter shortens the wait by up to 20 %;
        // within the 5 s cap of sandbox-mode polling.
        return Math.Clamp(configuration.GetValue(key, 3.0) + 1.0, 1.0, 5.0);
    }
}
