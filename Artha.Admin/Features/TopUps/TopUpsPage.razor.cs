using Artha.Admin.Components.UI;
using Artha.Admin.Features.TopUps.Rules;
using Artha.Admin.Services;
using Microsoft.AspNetCore.Components;

namespace Artha.Admin.Features.TopUps;

public partial class TopUpsPage
{
    /// <summary>Phones show a keypad with a dot for amount fields.</summary>
    private const MudBlazor.InputMode DecimalInput = MudBlazor.InputMode.@decimal;

    private static readonly string[] Statuses = ["pending", "approved", "rejected"];

    [SupplyParameterFromQuery(Name = "from")] public string? From { get; set; }
    [SupplyParameterFromQuery(Name = "to")] public string? To { get; set; }
    [SupplyParameterFromQuery(Name = "status")] public string? Status { get; set; }
    [SupplyParameterFromQuery(Name = "cardId")] public string? CardId { get; set; }
    [SupplyParameterFromQuery(Name = "customerId")] public string? CustomerId { get; set; }
    [SupplyParameterFromQuery(Name = "min")] public string? Min { get; set; }
    [SupplyParameterFromQuery(Name = "max")] public string? Max { get; set; }

    [Inject] private ArthaService Artha { get; set; } = default!;
    [Inject] private UrlState Url { get; set; } = default!;

    private TopUpFilterForm form = new();
    private TopUpFilter filter = new();
    private string? rangeError;
    private string? urlError;
    private bool initialized;

    protected override async Task OnParametersSetAsync()
    {
        var next = new TopUpFilter
        {
            From = QueryValues.Date(From),
            To = QueryValues.Date(To),
            Status = QueryValues.Text(Status),
            CardId = QueryValues.Text(CardId),
            CustomerId = QueryValues.Text(CustomerId),
            MinAmount = QueryValues.Amount(Min),
            MaxAmount = QueryValues.Amount(Max),
        };
        // A hand-edited or old link with a reversed range says so instead of listing nothing.
        urlError = FilterRangeRule.Error(next.From, next.To, next.MinAmount, next.MaxAmount);
        if (initialized && next == filter)
        {
            // Only the grid's page changed in the address: the form keeps what staff are editing.
            return;
        }
        initialized = true;
        filter = next;
        form = new TopUpFilterForm
        {
            From = QueryValues.ToDateTime(filter.From),
            To = QueryValues.ToDateTime(filter.To),
            Status = filter.Status,
            MinAmount = QueryValues.Write(filter.MinAmount),
            MaxAmount = QueryValues.Write(filter.MaxAmount),
            Card = filter.CardId is { } card ? new FilterOption(card, card) : null,
            Customer = filter.CustomerId is { } customer ? new FilterOption(customer, customer) : null,
        };
        // The pickers show what staff recognise (last four digits, the name), not the ids the address holds.
        if (filter.CardId is { } cardId)
        {
            form.Card = await Artha.FilterOptionAsync(LinkedEntity.Card, cardId);
        }
        if (filter.CustomerId is { } customerId)
        {
            form.Customer = await Artha.FilterOptionAsync(LinkedEntity.Customer, customerId);
        }
    }

    private void Apply()
    {
        var (next, error) = form.ToFilter();
        rangeError = error;
        if (next is null)
        {
            return;
        }
        Url.Set(new Dictionary<string, object?>
        {
            ["from"] = next.From,
            ["to"] = next.To,
            ["status"] = next.Status,
            ["cardId"] = next.CardId,
            ["customerId"] = next.CustomerId,
            ["min"] = QueryValues.Write(next.MinAmount),
            ["max"] = QueryValues.Write(next.MaxAmount),
            [UrlState.PageKey] = null,
        }, replace: false);
    }

    private void Clear()
    {
        form = new TopUpFilterForm();
        rangeError = null;
        Apply();
    }
}
