namespace Artha.Admin.Services;

/// <summary>A customer note as the pages show it (never an EF entity), with its earlier texts when it was edited.</summary>
public sealed record CustomerNoteView(
    Guid Id,
    string CustomerId,
    string Text,
    bool IsPinned,
    string Author,
    DateTime CreatedAtUtc,
    string? EditedBy,
    DateTime? EditedAtUtc,
    int Version,
    Guid ConcurrencyStamp,
    IReadOnlyList<CustomerNoteHistoryItem> History);
