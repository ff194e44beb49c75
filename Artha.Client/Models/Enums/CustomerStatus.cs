using System.Text.Json.Serialization;
using Artha.Client.Serialization;

namespace Artha.Client.Models;

/// <summary>Customer account status. Open enum: unknown values are kept; comparison ignores case, '_' and '-'.</summary>
[JsonConverter(typeof(OpenEnumJsonConverter<CustomerStatus>))]
public readonly struct CustomerStatus : IOpenEnum<CustomerStatus>, IEquatable<CustomerStatus>
{
    /// <summary><c>active</c></summary>
    public static readonly CustomerStatus Active = new("active");
    /// <summary><c>suspended</c></summary>
    public static readonly CustomerStatus Suspended = new("suspended");
    /// <summary><c>closed</c></summary>
    public static readonly CustomerStatus Closed = new("closed");

    private static readonly CustomerStatus[] KnownValues = [Active, Suspended, Closed];

    private readonly string? _value;

    public CustomerStatus(string value) => _value = value;

    /// <inheritdoc />
    public string Value => _value ?? "";

    /// <summary>All documented values.</summary>
    public static IReadOnlyList<CustomerStatus> Known => KnownValues;

    /// <summary>True when the value is one of the documented values.</summary>
    public bool IsKnown => Array.IndexOf(KnownValues, this) >= 0;

    public static CustomerStatus From(string value) => new(value);

    public static implicit operator CustomerStatus(string value) => new(value);

    public bool Equals(CustomerStatus other) => OpenEnumComparer.Equals(Value, other.Value);

    public override bool Equals(object? obj) => obj is CustomerStatus other && Equals(other);

    public override int GetHashCode() => OpenEnumComparer.GetHashCode(Value);

    public override string ToString() => Value;

    public static bool operator ==(CustomerStatus left, CustomerStatus right) => left.Equals(right);

    public static bool operator !=(CustomerStatus left, CustomerStatus right) => !left.Equals(right);
}
