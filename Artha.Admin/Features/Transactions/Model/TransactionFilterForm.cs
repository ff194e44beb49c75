using Artha.Admin.Features.TopUps.Rules;

namespace Artha.Admin.Services;

/// <summary>What the /transactions filter form holds while staff edit it (amounts as typed, until Apply checks them).</summary>
public sealed class TransactionFilterForm
{
    public string? Type { get; set; }
    public string? Status { get; set; }
    public DateTime? From { get; set; }
    public DateTime? To { get; set; }
    public string? Merchant { get; set; }
    public string? MinAmount { get; set; }
    public string? MaxAmount { get; set; }
    public FilterOption? Card { get; set; }
    public FilterOption? Customer { get; set; }

    /// <summary>The filter this form asks for, or why it cannot be applied (the range rule the service enforces too).</summary>
    public (TransactionFilter? Filter, string? Error) ToFilter()
    {
        var (min, minError) = TopUpFilterForm.ReadAmount(MinAmount, "minimum");
        var (max, maxError) = TopUpFilterForm.ReadAmount(MaxAmount, "maximum");
        var from = From is { } f ? DateOnly.FromDateTime(f) : (DateOnly?)null;
        var to = To is { } t ? DateOnly.FromDateTime(t) : (DateOnly?)null;
        var error = minError ?? maxError ?? FilterRangeRule.Error(from, to, min, max);
        return error is not null ? (null, error) : (new TransactionFilter
        {
            Type = Type, Status = Status, From = from, To = to, Merchant = string.IsNullOrWhiteSpace(Merchant) ? null : Merchant.Trim(),
            MinAmount = min, MaxAmount = max, CardId = Card?.Id, CustomerId = Customer?.Id,
        }, null);
    }
}
