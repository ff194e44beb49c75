using Artha.Admin.Security;
using MudBlazor;

namespace Artha.Admin.Components.Layout;

/// <summary>One entry of the side navigation and the permission needed to open its page; <see cref="Icon"/> is a MudBlazor SVG icon.</summary>
public sealed record NavEntry(string Text, string Href, string Icon, Permission Permission);

/// <summary>The side navigation, in order. Each page's [Authorize] policy names the same permission.</summary>
public static class PortalNavigation
{
    public static readonly IReadOnlyList<NavEntry> Entries =
    [
        new("Dashboard", "", Icons.Material.Filled.Dashboard, Permission.ViewProgramme),
        new("Customers", "customers", Icons.Material.Filled.People, Permission.ViewProgramme),
        new("Applicants", "applicants", Icons.Material.Filled.AssignmentInd, Permission.ViewProgramme),
        new("Cards", "cards", Icons.Material.Filled.CreditCard, Permission.ViewProgramme),
        new("Top-ups", "topups", Icons.Material.Filled.AccountBalanceWallet, Permission.ViewProgramme),
        new("Transactions", "transactions", Icons.Material.Filled.ReceiptLong, Permission.ViewProgramme),
        new("Products", "products", Icons.Material.Filled.Category, Permission.ViewProgramme),
        new("Audit", "audit", Icons.Material.Filled.FactCheck, Permission.ViewAudit),
        new("Users", "users", Icons.Material.Filled.ManageAccounts, Permission.ManageUsers),
    ];
}
