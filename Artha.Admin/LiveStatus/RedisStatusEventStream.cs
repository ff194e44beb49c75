using StackExchange.Redis;

namespace Artha.Admin.LiveStatus;

/// <summary>How the Redis event stream connects (section <c>LiveStatus:Redis</c>).</summary>
public sealed class RedisEventStreamOptions
{
    public const string Section = "LiveStatus:Redis";

    /// <summary>A StackExchange.Redis configuration string, e.g. <c>redis1:6379,password=…,ssl=true</c> (never logged).</summary>
    public string? Configuration { get; set; }

    /// <summary>The pub/sub channel; instances that share it hear each other (several portals may share one Redis with different channels).</summary>
    public string Channel { get; set; } = RedisStatusEventStream.DefaultChannel;
}

/// <summary>
/// Status changes shared by every portal instance on one Redis server (<c>LiveStatus:EventStream=Redis</c>), whatever
/// the database (SQL Server deployments included). The contract is <see cref="PostgresStatusEventStream"/>'s:
/// <see cref="PublishAsync"/> delivers to this instance's subscribers at once through the wrapped
/// <see cref="InProcessStatusEventStream"/>, then sends <c>PUBLISH channel payload</c> (the same
/// <see cref="StatusChangePayload"/>); a failure there is logged and never reaches the caller. As a hosted service it
/// subscribes to the channel, hands every other instance's change to the local fan-out (subscribers and
/// <see cref="Recent"/>), one at a time in arrival order, and skips its own. The client reconnects and resubscribes by
/// itself when the connection drops; changes published meanwhile are not replayed (pub/sub keeps no backlog).
/// </summary>
public sealed class RedisStatusEventStream : BackgroundService, IStatusEventStream
{
    /// <summary>The channel used when <see cref="RedisEventStreamOptions.Channel"/> is not set.</summary>
    public const string DefaultChannel = "artha_status";

    // A slow Redis must not hold up the operation that published the change for long.
    private static readonly TimeSpan PublishTimeout = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan FirstRetryDelay = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan MaxRetryDelay = TimeSpan.FromSeconds(30);

    private readonly InProcessStatusEventStream _local;
    private readonly ILogger<RedisStatusEventStream> _logger;
    private readonly ConfigurationOptions _options;
    private readonly RedisChannel _channel;
    private readonly Lock _connectLock = new();
    private Task<ConnectionMultiplexer>? _connection;
    private int _listens;

    /// <param name="configuration">A StackExchange.Redis configuration string (never logged).</param>
    /// <param name="channel">The pub/sub channel shared by the instances.</param>
    /// <param name="local">Fan-out to this instance's subscribers, and its history.</param>
    /// <param name="logger">Where connection trouble is reported.</param>
    /// <exception cref="ArgumentException">The configuration string cannot be read (the message does not repeat it).</exception>
    public RedisStatusEventStream(string configuration, string channel, InProcessStatusEventStream local, ILogger<RedisStatusEventStream> logger)
    {
        _local = local;
        _logger = logger;
        try
        {
            _options = ConfigurationOptions.Parse(configuration);
        }
        catch (Exception ex) when (ex is ArgumentException or RedisException)
        {
            throw new ArgumentException($"{RedisEventStreamOptions.Section}:Configuration is not a valid Redis configuration string.", nameof(configuration));
        }
        // Keep retrying in the background instead of failing start-up; publish fails fast while disconnected (no backlog to replay).
        _options.AbortOnConnectFail = false;
        _options.BacklogPolicy = BacklogPolicy.FailFast;
        // RESP2: pub/sub has a connection of its own, so a busy publisher never delays what this instance hears.
        _options.Protocol = RedisProtocol.Resp2;
        _options.ConnectTimeout = Math.Min(_options.ConnectTimeout, 5000);
        _options.ClientName ??= "artha-admin-" + Environment.MachineName;
        _channel = RedisChannel.Literal(string.IsNullOrWhiteSpace(channel) ? DefaultChannel : channel);
    }

    /// <summary>This instance's id in payloads: messages carrying it are its own and are not delivered twice.</summary>
    public Guid InstanceId { get; } = Guid.NewGuid();

    /// <summary>How many times the subscription has been established (first subscribe plus every restored pub/sub connection).</summary>
    public int Listens => Volatile.Read(ref _listens);

    /// <summary>Delivers locally at once, then tells the other instances; a Redis failure is logged, not thrown.</summary>
    public async Task PublishAsync(StatusChange change, CancellationToken cancellationToken = default)
    {
        await _local.PublishAsync(change, cancellationToken);
        try
        {
            var connection = await ConnectAsync().WaitAsync(PublishTimeout, cancellationToken);
            await connection.GetSubscriber().PublishAsync(_channel, StatusChangePayload.Encode(InstanceId, change))
                .WaitAsync(PublishTimeout, cancellationToken);
        }
        catch (Exception ex)
        {
            _logger.LogWarning("Could not tell other portal instances about {Subject} {EntityId} through Redis ({Error}); this instance's pages have it.",
                change.Subject, change.EntityId, Describe(ex));
        }
    }

    public IDisposable Subscribe(Func<StatusChange, Task> handler) => _local.Subscribe(handler);

    public IReadOnlyList<StatusChange> Recent(int count) => _local.Recent(count);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var delay = FirstRetryDelay;
        ChannelMessageQueue? queue = null;
        while (queue is null)
        {
            try
            {
                var connection = await ConnectAsync().WaitAsync(stoppingToken);
                queue = await connection.GetSubscriber().SubscribeAsync(_channel).WaitAsync(stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                _logger.LogWarning("Could not subscribe to status changes on Redis ({Error}); retrying in {Delay} s.", Describe(ex), delay.TotalSeconds);
                try
                {
                    await Task.Delay(delay, stoppingToken);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
                delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, MaxRetryDelay.Ticks));
            }
        }

        Interlocked.Increment(ref _listens);
        _logger.LogInformation("Listening for status changes from other portal instances on Redis channel {Channel}.", _channel.ToString());
        try
        {
            while (true)
            {
                var message = await queue.ReadAsync(stoppingToken);
                await DeliverAsync(message.Message);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        catch (System.Threading.Channels.ChannelClosedException)
        {
            // Unsubscribed during shutdown.
        }
        finally
        {
            try
            {
                await queue.UnsubscribeAsync(CommandFlags.FireAndForget);
            }
            catch (Exception)
            {
                // Best effort: the connection is closed on dispose anyway.
            }
        }
    }

    private async Task DeliverAsync(RedisValue value)
    {
        var payload = value.ToString();
        if (!StatusChangePayload.TryDecode(payload, out var instance, out var change))
        {
            _logger.LogWarning("Ignored a message on Redis channel {Channel} that is not a status change ({Length} characters).", _channel.ToString(), payload.Length);
            return;
        }
        if (instance == InstanceId)
        {
            return;
        }
        await _local.PublishAsync(change, CancellationToken.None);
    }

    /// <summary>The one multiplexer, connected on first use; with AbortOnConnectFail off it keeps reconnecting by itself.</summary>
    private Task<ConnectionMultiplexer> ConnectAsync()
    {
        lock (_connectLock)
        {
            if (_connection is null || _connection.IsFaulted || _connection.IsCanceled)
            {
                _connection = OpenAsync();
            }
            return _connection;
        }
    }

    private async Task<ConnectionMultiplexer> OpenAsync()
    {
        var connection = await ConnectionMultiplexer.ConnectAsync(_options);
        connection.ConnectionRestored += (_, e) =>
        {
            if (e.ConnectionType == ConnectionType.Subscription)
            {
                Interlocked.Increment(ref _listens);
                _logger.LogInformation("The Redis pub/sub connection for status changes was restored.");
            }
        };
        connection.ConnectionFailed += (_, e) =>
        {
            if (e.ConnectionType == ConnectionType.Subscription)
            {
                _logger.LogWarning("The Redis pub/sub connection for status changes dropped ({Failure}); the client reconnects by itself.", e.FailureType);
            }
        };
        return connection;
    }

    /// <summary>The exception's type and message: StackExchange.Redis messages name endpoints and commands, never the password.</summary>
    private string Describe(Exception ex)
    {
        var text = $"{ex.GetType().Name}: {ex.Message}";
        return string.IsNullOrEmpty(_options.Password) ? text : text.Replace(_options.Password, "***", StringComparison.Ordinal);
    }

    public override void Dispose()
    {
        base.Dispose();
        Task<ConnectionMultiplexer>? connection;
        lock (_connectLock)
        {
            connection = _connection;
            _connection = null;
        }
        if (connection is { IsCompletedSuccessfully: true })
        {
            connection.Result.Dispose();
        }
    }
}
