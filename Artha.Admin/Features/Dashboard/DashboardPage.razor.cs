using Artha.Admin.Components.UI;
using Artha.Admin.LiveStatus;
using Artha.Admin.Security;
using Artha.Admin.Services;
using Microsoft.AspNetCore.Components;

namespace Artha.Admin.Features.Dashboard;

public partial class DashboardPage : IDisposable
{
    [Inject] private ArthaService Artha { get; set; } = default!;

    private sealed class Tile(string key, string title, string link, Func<ArthaService, Task<DashboardCount>> load)
    {
        public string Key { get; } = key;
        public string Title { get; } = title;
        public string Link { get; } = link;
        public Func<ArthaService, Task<DashboardCount>> Load { get; } = load;
        public DashboardCount? Count { get; set; }
        public string? Error { get; set; }
    }

    private readonly List<Tile> tiles =
    [
        new("customers", "Customers", "customers", a => a.CountCustomersAsync()),
        new("active-cards", "Active cards", "cards?status=active", a => a.CountCardsAsync("active")),
        new("frozen-cards", "Frozen cards", "cards?status=frozen", a => a.CountCardsAsync("frozen")),
        new("kyc-pending", "KYC awaiting a decision", "applicants", a => a.CountKycPendingAsync()),
        new("topups-pending", "Top-ups pending", "topups?status=pending", a => a.CountTopUpsPendingAsync()),
    ];

    private bool canMoveMoney;
    private TopUpsPerDay? topUps;
    private StatusBreakdown? cards;
    private StatusBreakdown? kyc;
    private string? topUpsError;
    private string? cardsError;
    private string? kycError;
    private RecentActivity? activity;
    private IReadOnlyList<ActivityItem>? mine;
    private string? activityError;
    private string? mineError;
    private CancellationTokenSource? debounce;

    protected override async Task OnInitializedAsync()
    {
        canMoveMoney = await Artha.CanAsync(Permission.MoveMoney);
        await LoadAllAsync();
    }

    private async Task LoadAllAsync()
    {
        // Each figure loads (and fails) on its own, so one slow or failing figure never hides the others.
        await Task.WhenAll(tiles.Select(LoadTileAsync).Append(LoadChartsAsync()).Append(LoadActivityAsync()));
    }

    private async Task LoadTileAsync(Tile tile)
    {
        tile.Error = null;
        try
        {
            tile.Count = await tile.Load(Artha);
        }
        catch (Exception ex) when (PortalNotifier.IsExpected(ex))
        {
            tile.Error = $"Could not be counted. {PortalNotifier.Describe(ex)}";
        }
        StateHasChanged();
    }

    private async Task LoadChartsAsync()
    {
        var topUpsLoad = canMoveMoney ? Read(() => Artha.TopUpsPerDayAsync(), "Top-ups could not be charted.") : Task.FromResult<(TopUpsPerDay?, string?)>((null, null));
        var cardsLoad = Read(() => Artha.CardsByStatusAsync(), "Cards could not be counted.");
        var kycLoad = Read(() => Artha.KycFunnelAsync(), "The KYC funnel could not be counted.");
        (topUps, topUpsError) = await topUpsLoad;
        (cards, cardsError) = await cardsLoad;
        (kyc, kycError) = await kycLoad;
        StateHasChanged();
    }

    private static async Task<(T? Value, string? Error)> Read<T>(Func<Task<T>> read, string whatFailed) where T : class
    {
        try
        {
            return (await read(), null);
        }
        catch (Exception ex) when (PortalNotifier.IsExpected(ex))
        {
            return (null, $"{whatFailed} {PortalNotifier.Describe(ex)}");
        }
    }

    private async Task LoadActivityAsync()
    {
        (activity, activityError) = await Read(() => Artha.RecentActivityAsync(10), "Recent activity could not be loaded.");
        (mine, mineError) = await Read(() => Artha.MyRecentActionsAsync(10), "Your actions could not be loaded.");
        StateHasChanged();
    }

    /// <summary>Status changes arrive in bursts (seeding, the poller): refresh at most once per two seconds.</summary>
    private void OnStatusChange(StatusChange change)
    {
        debounce?.Cancel();
        debounce?.Dispose();
        debounce = new CancellationTokenSource();
        var token = debounce.Token;
        _ = InvokeAsync(async () =>
        {
            try
            {
                await Task.Delay(TimeSpan.FromSeconds(2), token);
                await LoadAllAsync();
            }
            catch (OperationCanceledException)
            {
                // A newer change restarted the wait.
            }
        });
    }

    public void Dispose()
    {
        debounce?.Cancel();
        debounce?.Dispose();
    }
}
