using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace Artha.Client.Errors;

/// <summary>
/// Builds an <see cref="ArthaApiException"/> from an error response. Accepts the documented simulator shape
/// <c>{"error":{"code","message","fields"|"details"},"request_id","timestamp"}</c> and the looser
/// <c>{"message"}</c>, <c>{"code"}</c>, <c>{"errors":{field:[…]}}</c> (ASP.NET problem details) shapes.
/// </summary>
public static partial class ArthaErrorParser
{
    private static readonly IReadOnlyDictionary<string, string[]> NoFieldErrors = new Dictionary<string, string[]>();

    /// <param name="statusCode">Response status.</param>
    /// <param name="body">Response body (may be empty or not JSON).</param>
    /// <param name="method">Request method, for the message.</param>
    /// <param name="path">Request path without query, for the message.</param>
    /// <param name="sensitive">True for calls that carry card secrets (sensitive details, PIN): the server's text is then left out entirely.</param>
    /// <param name="headerRequestId">The response's <c>X-Request-Id</c> header, used when the body names no request id.</param>
    public static ArthaApiException Create(HttpStatusCode statusCode, ReadOnlySpan<byte> body, string method, string path, bool sensitive, string? headerRequestId = null)
    {
        string? code = null, serverMessage = null, requestId = null;
        var fields = NoFieldErrors;
        try
        {
            if (!body.IsEmpty)
            {
                var reader = new Utf8JsonReader(body);
                if (JsonDocument.TryParseValue(ref reader, out var document))
                {
                    using (document)
                    {
                        Read(document.RootElement, ref code, ref serverMessage, ref requestId, ref fields);
                    }
                }
            }
        }
        catch (JsonException)
        {
            // Not JSON (e.g. an HTML gateway page): status code only.
        }

        serverMessage = sensitive ? null : Redact(serverMessage);
        var text = new StringBuilder()
            .Append("Artha API ").Append(method).Append(' ').Append(path)
            .Append(" failed with ").Append((int)statusCode).Append(' ').Append(statusCode);
        if (code is not null)
        {
            text.Append(" (").Append(Redact(code)).Append(')');
        }

        if (serverMessage is not null)
        {
            text.Append(": ").Append(serverMessage);
        }

        requestId ??= headerRequestId;
        if (requestId is not null)
        {
            text.Append(" [request_id ").Append(requestId).Append(']');
        }

        return new ArthaApiException(statusCode, code, text.ToString(), requestId, fields, serverMessage);
    }

    private static void Read(JsonElement root, ref string? code, ref string? message, ref string? requestId, ref IReadOnlyDictionary<string, string[]> fields)
    {
        if (root.ValueKind != JsonValueKind.Object)
        {
            return;
        }

        requestId = GetString(root, "request_id") ?? GetString(root, "requestId") ?? GetString(root, "traceId");
        if (root.TryGetProperty("error", out var error))
        {
            if (error.ValueKind == JsonValueKind.Object)
            {
                code = GetString(error, "code");
                message = GetString(error, "message");
                fields = ReadFields(error, "fields") ?? ReadFields(error, "details") ?? fields;
            }
            else if (error.ValueKind == JsonValueKind.String)
            {
                message = error.GetString();
            }
        }

        code ??= GetString(root, "code");
        message ??= GetString(root, "message") ?? GetString(root, "title");
        if (fields.Count == 0)
        {
            fields = ReadFields(root, "errors") ?? ReadFields(root, "fields") ?? fields;
        }
    }

    private static Dictionary<string, string[]>? ReadFields(JsonElement parent, string name)
    {
        if (!parent.TryGetProperty(name, out var element) || element.ValueKind != JsonValueKind.Object)
        {
            return null;
        }

        var result = new Dictionary<string, string[]>(StringComparer.OrdinalIgnoreCase);
        foreach (var property in element.EnumerateObject())
        {
            result[property.Name] = property.Value.ValueKind switch
            {
                JsonValueKind.Array => property.Value.EnumerateArray().Select(item => Redact(item.ValueKind == JsonValueKind.String ? item.GetString() : item.GetRawText()) ?? "").ToArray(),
                JsonValueKind.String => [Redact(property.Value.GetString()) ?? ""],
                _ => [Redact(property.Value.GetRawText()) ?? ""],
            };
        }

        return result.Count == 0 ? null : result;
    }

    private static string? GetString(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind is JsonValueKind.String or JsonValueKind.Number
            ? (value.ValueKind == JsonValueKind.String ? value.GetString() : value.GetRawText())
            : null;

    /// <summary>Masks PAN-like digit runs (12–19 digits, optionally spaced or dashed) a server might echo back.</summary>
    internal static string? Redact(string? text) => text is null ? null : PanLike().Replace(text, "[REDACTED]");

    [GeneratedRegex(@"\d(?:[ -]?\d){11,18}")]
    private static partial Regex PanLike();
}
