using System.Globalization;

namespace Artha.Admin.Components.UI;

/// <summary>
/// Reads and writes list filters kept in the URL (dates as yyyy-MM-dd, amounts with a dot), so a copied link
/// reproduces the view. Unreadable values are ignored rather than failing the page.
/// </summary>
public static class QueryValues
{
    public static DateOnly? Date(string? value) =>
        DateOnly.TryParseExact(value, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d) ? d : null;

    public static decimal? Amount(string? value) =>
        decimal.TryParse(value, NumberStyles.Number, CultureInfo.InvariantCulture, out var d) ? d : null;

    public static string? Text(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();

    public static string? Write(DateOnly? value) => value?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    public static string? Write(DateTime? value) => value is { } d ? DateOnly.FromDateTime(d).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) : null;

    public static string? Write(decimal? value) => value?.ToString("0.##", CultureInfo.InvariantCulture);

    public static DateTime? ToDateTime(DateOnly? value) => value?.ToDateTime(TimeOnly.MinValue);

    public static DateOnly? ToDateOnly(DateTime? value) => value is { } d ? DateOnly.FromDateTime(d) : null;
}
