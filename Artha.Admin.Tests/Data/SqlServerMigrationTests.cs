using System.Text.RegularExpressions;
using Artha.Admin.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Artha.Admin.Tests.Data;

/// <summary>
/// The SQL Server migration set, checked without a server (Debian has none): the model matches it, its ids are the
/// other sets' ids, and its idempotent script creates every table of the model. <see cref="SqlServerServerTests"/> runs
/// it against a real server when ARTHA_TEST_SQLSERVER is set.
/// </summary>
public class SqlServerMigrationTests
{
    // Never opened: generating a script or diffing the model needs no connection.
    private static SqlServerAdminDbContext NewContext() =>
        new(new DbContextOptionsBuilder<SqlServerAdminDbContext>()
            .UseSqlServer("Server=unused.invalid;Database=artha_admin;User Id=unused;Password=unused;TrustServerCertificate=True")
            .Options);

    private static SqliteAdminDbContext NewSqlite() =>
        new(new DbContextOptionsBuilder<SqliteAdminDbContext>().UseSqlite("Data Source=:memory:").Options);

    private static PostgresAdminDbContext NewPostgres() =>
        new(new DbContextOptionsBuilder<PostgresAdminDbContext>().UseNpgsql("Host=unused.invalid;Database=unused").Options);

    [Fact]
    public void SqlServer_migrations_match_the_model()
    {
        using var db = NewContext();

        Assert.False(db.Database.HasPendingModelChanges(), "The model changed without a SQL Server migration: run `dotnet ef migrations add` (see README).");
    }

    [Fact]
    public void SqlServer_migration_ids_are_the_ids_of_the_other_sets()
    {
        using var sqlServer = NewContext();
        using var postgres = NewPostgres();
        using var sqlite = NewSqlite();
        static string Name(string id) => id[(id.IndexOf('_') + 1)..];

        var ids = sqlServer.Database.GetMigrations().ToList();

        Assert.Equal(postgres.Database.GetMigrations(), ids);
        Assert.Equal(sqlite.Database.GetMigrations().Select(Name), ids.Select(Name));
        Assert.Equal(["InitialSchema", "PortalTables", "KycSubmissionDrafts", "SharedKeysAndWorkLeases", "AddCustomerNotes"], ids.Select(Name));
        // The migration this change adds has one id in all three sets.
        Assert.Equal(ids[^1], sqlite.Database.GetMigrations().Last());
    }

    [Fact]
    public void The_idempotent_script_creates_every_table_of_the_model_once_each_guarded_by_its_migration()
    {
        using var db = NewContext();

        var script = db.GetService<IMigrator>().GenerateScript(options: MigrationsSqlGenerationOptions.Idempotent);

        var created = Regex.Matches(script, @"CREATE TABLE \[(\w+)\]").Select(m => m.Groups[1].Value).ToList();
        var expected = db.Model.GetEntityTypes().Select(e => e.GetTableName()!).Distinct().Append("__EFMigrationsHistory").Order().ToList();
        Assert.Equal(expected, created.Order().ToList());
        Assert.Equal(
            ["AspNetRoleClaims", "AspNetRoles", "AspNetUserClaims", "AspNetUserLogins", "AspNetUserRoles", "AspNetUserTokens", "AspNetUsers",
             "AuditEntries", "CustomerNoteVersions", "CustomerNotes", "DataProtectionKeys", "KycSubmissionDrafts", "StatusWatches", "TopUpIntents", "__EFMigrationsHistory"],
            created.Order(StringComparer.Ordinal));
        foreach (var id in db.Database.GetMigrations())
        {
            Assert.Contains($"IF NOT EXISTS (\n    SELECT * FROM [__EFMigrationsHistory]\n    WHERE [MigrationId] = N'{id}'\n)", script.ReplaceLineEndings("\n"));
        }
        // The work-lease columns and the key ring, in SQL Server's types.
        Assert.Contains("ALTER TABLE [StatusWatches] ADD [LeaseOwner] nvarchar(128) NULL;", script);
        Assert.Contains("ALTER TABLE [StatusWatches] ADD [LeaseUntilUtc] datetime2 NULL;", script);
        Assert.Contains("ALTER TABLE [TopUpIntents] ADD [LeaseOwner] nvarchar(128) NULL;", script);
        Assert.Contains("[Amount] decimal(18,2) NOT NULL", script);
    }

    [Fact]
    public void The_sqlite_and_postgres_sets_create_the_key_ring_and_the_lease_columns_too()
    {
        using var sqlite = NewSqlite();
        using var postgres = NewPostgres();

        var sqliteScript = sqlite.GetService<IMigrator>().GenerateScript();
        var postgresScript = postgres.GetService<IMigrator>().GenerateScript(options: MigrationsSqlGenerationOptions.Idempotent);

        Assert.Contains("CREATE TABLE \"DataProtectionKeys\"", sqliteScript);
        Assert.Contains("ALTER TABLE \"StatusWatches\" ADD \"LeaseUntilUtc\" TEXT NULL;", sqliteScript);
        Assert.Contains("CREATE TABLE \"DataProtectionKeys\"", postgresScript);
        Assert.Contains("ALTER TABLE \"TopUpIntents\" ADD \"LeaseOwner\" character varying(128);", postgresScript);
    }
}

/// <summary>The claim statements as each provider sends them: built by EF without a connection, never wrapped in a subquery.</summary>
public class WorkLeaseStatementTests
{
    private static WorkLeases Leases() =>
        new(new ThrowingFactory(), Microsoft.Extensions.Options.Options.Create(new WorkLeaseOptions { InstanceId = "instance-a" }));

    [Fact]
    public void SqlServer_claims_with_updlock_and_readpast_in_one_statement()
    {
        using var db = new SqlServerAdminDbContext(new DbContextOptionsBuilder<SqlServerAdminDbContext>()
            .UseSqlServer("Server=unused.invalid;Database=unused;User Id=unused;Password=unused").Options);

        var sql = Leases().DueWatchesClaimQuery(db, new DateTime(2026, 12, 3, 9, 0, 0, DateTimeKind.Utc), 10).ToQueryString();

        var statement = sql[sql.IndexOf("WITH [due]", StringComparison.Ordinal)..];
        Assert.StartsWith("WITH [due] AS (", statement);
        Assert.Contains("FROM [StatusWatches] WITH (UPDLOCK, READPAST, ROWLOCK)", statement);
        Assert.Contains("OUTPUT inserted.[Id] AS [Value]", statement);
        Assert.DoesNotContain("SELECT [s].", sql);
    }

    [Fact]
    public void Postgres_claims_with_for_update_skip_locked_in_one_statement()
    {
        using var db = new PostgresAdminDbContext(new DbContextOptionsBuilder<PostgresAdminDbContext>().UseNpgsql("Host=unused.invalid;Database=unused").Options);

        var sql = Leases().DueWatchesClaimQuery(db, new DateTime(2026, 12, 3, 9, 0, 0, DateTimeKind.Utc), 10).ToQueryString();

        Assert.Contains("FOR UPDATE SKIP LOCKED", sql);
        Assert.Contains("RETURNING \"Id\" AS \"Value\"", sql);
        Assert.DoesNotContain("SELECT s.", sql);
    }

    private sealed class ThrowingFactory : IDbContextFactory<AdminDbContext>
    {
        public AdminDbContext CreateDbContext() => throw new InvalidOperationException("The statement tests never open a database.");
    }
}
