namespace Artha.Admin.Data;

/// <summary>An earlier text of a <see cref="CustomerNote"/>, kept when the note was edited (its edit history).</summary>
public class CustomerNoteVersion
{
    public long Id { get; set; }
    public Guid NoteId { get; set; }

    /// <summary>The version this text was (1 = as first written).</summary>
    public int Version { get; set; }
    public string Text { get; set; } = "";
    public string WrittenByUserName { get; set; } = "";
    public DateTime WrittenAtUtc { get; set; }
}
