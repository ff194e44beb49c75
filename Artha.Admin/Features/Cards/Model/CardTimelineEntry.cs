namespace Artha.Admin.Services;

/// <summary>
/// One line of a card's timeline. <see cref="Who"/>, <see cref="Role"/> and <see cref="Detail"/> of staff actions are
/// filled only for roles that may read the audit trail. Never a card number: details come from the scrubbed audit trail.
/// </summary>
/// <param name="AtUtc">When it happened (UTC).</param>
/// <param name="Kind">What it is about.</param>
/// <param name="What">One line in words ("Freeze", "Purchase of £12.00 at Shop").</param>
/// <param name="Outcome">A status for a badge (succeeded, failed, approved, declined...).</param>
/// <param name="Channel">How it came about: "portal", "system watch (webhook)", "system watch (polling)", "reconciler", "Artha".</param>
/// <param name="Who">The member of staff (or system actor), when the viewer may see it.</param>
/// <param name="Role">The staff member's roles at the time, when the viewer may see it.</param>
/// <param name="Detail">The audit detail (reason, old → new), when the viewer may see it.</param>
/// <param name="Link">A portal page with more (the transaction, the other card), or null.</param>
public sealed record CardTimelineEntry(
    DateTime AtUtc,
    CardTimelineKind Kind,
    string What,
    string Outcome,
    string Channel,
    string? Who = null,
    string? Role = null,
    string? Detail = null,
    string? Link = null);
