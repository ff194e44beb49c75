using Artha.Admin.Security;

namespace Artha.Admin.Features.Customers.Rules;

/// <summary>
/// What a customer note may hold: 1–<see cref="MaxLength"/> characters, and never a card number — anything shaped like
/// one (<see cref="CardNumberText"/>) is masked to its last four digits before the note is saved.
/// </summary>
public static class CustomerNoteRules
{
    public const int MaxLength = 2000;

    /// <summary>Why the text cannot be saved, or null when it can.</summary>
    public static string? Problem(string? text) =>
        string.IsNullOrWhiteSpace(text) ? "Write the note first: it is empty."
        : text.Trim().Length > MaxLength ? $"A note holds at most {MaxLength:N0} characters; this one has {text.Trim().Length:N0}. Shorten it or split it in two."
        : null;

    /// <summary>The text as it is saved: trimmed, with every card-shaped number masked (<c>•••• 1234</c>).</summary>
    public static string Clean(string text) => CardNumberText.MaskToLastFour(text.Trim());
}
