using System.Text.Json.Serialization;
using Artha.Client.Serialization;

namespace Artha.Client.Models;

/// <summary>Transaction status; REST values plus the webhook <c>approved</c>. Open enum: unknown values are kept; comparison ignores case, '_' and '-'.</summary>
[JsonConverter(typeof(OpenEnumJsonConverter<TransactionStatus>))]
public readonly struct TransactionStatus : IOpenEnum<TransactionStatus>, IEquatable<TransactionStatus>
{
    /// <summary><c>authorized</c></summary>
    public static readonly TransactionStatus Authorized = new("authorized");
    /// <summary><c>settled</c></summary>
    public static readonly TransactionStatus Settled = new("settled");
    /// <summary><c>declined</c></summary>
    public static readonly TransactionStatus Declined = new("declined");
    /// <summary><c>reversed</c></summary>
    public static readonly TransactionStatus Reversed = new("reversed");
    /// <summary><c>approved</c></summary>
    public static readonly TransactionStatus Approved = new("approved");

    private static readonly TransactionStatus[] KnownValues = [Authorized, Settled, Declined, Reversed, Approved];

    private readonly string? _value;

    public TransactionStatus(string value) => _value = value;

    /// <inheritdoc />
    public string Value => _value ?? "";

    /// <summary>All documented values.</summary>
    public static IReadOnlyList<TransactionStatus> Known => KnownValues;

    /// <summary>True when the value is one of the documented values.</summary>
    public bool IsKnown => Array.IndexOf(KnownValues, this) >= 0;

    public static TransactionStatus From(string value) => new(value);

    public static implicit operator TransactionStatus(string value) => new(value);

    public bool Equals(TransactionStatus other) => OpenEnumComparer.Equals(Value, other.Value);

    public override bool Equals(object? obj) => obj is TransactionStatus other && Equals(other);

    public override int GetHashCode() => OpenEnumComparer.GetHashCode(Value);

    public override string ToString() => Value;

    public static bool operator ==(TransactionStatus left, TransactionStatus right) => left.Equals(right);

    public static bool operator !=(TransactionStatus left, TransactionStatus right) => !left.Equals(right);
}
