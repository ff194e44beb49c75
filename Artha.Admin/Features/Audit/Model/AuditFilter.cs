using Artha.Admin.Auditing;

namespace Artha.Admin.Services;

/// <summary>Filters of the audit trail (all optional). Dates are inclusive UTC days.</summary>
public sealed record AuditFilter
{
    /// <summary>Part of the user name (email), any case.</summary>
    public string? User { get; init; }
    /// <summary>An action or the start of one: <c>topup</c> matches <c>topup.create</c> and <c>topup.export</c>.</summary>
    public string? Action { get; init; }
    public string? TargetType { get; init; }
    public string? TargetId { get; init; }
    public AuditOutcome? Outcome { get; init; }
    public DateOnly? From { get; init; }
    public DateOnly? To { get; init; }
}
