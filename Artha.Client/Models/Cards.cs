namespace Artha.Client.Models;

/// <summary>Body of Issue Card.</summary>
public sealed record IssueCardRequest
{
    public required string CustomerId { get; init; }
    public required string ProductId { get; init; }
    /// <summary>ISO 4217, e.g. <c>GBP</c>.</summary>
    public required string Currency { get; init; }
    /// <summary>Required for physical cards.</summary>
    public Address? ShippingAddress { get; init; }
}

/// <summary>A card. <see cref="State"/> is the issuance state (pending/active/failed); <see cref="Status"/> the lifecycle status.</summary>
public sealed record Card : ArthaResponse
{
    public string Id { get; init; } = "";
    public string? CustomerId { get; init; }
    public string? ProductId { get; init; }
    public string? ProductName { get; init; }
    public string? Provider { get; init; }
    public CardType? CardType { get; init; }
    /// <summary>Masked PAN such as <c>****4242</c>; the only PAN form a card carries.</summary>
    public string? CardNumberMasked { get; init; }
    public string? Currency { get; init; }
    /// <summary>Lifecycle status: inactive, active, frozen, cancelled.</summary>
    public CardStatus Status { get; init; }
    /// <summary>Issuance state from Get Card: pending, active, failed. A card is usable when this is active and a top-up succeeded.</summary>
    public CardState? State { get; init; }
    /// <summary>Why issuance failed when <see cref="State"/> is failed (undocumented by Artha; the sandbox sends it). Null otherwise.</summary>
    public string? FailureReason { get; init; }
    public decimal? Balance { get; init; }
    /// <summary>The card this one replaced (undocumented by Artha; the sandbox sends it). Null when absent.</summary>
    public string? ReplacesCardId { get; init; }
    /// <summary>The card that replaced this one (undocumented by Artha; the sandbox sends it). Null when absent.</summary>
    public string? ReplacedByCardId { get; init; }
    /// <summary>Where a physical card is posted (undocumented by Artha in Get Card; the sandbox sends it). Null when absent.</summary>
    public Address? ShippingAddress { get; init; }
    public DateTimeOffset? CreatedAt { get; init; }
    public DateTimeOffset? UpdatedAt { get; init; }
}

/// <summary>Filters of Cards List; null values are not sent.</summary>
public sealed record CardListQuery : PageQuery
{
    public string? CustomerId { get; init; }
    public CardStatus? Status { get; init; }
    public CardType? Type { get; init; }
    public string? ProductId { get; init; }
}

/// <summary>
/// Full card details (PAN, CVV, expiry). Never log, cache or print them: <see cref="ToString"/> is redacted.
/// </summary>
public sealed record SensitiveCardDetails : ArthaResponse
{
    public string? Id { get; init; }
    public string? CardNumber { get; init; }
    public string? Cvv { get; init; }
    /// <summary><c>MM/YY</c>.</summary>
    public string? ExpiryDate { get; init; }
    public string? CardholderName { get; init; }
    /// <summary>PCI display URL, when the provider returns one.</summary>
    public string? IframeUrl { get; init; }

    /// <summary>Last four digits of the PAN, or null.</summary>
    public string? Last4 => CardNumber is { Length: >= 4 } pan ? pan[^4..] : null;

    /// <summary>Redacted: records print every property by default, which would leak the PAN and CVV into logs.</summary>
    public override string ToString() =>
        $"SensitiveCardDetails {{ Id = {Id}, CardNumber = ****{Last4}, Cvv = ***, ExpiryDate = **/**, CardholderName = ***, IframeUrl = {(IframeUrl is null ? "null" : "***")} }}";
}

/// <summary>Body of Activate Card.</summary>
public sealed record ActivateCardRequest
{
    /// <summary>Activation code of a physical card; null for virtual cards.</summary>
    public string? ActivationCode { get; init; }
}

/// <summary>Body of Cancel Card.</summary>
public sealed record CancelCardRequest
{
    /// <summary>Free text up to 500 characters; documented reasons: lost, stolen, fraud, customer_request, account_closure.</summary>
    public string? Reason { get; init; }
}

/// <summary>Body of Replace Card.</summary>
public sealed record ReplaceCardRequest
{
    /// <summary>e.g. lost, stolen, damaged, expired.</summary>
    public string? Reason { get; init; }
    /// <summary>Needed for physical cards.</summary>
    public Address? ShippingAddress { get; init; }
}

/// <summary>Body of Set / Reset Card PIN. <see cref="ToString"/> is redacted.</summary>
public sealed record SetPinRequest
{
    /// <summary>4 to 6 digits.</summary>
    public required string Pin { get; init; }

    public override string ToString() => "SetPinRequest { Pin = *** }";
}

/// <summary>Response of every card operation (activate, freeze, unfreeze, cancel, replace, set PIN).</summary>
public sealed record CardOperationResult : ArthaResponse
{
    public string? CardId { get; init; }
    public string? CustomerId { get; init; }
    public string? ProductId { get; init; }
    public CardType? CardType { get; init; }
    public CardAction? Action { get; init; }
    /// <summary>The new card status (e.g. <c>active</c>) or the outcome <c>success</c>, depending on doc generation; kept as a string.</summary>
    public string? Status { get; init; }
    public string? Message { get; init; }
    /// <summary>Id of the background task for asynchronous operations (replace).</summary>
    public string? TaskId { get; init; }
    /// <summary>Id of the replacement card after Replace. Artha documents no such field (reference §9.5); the sandbox sends it. Null when absent.</summary>
    public string? NewCardId { get; init; }
    public DateTimeOffset? PerformedAt { get; init; }
}

/// <summary>Spending limits in the card currency; null means no limit at that level.</summary>
public sealed record CardLimits : ArthaResponse
{
    public string? CardId { get; init; }
    public decimal? DailyLimit { get; init; }
    public decimal? MonthlyLimit { get; init; }
    public decimal? PerTransactionLimit { get; init; }
    public decimal? AtmWithdrawalLimit { get; init; }
    public decimal? YearlyLimit { get; init; }
    public decimal? LifetimeLimit { get; init; }
    public string? Currency { get; init; }
}
