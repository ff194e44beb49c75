using System.Text.RegularExpressions;

namespace Artha.Admin.Features.Customers.Rules;

/// <summary>
/// Rewords messages that name a wire field (<c>activationCode must be 6 digits</c>, <c>address.postal_code: required</c>)
/// in the words staff see on the form (<c>Activation code must be 6 digits</c>, <c>Postal code: required</c>), so an error
/// never shows an API field name. Known fields get their form label; others are split into words.
/// </summary>
public static partial class FieldWording
{
    /// <summary>camelCase or snake_case identifiers, optionally dotted (<c>kycDetails.frontDoc</c>).</summary>
    [GeneratedRegex(@"\b(?:[A-Za-z][A-Za-z0-9]*\.)*(?:[a-z][a-z0-9]*(?:[A-Z][a-z0-9]*)+|[a-z][a-z0-9]*(?:_[a-z0-9]+)+)\b")]
    private static partial Regex Identifier();

    [GeneratedRegex(@"(?<=[a-z0-9])(?=[A-Z])|_")]
    private static partial Regex WordBreak();

    /// <summary>The message with every field identifier replaced by its label (or its words), sentences capitalised.</summary>
    public static string Humanize(string? message, IReadOnlyDictionary<string, string>? labels = null)
    {
        if (string.IsNullOrWhiteSpace(message))
        {
            return message ?? "";
        }
        return Identifier().Replace(message, match =>
        {
            var name = match.Value[(match.Value.LastIndexOf('.') + 1)..];
            var words = Label(name, labels);
            var startsSentence = match.Index == 0 || message[..match.Index].TrimEnd() is var before && (before.Length == 0 || before[^1] is '.' or ':' or '!' or '?');
            return startsSentence ? char.ToUpperInvariant(words[0]) + words[1..] : words;
        });
    }

    /// <summary>The words of a field name: its label when known, else <c>phoneCode</c> → <c>phone code</c>.</summary>
    public static string Label(string fieldName, IReadOnlyDictionary<string, string>? labels = null)
    {
        var key = fieldName[(fieldName.LastIndexOf('.') + 1)..];
        if (labels is not null)
        {
            foreach (var (known, label) in labels)
            {
                if (Normalize(known) == Normalize(key))
                {
                    return label.ToLowerInvariant();
                }
            }
        }
        return string.Join(' ', WordBreak().Split(key).Where(w => w.Length > 0)).ToLowerInvariant();
    }

    private static string Normalize(string key) => key[(key.LastIndexOf('.') + 1)..].Replace("_", "").ToLowerInvariant();
}
