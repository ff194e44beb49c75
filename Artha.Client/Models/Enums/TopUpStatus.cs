using System.Text.Json.Serialization;
using Artha.Client.Serialization;

namespace Artha.Client.Models;

/// <summary>Top-up status; the union of the Top Up (processing/completed/failed) and Get Top-Up Status (pending/approved/rejected) vocabularies. Open enum: unknown values are kept; comparison ignores case, '_' and '-'.</summary>
[JsonConverter(typeof(OpenEnumJsonConverter<TopUpStatus>))]
public readonly struct TopUpStatus : IOpenEnum<TopUpStatus>, IEquatable<TopUpStatus>
{
    /// <summary><c>pending</c></summary>
    public static readonly TopUpStatus Pending = new("pending");
    /// <summary><c>processing</c></summary>
    public static readonly TopUpStatus Processing = new("processing");
    /// <summary><c>approved</c></summary>
    public static readonly TopUpStatus Approved = new("approved");
    /// <summary><c>completed</c></summary>
    public static readonly TopUpStatus Completed = new("completed");
    /// <summary><c>rejected</c></summary>
    public static readonly TopUpStatus Rejected = new("rejected");
    /// <summary><c>failed</c></summary>
    public static readonly TopUpStatus Failed = new("failed");

    private static readonly TopUpStatus[] KnownValues = [Pending, Processing, Approved, Completed, Rejected, Failed];

    private readonly string? _value;

    public TopUpStatus(string value) => _value = value;

    /// <inheritdoc />
    public string Value => _value ?? "";

    /// <summary>All documented values.</summary>
    public static IReadOnlyList<TopUpStatus> Known => KnownValues;

    /// <summary>True when the value is one of the documented values.</summary>
    public bool IsKnown => Array.IndexOf(KnownValues, this) >= 0;

    public static TopUpStatus From(string value) => new(value);

    public static implicit operator TopUpStatus(string value) => new(value);

    public bool Equals(TopUpStatus other) => OpenEnumComparer.Equals(Value, other.Value);

    public override bool Equals(object? obj) => obj is TopUpStatus other && Equals(other);

    public override int GetHashCode() => OpenEnumComparer.GetHashCode(Value);

    public override string ToString() => Value;

    public static bool operator ==(TopUpStatus left, TopUpStatus right) => left.Equals(right);

    public static bool operator !=(TopUpStatus left, TopUpStatus right) => !left.Equals(right);
}
