using System.Text.RegularExpressions;

namespace Artha.Admin.Security;

/// <summary>
/// The one pattern of "something that looks like a card number" in free text: 12–19 digits, single spaces or dashes
/// between them, not part of a longer run of digits. Used wherever text leaves the portal's control (live-status
/// payloads, telemetry names, customer notes).
/// </summary>
public static partial class CardNumberText
{
    /// <summary>Every card-shaped number in <paramref name="text"/> replaced by <paramref name="replacement"/>.</summary>
    public static string Remove(string text, string replacement = "[number removed]") => CardShaped().Replace(text, replacement);

    /// <summary>Every card-shaped number masked to its last four digits (<c>•••• 1234</c>).</summary>
    public static string MaskToLastFour(string text) =>
        CardShaped().Replace(text, m => $"•••• {new string(m.Value.Where(char.IsDigit).ToArray()[^4..])}");

    /// <summary>True when <paramref name="text"/> holds a card-shaped number.</summary>
    public static bool Contains(string text) => CardShaped().IsMatch(text);

    [GeneratedRegex(@"(?<!\d)\d(?:[ -]?\d){11,18}(?!\d)")]
    private static partial Regex CardShaped();
}
