using Artha.Admin.Data;
using Artha.Client.Models;

namespace Artha.Admin.LiveStatus;

/// <summary>
/// How a <see cref="WatchKind.Replacement"/> watch recognises the new card among the customer's cards, when Artha's
/// replace answer did not name it (real Artha answers 202 with at most a task id; no documented response carries the
/// new card's id, reference §9.5). Pure: the cards and the claimed ids come in.
/// </summary>
public static class ReplacementSearch
{
    /// <summary>
    /// How much earlier than the watch (started just after Artha answered the replace request) a card may be dated and
    /// still count: the request's own duration plus clock skew between Artha and the portal.
    /// </summary>
    public static readonly TimeSpan ClockTolerance = TimeSpan.FromMinutes(2);

    /// <summary>
    /// The replacement of <paramref name="watch"/>'s old card among <paramref name="cards"/>, or null while there is none.
    /// A candidate is a card other than the old one, of the same customer and product (a card that names another one is
    /// out; one that names none is trusted to the list's customer/product filter), created no earlier than the watch
    /// minus <see cref="ClockTolerance"/> (a card without a creation time is out: nothing shows it is new), and not
    /// <paramref name="claimed"/> (already watched as an issuance — issued by the portal or found by another
    /// replacement — or itself a card being replaced). Of several, the one created nearest the request wins.
    /// Artha's card model names no "replaces card" link, so nothing better than time and product tells them apart.
    /// </summary>
    public static Card? Pick(StatusWatch watch, IEnumerable<Card> cards, IReadOnlySet<string> claimed, TimeSpan? tolerance = null)
    {
        var requestedAt = new DateTimeOffset(DateTime.SpecifyKind(watch.CreatedAtUtc, DateTimeKind.Utc));
        var since = requestedAt - (tolerance ?? ClockTolerance);
        return cards
            .Where(c => !string.IsNullOrWhiteSpace(c.Id) && !string.Equals(c.Id, watch.EntityId, StringComparison.Ordinal))
            .Where(c => c.CustomerId is null || watch.CustomerId is null || string.Equals(c.CustomerId, watch.CustomerId, StringComparison.Ordinal))
            .Where(c => c.ProductId is null || watch.ProductId is null || string.Equals(c.ProductId, watch.ProductId, StringComparison.Ordinal))
            .Where(c => c.CreatedAt is { } created && created >= since)
            .Where(c => !claimed.Contains(c.Id))
            .OrderBy(c => (c.CreatedAt!.Value - requestedAt).Duration())
            .ThenBy(c => c.Id, StringComparer.Ordinal)
            .FirstOrDefault();
    }

    /// <summary>"card ••4242" from a masked number such as <c>****4242</c>, else "card".</summary>
    public static string ShortNameOf(Card card)
    {
        var digits = new string((card.CardNumberMasked ?? "").Where(char.IsAsciiDigit).ToArray());
        return digits.Length >= 4 ? $"card ••{digits[^4..]}" : "card";
    }
}
