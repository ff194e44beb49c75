using System.Globalization;
using Artha.Admin.Components.UI;
using Artha.Admin.Security;
using Artha.Admin.Services;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Server.ProtectedBrowserStorage;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;

namespace Artha.Admin.Features.Cards;

/// <summary>
/// The issue-card wizard (/cards/new, also /cards/issue): customer, then card type and product (only once KYC for that
/// product is Approved), then review (and the shipping address of a physical card, pre-filled from the customer's
/// address). The step, customer, type and product live in the address (a refresh or a link lands on the same step); the
/// shipping address being edited is kept in the browser's protected session storage for the same customer and product.
/// </summary>
public sealed partial class CardIssuePage
{
    private const string StepKey = "step";
    private const string CustomerKey = "customerId";
    private const string TypeKey = "type";
    private const string ProductKey = "productId";

    [SupplyParameterFromQuery(Name = StepKey)] public string? QueryStep { get; set; }
    [SupplyParameterFromQuery(Name = CustomerKey)] public string? QueryCustomerId { get; set; }
    [SupplyParameterFromQuery(Name = TypeKey)] public string? QueryType { get; set; }
    [SupplyParameterFromQuery(Name = ProductKey)] public string? QueryProductId { get; set; }

    [Inject] private ArthaService Artha { get; set; } = default!;
    [Inject] private NavigationManager Navigation { get; set; } = default!;
    [Inject] private PortalNotifier Notifier { get; set; } = default!;
    [Inject] private UrlState Url { get; set; } = default!;
    [Inject] private IServiceProvider Services { get; set; } = default!;

    private int step = 1;
    private string? customerId;
    private string cardType = "virtual";
    private string? productId;
    private CardholderOption? selectedCustomer;
    private IReadOnlyList<ProductView> products = [];
    private CardIssueEligibility? eligibility;
    private bool checkingKyc;
    private bool busy;
    private string? failure;
    private bool refusedForKyc;
    private string? customerHelper;
    private CardShippingAddress address = new();
    private string? addressNote;
    private string? addressFor;
    private IReadOnlyDictionary<string, string[]> fieldErrors = new Dictionary<string, string[]>();

    private int Step => step;
    private string? CustomerId => customerId;
    private string CardType => cardType;
    private string? ProductId => productId;
    private CardholderOption? SelectedCustomer => selectedCustomer;
    private ProductView? SelectedProduct => products.FirstOrDefault(p => p.Id == productId);
    private bool IsPhysical => string.Equals(SelectedProduct?.CardType ?? cardType, "physical", StringComparison.OrdinalIgnoreCase);
    private string CustomerHelper => customerHelper ?? "Type to search; the list shows up to 20 matches.";

    private IReadOnlyList<ProductView> ProductsOfType =>
        products.Where(p => string.Equals(p.CardType, cardType, StringComparison.OrdinalIgnoreCase)).ToList();

    private string ApplicantsLink =>
        $"applicants?customerId={Uri.EscapeDataString(customerId ?? "")}&productId={Uri.EscapeDataString(productId ?? "")}";

    private List<BreadcrumbItem> Breadcrumbs => [new("Cards", href: "cards"), new("Issue a card", href: null, disabled: true)];

    private string StepClass(int number) => number == step ? "current" : number < step ? "done" : "";

    private string ProductName(string? id) => id is null ? "" : products.FirstOrDefault(p => p.Id == id)?.Name ?? id;

    private string DraftKey => $"artha.card-issue.address.{customerId}.{productId}";

    /// <summary>The wizard's KYC wording: the eligibility's own sentence, worded by <c>KycStateText</c> like the KYC tab.</summary>
    private static string KycWording(CardIssueEligibility kyc) => kyc.Reason;

    protected override async Task OnInitializedAsync()
    {
        var (ok, loaded) = await Notifier.TryAsync("Card products could not be loaded", () => Artha.AllProductsAsync());
        products = ok && loaded is not null ? loaded : [];
    }

    /// <summary>Adopts the address bar (first load, refresh, Back/Forward) whenever it differs from what is on screen.</summary>
    protected override async Task OnParametersSetAsync()
    {
        var wantedStep = int.TryParse(QueryStep, NumberStyles.None, CultureInfo.InvariantCulture, out var s) && s is >= 1 and <= 3 ? s : 1;
        var wantedCustomer = Blank(QueryCustomerId);
        var wantedType = string.Equals(Blank(QueryType), "physical", StringComparison.OrdinalIgnoreCase) ? "physical" : "virtual";
        var wantedProduct = Blank(QueryProductId);
        if ((wantedStep, wantedCustomer, wantedType, wantedProduct) == (step, customerId, cardType, productId) && (customerId is null || selectedCustomer is not null))
        {
            return;
        }

        cardType = wantedType;
        productId = wantedProduct;
        if (wantedCustomer != selectedCustomer?.Id)
        {
            customerId = wantedCustomer;
            selectedCustomer = null;
            if (wantedCustomer is not null)
            {
                try
                {
                    selectedCustomer = await Artha.GetCardholderAsync(wantedCustomer);
                    customerHelper = null;
                }
                catch (Exception ex) when (PortalNotifier.IsExpected(ex))
                {
                    customerId = null;
                    customerHelper = "The customer from the link could not be loaded; search for the customer instead.";
                    Notifier.Failure("The customer could not be loaded", ex);
                }
            }
        }
        // A product of the other type (a hand-edited address) is dropped rather than issued as the wrong type.
        if (SelectedProduct is { } product && !string.Equals(product.CardType, cardType, StringComparison.OrdinalIgnoreCase))
        {
            productId = null;
        }
        step = wantedStep;
        if (step >= 2 && selectedCustomer is null)
        {
            step = 1;
        }
        if (step >= 2)
        {
            await CheckEligibilityAsync();
        }
        if (step == 3 && (productId is null || eligibility?.Allowed != true))
        {
            step = 2;
        }
        if (step == 3)
        {
            // A physical card's address is pre-filled after the first render (the draft is in browser storage).
            failure = null;
        }
        if ((step, customerId, cardType, productId) != (wantedStep, wantedCustomer, wantedType, wantedProduct))
        {
            WriteUrl(push: false);
        }
    }

    protected override async Task OnAfterRenderAsync(bool firstRender)
    {
        if (step == 3 && IsPhysical && addressFor != DraftKey)
        {
            await PrefillAddressAsync();
            StateHasChanged();
        }
    }

    private void WriteUrl(bool push) => Url.Set(new Dictionary<string, object?>
    {
        [StepKey] = step > 1 ? step : null,
        [CustomerKey] = customerId,
        [TypeKey] = cardType == "virtual" ? null : cardType,
        [ProductKey] = productId,
    }, replace: !push);

    private void GoToStep(int number)
    {
        step = number;
        fieldErrors = new Dictionary<string, string[]>();
        WriteUrl(push: true);
    }

    private async Task<IEnumerable<CardholderOption>> SearchCustomersAsync(string? text, CancellationToken cancellationToken)
    {
        try
        {
            var found = await Artha.FindCardholdersAsync(text, cancellationToken: cancellationToken);
            customerHelper = found.Count == 0 ? "No customer matches this search." : null;
            return found;
        }
        catch (Exception ex) when (PortalNotifier.IsExpected(ex))
        {
            customerHelper = "Customers could not be searched right now; try again in a moment.";
            Notifier.Failure("Customers could not be searched", ex);
            return [];
        }
    }

    private Task OnCustomerChosenAsync(CardholderOption? customer)
    {
        selectedCustomer = customer;
        customerId = customer?.Id;
        eligibility = null;
        fieldErrors = new Dictionary<string, string[]>();
        WriteUrl(push: false);
        return Task.CompletedTask;
    }

    private async Task ToProductStepAsync()
    {
        if (selectedCustomer is null)
        {
            fieldErrors = new Dictionary<string, string[]> { ["customerId"] = ["Choose the customer."] };
            return;
        }
        GoToStep(2);
        await CheckEligibilityAsync();
    }

    private async Task OnTypeChangedAsync(string value)
    {
        cardType = value;
        if (SelectedProduct is { } product && !string.Equals(product.CardType, value, StringComparison.OrdinalIgnoreCase))
        {
            productId = null;
            eligibility = null;
        }
        WriteUrl(push: false);
        await CheckEligibilityAsync();
    }

    private async Task OnProductChangedAsync(string value)
    {
        productId = value;
        fieldErrors = new Dictionary<string, string[]>();
        WriteUrl(push: false);
        await CheckEligibilityAsync();
    }

    private async Task CheckEligibilityAsync()
    {
        if (string.IsNullOrEmpty(customerId) || string.IsNullOrEmpty(productId))
        {
            eligibility = null;
            return;
        }
        if (eligibility is { } known && known.CustomerId == customerId && known.ProductId == productId)
        {
            return;
        }
        eligibility = null;
        checkingKyc = true;
        try
        {
            eligibility = await Artha.GetCardIssueEligibilityAsync(customerId, productId);
        }
        catch (Exception ex) when (PortalNotifier.IsExpected(ex))
        {
            Notifier.Failure("The customer's KYC status could not be checked", ex);
        }
        finally
        {
            checkingKyc = false;
        }
    }

    private void ToReviewStep()
    {
        if (string.IsNullOrEmpty(productId))
        {
            fieldErrors = new Dictionary<string, string[]> { ["productId"] = ["Choose the card product."] };
            return;
        }
        if (eligibility?.Allowed != true)
        {
            return;
        }
        failure = null;
        GoToStep(3);
    }

    /// <summary>The address being edited for this customer and product, else the customer's own address, else empty fields.</summary>
    private async Task PrefillAddressAsync()
    {
        var key = DraftKey;
        addressFor = key;
        if (DraftStore is { } store)
        {
            try
            {
                var draft = await store.GetAsync<CardShippingAddress>(key);
                if (draft is { Success: true, Value: { } saved })
                {
                    address = saved;
                    addressNote = "The address you were entering; check it before issuing.";
                    return;
                }
            }
            catch (Exception ex) when (ex is InvalidOperationException or System.Security.Cryptography.CryptographicException or Microsoft.JSInterop.JSException)
            {
                // No draft to restore (storage unavailable or written by another key ring): start from the customer's address.
            }
        }
        address = selectedCustomer?.Address?.ToForm() ?? new CardShippingAddress();
        addressNote = selectedCustomer?.Address is not null
            ? "Pre-filled with the customer's address; change it if the card should be posted elsewhere."
            : "The customer has no address on file: enter where the card is posted.";
    }

    private async Task SaveAddressDraftAsync()
    {
        if (DraftStore is not { } store)
        {
            return;
        }
        try
        {
            await store.SetAsync(DraftKey, address);
        }
        catch (Exception ex) when (ex is InvalidOperationException or Microsoft.JSInterop.JSException or TaskCanceledException)
        {
            // Keeping the draft is a convenience; the form still holds what was typed.
        }
    }

    private async Task ClearAddressDraftAsync()
    {
        if (DraftStore is not { } store)
        {
            return;
        }
        try
        {
            await store.DeleteAsync(DraftKey);
        }
        catch (Exception ex) when (ex is InvalidOperationException or Microsoft.JSInterop.JSException or TaskCanceledException)
        {
            // The draft expires with the browser tab anyway.
        }
    }

    /// <summary>The browser's protected session storage where the host provides it (bUnit hosts may not).</summary>
    private ProtectedSessionStorage? DraftStore => Services.GetService<ProtectedSessionStorage>();

    private async Task IssueAsync()
    {
        if (busy || customerId is null || productId is null)
        {
            return;
        }
        busy = true;
        failure = null;
        refusedForKyc = false;
        fieldErrors = new Dictionary<string, string[]>();
        try
        {
            var card = await Artha.IssueCardAsync(new CardIssueRequest(customerId, productId, IsPhysical ? address : null));
            if (IsPhysical)
            {
                await ClearAddressDraftAsync();
            }
            Notifier.Success("Card issued", $"{ArthaService.Capitalize(card.ShortName)} is being issued (state {card.State ?? "pending"}); its page updates when Artha finishes.");
            Navigation.NavigateTo($"cards/{Uri.EscapeDataString(card.Id)}");
        }
        catch (CardIssueRefusedException ex)
        {
            eligibility = ex.Eligibility;
            refusedForKyc = true;
            failure = KycWording(ex.Eligibility);
        }
        catch (ArthaOperationException ex)
        {
            fieldErrors = ex.FieldErrors;
            failure = $"The card was not issued. {ex.Describe()}";
        }
        catch (PermissionDeniedException ex)
        {
            failure = ex.Message;
        }
        finally
        {
            busy = false;
        }
    }

    private static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
