namespace Artha.Admin.Auditing;

/// <summary>
/// One row of the audit trail: who did what to which target, and how it ended.
/// Never holds secrets, PANs, CVVs or PINs: <see cref="Detail"/> is written by code, not copied from requests.
/// </summary>
public class AuditEntry
{
    public long Id { get; set; }

    /// <summary>UTC; stored as DateTime because SQLite cannot order DateTimeOffset values.</summary>
    public DateTime OccurredAtUtc { get; set; }

    public string? UserId { get; set; }
    public string UserName { get; set; } = "";
    public string Roles { get; set; } = "";

    /// <summary>A stable action name, e.g. <c>user.create</c>, <c>card.freeze</c>, <c>topup.create</c>.</summary>
    public string Action { get; set; } = "";
    public string? TargetType { get; set; }
    public string? TargetId { get; set; }
    public AuditOutcome Outcome { get; set; }
    public string? Detail { get; set; }
    public string? ArthaRequestId { get; set; }
}

public enum AuditOutcome
{
    /// <summary>Recorded before an outside call whose result is not known yet.</summary>
    Pending = 0,
    Succeeded = 1,
    Failed = 2,
    /// <summary>The caller's role does not allow the action.</summary>
    Refused = 3,
}
