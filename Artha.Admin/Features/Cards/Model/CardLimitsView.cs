namespace Artha.Admin.Services;

/// <summary>Spending limits in the card currency; null means no limit at that level.</summary>
public sealed record CardLimitsView(
    string? Currency,
    decimal? DailyLimit,
    decimal? MonthlyLimit,
    decimal? PerTransactionLimit,
    decimal? AtmWithdrawalLimit,
    decimal? YearlyLimit,
    decimal? LifetimeLimit);
