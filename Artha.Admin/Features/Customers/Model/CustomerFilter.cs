namespace Artha.Admin.Services;

/// <summary>Filters of the customer list; every value is optional and all of them live in the page URL.</summary>
public sealed record CustomerFilter(string? Search = null, string? Type = null, string? KycState = null, DateOnly? CreatedFrom = null, DateOnly? CreatedTo = null);
