namespace Artha.Admin.Services;

/// <summary>
/// A card as the portal shows it. Carries the masked number and last four digits only — never a full PAN.
/// <see cref="Status"/> is the lifecycle status (inactive, active, frozen, cancelled); <see cref="State"/> the issuance state
/// (pending, active, failed).
/// </summary>
public sealed record CardView(
    string Id,
    string? CustomerId,
    string? ProductId,
    string? ProductName,
    string? Type,
    string MaskedNumber,
    string? Last4,
    string? Currency,
    string Status,
    string? State,
    decimal? Balance,
    DateTimeOffset? CreatedAt,
    DateTimeOffset? UpdatedAt)
{
    public bool IsPhysical => string.Equals(Type, "physical", StringComparison.OrdinalIgnoreCase);

    /// <summary>"••4242", the short form used in messages and notifications.</summary>
    public string ShortName => Last4 is null ? "card" : $"card ••{Last4}";

    public bool IsCancelled => string.Equals(Status, "cancelled", StringComparison.OrdinalIgnoreCase);

    /// <summary>The card this one replaced, when Artha says (the sandbox does; Artha documents no such field).</summary>
    public string? ReplacesCardId { get; init; }

    /// <summary>The card that replaced this one, when Artha says.</summary>
    public string? ReplacedByCardId { get; init; }

    /// <summary>Why issuance failed, when Artha says (the sandbox does); null otherwise.</summary>
    public string? FailureReason { get; init; }

    /// <summary>Where a physical card is posted, when Artha says; null when it does not.</summary>
    public CardAddressView? ShippingAddress { get; init; }

    public bool IssuancePending => string.Equals(State, "pending", StringComparison.OrdinalIgnoreCase);

    public bool IssuanceFailed => string.Equals(State, "failed", StringComparison.OrdinalIgnoreCase);

    /// <summary>
    /// The one status staff see: the issuance state while issuance is pending or failed, the lifecycle status once the
    /// card is issued (so "inactive" and "issuance active" never stand side by side).
    /// </summary>
    public string DisplayStatus => IssuancePending ? "pending" : IssuanceFailed ? "failed" : Status;

    /// <summary>The status in words with the issuance state as detail, e.g. "Inactive — issued, waiting to be activated".</summary>
    public string StatusInWords => (IssuancePending, IssuanceFailed, Status.ToLowerInvariant()) switch
    {
        (true, _, _) => "Being issued — Artha has not finished issuing this card",
        (_, true, _) => "Issuance failed — this card was never issued",
        (_, _, "inactive") => "Inactive — issued, waiting to be activated",
        (_, _, "active") => "Active — issued and usable",
        (_, _, "frozen") => "Frozen — purchases and withdrawals are declined until it is unfrozen",
        (_, _, "cancelled") => "Cancelled — it can never be used again",
        _ => $"{Status} — issuance {State ?? "not reported"}",
    };
}
