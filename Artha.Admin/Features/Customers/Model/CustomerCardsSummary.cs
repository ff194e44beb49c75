namespace Artha.Admin.Services;

/// <summary>
/// What a customer holds: how many cards in which status, the available balance per currency (cancelled cards left out),
/// and the cards themselves. <see cref="BalanceUnavailable"/> counts cards whose balance Artha did not give.
/// </summary>
public sealed record CustomerCardsSummary(
    int Total,
    int Active,
    int Frozen,
    int Inactive,
    int Cancelled,
    IReadOnlyList<Money> AvailableByCurrency,
    IReadOnlyList<CustomerCardLine> Cards,
    int BalanceUnavailable,
    bool MoreCards)
{
    public bool IsEmpty => Total == 0;
}
