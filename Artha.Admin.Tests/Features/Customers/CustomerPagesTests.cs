using Artha.Admin.Features.Customers;
using Artha.Admin.Tests.Customers;
using Artha.Admin.Security;
using Artha.Admin.Tests.Infrastructure;
using Bunit;
using Microsoft.Extensions.DependencyInjection;

namespace Artha.Admin.Tests.Features.Customers;

public class CustomerPagesTests(PortalFactory portal) : PortalPageTestBase(portal), IClassFixture<PortalFactory>
{
    [Fact]
    public async Task Finance_sees_the_customer_list_without_a_new_customer_button()
    {
        var customer = await NewCustomerAsync();
        SignInAs(PortalRoles.Finance);

        NavigateTo($"customers?q={Uri.EscapeDataString(customer.Email!)}");
        var page = Render<CustomersPage>();

        page.WaitForAssertion(() => Assert.Contains(page.FindAll("#customers-grid a"), a => a.TextContent.Contains("Jane Doe")), TimeSpan.FromSeconds(5));
        Assert.Empty(page.FindAll("#new-customer"));
    }

    [Theory]
    [InlineData(PortalRoles.Support)]
    [InlineData(PortalRoles.Operations)]
    [InlineData(PortalRoles.Admin)]
    public void Onboarding_roles_see_the_new_customer_button(string role)
    {
        SignInAs(role);

        var page = Render<CustomersPage>();

        page.WaitForAssertion(() => Assert.Single(page.FindAll("#new-customer")));
    }

    [Fact]
    public async Task The_list_links_each_customer_to_its_page()
    {
        var customer = await NewCustomerAsync();
        SignInAs(PortalRoles.Finance);

        NavigateTo($"customers?q={Uri.EscapeDataString(customer.Email!)}");
        var page = Render<CustomersPage>();

        page.WaitForAssertion(() => Assert.Contains(page.FindAll("#customers-grid a"),
            a => a.GetAttribute("href") == $"customers/{customer.Id}" && a.TextContent.Contains("Jane Doe")), TimeSpan.FromSeconds(5));
    }

    [Fact]
    public async Task Finance_sees_the_profile_and_kyc_of_a_customer_but_cannot_edit_or_submit()
    {
        var customer = await NewCustomerAsync();
        SignInAs(PortalRoles.Finance);

        var page = Render<CustomerDetailPage>(p => p.Add(x => x.CustomerId, customer.Id));

        page.WaitForAssertion(() => Assert.Contains(customer.Email!, page.Find("#customer-profile").TextContent), TimeSpan.FromSeconds(5));
        page.WaitForAssertion(() => Assert.NotEmpty(page.FindAll(".kyc-status")), TimeSpan.FromSeconds(5));
        Assert.Empty(page.FindAll("#edit-profile"));
        Assert.Empty(page.FindAll(".kyc-submit-link"));
    }

    [Fact]
    public async Task Support_can_edit_the_profile_and_gets_a_submit_link_per_product()
    {
        var customer = await NewCustomerAsync();
        SignInAs(PortalRoles.Support);

        var page = Render<CustomerDetailPage>(p => p.Add(x => x.CustomerId, customer.Id));

        page.WaitForAssertion(() => Assert.NotEmpty(page.FindAll(".kyc-submit-link")), TimeSpan.FromSeconds(5));
        Assert.Single(page.FindAll("#edit-profile"));
        Assert.All(page.FindAll(".kyc-submit-link"), link =>
        {
            Assert.Equal("Submit KYC", link.TextContent.Trim());
            Assert.StartsWith($"applicants?customerId={customer.Id}&productId=", link.GetAttribute("href"));
        });
    }

    [Fact]
    public void The_create_form_shows_business_fields_only_for_a_business()
    {
        SignInAs(PortalRoles.Support);
        var page = Render<CustomerNewPage>();
        Assert.Single(page.FindAll("#customer-dateOfBirth"));
        Assert.Empty(page.FindAll("#customer-businessName"));

        page.FindAll("#customer-type .rz-radiobutton-box").Last().Click();

        page.WaitForAssertion(() => Assert.Single(page.FindAll("#customer-businessName")));
        Assert.Empty(page.FindAll("#customer-dateOfBirth"));
    }

    [Fact]
    public void Submitting_an_empty_create_form_shows_a_message_on_each_required_field()
    {
        SignInAs(PortalRoles.Support);
        var page = Render<CustomerNewPage>();

        page.Find("#new-customer-form").Submit();

        var fields = page.FindAll(".field-error").Select(e => e.GetAttribute("data-field")).ToHashSet();
        Assert.Equal(["firstName", "lastName", "dateOfBirth", "gender", "email", "phoneCode", "phoneNumber", "country"], fields);
        Assert.Single(page.FindAll("#new-customer-error"));
    }
}
