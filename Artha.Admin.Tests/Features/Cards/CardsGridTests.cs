using Artha.Admin.Features.Cards;
using Artha.Admin.Security;
using Artha.Admin.Services;
using Artha.Admin.Tests.Cards;
using Artha.Admin.Tests.Infrastructure;
using Bunit;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;

namespace Artha.Admin.Tests.Features.Cards;

/// <summary>The reusable cards grid (MudDataGrid through GridSource) as /cards and the customer page use it.</summary>
public class CardsGridTests(PortalFactory portal) : PortalPageTestBase(portal), IClassFixture<PortalFactory>
{
    [Fact]
    public async Task Embedded_for_a_customer_it_lists_only_that_customers_cards_as_masked_links()
    {
        var (customerId, cardId) = await Portal.SeedActiveCardAsync();
        await Portal.SeedActiveCardAsync();
        SignInAs(PortalRoles.Support);

        var grid = RenderWithProviders<CardsGrid>(p => p.Add(x => x.CustomerId, customerId));

        grid.WaitForAssertion(() => Assert.Single(grid.FindAll("a.card-number-link")), TimeSpan.FromSeconds(30));
        var link = grid.Find("a.card-number-link");
        Assert.EndsWith($"cards/{cardId}", link.GetAttribute("href"));
        Assert.Matches(@"^•••• •••• •••• \d{4}$", link.TextContent.Trim());
        Assert.Equal("active", grid.Find(".card-row-status .status-badge").GetAttribute("data-status"));
        Assert.Empty(grid.FindAll("#cards-customer-filter"));
    }

    [Fact]
    public async Task Filtered_by_a_customer_from_the_address_it_names_the_customer_in_the_filter_and_the_column()
    {
        var (customerId, cardId) = await Portal.SeedActiveCardAsync();
        var artha = SignInAs(PortalRoles.Support);
        var name = (await artha.GetCardholderAsync(customerId)).Name;
        Assert.NotEqual(customerId, name);

        var grid = RenderWithProviders<CardsGrid>(p => p.Add(x => x.Filter, new CardListFilter(CustomerId: customerId)));

        grid.WaitForAssertion(() => Assert.Single(grid.FindAll("a.card-number-link")), TimeSpan.FromSeconds(30));
        Assert.EndsWith($"cards/{cardId}", grid.Find("a.card-number-link").GetAttribute("href"));
        grid.WaitForAssertion(() => Assert.Equal(name, grid.Find("a.card-customer-link").TextContent.Trim()), TimeSpan.FromSeconds(30));
        Assert.Equal(customerId, grid.Find("a.card-customer-link").GetAttribute("title"));
        grid.WaitForAssertion(() => Assert.Contains(name, grid.Find("#cards-customer-filter").GetAttribute("value")));
    }

    [Fact]
    public async Task Choosing_a_customer_in_the_filter_reports_the_new_filter_to_the_host()
    {
        var (customerId, _) = await Portal.SeedActiveCardAsync();
        var artha = SignInAs(PortalRoles.Support);
        var customer = await artha.GetCardholderAsync(customerId);
        CardListFilter? reported = null;

        var grid = RenderWithProviders<CardsGrid>(p => p
            .Add(x => x.Filter, new CardListFilter())
            .Add(x => x.FilterChanged, (CardListFilter f) => reported = f));
        var picker = grid.FindComponent<MudAutocomplete<CardholderOption>>();
        await grid.InvokeAsync(() => picker.Instance.ValueChanged.InvokeAsync(customer));

        Assert.Equal(new CardListFilter(CustomerId: customerId), reported);
    }

    [Fact]
    public async Task On_the_cards_page_the_page_and_size_are_kept_in_the_address()
    {
        await Portal.SeedSandboxAsync(customers: 25, cardsPerCustomer: 1, transactionsPerCard: 0);
        SignInAs(PortalRoles.Support);
        NavigateTo("cards?page=2&size=10");

        var page = RenderWithProviders<CardsPage>();

        page.WaitForAssertion(() => Assert.Equal(10, page.FindAll("a.card-number-link").Count), TimeSpan.FromSeconds(30));
        var dataGrid = page.FindComponent<MudDataGrid<CardView>>();
        Assert.Equal(1, dataGrid.Instance.CurrentPage);
        Assert.Equal(10, dataGrid.Instance.RowsPerPage);
        await page.InvokeAsync(() => dataGrid.Instance.NavigateTo(Page.Next));
        page.WaitForAssertion(() =>
        {
            var query = Services.GetRequiredService<NavigationManager>().Uri.Split('?')[1].Split('&');
            Assert.Equal(["page=3", "size=10"], query.Order());
        }, TimeSpan.FromSeconds(30));
        Assert.Equal(2, dataGrid.Instance.CurrentPage);
    }

    [Fact]
    public async Task A_filter_from_the_address_reaches_Artha_and_choosing_another_writes_it_back()
    {
        SignInAs(PortalRoles.Support);
        NavigateTo("cards?status=frozen&page=3");

        var page = RenderWithProviders<CardsPage>();
        page.WaitForAssertion(() => Assert.NotEmpty(page.FindAll("a.card-number-link, .list-empty")), TimeSpan.FromSeconds(30));
        var grid = page.FindComponent<CardsGrid>();
        Assert.Equal("frozen", grid.Instance.Filter?.Status);
        var status = page.FindComponents<MudSelect<string>>().First();
        await page.InvokeAsync(() => status.Instance.ValueChanged.InvokeAsync("active"));

        // A new filter starts again at the first page.
        Assert.EndsWith("cards?status=active", Services.GetRequiredService<NavigationManager>().Uri);
    }
}
