using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Artha.Admin.Data;

/// <summary>Settings of <see cref="WorkLeases"/> (section <c>WorkLeases</c>).</summary>
public sealed class WorkLeaseOptions
{
    public const string Section = "WorkLeases";

    /// <summary>
    /// This portal instance's name in the lease columns. Empty (the default) = machine name, process id and a random
    /// suffix, new at every start, so a restarted instance never mistakes its predecessor's claims for its own.
    /// </summary>
    public string? InstanceId { get; set; }

    /// <summary>
    /// How long a claimed watch belongs to the instance polling it. It must outlast one poll (Artha's timeout and
    /// retries); if the instance dies, another one takes the watch over this long after the claim.
    /// </summary>
    public double WatchLeaseSeconds { get; set; } = 120;

    /// <summary>How long a claimed top-up intent belongs to the instance reconciling it (a history read can take several calls).</summary>
    public double ReconcileLeaseSeconds { get; set; } = 300;
}

/// <summary>
/// Hands each unit of background work (a due status watch, a top-up intent to reconcile) to exactly one portal instance
/// on a shared database: a claim writes this instance's id and a lease end into the row in one statement that skips rows
/// another instance is claiming (PostgreSQL <c>FOR UPDATE SKIP LOCKED</c>, SQL Server <c>WITH (UPDLOCK, READPAST)</c>).
/// A claim is released when the work is done; a killed instance's claims simply run out, and the next instance to look
/// takes them over. SQLite is a file of one portal instance (single-instance semantics): there a "claim" is just the
/// due rows, nothing is written, so a database that refuses writes still gets polled and backed off in memory.
/// </summary>
public sealed class WorkLeases(IDbContextFactory<AdminDbContext> dbFactory, IOptions<WorkLeaseOptions> options)
{
    private readonly string _instanceId = ResolveInstanceId(options.Value.InstanceId);

    /// <summary>The id this instance writes into <c>LeaseOwner</c>.</summary>
    public string InstanceId => _instanceId;

    public TimeSpan WatchLease => TimeSpan.FromSeconds(Math.Max(1, options.Value.WatchLeaseSeconds));

    public TimeSpan ReconcileLease => TimeSpan.FromSeconds(Math.Max(1, options.Value.ReconcileLeaseSeconds));

    /// <summary>
    /// Claims up to <paramref name="batchSize"/> active watches due at <paramref name="now"/> whose lease is free or has
    /// run out (soonest first, <paramref name="excluded"/> left alone) and returns them as they are now stored.
    /// </summary>
    public async Task<List<StatusWatch>> ClaimDueWatchesAsync(DateTime now, int batchSize, IReadOnlyCollection<long> excluded, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        if (db.Database.IsSqlite())
        {
            var query = db.StatusWatches.AsNoTracking().Where(w => w.Outcome == WatchOutcome.Active && w.NextPollAtUtc <= now);
            if (excluded.Count > 0)
            {
                query = query.Where(w => !excluded.Contains(w.Id));
            }
            return await query.OrderBy(w => w.NextPollAtUtc).ThenBy(w => w.Id).Take(Math.Max(1, batchSize)).ToListAsync(cancellationToken);
        }
        var q = Quoting(db);
        var exclusion = excluded.Count == 0
            ? ""
            // Ids are this process's own longs, never user input: written as literals so every provider takes them.
            : $" AND {q("Id")} NOT IN ({string.Join(",", excluded.Select(id => id.ToString(CultureInfo.InvariantCulture)))})";
        var ids = await ClaimAsync<long>(db, "StatusWatches", DueWatches(q) + exclusion, $"{q("NextPollAtUtc")}, {q("Id")}",
            batchSize, now, now + WatchLease, [WatchOutcome.Active.ToString()], cancellationToken);
        if (ids.Count == 0)
        {
            return [];
        }
        var claimed = await db.StatusWatches.AsNoTracking()
            .Where(w => ids.Contains(w.Id) && w.LeaseOwner == _instanceId)
            .ToListAsync(cancellationToken);
        return claimed.OrderBy(w => w.NextPollAtUtc).ThenBy(w => w.Id).ToList();
    }

    /// <summary>Gives a watch back once its poll is handled (only if this instance still holds it).</summary>
    public async Task ReleaseWatchAsync(long watchId, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        if (db.Database.IsSqlite())
        {
            return;
        }
        await db.StatusWatches
            .Where(w => w.Id == watchId && w.LeaseOwner == _instanceId)
            .ExecuteUpdateAsync(s => s.SetProperty(w => w.LeaseOwner, (string?)null).SetProperty(w => w.LeaseUntilUtc, (DateTime?)null), cancellationToken);
    }

    /// <summary>
    /// Claims up to <paramref name="batchSize"/> top-up intents left <see cref="TopUpIntentState.Submitting"/> without a
    /// top-up id and created at or before <paramref name="createdBefore"/> (oldest first) whose lease is free or has run out.
    /// </summary>
    public async Task<List<Guid>> ClaimDueTopUpIntentsAsync(DateTime now, DateTime createdBefore, int batchSize, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        if (db.Database.IsSqlite())
        {
            return await db.TopUpIntents.AsNoTracking()
                .Where(i => i.State == TopUpIntentState.Submitting && i.TopUpId == null && i.CreatedAtUtc <= createdBefore)
                .OrderBy(i => i.CreatedAtUtc)
                .Select(i => i.Id)
                .Take(Math.Max(1, batchSize))
                .ToListAsync(cancellationToken);
        }
        var q = Quoting(db);
        var ids = await ClaimAsync<Guid>(db, "TopUpIntents",
            where: $"{q("State")} = {{0}} AND {q("TopUpId")} IS NULL AND {q("CreatedAtUtc")} <= {{1}}",
            orderBy: $"{q("CreatedAtUtc")}, {q("Id")}",
            batchSize, now, now + ReconcileLease, [TopUpIntentState.Submitting.ToString(), createdBefore], cancellationToken);
        if (ids.Count == 0)
        {
            return [];
        }
        // In creation order, as the claim chose them (the claim statement's output order is not defined).
        return await db.TopUpIntents.AsNoTracking()
            .Where(i => ids.Contains(i.Id) && i.LeaseOwner == _instanceId)
            .OrderBy(i => i.CreatedAtUtc).ThenBy(i => i.Id)
            .Select(i => i.Id)
            .ToListAsync(cancellationToken);
    }

    /// <summary>Gives an intent back once its reconciliation is over (only if this instance still holds it).</summary>
    public async Task ReleaseTopUpIntentAsync(Guid intentId, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        if (db.Database.IsSqlite())
        {
            return;
        }
        await db.TopUpIntents
            .Where(i => i.Id == intentId && i.LeaseOwner == _instanceId)
            .ExecuteUpdateAsync(s => s.SetProperty(i => i.LeaseOwner, (string?)null).SetProperty(i => i.LeaseUntilUtc, (DateTime?)null), cancellationToken);
    }

    /// <summary>
    /// One statement that picks the rows matching <paramref name="where"/> (placeholders {0}, {1}, … are
    /// <paramref name="whereArguments"/>) whose lease is free or over, and writes this instance's lease into them;
    /// returns their ids.
    /// </summary>
    private Task<List<TKey>> ClaimAsync<TKey>(AdminDbContext db, string table, string where, string orderBy, int batchSize,
        DateTime now, DateTime until, object[] whereArguments, CancellationToken cancellationToken) =>
        ClaimQuery<TKey>(db, table, where, orderBy, batchSize, now, until, whereArguments).ToListAsync(cancellationToken);

    /// <summary>The claim statement of <see cref="ClaimDueWatchesAsync"/> as the provider would send it (for tests: no connection needed).</summary>
    internal IQueryable<long> DueWatchesClaimQuery(AdminDbContext db, DateTime now, int batchSize)
    {
        var q = Quoting(db);
        return ClaimQuery<long>(db, "StatusWatches", DueWatches(q), $"{q("NextPollAtUtc")}, {q("Id")}",
            batchSize, now, now + WatchLease, [WatchOutcome.Active.ToString()]);
    }

    /// <summary>Active and due: {0} is the outcome's stored name, {1} now.</summary>
    private static string DueWatches(Func<string, string> q) => $"{q("Outcome")} = {{0}} AND {q("NextPollAtUtc")} <= {{1}}";

    private IQueryable<TKey> ClaimQuery<TKey>(AdminDbContext db, string table, string where, string orderBy, int batchSize,
        DateTime now, DateTime until, object[] whereArguments)
    {
        var q = Quoting(db);
        var n = whereArguments.Length;
        // Arguments after the caller's: now, the batch size, the owner, the lease end.
        string P(int offset) => $"{{{n + offset}}}";
        var free = $"({q("LeaseUntilUtc")} IS NULL OR {q("LeaseUntilUtc")} <= {P(0)})";
        object[] arguments = [.. whereArguments, now, Math.Max(1, batchSize), _instanceId, until];

        string sql;
        if (db.Database.IsNpgsql())
        {
            // SKIP LOCKED: rows another instance's claim is locking right now are not waited for, they are left to it;
            // the lease condition is checked again on the locked row version, so a claim committed meanwhile is seen.
            sql = $"""
                UPDATE {q(table)} SET {q("LeaseOwner")} = {P(2)}, {q("LeaseUntilUtc")} = {P(3)}
                WHERE {q("Id")} IN (
                    SELECT {q("Id")} FROM {q(table)}
                    WHERE {where} AND {free}
                    ORDER BY {orderBy}
                    LIMIT {P(1)}
                    FOR UPDATE SKIP LOCKED)
                AND {free}
                RETURNING {q("Id")} AS {q("Value")}
                """;
        }
        else if (db.Database.IsSqlServer())
        {
            // UPDLOCK holds the picked rows until the update, READPAST passes over rows another claim holds.
            sql = $"""
                WITH {q("due")} AS (
                    SELECT TOP ({P(1)}) {q("Id")}, {q("LeaseOwner")}, {q("LeaseUntilUtc")}
                    FROM {q(table)} WITH (UPDLOCK, READPAST, ROWLOCK)
                    WHERE {where} AND {free}
                    ORDER BY {orderBy})
                UPDATE {q("due")} SET {q("LeaseOwner")} = {P(2)}, {q("LeaseUntilUtc")} = {P(3)}
                OUTPUT inserted.{q("Id")} AS {q("Value")};
                """;
        }
        else
        {
            throw new NotSupportedException($"Work leases are not implemented for the database provider {db.Database.ProviderName}.");
        }

        return db.Database.SqlQueryRaw<TKey>(sql, arguments);
    }

    private static Func<string, string> Quoting(AdminDbContext db) =>
        db.Database.IsSqlServer() ? name => $"[{name}]" : name => $"\"{name}\"";

    private static string ResolveInstanceId(string? configured)
    {
        var id = string.IsNullOrWhiteSpace(configured)
            ? $"{Environment.MachineName}:{Environment.ProcessId}:{Guid.NewGuid().ToString("N")[..8]}"
            : configured.Trim();
        return id.Length <= AdminDbContext.LeaseOwnerMaxLength ? id : id[..AdminDbContext.LeaseOwnerMaxLength];
    }
}
