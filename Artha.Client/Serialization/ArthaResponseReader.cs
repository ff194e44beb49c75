using System.Buffers;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Artha.Client.Models;

namespace Artha.Client.Serialization;

/// <summary>
/// Reads Artha response bodies whatever their generation: bare or <c>{"data": …}</c>-wrapped, camelCase or
/// snake_case. Snake_case keys are rewritten to camelCase before the source-generated deserializer runs, so the
/// models need a single set of names.
/// </summary>
public static class ArthaResponseReader
{
    /// <summary>Deserialises a single resource; returns null for an empty body (e.g. a 202 without content).</summary>
    public static T? Read<T>(ReadOnlyMemory<byte> body, JsonTypeInfo<T> typeInfo) where T : class
    {
        if (IsBlank(body.Span))
        {
            return null;
        }

        using var document = JsonDocument.Parse(body);
        var root = document.RootElement;
        var requestId = FindRequestId(root);
        var target = root.ValueKind == JsonValueKind.Object && root.TryGetProperty("data", out var data) && data.ValueKind is JsonValueKind.Object or JsonValueKind.Array
            ? data
            : root;
        var result = Deserialize(target, typeInfo);
        if (result is ArthaResponse response)
        {
            response.RequestId = requestId;
        }

        return result;
    }

    /// <summary>Deserialises a list that is a bare array or an object with <c>data</c>/<c>items</c> plus optional <c>total</c>, <c>limit</c>, <c>offset</c>.</summary>
    public static PagedResult<T> ReadPage<T>(ReadOnlyMemory<byte> body, JsonTypeInfo<List<T>> listTypeInfo)
    {
        if (IsBlank(body.Span))
        {
            return new PagedResult<T>([], null, null, null);
        }

        using var document = JsonDocument.Parse(body);
        var root = document.RootElement;
        var requestId = FindRequestId(root);
        var page = root;
        // A wrapped page: {"data": {"items": [...], "total": n}}.
        if (page.ValueKind == JsonValueKind.Object && page.TryGetProperty("data", out var data) && data.ValueKind == JsonValueKind.Object)
        {
            page = data;
        }

        if (page.ValueKind == JsonValueKind.Array)
        {
            var bare = Deserialize(page, listTypeInfo) ?? [];
            return new PagedResult<T>(bare, null, null, null) { RequestId = requestId };
        }

        if (page.ValueKind != JsonValueKind.Object)
        {
            throw new JsonException("Expected a JSON array or object for a list response.");
        }

        JsonElement items = default;
        var found = (page.TryGetProperty("data", out items) && items.ValueKind == JsonValueKind.Array)
            || (page.TryGetProperty("items", out items) && items.ValueKind == JsonValueKind.Array);
        var list = found ? Deserialize(items, listTypeInfo) ?? [] : [];
        return new PagedResult<T>(list, ReadInt(page, "total"), ReadInt(page, "limit"), ReadInt(page, "offset")) { RequestId = requestId };
    }

    /// <summary>Converts a snake_case key to camelCase (<c>address_line_1</c> → <c>addressLine1</c>); other keys are returned unchanged.</summary>
    public static string ToCamelCase(string key)
    {
        if (key.IndexOf('_') < 0)
        {
            return key;
        }

        Span<char> buffer = key.Length <= 256 ? stackalloc char[key.Length] : new char[key.Length];
        var written = 0;
        var upperNext = false;
        foreach (var c in key)
        {
            if (c == '_')
            {
                upperNext = written > 0;
                continue;
            }

            buffer[written++] = upperNext ? char.ToUpperInvariant(c) : c;
            upperNext = false;
        }

        return new string(buffer[..written]);
    }

    internal static string? FindRequestId(JsonElement root)
    {
        if (root.ValueKind != JsonValueKind.Object)
        {
            return null;
        }

        foreach (var name in (ReadOnlySpan<string>)["request_id", "requestId"])
        {
            if (root.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String)
            {
                return value.GetString();
            }
        }

        return null;
    }

    // The normalised copy is written into a per-thread buffer (reused, zeroed after each read: it may hold a PAN).
    [ThreadStatic] private static ArrayBufferWriter<byte>? t_buffer;
    [ThreadStatic] private static Utf8JsonWriter? t_writer;

    private static T? Deserialize<T>(JsonElement element, JsonTypeInfo<T> typeInfo)
    {
        var buffer = t_buffer ??= new ArrayBufferWriter<byte>(1024);
        var writer = t_writer ??= new Utf8JsonWriter(buffer);
        writer.Reset(buffer);
        try
        {
            WriteNormalised(element, writer);
            writer.Flush();
            return JsonSerializer.Deserialize(buffer.WrittenSpan, typeInfo);
        }
        finally
        {
            writer.Reset();
            buffer.Clear();
            if (buffer.Capacity > 64 * 1024)
            {
                // Do not pin a large page's buffer to the thread.
                t_buffer = null;
                t_writer = null;
            }
        }
    }

    private static void WriteNormalised(JsonElement element, Utf8JsonWriter writer)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                writer.WriteStartObject();
                foreach (var property in element.EnumerateObject())
                {
                    writer.WritePropertyName(ToCamelCase(property.Name));
                    WriteNormalised(property.Value, writer);
                }

                writer.WriteEndObject();
                break;
            case JsonValueKind.Array:
                writer.WriteStartArray();
                foreach (var item in element.EnumerateArray())
                {
                    WriteNormalised(item, writer);
                }

                writer.WriteEndArray();
                break;
            default:
                element.WriteTo(writer);
                break;
        }
    }

    private static int? ReadInt(JsonElement page, string name)
    {
        if (!page.TryGetProperty(name, out var value))
        {
            return null;
        }

        return value.ValueKind switch
        {
            JsonValueKind.Number when value.TryGetInt32(out var number) => number,
            JsonValueKind.String when int.TryParse(value.GetString(), out var parsed) => parsed,
            _ => null,
        };
    }

    private static bool IsBlank(ReadOnlySpan<byte> body) => body.Trim(" \t\r\n"u8).IsEmpty;
}
