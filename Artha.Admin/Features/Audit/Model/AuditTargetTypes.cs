namespace Artha.Admin.Features.Audit.Model;

/// <summary>The kinds of target the portal audits, for the target filter.</summary>
public static class AuditTargetTypes
{
    public static IReadOnlyList<string> All { get; } = ["card", "customer", "product", "topup", "transaction", "user"];
}
