using Artha.Admin.Data;

namespace Artha.Admin.Services;

/// <summary>A top-up the portal saved but whose fate at Artha is not settled yet (the answer was lost).</summary>
public sealed record TopUpIntentView(
    Guid Id, string CardId, string? CustomerId, decimal Amount, string Currency, TopUpIntentState State, string? TopUpId,
    string? LastError, string CreatedBy, DateTime CreatedAtUtc)
{
    public Money Money => new(Amount, Currency);
}
