using System.Globalization;
using Artha.Admin.Features.TopUps.Rules;

namespace Artha.Admin.Services;

/// <summary>What the /topups filter form holds while staff edit it (amounts as typed, until Apply checks them).</summary>
public sealed class TopUpFilterForm
{
    public DateTime? From { get; set; }
    public DateTime? To { get; set; }
    public string? Status { get; set; }
    public FilterOption? Card { get; set; }
    public FilterOption? Customer { get; set; }
    public string? MinAmount { get; set; }
    public string? MaxAmount { get; set; }

    /// <summary>The filter this form asks for, or why it cannot be applied (the range rule the service enforces too).</summary>
    public (TopUpFilter? Filter, string? Error) ToFilter()
    {
        var (min, minError) = ReadAmount(MinAmount, "minimum");
        var (max, maxError) = ReadAmount(MaxAmount, "maximum");
        var from = From is { } f ? DateOnly.FromDateTime(f) : (DateOnly?)null;
        var to = To is { } t ? DateOnly.FromDateTime(t) : (DateOnly?)null;
        var error = minError ?? maxError ?? FilterRangeRule.Error(from, to, min, max);
        return error is not null ? (null, error) : (new TopUpFilter
        {
            From = from, To = to, Status = Status, CardId = Card?.Id, CustomerId = Customer?.Id, MinAmount = min, MaxAmount = max,
        }, null);
    }

    /// <summary>A filter amount: plain digits and a dot, like every amount the portal reads; never reinterpreted.</summary>
    internal static (decimal? Amount, string? Error) ReadAmount(string? text, string which)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return (null, null);
        }
        var trimmed = text.Trim();
        return trimmed.All(c => char.IsAsciiDigit(c) || c == '.') && decimal.TryParse(trimmed, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var value)
            ? (value, null)
            : (null, $"Enter the {which} amount as digits with an optional dot, for example 12.50.");
    }
}
