using Artha.Admin.Auditing;

namespace Artha.Admin.Services;

/// <summary>
/// One audit row as the audit pages show it. <see cref="TargetLabel"/> names the target (a customer's name, a card's
/// last four, a user's email, a product's name) when the portal could read it; the id stays for links and titles.
/// <see cref="OldValue"/> and <see cref="NewValue"/> are set for changes whose detail recorded both ("a -> b").
/// </summary>
public sealed record AuditRow(
    long Id, DateTime OccurredAtUtc, string UserName, string Roles, string Action, string? TargetType, string? TargetId,
    AuditOutcome Outcome, string? Detail, string? ArthaRequestId)
{
    public string? TargetLabel { get; init; }

    public string? OldValue { get; init; }

    public string? NewValue { get; init; }

    /// <summary>The portal page of the target, when it has one.</summary>
    public string? TargetLink => ArthaService.LinkForTarget(TargetType, TargetId);

    /// <summary>"card •••• 4242", "user ops@artha.local", or the type and id when there is no label.</summary>
    public string? TargetText => TargetType is null ? null : $"{TargetType} {TargetLabel ?? TargetId}".TrimEnd();
}
