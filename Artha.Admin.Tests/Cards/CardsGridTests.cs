using MudBlazor.Services;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Artha.Admin.Components.Pages.Cards;
using Artha.Admin.Components.UI;
using Artha.Admin.LiveStatus;
using Artha.Admin.Security;
using Artha.Admin.Services;
using Artha.Admin.Tests.Infrastructure;
using Bunit;
using Microsoft.Extensions.DependencyInjection;
using Radzen;

namespace Artha.Admin.Tests.Cards;

/// <summary>The reusable cards grid as the customer page embeds it.</summary>
public class CardsGridTests : BunitContext, IClassFixture<PortalFactory>, IAsyncLifetime
{
    private readonly PortalFactory portal;
    private readonly AsyncServiceScope scope;

    public CardsGridTests(PortalFactory portal)
    {
        this.portal = portal;
        scope = portal.ScopeAs(PortalRoles.Support);
        Services.AddRadzenComponents();
        Services.AddMudServices();
        Services.TryAddSingleton(TimeProvider.System);
        Services.AddSingleton(scope.ServiceProvider.GetRequiredService<ArthaService>());
        Services.AddSingleton(portal.Services.GetRequiredService<IStatusEventStream>());
        Services.AddScoped<PortalNotifier>();
        JSInterop.Mode = JSRuntimeMode.Loose;
    }

    Task IAsyncLifetime.InitializeAsync() => Task.CompletedTask;

    async Task IAsyncLifetime.DisposeAsync() => await scope.DisposeAsync();

    [Fact]
    public async Task Embedded_for_a_customer_it_lists_only_that_customers_cards_as_masked_links()
    {
        var (customerId, cardId) = await portal.SeedActiveCardAsync();
        await portal.SeedActiveCardAsync();

        var grid = Render<CardsGrid>(p => p.Add(x => x.CustomerId, customerId));

        grid.WaitForAssertion(() => Assert.Single(grid.FindAll("a.card-number-link")), TimeSpan.FromSeconds(10));
        var link = grid.Find("a.card-number-link");
        Assert.EndsWith($"cards/{cardId}", link.GetAttribute("href"));
        Assert.Matches(@"^•••• •••• •••• \d{4}$", link.TextContent.Trim());
        Assert.Empty(grid.FindAll("#cards-customer-filter"));
    }

    [Fact]
    public async Task Filtered_by_a_customer_from_the_address_it_names_the_customer_in_the_filter_and_the_column()
    {
        var (customerId, cardId) = await portal.SeedActiveCardAsync();
        var name = (await scope.ServiceProvider.GetRequiredService<ArthaService>().GetCardholderAsync(customerId)).Name;
        Assert.NotEqual(customerId, name);

        var grid = Render<CardsGrid>(p => p.Add(x => x.Filter, new CardListFilter(CustomerId: customerId)));

        grid.WaitForAssertion(() => Assert.Single(grid.FindAll("a.card-number-link")), TimeSpan.FromSeconds(10));
        Assert.EndsWith($"cards/{cardId}", grid.Find("a.card-number-link").GetAttribute("href"));
        grid.WaitForAssertion(() => Assert.Equal(name, grid.Find("a.card-customer-link").TextContent.Trim()), TimeSpan.FromSeconds(10));
        Assert.Equal(customerId, grid.Find("a.card-customer-link").GetAttribute("title"));
        Assert.Contains(name, grid.Find("#cards-customer-filter").TextContent);
    }

    [Fact]
    public async Task Choosing_a_customer_in_the_filter_reports_the_new_filter_to_the_host()
    {
        var (customerId, _) = await portal.SeedActiveCardAsync();
        CardListFilter? reported = null;

        var grid = Render<CardsGrid>(p => p
            .Add(x => x.Filter, new CardListFilter())
            .Add(x => x.FilterChanged, (CardListFilter f) => reported = f));
        var dropDown = grid.FindComponents<Radzen.Blazor.RadzenDropDown<string>>().Single(d => d.Instance.Name == "cards-customer-filter");
        await grid.InvokeAsync(() => dropDown.Instance.ValueChanged.InvokeAsync(customerId));

        Assert.Equal(new CardListFilter(CustomerId: customerId), reported);
    }
}
