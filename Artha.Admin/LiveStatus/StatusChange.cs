namespace Artha.Admin.LiveStatus;

/// <summary>What kind of thing changed.</summary>
public enum StatusSubject
{
    Customer,
    Kyc,
    Card,
    TopUp,
    Transaction,
}

/// <summary>
/// A change the portal learned about (from its own action, the poller or a webhook), pushed to every open page.
/// Carries ids and statuses only — never card numbers, CVVs or PINs.
/// </summary>
/// <param name="Subject">What changed.</param>
/// <param name="EntityId">The changed thing's id (customer, card, top-up or transaction id; for KYC the customer id).</param>
/// <param name="Status">The new status, as Artha spells it.</param>
/// <param name="Message">One sentence for a notification, e.g. "Top-up of £50.00 to card ••4242 approved".</param>
public sealed record StatusChange(
    StatusSubject Subject,
    string EntityId,
    string Status,
    string Message,
    DateTime OccurredAtUtc)
{
    public string? CustomerId { get; init; }
    public string? CardId { get; init; }
    public string? ProductId { get; init; }
    public string? PreviousStatus { get; init; }

    /// <summary>The member of staff whose action caused the change (null for the poller and webhooks).</summary>
    public string? InitiatedBy { get; init; }

    /// <summary>True for a change worth a notification (an outcome), false for a routine refresh.</summary>
    public bool IsNotable { get; init; } = true;

    /// <summary>True when the change concerns <paramref name="id"/> as entity, customer or card.</summary>
    public bool Concerns(string? id) => id is not null && (EntityId == id || CustomerId == id || CardId == id);
}
