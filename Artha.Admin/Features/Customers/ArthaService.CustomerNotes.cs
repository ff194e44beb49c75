using Artha.Admin.Auditing;
using Artha.Admin.Data;
using Artha.Admin.Features.Customers.Rules;
using Artha.Admin.Security;
using Microsoft.EntityFrameworkCore;

namespace Artha.Admin.Services;

public sealed partial class ArthaService
{
    /// <summary>Notes a customer page shows at most (pinned first, then newest).</summary>
    public const int NotesShown = 200;

    /// <summary>A customer's support notes: pinned first, then newest first, each with its edit history. Everyone may read them.</summary>
    public async Task<IReadOnlyList<CustomerNoteView>> CustomerNotesAsync(string customerId, CancellationToken cancellationToken = default)
    {
        await RequireAsync(Permission.ViewProgramme, "customer.notes", new AuditTarget("customer", customerId));
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var notes = await db.CustomerNotes.AsNoTracking().Where(n => n.CustomerId == customerId)
            .OrderByDescending(n => n.IsPinned).ThenByDescending(n => n.CreatedAtUtc).Take(NotesShown).ToListAsync(cancellationToken);
        var ids = notes.Select(n => n.Id).ToList();
        var versions = (await db.CustomerNoteVersions.AsNoTracking().Where(v => ids.Contains(v.NoteId)).ToListAsync(cancellationToken))
            .ToLookup(v => v.NoteId);
        return notes.Select(n => ToNoteView(n, versions[n.Id])).ToList();
    }

    /// <summary>Adds a note (Support, Operations, Admin). Card numbers in it are masked; audited without the text.</summary>
    public async Task<CustomerNoteView> AddCustomerNoteAsync(string customerId, string text, bool pinned = false, CancellationToken cancellationToken = default)
    {
        const string action = "customer.note.add";
        var target = new AuditTarget("customer", customerId);
        await RequireAsync(Permission.Onboard, action, target);
        var clean = ValidNoteText(text);
        var user = await currentStaff.GetAsync();
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var note = new CustomerNote
        {
            Id = Guid.NewGuid(), CustomerId = customerId, Text = clean, IsPinned = pinned,
            AuthorUserName = user.Identity?.Name ?? "unknown", CreatedAtUtc = clock.GetUtcNow().UtcDateTime,
        };
        db.CustomerNotes.Add(note);
        await audit.AddToAsync(db, action, target, AuditOutcome.Succeeded, $"note {note.Id}{(pinned ? ", pinned" : "")}, {clean.Length} characters");
        await db.SaveChangesAsync(cancellationToken);
        return ToNoteView(note, []);
    }

    /// <summary>
    /// Edits a note's text and pin. The earlier text is kept as a version; two edits of the same version cannot both win
    /// (the second is refused with a reload hint). Audited without the text.
    /// </summary>
    public async Task<CustomerNoteView> EditCustomerNoteAsync(Guid noteId, Guid concurrencyStamp, string text, bool pinned, CancellationToken cancellationToken = default)
    {
        const string action = "customer.note.edit";
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var note = await db.CustomerNotes.SingleOrDefaultAsync(n => n.Id == noteId, cancellationToken)
                   ?? throw new ArthaOperationException("This note no longer exists. Reload the page.", ArthaFailureKind.NotFound);
        var target = new AuditTarget("customer", note.CustomerId);
        await RequireAsync(Permission.Onboard, action, target);
        var clean = ValidNoteText(text);
        if (note.ConcurrencyStamp != concurrencyStamp)
        {
            throw new ArthaOperationException("Someone else changed this note meanwhile. Reload the page to see their version, then edit again.", ArthaFailureKind.Conflict);
        }
        var user = await currentStaff.GetAsync();
        var now = clock.GetUtcNow().UtcDateTime;
        if (clean != note.Text)
        {
            db.CustomerNoteVersions.Add(new CustomerNoteVersion
            {
                NoteId = note.Id, Version = note.Version, Text = note.Text,
                WrittenByUserName = note.EditedByUserName ?? note.AuthorUserName, WrittenAtUtc = note.EditedAtUtc ?? note.CreatedAtUtc,
            });
            note.Version++;
            note.Text = clean;
            note.EditedByUserName = user.Identity?.Name ?? "unknown";
            note.EditedAtUtc = now;
        }
        var pinChanged = note.IsPinned != pinned;
        note.IsPinned = pinned;
        note.ConcurrencyStamp = Guid.NewGuid();
        await audit.AddToAsync(db, action, target, AuditOutcome.Succeeded,
            $"note {note.Id} version {note.Version}{(pinChanged ? pinned ? ", pinned" : ", unpinned" : "")}");
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateConcurrencyException)
        {
            throw new ArthaOperationException("Someone else changed this note meanwhile. Reload the page to see their version, then edit again.", ArthaFailureKind.Conflict);
        }
        var versions = await db.CustomerNoteVersions.AsNoTracking().Where(v => v.NoteId == note.Id).ToListAsync(cancellationToken);
        return ToNoteView(note, versions);
    }

    private static string ValidNoteText(string? text) =>
        CustomerNoteRules.Problem(text) is { } problem
            ? throw new ArthaOperationException(problem, ArthaFailureKind.Validation, fieldErrors: new Dictionary<string, string[]> { ["text"] = [problem] })
            : CustomerNoteRules.Clean(text!);

    private static CustomerNoteView ToNoteView(CustomerNote n, IEnumerable<CustomerNoteVersion> versions) => new(
        n.Id, n.CustomerId, n.Text, n.IsPinned, n.AuthorUserName, DateTime.SpecifyKind(n.CreatedAtUtc, DateTimeKind.Utc),
        n.EditedByUserName, n.EditedAtUtc is { } at ? DateTime.SpecifyKind(at, DateTimeKind.Utc) : null, n.Version, n.ConcurrencyStamp,
        versions.OrderByDescending(v => v.Version)
            .Select(v => new CustomerNoteHistoryItem(v.Version, v.Text, v.WrittenByUserName, DateTime.SpecifyKind(v.WrittenAtUtc, DateTimeKind.Utc))).ToList());
}
