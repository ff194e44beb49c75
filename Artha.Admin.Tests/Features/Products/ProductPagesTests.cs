using Artha.Admin.Features.Products;
using Artha.Admin.Security;
using Artha.Admin.Tests.Infrastructure;
using Artha.Sandbox.State;
using Bunit;

namespace Artha.Admin.Tests.Features.Products;

/// <summary>The products list and a product's page, against the embedded sandbox's four default products.</summary>
public class ProductPagesTests(PortalFactory portal) : PortalPageTestBase(portal), IClassFixture<PortalFactory>
{
    [Theory]
    [InlineData(PortalRoles.Support)]
    [InlineData(PortalRoles.Operations)]
    [InlineData(PortalRoles.Finance)]
    [InlineData(PortalRoles.Admin)]
    public void Every_role_sees_every_product_linked_to_its_page_with_its_kyc_codes(string role)
    {
        SignInAs(role);

        var page = RenderWithProviders<ProductsPage>();

        page.WaitForAssertion(() => Assert.Equal(4, page.FindAll("#products-grid a[href^='products/']").Count), TimeSpan.FromSeconds(30));
        var links = page.FindAll("#products-grid a[href^='products/']").ToDictionary(a => a.TextContent.Trim(), a => a.GetAttribute("href"));
        Assert.Equal($"products/{DefaultProducts.GbpVirtualId}", links["GBP Virtual Prepaid"]);
        Assert.Equal($"products/{DefaultProducts.EurPhysicalId}", links["EUR Physical Debit"]);
        Assert.Equal($"products/{DefaultProducts.UsdBusinessId}", links["USD Business Virtual"]);
        Assert.Equal($"products/{DefaultProducts.UsdVirtualBasicId}", links["USD Virtual Basic"]);
        var gbpRow = page.FindAll("#products-grid tbody tr.data-row").Single(r => r.TextContent.Contains("GBP Virtual Prepaid"));
        Assert.Contains("FullName, Comms, Address", gbpRow.TextContent);
        Assert.Contains("GBP", gbpRow.TextContent);
        Assert.Empty(page.FindAll("#products-error"));
        // A read-only list: no role gets a control that changes a product.
        Assert.Empty(page.FindAll("#products-grid tbody button"));
    }

    [Fact]
    public void A_product_page_shows_its_details_and_exactly_its_kyc_requirement_codes()
    {
        SignInAs(PortalRoles.Finance);

        var page = RenderWithProviders<ProductDetailPage>(p => p.Add(x => x.ProductId, DefaultProducts.EurPhysicalId));

        page.WaitForAssertion(() => Assert.Single(page.FindAll("#requirement-codes")), TimeSpan.FromSeconds(30));
        Assert.Equal("EUR Physical Debit", page.Find("h1").TextContent.Trim());
        Assert.Equal(["FullName", "Comms", "FullAddress", "Passport", "Face"],
            page.FindAll("#requirement-codes li").Select(li => li.TextContent.Trim()));
        var details = page.Find(".detail-list").TextContent;
        Assert.Contains(DefaultProducts.EurPhysicalId, details);
        Assert.Contains("535522", details);
        Assert.Contains("EUR", details);
        Assert.Contains("DE", details);
        Assert.Contains("Master", details);
    }

    [Fact]
    public void An_unknown_product_shows_why_it_could_not_be_loaded_and_no_details()
    {
        SignInAs(PortalRoles.Support);

        var page = RenderWithProviders<ProductDetailPage>(p => p.Add(x => x.ProductId, "no-such-product"));

        page.WaitForAssertion(() => Assert.Contains("The product could not be loaded.", page.Find("#product-error").TextContent), TimeSpan.FromSeconds(30));
        Assert.Empty(page.FindAll("#requirement-codes"));
        Assert.Empty(page.FindAll(".detail-list"));
    }
}
