namespace Artha.Admin.Services;

/// <summary>One dashboard figure. <see cref="Value"/> is null when Artha gives no total; <see cref="Note"/> explains or adds detail.</summary>
public sealed record DashboardCount(int? Value, string? Note = null);
