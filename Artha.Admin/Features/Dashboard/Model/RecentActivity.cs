namespace Artha.Admin.Services;

/// <summary>Recent activity and where it came from.</summary>
public sealed record RecentActivity(IReadOnlyList<ActivityItem> Items, bool FromAuditTrail);
