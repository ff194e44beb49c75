using Artha.Admin.Security;

namespace Artha.Admin.Components.Layout;

/// <summary>One entry of the side navigation and the permission needed to open its page.</summary>
public sealed record NavEntry(string Text, string Href, string Icon, Permission Permission);

/// <summary>The side navigation, in order. Each page's [Authorize] policy names the same permission.</summary>
public static class PortalNavigation
{
    public static readonly IReadOnlyList<NavEntry> Entries =
    [
        new("Dashboard", "", "dashboard", Permission.ViewProgramme),
        new("Customers", "customers", "people", Permission.ViewProgramme),
        new("Applicants", "applicants", "assignment_ind", Permission.ViewProgramme),
        new("Cards", "cards", "credit_card", Permission.ViewProgramme),
        new("Top-ups", "topups", "account_balance_wallet", Permission.ViewProgramme),
        new("Transactions", "transactions", "receipt_long", Permission.ViewProgramme),
        new("Products", "products", "category", Permission.ViewProgramme),
        new("Audit", "audit", "fact_check", Permission.ViewAudit),
        new("Users", "users", "manage_accounts", Permission.ManageUsers),
    ];
}
