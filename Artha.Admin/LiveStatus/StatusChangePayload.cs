using System.Text.Json;
using System.Text.Json.Serialization;

namespace Artha.Admin.LiveStatus;

/// <summary>
/// The NOTIFY payload of <see cref="PostgresStatusEventStream"/>: JSON of the publishing instance's id and the
/// <see cref="StatusChange"/> (ids, statuses, message, timestamps — nothing secret, by the design of StatusChange).
/// Non-ASCII characters are escaped, so the payload is plain ASCII and its length in characters is its length in bytes
/// whatever the server's encoding. A payload that would exceed <see cref="MaxBytes"/> gets its message shortened
/// (ending in "…"); the change itself is never dropped.
/// </summary>
public static class StatusChangePayload
{
    /// <summary>PostgreSQL refuses NOTIFY payloads of 8 000 bytes or more.</summary>
    public const int MaxBytes = 7999;

    private const string Ellipsis = "…";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Converters = { new JsonStringEnumConverter() },
    };

    private sealed record Envelope(Guid Instance, StatusChange Change);

    /// <summary>
    /// The payload for <paramref name="change"/> from <paramref name="instance"/>, at most <see cref="MaxBytes"/> long:
    /// when the whole message does not fit, the longest prefix that does (never half a surrogate pair) plus "…".
    /// </summary>
    public static string Encode(Guid instance, StatusChange change)
    {
        var payload = Serialize(instance, change);
        if (payload.Length <= MaxBytes)
        {
            return payload;
        }

        // Escaping makes a character cost 1 to 6 bytes, so search for the cut: the payload grows with the prefix.
        var (fits, tooLong) = (0, change.Message.Length);
        payload = Serialize(instance, Shortened(change, 0));
        while (tooLong - fits > 1)
        {
            var middle = fits + (tooLong - fits) / 2;
            var candidate = Serialize(instance, Shortened(change, middle));
            if (candidate.Length <= MaxBytes)
            {
                (fits, payload) = (middle, candidate);
            }
            else
            {
                tooLong = middle;
            }
        }
        return payload;
    }

    /// <summary>Reads a payload made by <see cref="Encode"/>; false for anything else.</summary>
    public static bool TryDecode(string payload, out Guid instance, out StatusChange change)
    {
        instance = Guid.Empty;
        change = null!;
        try
        {
            var envelope = JsonSerializer.Deserialize<Envelope>(payload, Json);
            if (envelope?.Change is null || envelope.Change.EntityId is null || envelope.Change.Status is null || envelope.Change.Message is null)
            {
                return false;
            }
            (instance, change) = (envelope.Instance, envelope.Change);
            return true;
        }
        catch (JsonException)
        {
            return false;
        }
    }

    private static StatusChange Shortened(StatusChange change, int keep)
    {
        if (keep > 0 && char.IsHighSurrogate(change.Message[keep - 1]))
        {
            keep--;
        }
        return change with { Message = change.Message[..keep] + Ellipsis };
    }

    private static string Serialize(Guid instance, StatusChange change) => JsonSerializer.Serialize(new Envelope(instance, change), Json);
}
