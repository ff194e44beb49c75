using Artha.Admin.Data;
using Artha.Admin.Security;
using Artha.Admin.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Artha.Admin.Tests.Data;

public class SqliteMigrationTests : IDisposable
{
    private readonly string _file = Path.Combine(Path.GetTempPath(), $"artha-migrations-{Guid.NewGuid():N}.db");

    private SqliteAdminDbContext NewContext() =>
        new(new DbContextOptionsBuilder<SqliteAdminDbContext>().UseSqlite($"Data Source={_file};Pooling=false").Options);

    [Fact]
    public async Task Every_migration_applies_to_an_empty_sqlite_database()
    {
        await using var db = NewContext();

        await db.Database.MigrateAsync();

        Assert.Equal(db.Database.GetMigrations(), await db.Database.GetAppliedMigrationsAsync());
        Assert.Equal(0, await db.AuditEntries.CountAsync());
        Assert.Equal(0, await db.Users.CountAsync());
    }

    [Fact]
    public void Sqlite_migrations_match_the_model()
    {
        using var db = NewContext();

        Assert.False(db.Database.HasPendingModelChanges(), "The model changed without a SQLite migration: run `dotnet ef migrations add` (see README).");
    }

    public void Dispose() => File.Delete(_file);
}

public class PostgresMigrationTests(PostgresServer server) : IClassFixture<PostgresServer>
{
    private PostgresAdminDbContext NewContext(string database) =>
        new(new DbContextOptionsBuilder<PostgresAdminDbContext>().UseNpgsql(server.ConnectionStringFor(database)).Options);

    [Fact]
    public async Task Every_migration_applies_to_an_empty_postgres_database()
    {
        await using var db = NewContext("migrations_" + Guid.NewGuid().ToString("N")[..8]);

        await db.Database.MigrateAsync();

        Assert.Equal(db.Database.GetMigrations(), await db.Database.GetAppliedMigrationsAsync());
        Assert.Equal(0, await db.AuditEntries.CountAsync());
        await db.Database.EnsureDeletedAsync();
    }

    [Fact]
    public void Postgres_migrations_match_the_model()
    {
        using var db = NewContext("unused");

        Assert.False(db.Database.HasPendingModelChanges(), "The model changed without a PostgreSQL migration: run `dotnet ef migrations add` (see README).");
    }
}

/// <summary>The whole portal on PostgreSQL: migrated and seeded at start-up, and a seeded user can sign in.</summary>
public class PostgresPortalTests(PostgresPortalTests.Factory portal) : IClassFixture<PostgresPortalTests.Factory>
{
    public sealed class Factory : PortalFactory, IAsyncLifetime
    {
        private readonly PostgresServer _server = new();

        protected override IEnumerable<KeyValuePair<string, string?>> Settings =>
        [
            new("Database:Provider", "Postgres"),
            new("Database:ConnectionString", _server.ConnectionStringFor("portal_" + DataFolder[^8..])),
        ];

        public Task InitializeAsync() => _server.InitializeAsync();

        async Task IAsyncLifetime.DisposeAsync()
        {
            await base.DisposeAsync();
            await _server.DisposeAsync();
        }
    }

    [Fact]
    public async Task Portal_starts_on_postgres_and_a_seeded_admin_signs_in()
    {
        var admin = DefaultUsersSeeder.DevelopmentUsers.First(u => u.Role == PortalRoles.Admin);

        var client = await portal.SignInAsync(admin.Email, admin.Password);
        var response = await client.GetAsync("/users");

        Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
    }
}
