using System.Text.Json.Serialization;
using Artha.Client.Serialization;

namespace Artha.Client.Models;

/// <summary>Transaction type; REST values plus the webhook vocabulary. Open enum: unknown values are kept; comparison ignores case, '_' and '-'.</summary>
[JsonConverter(typeof(OpenEnumJsonConverter<TransactionType>))]
public readonly struct TransactionType : IOpenEnum<TransactionType>, IEquatable<TransactionType>
{
    /// <summary><c>purchase</c></summary>
    public static readonly TransactionType Purchase = new("purchase");
    /// <summary><c>atm_withdrawal</c></summary>
    public static readonly TransactionType AtmWithdrawal = new("atm_withdrawal");
    /// <summary><c>refund</c></summary>
    public static readonly TransactionType Refund = new("refund");
    /// <summary><c>fee</c></summary>
    public static readonly TransactionType Fee = new("fee");
    /// <summary><c>top_up</c></summary>
    public static readonly TransactionType TopUp = new("top_up");
    /// <summary><c>consume</c></summary>
    public static readonly TransactionType Consume = new("consume");
    /// <summary><c>reversal</c></summary>
    public static readonly TransactionType Reversal = new("reversal");
    /// <summary><c>maintain_fee</c></summary>
    public static readonly TransactionType MaintainFee = new("maintain_fee");
    /// <summary><c>settlement</c></summary>
    public static readonly TransactionType Settlement = new("settlement");

    private static readonly TransactionType[] KnownValues = [Purchase, AtmWithdrawal, Refund, Fee, TopUp, Consume, Reversal, MaintainFee, Settlement];

    private readonly string? _value;

    public TransactionType(string value) => _value = value;

    /// <inheritdoc />
    public string Value => _value ?? "";

    /// <summary>All documented values.</summary>
    public static IReadOnlyList<TransactionType> Known => KnownValues;

    /// <summary>True when the value is one of the documented values.</summary>
    public bool IsKnown => Array.IndexOf(KnownValues, this) >= 0;

    public static TransactionType From(string value) => new(value);

    public static implicit operator TransactionType(string value) => new(value);

    public bool Equals(TransactionType other) => OpenEnumComparer.Equals(Value, other.Value);

    public override bool Equals(object? obj) => obj is TransactionType other && Equals(other);

    public override int GetHashCode() => OpenEnumComparer.GetHashCode(Value);

    public override string ToString() => Value;

    public static bool operator ==(TransactionType left, TransactionType right) => left.Equals(right);

    public static bool operator !=(TransactionType left, TransactionType right) => !left.Equals(right);
}
