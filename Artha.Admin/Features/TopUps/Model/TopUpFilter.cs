namespace Artha.Admin.Services;

/// <summary>Filters of the top-up history (all optional). Dates are inclusive days.</summary>
public sealed record TopUpFilter
{
    public DateOnly? From { get; init; }
    public DateOnly? To { get; init; }
    public string? Status { get; init; }
    public string? CardId { get; init; }
    public string? CustomerId { get; init; }
    public decimal? MinAmount { get; init; }
    public decimal? MaxAmount { get; init; }

    /// <summary>True when any filter narrows the list (so an empty list means "nothing matches", not "nothing yet").</summary>
    public bool IsFiltered =>
        From is not null || To is not null || !string.IsNullOrWhiteSpace(Status) || !string.IsNullOrWhiteSpace(CardId)
        || !string.IsNullOrWhiteSpace(CustomerId) || MinAmount is not null || MaxAmount is not null;
}
