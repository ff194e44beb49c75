using System.Globalization;
using System.Text.Json;

namespace Artha.Sandbox.Http;

/// <summary>
/// A request body read tolerantly: property names match case-insensitively and snake_case matches camelCase
/// (<c>customer_id</c> = <c>customerId</c>, <c>address_line_1</c> = <c>addressLine1</c>), because the docs show both
/// generations (§4.2). Keeps "absent" apart from "null", which PATCH semantics need.
/// </summary>
public sealed class JsonBody
{
    private readonly Dictionary<string, JsonElement> _properties;
    private readonly string _prefix;

    private JsonBody(Dictionary<string, JsonElement> properties, string prefix)
    {
        _properties = properties;
        _prefix = prefix;
    }

    public static JsonBody Empty { get; } = new(new Dictionary<string, JsonElement>(), "");

    public static JsonBody Parse(ReadOnlyMemory<byte> bytes)
    {
        if (bytes.IsEmpty || bytes.Span.Trim(" \t\r\n"u8).IsEmpty)
            return Empty;
        JsonElement root;
        try
        {
            using var doc = JsonDocument.Parse(bytes);
            root = doc.RootElement.Clone();
        }
        catch (JsonException)
        {
            throw new ApiException(StatusCodes.Status400BadRequest, "MALFORMED_JSON", "The request body is not valid JSON.");
        }
        if (root.ValueKind != JsonValueKind.Object)
            throw new ApiException(StatusCodes.Status400BadRequest, "MALFORMED_JSON", "The request body must be a JSON object.");
        return FromObject(root, "");
    }

    private static JsonBody FromObject(JsonElement obj, string prefix)
    {
        var map = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
        foreach (var p in obj.EnumerateObject())
            map[Normalize(p.Name)] = p.Value;
        return new JsonBody(map, prefix);
    }

    /// <summary>Lower case without separators, so every spelling of a name lands on one key.</summary>
    public static string Normalize(string name)
    {
        Span<char> buffer = stackalloc char[name.Length];
        var n = 0;
        foreach (var c in name)
            if (c is not ('_' or '-' or ' '))
                buffer[n++] = char.ToLowerInvariant(c);
        return new string(buffer[..n]);
    }

    public bool Has(string name) => _properties.ContainsKey(Normalize(name));

    /// <summary>Present with an explicit JSON null.</summary>
    public bool IsNull(string name) => _properties.TryGetValue(Normalize(name), out var v) && v.ValueKind == JsonValueKind.Null;

    /// <summary>Present with a non-null value.</summary>
    public bool HasValue(string name) => _properties.TryGetValue(Normalize(name), out var v) && v.ValueKind is not (JsonValueKind.Null or JsonValueKind.Undefined);

    private string Path(string field) => _prefix.Length == 0 ? field : _prefix + "." + field;

    /// <summary>The first of several accepted spellings that is present (e.g. <c>docType</c> / <c>idType</c>).</summary>
    public string? FirstPresent(params string[] names) => names.FirstOrDefault(HasValue);

    public string? String(string name, FieldErrors errors)
    {
        if (!_properties.TryGetValue(Normalize(name), out var v))
            return null;
        switch (v.ValueKind)
        {
            case JsonValueKind.Null: return null;
            case JsonValueKind.String: return v.GetString();
            case JsonValueKind.Number:
            case JsonValueKind.True:
            case JsonValueKind.False:
                return v.GetRawText();
            default:
                errors.Add(Path(name), "Must be a string.");
                return null;
        }
    }

    public decimal? Decimal(string name, FieldErrors errors)
    {
        if (!_properties.TryGetValue(Normalize(name), out var v) || v.ValueKind == JsonValueKind.Null)
            return null;
        if (v.ValueKind == JsonValueKind.Number && v.TryGetDecimal(out var d))
            return d;
        if (v.ValueKind == JsonValueKind.String &&
            decimal.TryParse(v.GetString(), NumberStyles.Number, CultureInfo.InvariantCulture, out d))
            return d;
        errors.Add(Path(name), "Must be a number.");
        return null;
    }

    public bool? Bool(string name, FieldErrors errors)
    {
        if (!_properties.TryGetValue(Normalize(name), out var v) || v.ValueKind == JsonValueKind.Null)
            return null;
        if (v.ValueKind is JsonValueKind.True or JsonValueKind.False)
            return v.GetBoolean();
        if (v.ValueKind == JsonValueKind.String && bool.TryParse(v.GetString(), out var b))
            return b;
        errors.Add(Path(name), "Must be true or false.");
        return null;
    }

    public JsonBody? Object(string name, FieldErrors errors)
    {
        if (!_properties.TryGetValue(Normalize(name), out var v) || v.ValueKind == JsonValueKind.Null)
            return null;
        if (v.ValueKind != JsonValueKind.Object)
        {
            errors.Add(Path(name), "Must be an object.");
            return null;
        }
        return FromObject(v, Path(name));
    }

    /// <summary>The raw element, for free-form parts of a body (e.g. <c>kybDetails</c> UBO lists).</summary>
    public JsonElement? Raw(string name) => _properties.TryGetValue(Normalize(name), out var v) ? v : null;

    public IEnumerable<string> Keys => _properties.Keys;
}
