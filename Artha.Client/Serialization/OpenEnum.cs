using System.Text.Json;
using System.Text.Json.Serialization;

namespace Artha.Client.Serialization;

/// <summary>
/// An "open" enumeration: a string value that may be one of the documented values or anything else the server
/// sends. The Artha docs spell the same value several ways (<c>UnderReview</c>, <c>underreview</c>, <c>under_review</c>),
/// so comparison ignores case, underscores, hyphens and spaces.
/// </summary>
public interface IOpenEnum<TSelf> where TSelf : struct, IOpenEnum<TSelf>
{
    /// <summary>The value as received or as written.</summary>
    string Value { get; }

    /// <summary>Wraps any string, known or not.</summary>
    static abstract TSelf From(string value);
}

/// <summary>Comparison rules shared by every open enum.</summary>
public static class OpenEnumComparer
{
    /// <summary>True when both values are equal ignoring case, '_', '-' and ' '.</summary>
    public static bool Equals(string? left, string? right)
    {
        left ??= "";
        right ??= "";
        int i = 0, j = 0;
        while (true)
        {
            while (i < left.Length && IsSeparator(left[i]))
            {
                i++;
            }

            while (j < right.Length && IsSeparator(right[j]))
            {
                j++;
            }

            if (i == left.Length || j == right.Length)
            {
                return i == left.Length && j == right.Length;
            }

            if (char.ToUpperInvariant(left[i]) != char.ToUpperInvariant(right[j]))
            {
                return false;
            }

            i++;
            j++;
        }
    }

    /// <summary>A hash code consistent with <see cref="Equals(string?, string?)"/>.</summary>
    public static int GetHashCode(string? value)
    {
        var hash = new HashCode();
        foreach (var c in value ?? "")
        {
            if (!IsSeparator(c))
            {
                hash.Add(char.ToUpperInvariant(c));
            }
        }

        return hash.ToHashCode();
    }

    private static bool IsSeparator(char c) => c is '_' or '-' or ' ';
}

/// <summary>Reads an open enum from a JSON string (or number) and writes its <see cref="IOpenEnum{TSelf}.Value"/>.</summary>
public sealed class OpenEnumJsonConverter<T> : JsonConverter<T> where T : struct, IOpenEnum<T>
{
    public override T Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) => reader.TokenType switch
    {
        JsonTokenType.String => T.From(reader.GetString() ?? ""),
        JsonTokenType.Number => T.From(System.Text.Encoding.UTF8.GetString(reader.ValueSpan)),
        _ => throw new JsonException($"Expected a string for {typeof(T).Name}."),
    };

    public override void Write(Utf8JsonWriter writer, T value, JsonSerializerOptions options) => writer.WriteStringValue(value.Value);
}
