using System.Globalization;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.WebUtilities;

namespace Artha.Admin.Components.UI;

/// <summary>
/// The one way pages keep their view in the address bar (filters, page, page size, sort, open tab), so a link or a
/// refresh reproduces what staff see. Writes replace the current history entry (Back leaves the page instead of
/// stepping through every keystroke) and drop empty values; reads are tolerant of hand-edited addresses.
/// </summary>
public sealed class UrlState(NavigationManager navigation)
{
    public const string PageKey = "page";
    public const string SizeKey = "size";
    public const string SortKey = "sort";
    public static readonly IReadOnlyList<int> PageSizes = [10, 20, 50, 100];

    /// <summary>Sets (or, for null/blank values, removes) query parameters, keeping every other one.</summary>
    public void Set(IReadOnlyDictionary<string, object?> values, bool replace = true)
    {
        var cleaned = values.ToDictionary(kv => kv.Key, kv => (object?)Format(kv.Value));
        var target = navigation.GetUriWithQueryParameters(cleaned);
        if (!string.Equals(target, navigation.Uri, StringComparison.Ordinal))
        {
            navigation.NavigateTo(target, replace: replace);
        }
    }

    public void Set(string key, object? value, bool replace = true) => Set(new Dictionary<string, object?> { [key] = value }, replace);

    public string? Get(string key) =>
        QueryHelpers.ParseQuery(navigation.ToAbsoluteUri(navigation.Uri).Query).TryGetValue(key, out var values) && values.Count > 0
            ? NullIfBlank(values[0])
            : null;

    /// <summary>The 1-based page in the URL as the grid's 0-based index (0 when absent or invalid).</summary>
    public int PageIndex => int.TryParse(Get(PageKey), NumberStyles.None, CultureInfo.InvariantCulture, out var page) && page > 1 ? page - 1 : 0;

    /// <summary>The page size in the URL when it is one the pager offers, else <paramref name="fallback"/>.</summary>
    public int PageSize(int fallback = 20) =>
        int.TryParse(Get(SizeKey), NumberStyles.None, CultureInfo.InvariantCulture, out var size) && PageSizes.Contains(size) ? size : fallback;

    /// <summary>Writes the grid's page (1-based in the URL; omitted for the first) and size (omitted for the default).</summary>
    public void SetPage(int pageIndex, int pageSize, int defaultSize = 20) => Set(new Dictionary<string, object?>
    {
        [PageKey] = pageIndex > 0 ? pageIndex + 1 : null,
        [SizeKey] = pageSize != defaultSize ? pageSize : null,
    });

    private static string? Format(object? value) => value switch
    {
        null => null,
        string s => NullIfBlank(s)?.Trim(),
        DateOnly d => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        DateTime t => DateOnly.FromDateTime(t).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        decimal m => m.ToString(CultureInfo.InvariantCulture),
        bool b => b ? "true" : null,
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => NullIfBlank(value.ToString()),
    };

    private static string? NullIfBlank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value;
}
