namespace Artha.Admin.Services;

/// <summary>Filters of the transaction lists (all optional). Dates are inclusive days.</summary>
public sealed record TransactionFilter
{
    public string? Type { get; init; }
    public string? Status { get; init; }
    public DateOnly? From { get; init; }
    public DateOnly? To { get; init; }
    public string? Merchant { get; init; }
    public decimal? MinAmount { get; init; }
    public decimal? MaxAmount { get; init; }
    /// <summary>Only this card's transactions.</summary>
    public string? CardId { get; init; }
    /// <summary>Only this customer's transactions.</summary>
    public string? CustomerId { get; init; }

    /// <summary>True when any filter narrows the list (so an empty list means "nothing matches", not "nothing yet").</summary>
    public bool IsFiltered =>
        !string.IsNullOrWhiteSpace(Type) || !string.IsNullOrWhiteSpace(Status) || From is not null || To is not null
        || !string.IsNullOrWhiteSpace(Merchant) || MinAmount is not null || MaxAmount is not null
        || !string.IsNullOrWhiteSpace(CardId) || !string.IsNullOrWhiteSpace(CustomerId);
}
