namespace Artha.Admin.Services;

/// <summary>How many of something are in each status, in the order the chart shows them (e.g. the KYC funnel).</summary>
public sealed record StatusBreakdown(IReadOnlyList<ChartSlice> Slices)
{
    /// <summary>False when Artha gave no total for some status: the chart then says the figures are incomplete.</summary>
    public bool Complete => Slices.All(s => s.Count is not null);

    public int Total => Slices.Sum(s => s.Count ?? 0);
}
