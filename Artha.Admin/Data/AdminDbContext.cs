using Artha.Admin.Auditing;
using Artha.Admin.Features.Customers.Rules;
using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;

namespace Artha.Admin.Data;

/// <summary>
/// The portal's one database: Identity plus the portal's own tables. The model is provider-neutral;
/// each provider gets a thin subclass only so that its migrations set has its own context type
/// (<see cref="SqliteAdminDbContext"/>, <see cref="PostgresAdminDbContext"/>, <see cref="SqlServerAdminDbContext"/>).
/// It also holds the data-protection key ring (<see cref="DataProtectionKeys"/>), so every portal instance on one
/// database signs cookies and encrypts KYC drafts with the same keys.
/// </summary>
public class AdminDbContext : IdentityDbContext<ApplicationUser>, IDataProtectionKeyContext
{
    /// <summary>Longest instance id a lease records (<see cref="WorkLeaseOptions.InstanceId"/>).</summary>
    public const int LeaseOwnerMaxLength = 128;

    protected AdminDbContext(DbContextOptions options) : base(options)
    {
    }

    public DbSet<AuditEntry> AuditEntries => Set<AuditEntry>();
    public DbSet<TopUpIntent> TopUpIntents => Set<TopUpIntent>();
    public DbSet<StatusWatch> StatusWatches => Set<StatusWatch>();
    public DbSet<KycSubmissionDraft> KycSubmissionDrafts => Set<KycSubmissionDraft>();
    public DbSet<CustomerNote> CustomerNotes => Set<CustomerNote>();
    public DbSet<CustomerNoteVersion> CustomerNoteVersions => Set<CustomerNoteVersion>();

    /// <summary>The ASP.NET Core data-protection key ring (XML key elements, protected at rest when a certificate is configured).</summary>
    public DbSet<DataProtectionKey> DataProtectionKeys => Set<DataProtectionKey>();

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

        builder.Entity<TopUpIntent>(intent =>
        {
            intent.ToTable("TopUpIntents");
            intent.Property(i => i.IdempotencyKey).HasMaxLength(64);
            intent.HasIndex(i => i.IdempotencyKey).IsUnique();
            intent.Property(i => i.CardId).HasMaxLength(128);
            intent.Property(i => i.CustomerId).HasMaxLength(128);
            intent.Property(i => i.Amount).HasPrecision(18, 2);
            intent.Property(i => i.Currency).HasMaxLength(8);
            intent.Property(i => i.State).HasConversion<string>().HasMaxLength(16);
            intent.Property(i => i.TopUpId).HasMaxLength(128);
            intent.Property(i => i.ArthaStatus).HasMaxLength(32);
            intent.Property(i => i.ArthaRequestId).HasMaxLength(128);
            intent.Property(i => i.LastError).HasMaxLength(1000);
            intent.Property(i => i.CreatedByUserName).HasMaxLength(256);
            intent.HasIndex(i => i.TopUpId);
            intent.HasIndex(i => new { i.State, i.CreatedAtUtc });
            intent.Property(i => i.LeaseOwner).HasMaxLength(LeaseOwnerMaxLength);
        });

        builder.Entity<KycSubmissionDraft>(draft =>
        {
            draft.ToTable("KycSubmissionDrafts");
            draft.Property(d => d.CustomerId).HasMaxLength(128);
            draft.Property(d => d.ProductId).HasMaxLength(128);
            draft.Property(d => d.SubmittedByUserName).HasMaxLength(256);
            draft.HasIndex(d => new { d.CustomerId, d.ProductId }).IsUnique();
            draft.HasIndex(d => d.SubmittedAtUtc);
        });

        builder.Entity<CustomerNote>(note =>
        {
            note.ToTable("CustomerNotes");
            note.Property(n => n.CustomerId).HasMaxLength(128);
            note.Property(n => n.Text).HasMaxLength(CustomerNoteRules.MaxLength);
            note.Property(n => n.AuthorUserName).HasMaxLength(256);
            note.Property(n => n.EditedByUserName).HasMaxLength(256);
            note.Property(n => n.ConcurrencyStamp).IsConcurrencyToken();
            note.HasIndex(n => new { n.CustomerId, n.CreatedAtUtc });
        });

        builder.Entity<CustomerNoteVersion>(version =>
        {
            version.ToTable("CustomerNoteVersions");
            version.Property(v => v.Text).HasMaxLength(CustomerNoteRules.MaxLength);
            version.Property(v => v.WrittenByUserName).HasMaxLength(256);
            version.HasIndex(v => new { v.NoteId, v.Version }).IsUnique();
        });

        builder.Entity<StatusWatch>(watch =>
        {
            watch.ToTable("StatusWatches");
            watch.Property(w => w.Kind).HasConversion<string>().HasMaxLength(16);
            watch.Property(w => w.Outcome).HasConversion<string>().HasMaxLength(16);
            watch.Property(w => w.EntityId).HasMaxLength(128);
            watch.Property(w => w.ProductId).HasMaxLength(128);
            watch.Property(w => w.CustomerId).HasMaxLength(128);
            watch.Property(w => w.CardId).HasMaxLength(128);
            watch.Property(w => w.Description).HasMaxLength(256);
            watch.Property(w => w.LastStatus).HasMaxLength(32);
            watch.Property(w => w.StartedByUserName).HasMaxLength(256);
            // The poller's query: active watches that are due, soonest first.
            watch.HasIndex(w => new { w.Outcome, w.NextPollAtUtc });
            watch.HasIndex(w => new { w.Kind, w.EntityId, w.ProductId });
            watch.Property(w => w.LeaseOwner).HasMaxLength(LeaseOwnerMaxLength);
        });
    }
}

public sealed class SqliteAdminDbContext(DbContextOptions<SqliteAdminDbContext> options) : AdminDbContext(options);

public sealed class PostgresAdminDbContext(DbContextOptions<PostgresAdminDbContext> options) : AdminDbContext(options);

public sealed class SqlServerAdminDbContext(DbContextOptions<SqlServerAdminDbContext> options) : AdminDbContext(options);
