using System.Text.Json.Serialization;
using Artha.Client.Serialization;

namespace Artha.Client.Models;

/// <summary>Customer type. Open enum: unknown values are kept; comparison ignores case, '_' and '-'.</summary>
[JsonConverter(typeof(OpenEnumJsonConverter<CustomerType>))]
public readonly struct CustomerType : IOpenEnum<CustomerType>, IEquatable<CustomerType>
{
    /// <summary><c>individual</c></summary>
    public static readonly CustomerType Individual = new("individual");
    /// <summary><c>business</c></summary>
    public static readonly CustomerType Business = new("business");

    private static readonly CustomerType[] KnownValues = [Individual, Business];

    private readonly string? _value;

    public CustomerType(string value) => _value = value;

    /// <inheritdoc />
    public string Value => _value ?? "";

    /// <summary>All documented values.</summary>
    public static IReadOnlyList<CustomerType> Known => KnownValues;

    /// <summary>True when the value is one of the documented values.</summary>
    public bool IsKnown => Array.IndexOf(KnownValues, this) >= 0;

    public static CustomerType From(string value) => new(value);

    public static implicit operator CustomerType(string value) => new(value);

    public bool Equals(CustomerType other) => OpenEnumComparer.Equals(Value, other.Value);

    public override bool Equals(object? obj) => obj is CustomerType other && Equals(other);

    public override int GetHashCode() => OpenEnumComparer.GetHashCode(Value);

    public override string ToString() => Value;

    public static bool operator ==(CustomerType left, CustomerType right) => left.Equals(right);

    public static bool operator !=(CustomerType left, CustomerType right) => !left.Equals(right);
}
