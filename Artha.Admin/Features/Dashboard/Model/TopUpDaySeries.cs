namespace Artha.Admin.Services;

/// <summary>Top-ups of one status in one currency, per day: how many and how much (amounts in that currency).</summary>
public sealed record TopUpDaySeries(string Status, string Currency, IReadOnlyList<int> Counts, IReadOnlyList<decimal> Sums)
{
    public string Name => $"{Status} {Currency}";
}
