using System.Text.Json;
using System.Text.Json.Serialization;

namespace Artha.Client.Serialization;

/// <summary>
/// A request field of a partial update that can be left out (<see cref="IsSet"/> false: "leave unchanged") or sent
/// with a value, including an explicit <c>null</c> ("reset"). JSON alone cannot tell the two apart, so properties of
/// this type are omitted when unset and written as their value (or <c>null</c>) when set.
/// </summary>
[JsonConverter(typeof(OptionalJsonConverterFactory))]
public readonly struct Optional<T> : IEquatable<Optional<T>>
{
    private Optional(T? value)
    {
        IsSet = true;
        Value = value;
    }

    /// <summary>Leave the field unchanged (the property is not sent).</summary>
    public static Optional<T> Unset => default;

    /// <summary>True when the property is sent.</summary>
    public bool IsSet { get; }

    /// <summary>The value sent when <see cref="IsSet"/>; <c>null</c> means "reset".</summary>
    public T? Value { get; }

    /// <summary>Send this value; <c>null</c> sends an explicit JSON null.</summary>
    public static Optional<T> Set(T? value) => new(value);

    public static implicit operator Optional<T>(T? value) => new(value);

    public bool Equals(Optional<T> other) => IsSet == other.IsSet && EqualityComparer<T?>.Default.Equals(Value, other.Value);

    public override bool Equals(object? obj) => obj is Optional<T> other && Equals(other);

    public override int GetHashCode() => HashCode.Combine(IsSet, Value);

    public override string ToString() => IsSet ? Value?.ToString() ?? "null" : "(unset)";

    public static bool operator ==(Optional<T> left, Optional<T> right) => left.Equals(right);

    public static bool operator !=(Optional<T> left, Optional<T> right) => !left.Equals(right);
}

/// <summary>Helpers to build <see cref="Optional{T}"/> values with type inference.</summary>
public static class Optional
{
    /// <summary>Send <paramref name="value"/>.</summary>
    public static Optional<T> Set<T>(T value) => Optional<T>.Set(value);

    /// <summary>Send an explicit JSON <c>null</c> (reset the field).</summary>
    public static Optional<T> Null<T>() => Optional<T>.Set(default);
}

/// <summary>Creates <see cref="OptionalJsonConverter{T}"/> for each <see cref="Optional{T}"/>.</summary>
public sealed class OptionalJsonConverterFactory : JsonConverterFactory
{
    public override bool CanConvert(Type typeToConvert) =>
        typeToConvert.IsGenericType && typeToConvert.GetGenericTypeDefinition() == typeof(Optional<>);

    public override JsonConverter? CreateConverter(Type typeToConvert, JsonSerializerOptions options) =>
        (JsonConverter?)Activator.CreateInstance(typeof(OptionalJsonConverter<>).MakeGenericType(typeToConvert.GetGenericArguments()[0]));
}

/// <summary>
/// Writes the wrapped value (or null). Properties of type <see cref="Optional{T}"/> must be marked
/// <c>[JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]</c> so that an unset value is omitted.
/// </summary>
public sealed class OptionalJsonConverter<T> : JsonConverter<Optional<T>>
{
    public override bool HandleNull => true;

    public override Optional<T> Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        reader.TokenType == JsonTokenType.Null
            ? Optional<T>.Set(default)
            : Optional<T>.Set(JsonSerializer.Deserialize(ref reader, (System.Text.Json.Serialization.Metadata.JsonTypeInfo<T>)options.GetTypeInfo(typeof(T))));

    public override void Write(Utf8JsonWriter writer, Optional<T> value, JsonSerializerOptions options)
    {
        if (value.Value is null)
        {
            writer.WriteNullValue();
            return;
        }

        JsonSerializer.Serialize(writer, value.Value, (System.Text.Json.Serialization.Metadata.JsonTypeInfo<T>)options.GetTypeInfo(typeof(T)));
    }
}
