using System.Globalization;
using System.Text;
using Artha.Client.Serialization;

namespace Artha.Client.Http;

/// <summary>
/// Builds the relative request URI (prefix + expanded path template + query). Path arguments and query values
/// are escaped with <see cref="Uri.EscapeDataString(string)"/>, whose output <see cref="Uri"/> keeps verbatim, so the
/// signed <c>PathAndQuery</c> is exactly what goes on the wire. Null query values are omitted.
/// </summary>
internal sealed class ArthaUriBuilder
{
    private readonly StringBuilder _text = new(128);
    private bool _hasQuery;

    public ArthaUriBuilder(string prefix, string template, params ReadOnlySpan<(string Name, string Value)> arguments)
    {
        // Relative to the HttpClient base address, which always ends with '/', so a base path is kept.
        _text.Append(prefix.Trim('/'));
        var start = 0;
        while (start < template.Length)
        {
            var open = template.IndexOf('{', start);
            if (open < 0)
            {
                _text.Append(template, start, template.Length - start);
                break;
            }

            var close = template.IndexOf('}', open);
            if (close < 0)
            {
                throw new FormatException($"Unclosed placeholder in path template '{template}'.");
            }

            _text.Append(template, start, open - start);
            var name = template.AsSpan(open + 1, close - open - 1);
            _text.Append(Uri.EscapeDataString(Find(arguments, name, template)));
            start = close + 1;
        }

        if (_text.Length > 0 && _text[0] == '/')
        {
            _text.Remove(0, 1);
        }
    }

    public ArthaUriBuilder Query(string name, string? value)
    {
        if (value is null)
        {
            return this;
        }

        _text.Append(_hasQuery ? '&' : '?').Append(Uri.EscapeDataString(name)).Append('=').Append(Uri.EscapeDataString(value));
        _hasQuery = true;
        return this;
    }

    public ArthaUriBuilder Query(string name, int? value) => Query(name, value?.ToString(CultureInfo.InvariantCulture));

    public ArthaUriBuilder Query(string name, decimal? value) => Query(name, value?.ToString(CultureInfo.InvariantCulture));

    /// <summary>ISO 8601 UTC, e.g. <c>2024-01-15T10:30:00Z</c>.</summary>
    public ArthaUriBuilder Query(string name, DateTimeOffset? value) =>
        Query(name, value?.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture));

    public ArthaUriBuilder Query<TEnum>(string name, TEnum? value) where TEnum : struct, IOpenEnum<TEnum> =>
        Query(name, value?.Value);

    public ArthaUriBuilder Page(Models.PageQuery? page) => Query("limit", page?.Limit).Query("offset", page?.Offset);

    public override string ToString() => _text.ToString();

    private static string Find(ReadOnlySpan<(string Name, string Value)> arguments, ReadOnlySpan<char> name, string template)
    {
        foreach (var (argumentName, value) in arguments)
        {
            if (name.Equals(argumentName, StringComparison.OrdinalIgnoreCase))
            {
                ArgumentException.ThrowIfNullOrWhiteSpace(value, argumentName);
                return value;
            }
        }

        throw new FormatException($"Path template '{template}' uses a placeholder the endpoint does not provide.");
    }
}
