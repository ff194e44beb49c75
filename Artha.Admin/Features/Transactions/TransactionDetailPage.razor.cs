using Artha.Admin.Components.UI;
using Artha.Admin.LiveStatus;
using Artha.Admin.Security;
using Artha.Admin.Services;
using Microsoft.AspNetCore.Components;
using MudBlazor;

namespace Artha.Admin.Features.Transactions;

public partial class TransactionDetailPage
{
    [Parameter] public string TransactionId { get; set; } = "";
    [Inject] private ArthaService Artha { get; set; } = default!;

    private TransactionView? transaction;
    private string? loadError;
    private DeclineExplanation? decline;
    private string? declineError;

    private List<BreadcrumbItem> Breadcrumbs => [new("Transactions", "transactions"), new(TransactionId, null, disabled: true)];

    private string Title => transaction is null ? "Transaction" : $"{transaction.Type.Replace('_', ' ')} of {transaction.Money}";

    protected override Task OnParametersSetAsync() => LoadAsync();

    private async Task LoadAsync()
    {
        loadError = null;
        try
        {
            transaction = await Artha.GetTransactionAsync(TransactionId);
        }
        catch (ArthaOperationException ex)
        {
            transaction = null;
            loadError = ex.Kind == ArthaFailureKind.NotFound
                ? $"Artha has no transaction {TransactionId}. A top-up only becomes a transaction once Artha has decided on it. {ex.Describe()}"
                : $"The transaction could not be loaded. {ex.Describe()}";
        }
        catch (PermissionDeniedException ex)
        {
            transaction = null;
            loadError = ex.Message;
        }
        await LoadDeclineAsync();
    }

    /// <summary>For a declined transaction, why: a failure here leaves the transaction on screen with a notice.</summary>
    private async Task LoadDeclineAsync()
    {
        decline = null;
        declineError = null;
        if (transaction?.Status != "declined")
        {
            return;
        }
        try
        {
            decline = await Artha.ExplainDeclineAsync(TransactionId);
        }
        catch (ArthaOperationException ex)
        {
            declineError = $"Why it was declined could not be worked out just now. Reload the page to try again. {ex.Describe()}";
        }
    }

    private Task OnChangeAsync(StatusChange change) => LoadAsync();

    private static string Format(decimal? amount, string? currency) => amount is { } a ? new Money(a, currency ?? "").ToString() : "—";
}
