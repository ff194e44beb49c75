using Artha.Admin.Components.UI;
using Artha.Admin.LiveStatus;
using Artha.Admin.Security;
using Artha.Admin.Services;
using Microsoft.AspNetCore.Components;
using Microsoft.JSInterop;
using MudBlazor;

namespace Artha.Admin.Features.Transactions;

public partial class TransactionsGrid
{
    private static readonly int[] PageSizes = [.. UrlState.PageSizes];

    /// <summary>Only this card's transactions.</summary>
    [Parameter] public string? CardId { get; set; }

    /// <summary>Only this customer's transactions.</summary>
    [Parameter] public string? CustomerId { get; set; }

    /// <summary>Further filters (the /transactions page passes its URL filters).</summary>
    [Parameter] public TransactionFilter? Filter { get; set; }

    /// <summary>Keep the grid's page and page size in the address (the /transactions page; not where the grid is embedded).</summary>
    [Parameter] public bool KeepPageInAddress { get; set; }

    [Inject] private ArthaService Artha { get; set; } = default!;
    [Inject] private PortalNotifier Notifier { get; set; } = default!;
    [Inject] private NavigationManager Navigation { get; set; } = default!;

    // The grid is embedded in pages (card, customer) that may not keep any URL state themselves: it reads the
    // address through its own UrlState over the navigation manager instead of requiring one from the page's scope.
    private UrlState? url;
    private UrlState Url => url ??= new UrlState(Navigation);
    [Inject] private IJSRuntime JS { get; set; } = default!;

    private MudDataGrid<TransactionView>? grid;
    private GridSource<TransactionView> source = default!;
    // One delegate for the grid's lifetime: a new one on every render would look like a new data source to the grid.
    private Func<GridState<TransactionView>, CancellationToken, Task<GridData<TransactionView>>> serverData = default!;
    private TransactionFilter effective = new();
    private bool initialized;
    private int initialPage;
    private int initialSize = 20;
    private bool exporting;
    private bool canExport;

    private IReadOnlyCollection<string?> LiveIds => string.IsNullOrEmpty(CardId) && string.IsNullOrEmpty(CustomerId) ? [] : [CardId, CustomerId];

    /// <summary>"Match these filters" only when someone chose filters; otherwise there simply are none yet.</summary>
    private string EmptyText =>
        Filter?.IsFiltered == true ? "No transactions match these filters."
        : !string.IsNullOrEmpty(CardId) ? "This card has no transactions yet."
        : !string.IsNullOrEmpty(CustomerId) ? "This customer has no transactions yet."
        : "No transactions yet.";

    protected override async Task OnInitializedAsync()
    {
        source = new GridSource<TransactionView>((request, ct) => Artha.ListTransactionsAsync(effective, request.Offset, request.Limit, ct), "Transactions");
        source.Changed += OnPageLoaded;
        serverData = source.LoadAsync;
        canExport = await Artha.CanAsync(Permission.MoveMoney);
    }

    protected override void OnParametersSet()
    {
        var next = (Filter ?? new TransactionFilter()) with
        {
            CardId = string.IsNullOrEmpty(CardId) ? Filter?.CardId : CardId,
            CustomerId = string.IsNullOrEmpty(CustomerId) ? Filter?.CustomerId : CustomerId,
        };
        if (initialized && next == effective)
        {
            return;
        }
        initialized = true;
        // A new filter is a new grid (@key): it opens at the page in the address (the first, after new filters).
        effective = next;
        initialPage = KeepPageInAddress ? Url.PageIndex : 0;
        initialSize = KeepPageInAddress ? Url.PageSize() : 20;
    }

    private void OnPageLoaded()
    {
        if (KeepPageInAddress)
        {
            Url.SetPage(source.Page, source.PageSize);
        }
        _ = InvokeAsync(StateHasChanged);
    }

    private async Task ExportAsync()
    {
        exporting = true;
        try
        {
            await Notifier.TryAsync("The export failed", async () =>
            {
                var file = await Artha.ExportTransactionsCsvAsync(effective);
                await JS.InvokeVoidAsync("arthaAdmin.downloadFile", file.FileName, CsvExport.ContentType, Convert.ToBase64String(file.Content));
                Notifier.Success("Transactions exported", file.Summary());
            });
        }
        finally
        {
            exporting = false;
        }
    }

    private Task OnStatusChangeAsync(StatusChange change) => ReloadAsync();

    private Task ReloadAsync() => grid?.ReloadServerData() ?? Task.CompletedTask;
}
