using Artha.Admin.Features.Cards;
using Artha.Admin.Security;
using Artha.Admin.Services;
using Artha.Admin.Tests.Cards;
using Artha.Admin.Tests.Infrastructure;
using Artha.Client.Models;
using Bunit;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;

namespace Artha.Admin.Tests.Features.Cards;

/// <summary>The issue-card wizard: its step and choices live in the address, so a refresh lands where the user was.</summary>
public class CardIssuePageTests(PortalFactory portal) : PortalPageTestBase(portal), IClassFixture<PortalFactory>
{
    private string Uri => Services.GetRequiredService<NavigationManager>().Uri;

    private IRenderedComponent<CardIssuePage> Open(string address)
    {
        SignInAs(PortalRoles.Support);
        NavigateTo(address);
        return RenderWithProviders<CardIssuePage>();
    }

    [Fact]
    public async Task Choosing_a_customer_type_and_product_writes_each_step_to_the_address()
    {
        var customerId = await Portal.CreateCustomerAsync();
        await Portal.ApproveKycAsync(customerId, CardTestData.VirtualProductId);
        var page = Open("cards/new");
        var customer = await Services.GetRequiredService<ArthaService>().GetCardholderAsync(customerId);

        var picker = page.FindComponent<MudAutocomplete<CardholderOption>>();
        await page.InvokeAsync(() => picker.Instance.ValueChanged.InvokeAsync(customer));
        Assert.EndsWith($"cards/new?customerId={customerId}", Uri);
        await page.Find("#issue-step-customer").SubmitAsync();
        page.WaitForAssertion(() => Assert.NotNull(page.Find("#issue-step-product")));
        Assert.Contains("step=2", Uri);

        var product = page.FindComponent<MudSelect<string>>();
        await page.InvokeAsync(() => product.Instance.ValueChanged.InvokeAsync(CardTestData.VirtualProductId));
        page.WaitForAssertion(() => Assert.NotNull(page.Find("#issue-kyc-approved")), TimeSpan.FromSeconds(30));
        Assert.Contains($"productId={CardTestData.VirtualProductId}", Uri);
        await page.Find("#issue-step-product").SubmitAsync();

        page.WaitForAssertion(() => Assert.NotNull(page.Find("#issue-step-review")));
        Assert.Contains("step=3", Uri);
        Assert.Contains(customer.Label, page.Find("#issue-step-review").TextContent);
    }

    [Fact]
    public async Task A_refresh_on_the_review_step_comes_back_to_the_review_with_the_same_choices()
    {
        var customerId = await Portal.CreateCustomerAsync();
        await Portal.ApproveKycAsync(customerId, CardTestData.VirtualProductId);

        var page = Open($"cards/new?step=3&customerId={customerId}&productId={CardTestData.VirtualProductId}");

        page.WaitForAssertion(() => Assert.NotNull(page.Find("#issue-step-review")), TimeSpan.FromSeconds(30));
        Assert.Contains("Virtual", page.Find("#issue-step-review").TextContent);
        Assert.Contains("step=3", Uri);
    }

    [Fact]
    public async Task A_review_step_in_the_address_is_not_reached_before_KYC_is_approved()
    {
        var customerId = await Portal.CreateCustomerAsync();

        var page = Open($"cards/new?step=3&customerId={customerId}&productId={CardTestData.VirtualProductId}");

        page.WaitForAssertion(() => Assert.NotNull(page.Find("#issue-kyc-refused")), TimeSpan.FromSeconds(30));
        Assert.Empty(page.FindAll("#issue-step-review"));
        Assert.Contains("step=2", Uri);
        Assert.Contains("under review", page.Find("#issue-kyc-refused").TextContent);
        Assert.True(page.Find("#issue-next-2").HasAttribute("disabled"));
    }

    [Fact]
    public async Task A_physical_card_is_prefilled_with_the_customers_address_on_the_review_step()
    {
        var home = new Address { AddressLine1 = "10 Downing Street", City = "London", PostalCode = "SW1A 2AA", Country = "GB" };
        var customerId = await Portal.CreateCustomerAsync(address: home);
        await Portal.ApproveKycAsync(customerId, CardTestData.PhysicalProductId);

        var page = Open($"cards/new?step=3&customerId={customerId}&type=physical&productId={CardTestData.PhysicalProductId}");

        page.WaitForAssertion(() => Assert.Equal("10 Downing Street", page.Find("#issue-address-line1").GetAttribute("value")), TimeSpan.FromSeconds(30));
        Assert.Equal("London", page.Find("#issue-address-city").GetAttribute("value"));
        Assert.Equal("SW1A 2AA", page.Find("#issue-address-postal-code").GetAttribute("value"));
        Assert.Equal("GB", page.Find("#issue-address-country").GetAttribute("value"));
        Assert.Contains("customer's address", page.Find("#issue-address-note").TextContent);
    }

    [Fact]
    public async Task Issuing_from_the_review_step_opens_the_new_cards_page()
    {
        var customerId = await Portal.CreateCustomerAsync();
        await Portal.ApproveKycAsync(customerId, CardTestData.VirtualProductId);
        var page = Open($"cards/new?step=3&customerId={customerId}&productId={CardTestData.VirtualProductId}");
        page.WaitForAssertion(() => Assert.NotNull(page.Find("#issue-step-review")), TimeSpan.FromSeconds(30));

        await page.Find("#issue-step-review").SubmitAsync();

        page.WaitForAssertion(() => Assert.Matches(@"/cards/[^/?]+$", Uri), TimeSpan.FromSeconds(30));
        var cardId = System.Uri.UnescapeDataString(Uri.Split('/')[^1]);
        Assert.NotEqual("new", cardId);
        Assert.Equal(customerId, (await Services.GetRequiredService<ArthaService>().GetCardAsync(cardId)).CustomerId);
    }
}
