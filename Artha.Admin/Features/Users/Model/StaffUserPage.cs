namespace Artha.Admin.Users;

/// <summary>One page of staff accounts and how many match in all.</summary>
public sealed record StaffUserPage(IReadOnlyList<StaffUserRow> Items, int Total);
