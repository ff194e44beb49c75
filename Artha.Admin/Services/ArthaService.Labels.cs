using System.Collections.Concurrent;
using Artha.Admin.Security;

namespace Artha.Admin.Services;

public sealed partial class ArthaService
{
    // Per circuit (this service is scoped): one read per customer or card id, shared by every link that shows it.
    private readonly ConcurrentDictionary<string, Task<string?>> _customerNames = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, Task<string?>> _cardLabels = new(StringComparer.Ordinal);

    /// <summary>
    /// The customer's name for links in lists and pages (Artha's cards, transactions and top-ups carry only the id);
    /// null when it cannot be read, and the link then shows the id. Read once per circuit and id.
    /// </summary>
    public Task<string?> CustomerNameAsync(string customerId) =>
        _customerNames.GetOrAdd(customerId, id => LabelOrNullAsync(async () => (await GetCardholderAsync(id)).Name));

    /// <summary>"•••• 4242": the card's last four digits (never more) for links; null when it cannot be read.</summary>
    public Task<string?> CardLabelAsync(string cardId) =>
        _cardLabels.GetOrAdd(cardId, id => LabelOrNullAsync(async () =>
        {
            var card = await GetCardAsync(id);
            return card.Last4 is { } last4 ? $"•••• {last4}" : card.MaskedNumber;
        }));

    private static async Task<string?> LabelOrNullAsync(Func<Task<string>> read)
    {
        try
        {
            return await read();
        }
        catch (Exception ex) when (ex is ArthaOperationException or PermissionDeniedException)
        {
            // A label is a convenience: the id still identifies and links the entity.
            return null;
        }
    }
}
