namespace Artha.Admin.Features.TopUps.Rules;

/// <summary>
/// List filters with a date range and an amount range: a reversed range is refused with a message (the filter form
/// and the service both ask here) instead of silently listing nothing.
/// </summary>
public static class FilterRangeRule
{
    public const string ReversedDates = "The From date is after the To date. Choose a From date on or before the To date.";
    public const string ReversedAmounts = "The minimum amount is above the maximum.";

    public static string? Error(DateOnly? from, DateOnly? to, decimal? min, decimal? max) =>
        from is { } f && to is { } t && f > t ? ReversedDates
        : min is { } lo && max is { } hi && lo > hi ? ReversedAmounts
        : null;
}
