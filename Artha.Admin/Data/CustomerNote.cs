namespace Artha.Admin.Data;

/// <summary>
/// A support note on a customer: free text written by staff (card numbers are masked before it is saved), optionally
/// pinned to the top. Every edit keeps the earlier text as a <see cref="CustomerNoteVersion"/>.
/// </summary>
public class CustomerNote
{
    public Guid Id { get; set; }
    public string CustomerId { get; set; } = "";
    public string Text { get; set; } = "";
    public bool IsPinned { get; set; }
    public string AuthorUserName { get; set; } = "";
    public DateTime CreatedAtUtc { get; set; }
    public string? EditedByUserName { get; set; }
    public DateTime? EditedAtUtc { get; set; }

    /// <summary>1 for a note never edited; one more per edit.</summary>
    public int Version { get; set; } = 1;

    /// <summary>Optimistic concurrency: two staff editing the same note at once cannot overwrite each other silently.</summary>
    public Guid ConcurrencyStamp { get; set; } = Guid.NewGuid();
}
