namespace Artha.Admin.Services;

/// <summary>
/// Top-ups per UTC day of the last days, one series per status and currency. <see cref="Capped"/> is true when there
/// were more top-ups than the portal reads for a chart, so the figures are a lower bound.
/// </summary>
public sealed record TopUpsPerDay(IReadOnlyList<DateOnly> Days, IReadOnlyList<TopUpDaySeries> Series, bool Capped)
{
    public int Total => Series.Sum(s => s.Counts.Sum());
}
