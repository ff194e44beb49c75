using System.Text.Json.Serialization;
using Artha.Client.Serialization;

namespace Artha.Client.Models;

/// <summary>Card form factor (also the product type). Open enum: unknown values are kept; comparison ignores case, '_' and '-'.</summary>
[JsonConverter(typeof(OpenEnumJsonConverter<CardType>))]
public readonly struct CardType : IOpenEnum<CardType>, IEquatable<CardType>
{
    /// <summary><c>virtual</c></summary>
    public static readonly CardType Virtual = new("virtual");
    /// <summary><c>physical</c></summary>
    public static readonly CardType Physical = new("physical");

    private static readonly CardType[] KnownValues = [Virtual, Physical];

    private readonly string? _value;

    public CardType(string value) => _value = value;

    /// <inheritdoc />
    public string Value => _value ?? "";

    /// <summary>All documented values.</summary>
    public static IReadOnlyList<CardType> Known => KnownValues;

    /// <summary>True when the value is one of the documented values.</summary>
    public bool IsKnown => Array.IndexOf(KnownValues, this) >= 0;

    public static CardType From(string value) => new(value);

    public static implicit operator CardType(string value) => new(value);

    public bool Equals(CardType other) => OpenEnumComparer.Equals(Value, other.Value);

    public override bool Equals(object? obj) => obj is CardType other && Equals(other);

    public override int GetHashCode() => OpenEnumComparer.GetHashCode(Value);

    public override string ToString() => Value;

    public static bool operator ==(CardType left, CardType right) => left.Equals(right);

    public static bool operator !=(CardType left, CardType right) => !left.Equals(right);
}
