using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using Artha.Admin.Security;

namespace Artha.Admin.LiveStatus.Hubs;

/// <summary>
/// What a hub subscriber receives for one <see cref="StatusChange"/> (client method <c>StatusChanged</c>): ids and
/// statuses, plus what the subscriber's roles allow (<see cref="LiveStatusAudience"/>). Never a card number: the change
/// carries none by design, and the message is scrubbed of anything shaped like one before it leaves the portal.
/// </summary>
/// <param name="Id">The same for every copy of one change (a client in a card's and its customer's group gets it once per group).</param>
public sealed record LiveStatusEvent(
    string Id,
    string Subject,
    string EntityId,
    string Status,
    string? PreviousStatus,
    string? CustomerId,
    string? CardId,
    string? ProductId,
    string Message,
    DateTime OccurredAtUtc,
    bool IsNotable,
    string? InitiatedBy);

/// <summary>
/// Who may see what of a change. Every role that may view the programme sees ids and statuses; the message of a money
/// change (amounts) only reaches roles that move money; who caused a change (a colleague's e-mail) only Admin.
/// A connection has exactly one audience, so it is in exactly one group per card or customer.
/// </summary>
public enum LiveStatusAudience
{
    /// <summary>Support, Operations: ids, statuses, messages except money amounts.</summary>
    Staff,

    /// <summary>Finance: also the messages of top-ups and transactions.</summary>
    Money,

    /// <summary>Admin: also who initiated the change.</summary>
    Admin,
}

public static partial class LiveStatusEvents
{
    /// <summary>The audience of a signed-in member of staff, from the portal's role table.</summary>
    public static LiveStatusAudience AudienceOf(ClaimsPrincipal user) =>
        user.Allows(Permission.ViewAudit) ? LiveStatusAudience.Admin
        : user.Allows(Permission.MoveMoney) ? LiveStatusAudience.Money
        : LiveStatusAudience.Staff;

    /// <summary>The change as <paramref name="audience"/> may see it.</summary>
    public static LiveStatusEvent For(StatusChange change, LiveStatusAudience audience)
    {
        var money = change.Subject is StatusSubject.TopUp or StatusSubject.Transaction;
        var message = money && audience == LiveStatusAudience.Staff
            ? $"{(change.Subject == StatusSubject.TopUp ? "Top-up" : "Transaction")} {change.EntityId} is {change.Status}."
            : Scrub(change.Message);
        return new LiveStatusEvent(IdOf(change), change.Subject.ToString(), change.EntityId, change.Status, change.PreviousStatus,
            change.CustomerId, change.CardId, change.ProductId, message, change.OccurredAtUtc, change.IsNotable,
            audience == LiveStatusAudience.Admin ? change.InitiatedBy : null);
    }

    /// <summary>The card a change concerns (its own id for a card change), or null.</summary>
    public static string? CardOf(StatusChange change) => change.Subject == StatusSubject.Card ? change.EntityId : change.CardId;

    /// <summary>The customer a change concerns (its own id for a customer or KYC change), or null.</summary>
    public static string? CustomerOf(StatusChange change) =>
        change.Subject is StatusSubject.Customer or StatusSubject.Kyc ? change.EntityId : change.CustomerId;

    /// <summary>Any run of 12 to 19 digits (spaces or dashes between them allowed) becomes "[number removed]".</summary>
    public static string Scrub(string message) => Security.CardNumberText.Remove(message);

    /// <summary>
    /// True for an id a client may join: 1–100 letters, digits, '_' or '-', and not itself a card number (12 to 19 digits,
    /// dashes between them allowed). Artha's ids are GUIDs and prefixed tokens whose digit runs may be long, so only an
    /// id that is nothing but a number is refused.
    /// </summary>
    public static bool IsValidId(string? id) =>
        !string.IsNullOrEmpty(id) && id.Length <= 100 && SafeId().IsMatch(id) && !WholeNumber().IsMatch(id);

    private static string IdOf(StatusChange change)
    {
        var key = $"{change.Subject}|{change.EntityId}|{change.Status}|{change.OccurredAtUtc.Ticks}";
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)))[..16];
    }

    [GeneratedRegex(@"^\d(?:-?\d){11,18}$")]
    private static partial Regex WholeNumber();

    [GeneratedRegex("^[A-Za-z0-9_-]+$")]
    private static partial Regex SafeId();
}
