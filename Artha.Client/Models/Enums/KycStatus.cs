using System.Text.Json.Serialization;
using Artha.Client.Serialization;

namespace Artha.Client.Models;

/// <summary>KYC/KYB state of a customer (<c>kycState</c>) or of an application (<c>applicantStatus</c>). Open enum: unknown values are kept; comparison ignores case, '_' and '-'.</summary>
[JsonConverter(typeof(OpenEnumJsonConverter<KycStatus>))]
public readonly struct KycStatus : IOpenEnum<KycStatus>, IEquatable<KycStatus>
{
    /// <summary><c>not_submitted</c></summary>
    public static readonly KycStatus NotSubmitted = new("not_submitted");
    /// <summary><c>pending</c></summary>
    public static readonly KycStatus Pending = new("pending");
    /// <summary><c>under_review</c></summary>
    public static readonly KycStatus UnderReview = new("under_review");
    /// <summary><c>approved</c></summary>
    public static readonly KycStatus Approved = new("approved");
    /// <summary><c>rejected</c></summary>
    public static readonly KycStatus Rejected = new("rejected");

    private static readonly KycStatus[] KnownValues = [NotSubmitted, Pending, UnderReview, Approved, Rejected];

    private readonly string? _value;

    public KycStatus(string value) => _value = value;

    /// <inheritdoc />
    public string Value => _value ?? "";

    /// <summary>All documented values.</summary>
    public static IReadOnlyList<KycStatus> Known => KnownValues;

    /// <summary>True when the value is one of the documented values.</summary>
    public bool IsKnown => Array.IndexOf(KnownValues, this) >= 0;

    public static KycStatus From(string value) => new(value);

    public static implicit operator KycStatus(string value) => new(value);

    public bool Equals(KycStatus other) => OpenEnumComparer.Equals(Value, other.Value);

    public override bool Equals(object? obj) => obj is KycStatus other && Equals(other);

    public override int GetHashCode() => OpenEnumComparer.GetHashCode(Value);

    public override string ToString() => Value;

    public static bool operator ==(KycStatus left, KycStatus right) => left.Equals(right);

    public static bool operator !=(KycStatus left, KycStatus right) => !left.Equals(right);
}
