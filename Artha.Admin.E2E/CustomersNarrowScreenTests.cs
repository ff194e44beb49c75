using Artha.Admin.E2E.Infrastructure;
using Artha.Admin.Security;
using static Microsoft.Playwright.Assertions;

namespace Artha.Admin.E2E;

/// <summary>On a 390 px phone screen the customers list keeps its name links on screen and scrolls sideways for the other columns.</summary>
public class CustomersNarrowScreenTests(PortalServer portal) : IClassFixture<PortalServer>
{
    [Fact]
    public async Task At_390_px_the_customers_list_keeps_its_link_column_visible_and_scrolls_horizontally()
    {
        await portal.SeedAsync(customers: 3, cardsPerCustomer: 0, transactionsPerCard: 0);
        await using var support = await PortalSession.SignInAsync(portal, PortalRoles.Support, "narrow");
        var page = support.Page;
        await page.SetViewportSizeAsync(390, 844);

        await support.NavigateAsync("customers");
        var link = page.Locator("#customers-grid tbody tr.customer-row a.customer-link").First;
        await Expect(link).ToBeVisibleAsync();
        await support.ScreenshotAsync("customers-390px");

        var box = await link.BoundingBoxAsync();
        Assert.NotNull(box);
        Assert.True(box.X >= 0 && box.X + Math.Min(box.Width, 40) <= 390, $"The name link is off screen at x={box.X}, width {box.Width}.");
        Assert.True(box.Width >= 40, $"The name column is squeezed to {box.Width} px.");
        var scrolls = await page.Locator(".customers-grid-scroll").EvaluateAsync<bool>("e => e.scrollWidth > e.clientWidth");
        Assert.True(scrolls, "The grid should scroll sideways at 390 px instead of squeezing its columns.");
        await link.ClickAsync();
        await Expect(page.Locator("#customer-profile")).ToBeVisibleAsync();
    }
}
