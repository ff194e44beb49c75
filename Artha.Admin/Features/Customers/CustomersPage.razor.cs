using Artha.Admin.Components.UI;
using Artha.Admin.LiveStatus;
using Artha.Admin.Security;
using Artha.Admin.Services;
using Microsoft.AspNetCore.Components;
using MudBlazor;

namespace Artha.Admin.Features.Customers;

/// <summary>The customers list: server-side pages through <see cref="GridSource{T}"/>, filters, page and size in the URL.</summary>
public partial class CustomersPage : IDisposable
{
    [Inject] private ArthaService Artha { get; set; } = default!;
    [Inject] private UrlState Url { get; set; } = default!;

    [SupplyParameterFromQuery(Name = "q")] public string? Search { get; set; }
    [SupplyParameterFromQuery(Name = "type")] public string? Type { get; set; }
    [SupplyParameterFromQuery(Name = "kyc")] public string? Kyc { get; set; }
    [SupplyParameterFromQuery(Name = "from")] public DateOnly? From { get; set; }
    [SupplyParameterFromQuery(Name = "to")] public DateOnly? To { get; set; }

    private MudDataGrid<CustomerView>? grid;
    private GridSource<CustomerView> source = default!;
    private bool canOnboard;
    private string? searchText;
    private string? appliedFilterKey;
    private int initialPage;
    private int initialSize = 20;

    private bool HasFilters => !string.IsNullOrWhiteSpace(Search) || Type is not null || Kyc is not null || From is not null || To is not null;

    private CustomerFilter Filter => new(Search, Type, Kyc, From, To);

    protected override async Task OnInitializedAsync()
    {
        initialPage = Url.PageIndex;
        initialSize = Url.PageSize();
        source = new GridSource<CustomerView>((request, ct) => Artha.ListCustomersAsync(Filter, request.Offset, request.Limit, ct), "Customers");
        source.Changed += OnPageLoaded;
        canOnboard = await Artha.CanAsync(Permission.Onboard);
    }

    protected override async Task OnParametersSetAsync()
    {
        var key = Filter.ToString();
        if (appliedFilterKey is null)
        {
            searchText = Search;
            appliedFilterKey = key;
            return;
        }
        if (key != appliedFilterKey)
        {
            appliedFilterKey = key;
            searchText = Search;
            if (grid is not null)
            {
                // New filters start on the first page (navigating reloads; on the first page already, reload).
                if (grid.CurrentPage != 0)
                {
                    grid.NavigateTo(Page.First);
                }
                else
                {
                    await grid.ReloadServerData();
                }
            }
        }
    }

    /// <summary>One page through the grid adapter; re-renders the page so a failure shows in its list state.</summary>
    private async Task<GridData<CustomerView>> LoadAsync(GridState<CustomerView> state, CancellationToken cancellationToken)
    {
        var data = await source.LoadAsync(state, cancellationToken);
        StateHasChanged();
        return data;
    }

    /// <summary>Keeps page and size in the URL once the grid has loaded them.</summary>
    private void OnPageLoaded() => Url.SetPage(source.Page, source.PageSize);

    /// <summary>Debounced by the field: applied once typing pauses.</summary>
    private void OnSearchChanged(string? text)
    {
        searchText = text;
        ApplyFilters(search: text, searchChanged: true);
    }

    private void ApplyFilters(string? search = null, bool searchChanged = false, string? type = null, bool typeChanged = false,
        string? kyc = null, bool kycChanged = false, DateOnly? from = null, bool fromChanged = false, DateOnly? to = null, bool toChanged = false) =>
        Url.Set(new Dictionary<string, object?>
        {
            ["q"] = searchChanged ? search : Search,
            ["type"] = typeChanged ? type : Type,
            ["kyc"] = kycChanged ? kyc : Kyc,
            ["from"] = fromChanged ? from : From,
            ["to"] = toChanged ? to : To,
            [UrlState.PageKey] = null,
        });

    private void ClearFilters()
    {
        searchText = null;
        Url.Set(new Dictionary<string, object?> { ["q"] = null, ["type"] = null, ["kyc"] = null, ["from"] = null, ["to"] = null, [UrlState.PageKey] = null });
    }

    private static DateOnly? AsDate(DateTime? value) => value is { } date ? DateOnly.FromDateTime(date) : null;

    private static DateTime? AsDateTime(DateOnly? value) => value?.ToDateTime(TimeOnly.MinValue);

    private Task ReloadAsync() => grid?.ReloadServerData() ?? Task.CompletedTask;

    private Task OnStatusChangeAsync(StatusChange change) => ReloadAsync();

    public void Dispose() => source.Changed -= OnPageLoaded;
}
