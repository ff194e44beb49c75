using Artha.Admin.Auditing;

namespace Artha.Admin.Features.Audit.Model;

/// <summary>The audit page's filter form: what staff type before applying (dates as the date pickers hold them).</summary>
public sealed class AuditFilterForm
{
    public string? User { get; set; }
    public string? Action { get; set; }
    public string? TargetType { get; set; }
    public string? TargetId { get; set; }
    public AuditOutcome? Outcome { get; set; }
    public DateTime? From { get; set; }
    public DateTime? To { get; set; }
}
