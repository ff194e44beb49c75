using System.Text.Json.Serialization;
using Artha.Client.Serialization;

namespace Artha.Client.Models;

/// <summary>Card lifecycle status (<c>status</c>). Open enum: unknown values are kept; comparison ignores case, '_' and '-'.</summary>
[JsonConverter(typeof(OpenEnumJsonConverter<CardStatus>))]
public readonly struct CardStatus : IOpenEnum<CardStatus>, IEquatable<CardStatus>
{
    /// <summary><c>inactive</c></summary>
    public static readonly CardStatus Inactive = new("inactive");
    /// <summary><c>active</c></summary>
    public static readonly CardStatus Active = new("active");
    /// <summary><c>frozen</c></summary>
    public static readonly CardStatus Frozen = new("frozen");
    /// <summary><c>cancelled</c></summary>
    public static readonly CardStatus Cancelled = new("cancelled");

    private static readonly CardStatus[] KnownValues = [Inactive, Active, Frozen, Cancelled];

    private readonly string? _value;

    public CardStatus(string value) => _value = value;

    /// <inheritdoc />
    public string Value => _value ?? "";

    /// <summary>All documented values.</summary>
    public static IReadOnlyList<CardStatus> Known => KnownValues;

    /// <summary>True when the value is one of the documented values.</summary>
    public bool IsKnown => Array.IndexOf(KnownValues, this) >= 0;

    public static CardStatus From(string value) => new(value);

    public static implicit operator CardStatus(string value) => new(value);

    public bool Equals(CardStatus other) => OpenEnumComparer.Equals(Value, other.Value);

    public override bool Equals(object? obj) => obj is CardStatus other && Equals(other);

    public override int GetHashCode() => OpenEnumComparer.GetHashCode(Value);

    public override string ToString() => Value;

    public static bool operator ==(CardStatus left, CardStatus right) => left.Equals(right);

    public static bool operator !=(CardStatus left, CardStatus right) => !left.Equals(right);
}
