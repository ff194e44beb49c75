using System.Text.RegularExpressions;

namespace Artha.Admin.Features.Audit.Rules;

/// <summary>
/// Reads the old and new value out of an audit detail written as "subject: old -> new" or "old -> new" (how the
/// portal records changes that replace a value, e.g. a user's roles or status). Other details have no old value.
/// </summary>
public static partial class AuditChange
{
    public const string Arrow = " -> ";

    /// <summary>The detail of a change from <paramref name="oldValue"/> to <paramref name="newValue"/>, in the form <see cref="Parse"/> reads.</summary>
    public static string Describe(string? subject, string oldValue, string newValue) =>
        string.IsNullOrEmpty(subject) ? $"{oldValue}{Arrow}{newValue}" : $"{subject}: {oldValue}{Arrow}{newValue}";

    public static (string Old, string New)? Parse(string? detail)
    {
        if (string.IsNullOrEmpty(detail) || !detail.Contains(Arrow, StringComparison.Ordinal))
        {
            return null;
        }
        var match = ChangePattern().Match(detail);
        return match.Success ? (match.Groups["old"].Value.Trim(), match.Groups["new"].Value.Trim()) : null;
    }

    [GeneratedRegex(@"^(?:[^:]*: )?(?<old>[^:]*?) -> (?<new>.*)$", RegexOptions.Singleline, matchTimeoutMilliseconds: 100)]
    private static partial Regex ChangePattern();
}
