using Npgsql;

namespace Artha.Admin.LiveStatus;

/// <summary>
/// Status changes shared by every portal instance on one PostgreSQL database (<c>LiveStatus:EventStream=Postgres</c>).
/// <see cref="PublishAsync"/> delivers to this instance's subscribers at once through the wrapped
/// <see cref="InProcessStatusEventStream"/>, then sends <c>pg_notify('artha_status', payload)</c> (see
/// <see cref="StatusChangePayload"/>); a failure there is logged and never reaches the caller. As a hosted service it
/// keeps one dedicated connection that ran <c>LISTEN artha_status</c>, hands every other instance's change to the same
/// local fan-out (subscribers and <see cref="Recent"/>), skips its own, and reconnects with a capped backoff when the
/// connection drops. Changes published while the connection is down are not replayed: LISTEN/NOTIFY keeps no backlog.
/// </summary>
public sealed class PostgresStatusEventStream : BackgroundService, IStatusEventStream
{
    /// <summary>The NOTIFY channel.</summary>
    public const string Channel = "artha_status";

    private static readonly TimeSpan FirstRetryDelay = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan MaxRetryDelay = TimeSpan.FromSeconds(30);

    // A slow database must not hold up the operation that published the change for long.
    private static readonly TimeSpan PublishTimeout = TimeSpan.FromSeconds(5);

    private readonly InProcessStatusEventStream _local;
    private readonly ILogger<PostgresStatusEventStream> _logger;
    private readonly NpgsqlDataSource _publisher;
    private readonly NpgsqlDataSource _listener;
    private int _listens;

    /// <param name="connectionString">The portal's PostgreSQL connection string (never logged).</param>
    /// <param name="local">Fan-out to this instance's subscribers, and its history.</param>
    /// <param name="logger">Where connection trouble is reported.</param>
    public PostgresStatusEventStream(string connectionString, InProcessStatusEventStream local, ILogger<PostgresStatusEventStream> logger)
    {
        _local = local;
        _logger = logger;
        _publisher = NpgsqlDataSource.Create(connectionString);
        var listener = new NpgsqlConnectionStringBuilder(connectionString);
        if (listener.KeepAlive == 0)
        {
            // Keepalives while waiting, so a connection that silently died is noticed and replaced.
            listener.KeepAlive = 30;
        }
        _listener = NpgsqlDataSource.Create(listener.ConnectionString);
    }

    /// <summary>This instance's id in payloads: notifications carrying it are its own and are not delivered twice.</summary>
    public Guid InstanceId { get; } = Guid.NewGuid();

    /// <summary>How many times the listener has (re)connected and run LISTEN.</summary>
    public int Listens => Volatile.Read(ref _listens);

    /// <summary>Delivers locally at once, then tells the other instances; a database failure is logged, not thrown.</summary>
    public async Task PublishAsync(StatusChange change, CancellationToken cancellationToken = default)
    {
        await _local.PublishAsync(change, cancellationToken);
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(PublishTimeout);
            await using var command = _publisher.CreateCommand("SELECT pg_notify(@channel, @payload)");
            command.Parameters.AddWithValue("channel", Channel);
            command.Parameters.AddWithValue("payload", StatusChangePayload.Encode(InstanceId, change));
            await command.ExecuteNonQueryAsync(timeout.Token);
        }
        catch (Exception ex)
        {
            _logger.LogWarning(ex, "Could not tell other portal instances about {Subject} {EntityId}; this instance's pages have it.",
                change.Subject, change.EntityId);
        }
    }

    public IDisposable Subscribe(Func<StatusChange, Task> handler) => _local.Subscribe(handler);

    public IReadOnlyList<StatusChange> Recent(int count) => _local.Recent(count);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var delay = FirstRetryDelay;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await ListenAsync(() => delay = FirstRetryDelay, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                _logger.LogWarning(ex, "The PostgreSQL connection that listens for status changes failed or dropped; reconnecting in {Delay} s.", delay.TotalSeconds);
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
    }

    /// <summary>One connection's life: LISTEN, then deliver notifications until it fails or the host stops.</summary>
    private async Task ListenAsync(Action connected, CancellationToken stoppingToken)
    {
        var received = new Queue<string>();
        await using var connection = await _listener.OpenConnectionAsync(stoppingToken);
        // Raised inside WaitAsync on this loop; delivery (which awaits the subscribers) happens after it returns.
        connection.Notification += (_, e) => received.Enqueue(e.Payload);
        await using (var listen = new NpgsqlCommand($"LISTEN {Channel}", connection))
        {
            await listen.ExecuteNonQueryAsync(stoppingToken);
        }
        Interlocked.Increment(ref _listens);
        connected();
        _logger.LogInformation("Listening for status changes from other portal instances.");

        while (true)
        {
            await connection.WaitAsync(stoppingToken);
            while (received.TryDequeue(out var payload))
            {
                await DeliverAsync(payload);
            }
        }
    }

    private async Task DeliverAsync(string payload)
    {
        if (!StatusChangePayload.TryDecode(payload, out var instance, out var change))
        {
            _logger.LogWarning("Ignored a notification on {Channel} that is not a status change ({Length} characters).", Channel, payload.Length);
            return;
        }
        if (instance == InstanceId)
        {
            return;
        }
        await _local.PublishAsync(change, CancellationToken.None);
    }

    public override void Dispose()
    {
        base.Dispose();
        _publisher.Dispose();
        _listener.Dispose();
    }
}
