using Artha.Admin.Auditing;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;

namespace Artha.Admin.Data;

/// <summary>
/// The portal's one database: Identity plus the portal's own tables. The model is provider-neutral;
/// each provider gets a thin subclass only so that its migrations set has its own context type
/// (<see cref="SqliteAdminDbContext"/>, <see cref="PostgresAdminDbContext"/>). A SQL Server set can be
/// added the same way where the feed serves the SQL Server provider.
/// </summary>
public class AdminDbContext : IdentityDbContext<ApplicationUser>
{
    protected AdminDbContext(DbContextOptions options) : base(options)
    {
    }

    public DbSet<AuditEntry> AuditEntries => Set<AuditEntry>();

    protected override void OnModelCreating(ModelBuilder builder)
    {
        base.OnModelCreating(builder);

        builder.Entity<ApplicationUser>(user =>
        {
            user.Property(u => u.DisplayName).HasMaxLength(128);
        });

        builder.Entity<AuditEntry>(audit =>
        {
            audit.ToTable("AuditEntries");
            audit.Property(a => a.UserName).HasMaxLength(256);
            audit.Property(a => a.Roles).HasMaxLength(128);
            audit.Property(a => a.Action).HasMaxLength(64);
            audit.Property(a => a.TargetType).HasMaxLength(64);
            audit.Property(a => a.TargetId).HasMaxLength(128);
            audit.Property(a => a.Outcome).HasConversion<string>().HasMaxLength(16);
            audit.Property(a => a.Detail).HasMaxLength(2000);
            audit.Property(a => a.ArthaRequestId).HasMaxLength(128);
            audit.HasIndex(a => a.OccurredAtUtc);
            audit.HasIndex(a => new { a.UserId, a.OccurredAtUtc });
            audit.HasIndex(a => new { a.TargetType, a.TargetId });
        });
    }
}

public sealed class SqliteAdminDbContext(DbContextOptions<SqliteAdminDbContext> options) : AdminDbContext(options);

public sealed class PostgresAdminDbContext(DbContextOptions<PostgresAdminDbContext> options) : AdminDbContext(options);
