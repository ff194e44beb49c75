using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace Artha.Admin.Data;

// `dotnet ef` uses these instead of starting the portal (which would also start the embedded sandbox).
// The connection strings only matter for `migrations list` / `database update`; set ARTHA_DESIGN_SQLITE,
// ARTHA_DESIGN_POSTGRES or ARTHA_DESIGN_SQLSERVER to point them at a real database.

internal sealed class SqliteDesignTimeFactory : IDesignTimeDbContextFactory<SqliteAdminDbContext>
{
    public SqliteAdminDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<SqliteAdminDbContext>()
            .UseSqlite(Environment.GetEnvironmentVariable("ARTHA_DESIGN_SQLITE") ?? "Data Source=App_Data/artha-admin.db")
            .Options);
}

internal sealed class PostgresDesignTimeFactory : IDesignTimeDbContextFactory<PostgresAdminDbContext>
{
    public PostgresAdminDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<PostgresAdminDbContext>()
            .UseNpgsql(Environment.GetEnvironmentVariable("ARTHA_DESIGN_POSTGRES") ?? "Host=127.0.0.1;Database=artha_admin;Username=postgres")
            .Options);
}

internal sealed class SqlServerDesignTimeFactory : IDesignTimeDbContextFactory<SqlServerAdminDbContext>
{
    public SqlServerAdminDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<SqlServerAdminDbContext>()
            .UseSqlServer(Environment.GetEnvironmentVariable("ARTHA_DESIGN_SQLSERVER") ?? "Server=127.0.0.1;Database=artha_admin;Trusted_Connection=True;TrustServerCertificate=True")
            .Options);
}
