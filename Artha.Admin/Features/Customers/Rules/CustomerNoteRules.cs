using System.Text.RegularExpressions;

namespace Artha.Admin.Features.Customers.Rules;

/// <summary>
/// What a customer note may hold: 1–<see cref="MaxLength"/> characters, and never a card number — anything shaped like
/// one (12–19 digits, spaces or dashes between them) is masked to its last four digits before the note is saved.
/// </summary>
public static partial class CustomerNoteRules
{
    public const int MaxLength = 2000;

    /// <summary>Why the text cannot be saved, or null when it can.</summary>
    public static string? Problem(string? text) =>
        string.IsNullOrWhiteSpace(text) ? "Write the note first: it is empty."
        : text.Trim().Length > MaxLength ? $"A note holds at most {MaxLength:N0} characters; this one has {text.Trim().Length:N0}. Shorten it or split it in two."
        : null;

    /// <summary>The text as it is saved: trimmed, with every card-shaped number masked (<c>•••• 1234</c>).</summary>
    public static string Clean(string text) => CardShaped().Replace(text.Trim(), m =>
    {
        var digits = m.Value.Where(char.IsDigit).ToArray();
        return $"•••• {new string(digits[^4..])}";
    });

    [GeneratedRegex(@"(?<!\d)\d(?:[ -]?\d){11,18}(?!\d)")]
    private static partial Regex CardShaped();
}
