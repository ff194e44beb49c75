namespace Artha.Admin.Services;

/// <summary>An earlier text of a note: which version it was, who wrote it and when.</summary>
public sealed record CustomerNoteHistoryItem(int Version, string Text, string WrittenBy, DateTime WrittenAtUtc);
