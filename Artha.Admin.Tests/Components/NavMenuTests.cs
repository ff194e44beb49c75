using Artha.Admin.Components.Layout;
using Artha.Admin.Security;
using Bunit;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor.Services;

namespace Artha.Admin.Tests.Components;

public class NavMenuTests : BunitContext
{
    public NavMenuTests()
    {
        Services.AddMudServices();
        JSInterop.Mode = JSRuntimeMode.Loose;
    }

    private IReadOnlyList<string> RenderEntriesFor(string role)
    {
        AddAuthorization().SetAuthorized($"{role.ToLowerInvariant()}@artha.local").SetRoles(role);
        var menu = Render<NavMenu>();
        return menu.FindAll(".mud-nav-link-text").Select(e => e.TextContent.Trim()).ToList();
    }

    public static TheoryData<string, string[]> ExpectedEntries => new()
    {
        { PortalRoles.Support, ["Dashboard", "Customers", "Applicants", "Cards", "Top-ups", "Transactions", "Products"] },
        { PortalRoles.Operations, ["Dashboard", "Customers", "Applicants", "Cards", "Top-ups", "Transactions", "Products"] },
        { PortalRoles.Finance, ["Dashboard", "Customers", "Applicants", "Cards", "Top-ups", "Transactions", "Products"] },
        { PortalRoles.Admin, ["Dashboard", "Customers", "Applicants", "Cards", "Top-ups", "Transactions", "Products", "Audit", "Users"] },
    };

    [Theory]
    [MemberData(nameof(ExpectedEntries))]
    public void Each_role_sees_only_the_entries_it_may_open(string role, string[] expected)
    {
        Assert.Equal(expected, RenderEntriesFor(role));
    }

    [Fact]
    public void Signed_out_visitor_sees_no_entries()
    {
        AddAuthorization();

        var menu = Render<NavMenu>();

        Assert.Empty(menu.FindAll(".mud-nav-link-text"));
    }
}
