namespace Artha.Admin.Services;

/// <summary>A top-up as the portal shows it.</summary>
public sealed record TopUpView(
    string Id, string? CardId, string? CustomerId, decimal Amount, decimal? Fee, string Currency, string Status,
    string? Remarks, DateTimeOffset? CreatedAt, DateTimeOffset? UpdatedAt)
{
    public Money Money => new(Amount, Currency);
}
