using Artha.Admin.Features.Customers;
using Artha.Admin.Security;
using Artha.Admin.Services;
using Artha.Admin.Tests.Cards;
using Artha.Admin.Tests.Infrastructure;
using Bunit;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;

namespace Artha.Admin.Tests.Features.Customers;

public class CustomerPagesTests(PortalFactory portal) : PortalPageTestBase(portal), IClassFixture<PortalFactory>
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(4);

    /// <summary>Clicks a tab of the customer page (found and clicked in one step, as tabs re-render while data arrives).</summary>
    private static Task ClickTabAsync(IRenderedComponent<CustomerDetailPage> page, string name) =>
        page.InvokeAsync(() => page.FindAll("[role=tab]").First(t => t.TextContent.Trim() == name).Click());

    private string Uri => Services.GetRequiredService<NavigationManager>().Uri;

    [Fact]
    public async Task Finance_sees_the_customer_list_without_a_new_customer_button()
    {
        var customer = await NewCustomerAsync();
        SignInAs(PortalRoles.Finance);

        NavigateTo($"customers?q={System.Uri.EscapeDataString(customer.Email!)}");
        var page = RenderWithProviders<CustomersPage>();

        page.WaitForAssertion(() => Assert.Contains(page.FindAll("#customers-grid a"), a => a.TextContent.Contains("Jane Doe")), Wait);
        Assert.Empty(page.FindAll("#new-customer"));
    }

    [Theory]
    [InlineData(PortalRoles.Support)]
    [InlineData(PortalRoles.Operations)]
    [InlineData(PortalRoles.Admin)]
    public void Onboarding_roles_see_the_new_customer_button(string role)
    {
        SignInAs(role);

        var page = RenderWithProviders<CustomersPage>();

        page.WaitForAssertion(() => Assert.Equal("customers/new", page.Find("#new-customer").GetAttribute("href")));
    }

    [Fact]
    public async Task The_list_links_each_customer_to_its_page_and_the_link_column_keeps_a_minimum_width_in_a_scrolling_grid()
    {
        var customer = await NewCustomerAsync();
        SignInAs(PortalRoles.Finance);

        NavigateTo($"customers?q={System.Uri.EscapeDataString(customer.Email!)}");
        var page = RenderWithProviders<CustomersPage>();

        page.WaitForAssertion(() => Assert.Contains(page.FindAll("#customers-grid a.customer-link"),
            a => a.GetAttribute("href") == $"customers/{customer.Id}" && a.TextContent.Contains("Jane Doe") && a.GetAttribute("title") == "Jane Doe"), Wait);
        // At 390 px the grid scrolls sideways inside its wrapper instead of squeezing the name column away (checked in a browser by the E2E tour).
        Assert.Contains("overflow-x: auto", page.Find(".customers-grid-scroll").GetAttribute("style"));
        Assert.Contains("min-width", page.Find("#customers-grid").GetAttribute("style"));
        Assert.Contains("min-width", page.FindAll("#customers-grid th")[0].GetAttribute("style"));
    }

    [Fact]
    public async Task A_search_in_the_address_filters_the_list_and_clearing_the_filters_clears_the_address()
    {
        var customer = await NewCustomerAsync();
        SignInAs(PortalRoles.Finance);
        NavigateTo($"customers?q={System.Uri.EscapeDataString(customer.Email!)}&kyc=not_submitted");

        var page = RenderWithProviders<CustomersPage>();
        page.WaitForAssertion(() => Assert.Single(page.FindAll("#customers-grid a.customer-link")), Wait);
        page.WaitForAssertion(() => Assert.Equal(customer.Email, page.Find("#customer-search").GetAttribute("value")), Wait);

        // Found and clicked in one step: the grid may re-render in between while its data arrives.
        await page.InvokeAsync(() => page.Find("#clear-filters").Click());

        Assert.DoesNotContain("q=", Uri);
        Assert.DoesNotContain("kyc=", Uri);
        page.WaitForAssertion(() => Assert.Empty(page.FindAll("#clear-filters")), Wait);
    }

    [Fact]
    public async Task Finance_sees_the_profile_and_kyc_of_a_customer_but_cannot_edit_or_submit()
    {
        var customer = await NewCustomerAsync();
        SignInAs(PortalRoles.Finance);

        NavigateTo($"customers/{customer.Id}?tab=kyc");
        var page = RenderWithProviders<CustomerDetailPage>(p => p.Add(x => x.CustomerId, customer.Id));

        page.WaitForAssertion(() => Assert.NotEmpty(page.FindAll(".kyc-status")), Wait);
        Assert.Empty(page.FindAll(".kyc-submit-link"));
        await ClickTabAsync(page, "Profile");
        page.WaitForAssertion(() => Assert.Contains(customer.Email!, page.Find("#customer-profile").TextContent), Wait);
        Assert.Empty(page.FindAll("#edit-profile"));
    }

    [Fact]
    public async Task The_open_tab_is_in_the_address_and_a_link_with_a_tab_opens_it()
    {
        var customer = await NewCustomerAsync();
        SignInAs(PortalRoles.Support);
        NavigateTo($"customers/{customer.Id}");
        var page = RenderWithProviders<CustomerDetailPage>(p => p.Add(x => x.CustomerId, customer.Id));
        page.WaitForAssertion(() => Assert.Single(page.FindAll("#customer-profile")), Wait);
        Assert.Equal("Profile", page.Find("[role=tab][aria-selected=true]").TextContent.Trim());

        await ClickTabAsync(page, "KYC");

        Assert.EndsWith($"customers/{customer.Id}?tab=kyc", Uri);
        page.WaitForAssertion(() => Assert.Equal("KYC", page.Find("[role=tab][aria-selected=true]").TextContent.Trim()), Wait);
        page.WaitForAssertion(() => Assert.NotEmpty(page.FindAll(".kyc-status")), Wait);

        await ClickTabAsync(page, "Profile");
        Assert.EndsWith($"customers/{customer.Id}", Uri);
    }

    [Fact]
    public async Task Support_can_edit_the_profile_and_gets_a_submit_link_only_for_products_for_individuals()
    {
        var customer = await NewCustomerAsync();
        SignInAs(PortalRoles.Support);
        NavigateTo($"customers/{customer.Id}?tab=kyc");

        var page = RenderWithProviders<CustomerDetailPage>(p => p.Add(x => x.CustomerId, customer.Id));

        page.WaitForAssertion(() => Assert.NotEmpty(page.FindAll(".kyc-submit-link")), Wait);
        Assert.All(page.FindAll(".kyc-submit-link"), link =>
        {
            Assert.Equal("Submit KYC", link.TextContent.Trim());
            Assert.StartsWith($"applicants?customerId={customer.Id}&productId=", link.GetAttribute("href"));
        });
        // The sandbox's "USD Business Virtual" is a KYB product: no submit link for an individual, a note instead.
        var businessRow = page.FindAll("#kyc-status tr").Single(r => r.TextContent.Contains("USD Business Virtual"));
        Assert.Empty(businessRow.QuerySelectorAll(".kyc-submit-link"));
        Assert.Contains("businesses only", businessRow.QuerySelector(".kyc-not-offered")!.TextContent);
        Assert.Equal("Not submitted", businessRow.QuerySelector(".status-badge")!.TextContent.Trim());
        await ClickTabAsync(page, "Profile");
        page.WaitForAssertion(() => Assert.Single(page.FindAll("#edit-profile")), Wait);
    }

    [Fact]
    public async Task The_customer_page_summarises_the_customers_cards_and_their_balances()
    {
        var (customerId, cardId) = await Portal.SeedActiveCardAsync();
        var newcomer = await NewCustomerAsync();
        var artha = SignInAs(PortalRoles.Finance);
        var available = (await artha.GetCardBalanceAsync(cardId)).Available;

        var page = RenderWithProviders<CustomerDetailPage>(p => p.Add(x => x.CustomerId, customerId));
        page.WaitForAssertion(() => Assert.Equal(available.ToString(), page.Find("#customer-balances .customer-balance").TextContent), Wait);
        Assert.Equal("1", page.Find("#customer-card-counts [data-count=total]").TextContent);
        Assert.Equal("1", page.Find("#customer-card-counts [data-count=active]").TextContent);

        var empty = RenderWithProviders<CustomerDetailPage>(p => p.Add(x => x.CustomerId, newcomer.Id));
        empty.WaitForAssertion(() => Assert.Contains("No cards yet", empty.Find("#customer-cards-summary").TextContent), Wait);
    }

    [Fact]
    public void The_create_form_shows_business_fields_only_for_a_business()
    {
        SignInAs(PortalRoles.Support);
        var page = RenderWithProviders<CustomerNewPage>();
        Assert.Single(page.FindAll("#customer-dateOfBirth"));
        Assert.Empty(page.FindAll("#customer-businessName"));

        page.Find("#customer-type-business").Click();

        page.WaitForAssertion(() => Assert.Single(page.FindAll("#customer-businessName")));
        Assert.Empty(page.FindAll("#customer-dateOfBirth"));
    }

    [Fact]
    public void Submitting_an_empty_create_form_shows_a_message_on_each_required_field()
    {
        SignInAs(PortalRoles.Support);
        var page = RenderWithProviders<CustomerNewPage>();

        page.Find("#new-customer-form").Submit();

        var fields = page.FindAll(".field-error").Select(e => e.GetAttribute("data-field")).ToHashSet();
        Assert.Equal(["firstName", "lastName", "dateOfBirth", "gender", "email", "phoneCode", "phoneNumber", "country"], fields);
        Assert.Single(page.FindAll("#new-customer-error"));
    }

    [Fact]
    public void Every_field_of_the_create_form_is_capped_at_the_length_the_service_enforces()
    {
        SignInAs(PortalRoles.Support);
        var page = RenderWithProviders<CustomerNewPage>();

        string Max(string id) => page.Find($"#customer-{id}").GetAttribute("maxlength")!;
        Assert.Equal("100", Max("firstName"));
        Assert.Equal("100", Max("lastName"));
        Assert.Equal("254", Max("email"));
        Assert.Equal("20", Max("phoneNumber"));
        Assert.Equal("2", Max("country"));
        Assert.Equal("100", Max("addressLine1"));
        Assert.Equal("100", Max("addressLine2"));
        Assert.Equal("60", Max("city"));
        Assert.Equal("16", Max("postalCode"));
        Assert.Equal("200", Max("externalReference"));
        page.Find("#customer-type-business").Click();
        page.WaitForAssertion(() => Assert.Equal("100", Max("businessName")));
        Assert.Equal("50", Max("registrationNumber"));
    }

    [Fact]
    public void A_5000_character_name_is_refused_with_the_limit_and_an_unknown_country_code_is_refused()
    {
        SignInAs(PortalRoles.Support);
        var page = RenderWithProviders<CustomerNewPage>();

        page.Find("#customer-firstName").Change(new string('a', 5000));
        page.Find("#customer-country").Change("ZZ");
        page.Find("#new-customer-form").Submit();

        Assert.Equal("Use at most 100 characters (this has 5,000).", page.Find(".field-error[data-field=firstName]").TextContent);
        Assert.Contains("ZZ is not an ISO 3166-1 country code", page.Find(".field-error[data-field=country]").TextContent);
    }

    [Fact]
    public async Task A_duplicate_email_is_refused_with_a_link_to_the_customer_who_has_it()
    {
        var existing = await NewCustomerAsync();
        SignInAs(PortalRoles.Support);
        var page = RenderWithProviders<CustomerNewPage>();

        page.Find("#customer-firstName").Change("Ada");
        page.Find("#customer-lastName").Change("Lovelace");
        page.Find("#customer-dateOfBirth").Change("1990-06-15");
        var gender = page.FindComponents<MudBlazor.MudSelect<string>>().Single();
        await page.InvokeAsync(() => gender.Instance.ValueChanged.InvokeAsync("female"));
        page.Find("#customer-email").Change(existing.Email!);
        page.Find("#customer-phoneCode").Change("+44");
        page.Find("#customer-phoneNumber").Change("7700900000");
        page.Find("#customer-country").Change("GB");
        page.Find("#new-customer-form").Submit();

        page.WaitForAssertion(() => Assert.Equal($"customers/{existing.Id}", page.Find("#duplicate-email-link").GetAttribute("href")), Wait);
        Assert.Contains("Jane Doe", page.Find("#duplicate-email-link").TextContent);
        Assert.Contains("already exists", page.Find("#new-customer-error").TextContent);
        Assert.Equal(existing.Email, page.Find("#customer-email").GetAttribute("value")); // the input is kept
    }
}
