using System.Text.RegularExpressions;
using Artha.Admin.Data;
using Microsoft.Data.SqlClient;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Artha.Admin.Tests.Data;

/// <summary>
/// A test that needs a real SQL Server: skipped (reported as such) unless ARTHA_TEST_SQLSERVER holds a connection string.
/// When it is set, the suite runs, and an unreachable server fails it (see <see cref="SqlServerServer"/>).
/// </summary>
public sealed class SqlServerFactAttribute : FactAttribute
{
    public SqlServerFactAttribute()
    {
        if (string.IsNullOrWhiteSpace(Environment.GetEnvironmentVariable(SqlServerServer.Variable)))
        {
            Skip = $"{SqlServerServer.Variable} is not set: the real SQL Server suite is opt-in (README, \"SQL Server\").";
        }
    }
}

/// <summary>
/// The server named by ARTHA_TEST_SQLSERVER (e.g. "Server=127.0.0.1,1433;User Id=sa;Password=...;TrustServerCertificate=True").
/// Each test gets its own database on it, dropped afterwards. Set but unreachable = the suite fails, it never skips.
/// </summary>
public sealed class SqlServerServer : IAsyncLifetime
{
    public const string Variable = "ARTHA_TEST_SQLSERVER";

    public string? ConnectionString { get; private set; }

    private readonly List<string> _databases = [];

    public async Task InitializeAsync()
    {
        var configured = Environment.GetEnvironmentVariable(Variable);
        if (string.IsNullOrWhiteSpace(configured))
        {
            return;
        }
        var master = new SqlConnectionStringBuilder(configured) { InitialCatalog = "master" };
        if (master.ConnectTimeout > 15)
        {
            master.ConnectTimeout = 15;
        }
        try
        {
            await using var connection = new SqlConnection(master.ConnectionString);
            await connection.OpenAsync();
        }
        catch (Exception ex) when (ex is SqlException or InvalidOperationException)
        {
            throw new InvalidOperationException(
                $"{Variable} is set, but SQL Server at '{master.DataSource}' cannot be reached ({ex.GetType().Name}: {ex.Message}). " +
                $"Start the server or unset {Variable} to skip the SQL Server suite.", ex);
        }
        ConnectionString = configured;
    }

    /// <summary>A fresh, empty database name's connection string (the database is dropped on dispose).</summary>
    public string NewDatabase(string prefix)
    {
        var name = $"{prefix}_{Guid.NewGuid():N}"[..Math.Min(prefix.Length + 13, 100)];
        lock (_databases)
        {
            _databases.Add(name);
        }
        return new SqlConnectionStringBuilder(ConnectionString) { InitialCatalog = name }.ConnectionString;
    }

    public async Task DisposeAsync()
    {
        if (ConnectionString is null)
        {
            return;
        }
        foreach (var name in _databases)
        {
            await using var db = Context(new SqlConnectionStringBuilder(ConnectionString) { InitialCatalog = name }.ConnectionString);
            await db.Database.EnsureDeletedAsync();
        }
    }

    public static SqlServerAdminDbContext Context(string connectionString) =>
        new(new DbContextOptionsBuilder<SqlServerAdminDbContext>().UseSqlServer(connectionString).Options);
}

/// <summary>The portal's SQL Server support against a real server (opt-in: ARTHA_TEST_SQLSERVER).</summary>
public class SqlServerServerTests(SqlServerServer server) : IClassFixture<SqlServerServer>
{
    private static readonly string[] PortalTables =
    [
        "AspNetRoleClaims", "AspNetRoles", "AspNetUserClaims", "AspNetUserLogins", "AspNetUserRoles", "AspNetUserTokens", "AspNetUsers",
        "AuditEntries", "CustomerNoteVersions", "CustomerNotes", "DataProtectionKeys", "KycSubmissionDrafts", "StatusWatches", "TopUpIntents", "__EFMigrationsHistory",
    ];

    private static async Task<List<string>> TablesAsync(SqlServerAdminDbContext db) =>
        (await db.Database.SqlQueryRaw<string>("SELECT TABLE_NAME AS [Value] FROM INFORMATION_SCHEMA.TABLES WHERE TABLE_TYPE = 'BASE TABLE'").ToListAsync())
        .Order(StringComparer.Ordinal).ToList();

    private async Task<string> MigratedDatabaseAsync(string prefix)
    {
        var connectionString = server.NewDatabase(prefix);
        await using var db = SqlServerServer.Context(connectionString);
        await db.Database.MigrateAsync();
        return connectionString;
    }

    [SqlServerFact]
    public async Task Every_migration_applies_to_an_empty_sql_server_database()
    {
        await using var db = SqlServerServer.Context(server.NewDatabase("artha_migrate"));

        await db.Database.MigrateAsync();

        Assert.Equal(db.Database.GetMigrations(), await db.Database.GetAppliedMigrationsAsync());
        Assert.Equal(PortalTables, await TablesAsync(db));
        Assert.Equal(0, await db.AuditEntries.CountAsync());
    }

    [SqlServerFact]
    public async Task The_idempotent_script_creates_the_tables_and_can_be_run_again()
    {
        var connectionString = server.NewDatabase("artha_script");
        await using var db = SqlServerServer.Context(connectionString);
        await db.GetService<Microsoft.EntityFrameworkCore.Storage.IRelationalDatabaseCreator>().CreateAsync();
        var script = db.GetService<IMigrator>().GenerateScript(options: MigrationsSqlGenerationOptions.Idempotent);
        // sqlcmd's batch separator: each batch is sent on its own, as `sqlcmd -i` would.
        var batches = Regex.Split(script, @"^\s*GO\s*$", RegexOptions.Multiline).Where(b => !string.IsNullOrWhiteSpace(b)).ToList();

        await using (var connection = new SqlConnection(connectionString))
        {
            await connection.OpenAsync();
            for (var run = 0; run < 2; run++)
            {
                foreach (var batch in batches)
                {
                    await using var command = new SqlCommand(batch, connection);
                    await command.ExecuteNonQueryAsync();
                }
            }
        }

        Assert.Equal(PortalTables, await TablesAsync(db));
        Assert.Equal(db.Database.GetMigrations(), await db.Database.GetAppliedMigrationsAsync());
        Assert.False(db.Database.HasPendingModelChanges());
    }

    [SqlServerFact]
    public async Task Two_pollers_on_one_database_never_poll_the_same_watch()
    {
        var connectionString = await MigratedDatabaseAsync("artha_leases");
        await WorkLeaseScenarios.Two_pollers_never_poll_the_same_watch(o => o.UseSqlServer(connectionString));
    }

    [SqlServerFact]
    public async Task Concurrent_claims_never_hand_a_watch_to_two_instances()
    {
        var connectionString = await MigratedDatabaseAsync("artha_claims");
        await WorkLeaseScenarios.Concurrent_claims_never_overlap(o => o.UseSqlServer(connectionString));
    }

    [SqlServerFact]
    public async Task A_killed_instances_watches_are_taken_over_when_its_lease_expires()
    {
        var connectionString = await MigratedDatabaseAsync("artha_takeover");
        await WorkLeaseScenarios.An_expired_lease_is_taken_over(o => o.UseSqlServer(connectionString));
    }

    [SqlServerFact]
    public async Task Top_up_intents_are_reconciled_by_one_instance_at_a_time()
    {
        var connectionString = await MigratedDatabaseAsync("artha_intents");
        await WorkLeaseScenarios.Top_up_intents_are_claimed_by_one_instance_until_the_lease_ends(o => o.UseSqlServer(connectionString));
    }
}
