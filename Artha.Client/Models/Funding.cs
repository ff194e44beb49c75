namespace Artha.Client.Models;

/// <summary>Body of Top Up Card.</summary>
/// <param name="Amount">Positive amount (min 0.01), written as a JSON number.</param>
/// <param name="Currency">ISO 4217; must equal the card currency.</param>
public sealed record TopUpRequest(decimal Amount, string Currency);

/// <summary>Response of Top Up Card (202). Poll <see cref="TopUpId"/> with Get Top-Up Status.</summary>
public sealed record TopUpResult : ArthaResponse
{
    public string? CardId { get; init; }
    public decimal? Amount { get; init; }
    public string? Currency { get; init; }
    public TopUpStatus Status { get; init; }
    public string? TransactionId { get; init; }
    public string? TaskId { get; init; }
    public DateTimeOffset? PerformedAt { get; init; }

    /// <summary>The id to poll: the <see cref="TransactionId"/> per the integration flow, else the task id.</summary>
    public string? TopUpId => TransactionId ?? TaskId;
}

/// <summary>A top-up as returned by Get Top-Up Status and the top-up history lists.</summary>
public sealed record TopUp : ArthaResponse
{
    public string? Id { get; init; }
    public string? CardId { get; init; }
    public string? CustomerId { get; init; }
    public decimal? Amount { get; init; }
    public decimal? Fee { get; init; }
    public string? Currency { get; init; }
    /// <summary><c>approved</c> (balance added), <c>rejected</c> (amount credited back to the merchant balance) or <c>pending</c>.</summary>
    public TopUpStatus Status { get; init; }
    public string? TransactionId { get; init; }
    public string? TaskId { get; init; }
    public string? Remarks { get; init; }
    public DateTimeOffset? CreatedAt { get; init; }
    public DateTimeOffset? UpdatedAt { get; init; }
    /// <summary>When the top-up reached approved/rejected (sandbox field; Artha's §10.2 example was cut off before it).</summary>
    public DateTimeOffset? CompletedAt { get; init; }
}

/// <summary>Card balance; <c>TotalBalance = AvailableBalance + HoldAmount</c>.</summary>
public sealed record CardBalance : ArthaResponse
{
    public string? CardId { get; init; }
    public decimal? AvailableBalance { get; init; }
    public decimal? HoldAmount { get; init; }
    public decimal? TotalBalance { get; init; }
    public string? Currency { get; init; }
    public DateTimeOffset? RetrievedAt { get; init; }
}

/// <summary>Filters of the top-up history lists; null values are not sent.</summary>
public sealed record TopUpListQuery : PageQuery
{
    public TopUpStatus? Status { get; init; }
    public DateTimeOffset? From { get; init; }
    public DateTimeOffset? To { get; init; }
    /// <summary>Card filter of the all-cards list (ignored by the per-card list, whose path names the card).</summary>
    public string? CardId { get; init; }
    public string? CustomerId { get; init; }
    public decimal? MinAmount { get; init; }
    public decimal? MaxAmount { get; init; }
}
