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
    }

    private Task OnChangeAsync(StatusChange change) => LoadAsync();

    private static string Format(decimal? amount, string? currency) => amount is { } a ? new Money(a, currency ?? "").ToString() : "—";
}
