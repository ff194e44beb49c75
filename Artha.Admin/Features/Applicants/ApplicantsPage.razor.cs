using Artha.Admin.Components.UI;
using Artha.Admin.Data;
using Artha.Admin.Features.Applicants.Rules;
using Artha.Admin.LiveStatus;
using Artha.Admin.Security;
using Artha.Admin.Services;
using Microsoft.AspNetCore.Components;

namespace Artha.Admin.Features.Applicants;

/// <summary>KYC/KYB applications: customer and product in the URL (<c>?customerId=…&amp;productId=…</c>), status per product, the form.</summary>
public partial class ApplicantsPage
{
    [Inject] private ArthaService Artha { get; set; } = default!;
    [Inject] private UrlState Url { get; set; } = default!;
    [Inject] private PortalNotifier Notifier { get; set; } = default!;

    [SupplyParameterFromQuery(Name = "customerId")] public string? CustomerId { get; set; }
    [SupplyParameterFromQuery(Name = "productId")] public string? ProductId { get; set; }

    private bool canOnboard;
    private IReadOnlyList<KycProductOption> products = [];
    private string? productsError;
    private CustomerView? customer;
    private string? customerError;
    private string? searchText;
    private bool searching;
    private IReadOnlyList<CustomerView>? searchResults;
    private IReadOnlyList<KycStatusView> statuses = [];
    private bool statusLoading;
    private string? statusError;
    private KycFormModel? form;
    private string? formError;
    private bool forceForm;
    private string? loadedCustomerId;
    private string? loadedFormKey;

    private KycProductOption? SelectedProduct => products.FirstOrDefault(p => p.Product.Id == ProductId);

    private KycStatusView? CurrentStatus => statuses.FirstOrDefault(s => s.ProductId == ProductId);

    private string Kind => customer?.IsBusiness == true ? "KYB" : "KYC";

    /// <summary>Why the chosen product takes no application from the chosen customer (the service refuses it too).</summary>
    private string? NotOffered => customer is not null && SelectedProduct is { } selected
        ? ProductAudience.Refusal(selected.Product.Name, selected.CustomerType, customer.IsBusiness)
        : null;

    protected override async Task OnInitializedAsync()
    {
        canOnboard = await Artha.CanAsync(Permission.Onboard);
        try
        {
            products = await Artha.GetKycProductsAsync();
        }
        catch (Exception ex) when (PortalNotifier.IsExpected(ex))
        {
            productsError = $"Products could not be loaded. {PortalNotifier.Describe(ex)}";
        }
    }

    protected override async Task OnParametersSetAsync()
    {
        if (CustomerId != loadedCustomerId)
        {
            loadedCustomerId = CustomerId;
            customer = null;
            statuses = [];
            form = null;
            loadedFormKey = null;
            customerError = null;
            if (!string.IsNullOrEmpty(CustomerId))
            {
                try
                {
                    customer = await Artha.GetCustomerAsync(CustomerId);
                }
                catch (Exception ex) when (PortalNotifier.IsExpected(ex))
                {
                    customerError = $"The customer could not be loaded. {PortalNotifier.Describe(ex)}";
                }
                if (customer is not null)
                {
                    await LoadStatusesAsync();
                }
            }
        }
        if (FormKey != loadedFormKey)
        {
            forceForm = false;
            await LoadFormAsync();
        }
    }

    private string? FormKey => customer is not null && SelectedProduct is not null ? $"{customer.Id}|{SelectedProduct.Product.Id}" : null;

    private async Task LoadFormAsync()
    {
        form = null;
        formError = null;
        loadedFormKey = FormKey;
        if (customer is null || SelectedProduct is null || !canOnboard || NotOffered is not null)
        {
            return;
        }
        try
        {
            form = await Artha.GetKycFormAsync(customer.Id, SelectedProduct.Product.Id);
        }
        catch (Exception ex) when (PortalNotifier.IsExpected(ex))
        {
            formError = $"The form could not be prepared. {PortalNotifier.Describe(ex)}";
        }
    }

    private async Task LoadStatusesAsync()
    {
        if (customer is null)
        {
            return;
        }
        statusLoading = true;
        statusError = null;
        try
        {
            statuses = await Artha.GetCustomerKycAsync(customer.Id);
        }
        catch (Exception ex) when (PortalNotifier.IsExpected(ex))
        {
            statusError = $"KYC status could not be loaded. {PortalNotifier.Describe(ex)}";
        }
        finally
        {
            statusLoading = false;
        }
    }

    private async Task SearchCustomersAsync()
    {
        if (searching)
        {
            return;
        }
        searching = true;
        customerError = null;
        try
        {
            searchResults = (await Artha.ListCustomersAsync(new CustomerFilter(searchText), 0, 10)).Items;
        }
        catch (Exception ex) when (PortalNotifier.IsExpected(ex))
        {
            customerError = $"Customers could not be searched. {PortalNotifier.Describe(ex)}";
        }
        finally
        {
            searching = false;
        }
    }

    private void Choose(string? customerId, string? productId = null) =>
        Url.Set(new Dictionary<string, object?>
        {
            ["customerId"] = customerId,
            ["productId"] = productId ?? ProductId,
        }, replace: false);

    private async Task OnSubmittedAsync(KycStatusView status)
    {
        Notifier.Success("Application submitted",
            $"{Kind} for {status.ProductName} is {KycStateText.Label(status.Status).ToLowerInvariant()}. This page updates when Artha decides.");
        forceForm = false;
        statuses = [.. statuses.Select(s => s.ProductId == status.ProductId ? status with { NotOfferedReason = s.NotOfferedReason } : s)];
        await LoadStatusesAsync();
        await LoadFormAsync();
    }

    private bool IsKycDecided(StatusWatch watch) => statuses.FirstOrDefault(s => s.ProductId == watch.ProductId) is { IsApproved: true } or { IsRejected: true };

    private async Task OnKycChangeAsync(StatusChange change)
    {
        await LoadStatusesAsync();
        if (change.ProductId is null || change.ProductId == ProductId)
        {
            await LoadFormAsync();
        }
        StateHasChanged();
    }
}
