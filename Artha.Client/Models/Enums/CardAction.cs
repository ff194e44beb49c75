using System.Text.Json.Serialization;
using Artha.Client.Serialization;

namespace Artha.Client.Models;

/// <summary>Operation reported by a card operation response. Open enum: unknown values are kept; comparison ignores case, '_' and '-'.</summary>
[JsonConverter(typeof(OpenEnumJsonConverter<CardAction>))]
public readonly struct CardAction : IOpenEnum<CardAction>, IEquatable<CardAction>
{
    /// <summary><c>activate</c></summary>
    public static readonly CardAction Activate = new("activate");
    /// <summary><c>freeze</c></summary>
    public static readonly CardAction Freeze = new("freeze");
    /// <summary><c>unfreeze</c></summary>
    public static readonly CardAction Unfreeze = new("unfreeze");
    /// <summary><c>cancel</c></summary>
    public static readonly CardAction Cancel = new("cancel");
    /// <summary><c>replace</c></summary>
    public static readonly CardAction Replace = new("replace");
    /// <summary><c>set_pin</c></summary>
    public static readonly CardAction SetPin = new("set_pin");

    private static readonly CardAction[] KnownValues = [Activate, Freeze, Unfreeze, Cancel, Replace, SetPin];

    private readonly string? _value;

    public CardAction(string value) => _value = value;

    /// <inheritdoc />
    public string Value => _value ?? "";

    /// <summary>All documented values.</summary>
    public static IReadOnlyList<CardAction> Known => KnownValues;

    /// <summary>True when the value is one of the documented values.</summary>
    public bool IsKnown => Array.IndexOf(KnownValues, this) >= 0;

    public static CardAction From(string value) => new(value);

    public static implicit operator CardAction(string value) => new(value);

    public bool Equals(CardAction other) => OpenEnumComparer.Equals(Value, other.Value);

    public override bool Equals(object? obj) => obj is CardAction other && Equals(other);

    public override int GetHashCode() => OpenEnumComparer.GetHashCode(Value);

    public override string ToString() => Value;

    public static bool operator ==(CardAction left, CardAction right) => left.Equals(right);

    public static bool operator !=(CardAction left, CardAction right) => !left.Equals(right);
}
