using Artha.Admin.Services;

namespace Artha.Admin.Features.Dashboard;

/// <summary>The dashboard's chart figures, computed on the server from what Artha returned.</summary>
public static class DashboardCharts
{
    /// <summary>Card lifecycle statuses, in lifecycle order.</summary>
    public static IReadOnlyList<(string Key, string Label)> CardStatuses { get; } =
        [("inactive", "Inactive"), ("active", "Active"), ("frozen", "Frozen"), ("cancelled", "Cancelled")];

    /// <summary>The KYC funnel: customers from not submitted to a decision.</summary>
    public static IReadOnlyList<(string Key, string Label)> KycStages { get; } =
        [("not_submitted", "Not submitted"), ("pending", "Pending"), ("under_review", "Under review"), ("approved", "Approved"), ("rejected", "Rejected")];

    /// <summary>
    /// Groups top-ups by UTC day (the <paramref name="days"/> days ending <paramref name="lastDay"/>), status and
    /// currency. Days without top-ups are zero; top-ups outside the days or without a date are left out. Series are
    /// ordered by currency, then status.
    /// </summary>
    public static TopUpsPerDay TopUpsPerDay(IEnumerable<TopUpView> topUps, DateOnly lastDay, int days, bool capped)
    {
        var axis = Enumerable.Range(0, days).Select(i => lastDay.AddDays(i - days + 1)).ToList();
        var index = axis.Select((day, i) => (day, i)).ToDictionary(x => x.day, x => x.i);
        var series = topUps
            .Where(t => t.CreatedAt is not null && index.ContainsKey(DateOnly.FromDateTime(t.CreatedAt.Value.UtcDateTime)))
            .GroupBy(t => (Status: t.Status.ToLowerInvariant(), Currency: t.Currency.ToUpperInvariant()))
            .OrderBy(g => g.Key.Currency, StringComparer.Ordinal).ThenBy(g => g.Key.Status, StringComparer.Ordinal)
            .Select(g =>
            {
                var counts = new int[days];
                var sums = new decimal[days];
                foreach (var topUp in g)
                {
                    var i = index[DateOnly.FromDateTime(topUp.CreatedAt!.Value.UtcDateTime)];
                    counts[i]++;
                    sums[i] += topUp.Amount;
                }
                return new TopUpDaySeries(g.Key.Status, g.Key.Currency, counts, sums);
            })
            .ToList();
        return new TopUpsPerDay(axis, series, capped);
    }
}
