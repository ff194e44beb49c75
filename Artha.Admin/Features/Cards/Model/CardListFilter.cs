namespace Artha.Admin.Services;

/// <summary>Filters of the cards list; null or empty values do not filter.</summary>
public sealed record CardListFilter(string? Status = null, string? Type = null, string? ProductId = null, string? CustomerId = null);
