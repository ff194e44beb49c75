namespace Artha.Admin.Services;

/// <summary>A limits update; every limit defaults to <see cref="LimitChange.Unchanged"/>.</summary>
public sealed record CardLimitsUpdate
{
    public LimitChange DailyLimit { get; init; }
    public LimitChange MonthlyLimit { get; init; }
    public LimitChange PerTransactionLimit { get; init; }
    public LimitChange AtmWithdrawalLimit { get; init; }
    public LimitChange YearlyLimit { get; init; }
    public LimitChange LifetimeLimit { get; init; }

    /// <summary>Why the limits change, for the audit trail (the card page always asks; optional for other callers).</summary>
    public string? Reason { get; init; }

    internal IEnumerable<(string Field, string Label, LimitChange Change)> All()
    {
        yield return ("dailyLimit", "daily", DailyLimit);
        yield return ("monthlyLimit", "monthly", MonthlyLimit);
        yield return ("perTransactionLimit", "per transaction", PerTransactionLimit);
        yield return ("atmWithdrawalLimit", "ATM withdrawal", AtmWithdrawalLimit);
        yield return ("yearlyLimit", "yearly", YearlyLimit);
        yield return ("lifetimeLimit", "lifetime", LifetimeLimit);
    }
}
