namespace Artha.Admin.Services;

/// <summary>
/// One line of a card's activity: what staff did to the card (from the audit trail) or what Artha reported about it
/// (status changes the portal saw). <see cref="Who"/> and <see cref="Detail"/> are only filled for roles that may read
/// the audit trail.
/// </summary>
public sealed record CardActivityItem(DateTime OccurredAtUtc, string What, string Outcome, string? Who, string? Detail);
