using Artha.Admin.Components.UI;
using Artha.Admin.LiveStatus;
using Artha.Admin.Security;
using Artha.Admin.Services;
using Microsoft.AspNetCore.Components;
using Microsoft.JSInterop;
using MudBlazor;

namespace Artha.Admin.Features.TopUps;

public partial class TopUpHistoryGrid
{
    private static readonly int[] PageSizes = [.. UrlState.PageSizes];

    /// <summary>Only this card's top-ups.</summary>
    [Parameter] public string? CardId { get; set; }

    /// <summary>Only this customer's top-ups.</summary>
    [Parameter] public string? CustomerId { get; set; }

    /// <summary>Further filters (the /topups page passes its URL filters).</summary>
    [Parameter] public TopUpFilter? Filter { get; set; }

    /// <summary>Keep the grid's page and page size in the address (the /topups page; not where the grid is embedded).</summary>
    [Parameter] public bool KeepPageInAddress { get; set; }

    [Inject] private ArthaService Artha { get; set; } = default!;
    [Inject] private PortalNotifier Notifier { get; set; } = default!;
    [Inject] private NavigationManager Navigation { get; set; } = default!;

    // The grid is embedded in pages (card, customer) that may not keep any URL state themselves: it reads the
    // address through its own UrlState over the navigation manager instead of requiring one from the page's scope.
    private UrlState? url;
    private UrlState Url => url ??= new UrlState(Navigation);
    [Inject] private IJSRuntime JS { get; set; } = default!;

    private MudDataGrid<TopUpView>? grid;
    private GridSource<TopUpView> source = default!;
    // One delegate for the grid's lifetime: a new one on every render would look like a new data source to the grid.
    private Func<GridState<TopUpView>, CancellationToken, Task<GridData<TopUpView>>> serverData = default!;
    private IReadOnlyList<TopUpIntentView> unsettled = [];
    private readonly HashSet<Guid> reconciling = [];
    private TopUpTotals? allTotals;
    private TopUpFilter effective = new();
    private bool initialized;
    private int initialPage;
    private int initialSize = 20;
    private bool exporting;
    private bool totalling;
    private bool canMoveMoney;
    private string? totalsError;
    private string? cardRefusal;

    private IReadOnlyCollection<string?> LiveIds => string.IsNullOrEmpty(CardId) && string.IsNullOrEmpty(CustomerId) ? [] : [CardId, CustomerId];

    /// <summary>"Match these filters" only when someone chose filters; otherwise there simply are none yet.</summary>
    private string EmptyText =>
        Filter?.IsFiltered == true ? "No top-ups match these filters."
        : !string.IsNullOrEmpty(CardId) ? "This card has no top-ups yet."
        : !string.IsNullOrEmpty(CustomerId) ? "This customer has no top-ups yet."
        : "No top-ups yet.";

    protected override async Task OnInitializedAsync()
    {
        source = new GridSource<TopUpView>((request, ct) => Artha.ListTopUpsAsync(effective, request.Offset, request.Limit, ct), "Top-ups");
        source.Changed += OnPageLoaded;
        serverData = source.LoadAsync;
        canMoveMoney = await Artha.CanAsync(Permission.MoveMoney);
        if (canMoveMoney && !string.IsNullOrEmpty(CardId))
        {
            // A frozen or cancelled card is not offered a top-up (the service would refuse it anyway).
            try
            {
                cardRefusal = await Artha.CardTopUpRefusalAsync(CardId);
            }
            catch (Exception ex) when (PortalNotifier.IsExpected(ex))
            {
                cardRefusal = $"A top-up is not offered: the card's status could not be read. {PortalNotifier.Describe(ex)}";
            }
        }
    }

    protected override async Task OnParametersSetAsync()
    {
        var next = (Filter ?? new TopUpFilter()) with
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
        allTotals = null;
        totalsError = null;
        await LoadUnsettledAsync();
    }

    private void OnPageLoaded()
    {
        if (KeepPageInAddress)
        {
            Url.SetPage(source.Page, source.PageSize);
        }
        _ = InvokeAsync(StateHasChanged);
    }

    private async Task LoadUnsettledAsync()
    {
        try
        {
            unsettled = await Artha.ListUnsettledTopUpIntentsAsync(effective.CardId, effective.CustomerId);
        }
        catch (PermissionDeniedException)
        {
            unsettled = [];
        }
    }

    private async Task ReconcileAsync(TopUpIntentView intent)
    {
        reconciling.Add(intent.Id);
        try
        {
            var (ok, outcome) = await Notifier.TryAsync("The top-up could not be checked", () => Artha.ReconcileTopUpAsync(intent.Id));
            if (ok && outcome is not null)
            {
                Notifier.Info("Top-up checked with Artha", outcome.Message);
                await ReloadAsync();
            }
        }
        finally
        {
            reconciling.Remove(intent.Id);
        }
    }

    private async Task TotalAllAsync()
    {
        totalling = true;
        totalsError = null;
        try
        {
            allTotals = await Artha.TotalTopUpsAsync(effective);
        }
        catch (Exception ex) when (PortalNotifier.IsExpected(ex))
        {
            totalsError = $"Totals could not be computed. {PortalNotifier.Describe(ex)}";
        }
        finally
        {
            totalling = false;
        }
    }

    private async Task ExportAsync()
    {
        exporting = true;
        try
        {
            await Notifier.TryAsync("The export failed", async () =>
            {
                var file = await Artha.ExportTopUpsCsvAsync(effective);
                await JS.InvokeVoidAsync("arthaAdmin.downloadFile", file.FileName, CsvExport.ContentType, Convert.ToBase64String(file.Content));
                Notifier.Success("Top-ups exported", file.Summary());
            });
        }
        finally
        {
            exporting = false;
        }
    }

    private Task OnStatusChangeAsync(StatusChange change) => ReloadAsync();

    private async Task ReloadAsync()
    {
        allTotals = null;
        await LoadUnsettledAsync();
        if (grid is not null)
        {
            await grid.ReloadServerData();
        }
    }

    private static string Short(string id) => id.Length > 12 ? id[..8] + "…" : id;
}
