using Artha.Admin.Services;

namespace Artha.Admin.Features.Audit.Rules;

/// <summary>What an audit filter may ask: the service answers an impossible one with no rows, the form says why first.</summary>
public static class AuditFilterRules
{
    /// <summary>Why the date range cannot match anything, or null when it can.</summary>
    public static string? RangeError(DateOnly? from, DateOnly? to) =>
        from is { } start && to is { } end && start > end
            ? "The start date is after the end date: choose a start on or before the end."
            : null;

    public static string? RangeError(AuditFilter filter) => RangeError(filter.From, filter.To);
}
