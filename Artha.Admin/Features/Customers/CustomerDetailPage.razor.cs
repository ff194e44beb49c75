using Artha.Admin.Components.UI;
using Artha.Admin.LiveStatus;
using Artha.Admin.Security;
using Artha.Admin.Services;
using Microsoft.AspNetCore.Components;
using MudBlazor;

namespace Artha.Admin.Features.Customers;

/// <summary>One customer: header, card summary, and tabs whose open tab is in the URL (<c>?tab=kyc</c>).</summary>
public partial class CustomerDetailPage
{
    public const string TabKey = "tab";
    public const string ProfileTab = "profile";
    public const string KycTab = "kyc";
    public const string CardsTab = "cards";

    /// <summary>The tabs in their order on screen (Audit only for roles that may read the audit trail).</summary>
    private IReadOnlyList<string> TabNames => canViewAudit
        ? [ProfileTab, KycTab, CardsTab, "transactions", "topups", "notes", "audit"]
        : [ProfileTab, KycTab, CardsTab, "transactions", "topups", "notes"];

    [Parameter] public string CustomerId { get; set; } = "";

    [SupplyParameterFromQuery(Name = TabKey)] public string? Tab { get; set; }

    [Inject] private ArthaService Artha { get; set; } = default!;
    [Inject] private UrlState Url { get; set; } = default!;

    private MudTabs? tabs;
    private CustomerView? customer;
    private string? loadError;
    private IReadOnlyList<KycStatusView> kycRows = [];
    private bool kycLoading;
    private string? kycError;
    private bool canOnboard;
    private bool canViewAudit;
    private int activeIndex;
    private string? loadedCustomerId;

    private List<BreadcrumbItem> Breadcrumbs =>
    [
        new("Customers", "customers"),
        new(customer?.DisplayName ?? CustomerId, href: null, disabled: true),
    ];

    protected override async Task OnInitializedAsync()
    {
        canOnboard = await Artha.CanAsync(Permission.Onboard);
        canViewAudit = await Artha.CanAsync(Permission.ViewAudit);
    }

    protected override async Task OnParametersSetAsync()
    {
        var index = TabNames.ToList().IndexOf((Tab ?? ProfileTab).Trim().ToLowerInvariant());
        activeIndex = index < 0 ? 0 : index;
        if (loadedCustomerId == CustomerId)
        {
            return;
        }
        loadedCustomerId = CustomerId;
        customer = null;
        kycRows = [];
        await LoadCustomerAsync();
        if (customer is not null)
        {
            await LoadKycAsync();
        }
    }

    private async Task LoadCustomerAsync()
    {
        loadError = null;
        try
        {
            customer = await Artha.GetCustomerAsync(CustomerId);
        }
        catch (Exception ex) when (PortalNotifier.IsExpected(ex))
        {
            loadError = $"The customer could not be loaded. {PortalNotifier.Describe(ex)}";
        }
    }

    private async Task LoadKycAsync()
    {
        kycLoading = true;
        kycError = null;
        try
        {
            kycRows = await Artha.GetCustomerKycAsync(CustomerId);
        }
        catch (Exception ex) when (PortalNotifier.IsExpected(ex))
        {
            kycError = $"KYC status could not be loaded. {PortalNotifier.Describe(ex)}";
        }
        finally
        {
            kycLoading = false;
        }
    }

    /// <summary>The open tab goes to the URL (the first tab is the default and is left out).</summary>
    private Task OnTabChangedAsync(int index)
    {
        activeIndex = index;
        var name = index >= 0 && index < TabNames.Count ? TabNames[index] : ProfileTab;
        Url.Set(TabKey, name == ProfileTab ? null : name);
        return Task.CompletedTask;
    }

    private Task ShowTabAsync(string name)
    {
        var index = TabNames.ToList().IndexOf(name);
        return index < 0 ? Task.CompletedTask : OnTabChangedAsync(index);
    }

    private async Task OnStatusChangeAsync(StatusChange change)
    {
        await LoadCustomerAsync();
        await LoadKycAsync();
        StateHasChanged();
    }

    private void OnProfileSaved(CustomerView updated) => customer = updated;
}
