using System.Text.Json.Serialization;
using Artha.Client.Serialization;

namespace Artha.Client.Models;

/// <summary>Card issuance state (<c>state</c>), polled after issuing. Open enum: unknown values are kept; comparison ignores case, '_' and '-'.</summary>
[JsonConverter(typeof(OpenEnumJsonConverter<CardState>))]
public readonly struct CardState : IOpenEnum<CardState>, IEquatable<CardState>
{
    /// <summary><c>pending</c></summary>
    public static readonly CardState Pending = new("pending");
    /// <summary><c>active</c></summary>
    public static readonly CardState Active = new("active");
    /// <summary><c>failed</c></summary>
    public static readonly CardState Failed = new("failed");

    private static readonly CardState[] KnownValues = [Pending, Active, Failed];

    private readonly string? _value;

    public CardState(string value) => _value = value;

    /// <inheritdoc />
    public string Value => _value ?? "";

    /// <summary>All documented values.</summary>
    public static IReadOnlyList<CardState> Known => KnownValues;

    /// <summary>True when the value is one of the documented values.</summary>
    public bool IsKnown => Array.IndexOf(KnownValues, this) >= 0;

    public static CardState From(string value) => new(value);

    public static implicit operator CardState(string value) => new(value);

    public bool Equals(CardState other) => OpenEnumComparer.Equals(Value, other.Value);

    public override bool Equals(object? obj) => obj is CardState other && Equals(other);

    public override int GetHashCode() => OpenEnumComparer.GetHashCode(Value);

    public override string ToString() => Value;

    public static bool operator ==(CardState left, CardState right) => left.Equals(right);

    public static bool operator !=(CardState left, CardState right) => !left.Equals(right);
}
