namespace Artha.Admin.Services;

/// <summary>
/// One line of recent activity: an audit row, or a status change for roles that cannot read the audit trail.
/// <see cref="TargetLabel"/> names the target (customer name, card last four, user email) when the portal could read it.
/// </summary>
public sealed record ActivityItem(
    DateTime OccurredAtUtc, string? Who, string What, string? TargetType, string? TargetId, string Outcome, string? Link)
{
    public string? TargetLabel { get; init; }

    /// <summary>"card •••• 4242", or the type and id when there is no label.</summary>
    public string? TargetText => TargetType is null ? null : $"{TargetType} {TargetLabel ?? TargetId}".TrimEnd();
}
