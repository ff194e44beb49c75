namespace Artha.Admin.Services;

/// <summary>One line of the totals: count and sum per status and currency.</summary>
public sealed record TopUpTotal(string Status, string Currency, int Count, decimal Sum)
{
    public Money Money => new(Sum, Currency);
}
