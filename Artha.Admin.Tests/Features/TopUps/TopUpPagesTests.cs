using Artha.Admin.Features.TopUps;
using Artha.Admin.Data;
using Artha.Admin.Security;
using Artha.Admin.Services;
using Artha.Admin.Tests.Cards;
using Artha.Admin.Tests.Infrastructure;
using AngleSharp.Dom;
using Bunit;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Web;
using Microsoft.Extensions.DependencyInjection;

namespace Artha.Admin.Tests.Features.TopUps;

/// <summary>The /topups history page (URL filters, totals, export per role) and the top-up form's double-click guard.</summary>
public class TopUpPagesTests(PortalFactory portal) : PortalPageTestBase(portal), IClassFixture<PortalFactory>
{
    /// <summary>Each seeded card holds one approved funding top-up of 125.00 in the card's currency.</summary>
    private const decimal SeededFunding = 125m;

    private async Task<CardView> SeededCardAsync()
    {
        var (_, cardId) = await Portal.SeedActiveCardAsync();
        await using var scope = Portal.ScopeAs(PortalRoles.Support);
        return await scope.ServiceProvider.GetRequiredService<ArthaService>().GetCardAsync(cardId);
    }

    private static IElement Input<T>(IRenderedComponent<T> page, string id) where T : IComponent
    {
        var element = page.Find($"#{id}");
        return element.TagName == "INPUT" ? element : element.QuerySelector("input")!;
    }

    private static IReadOnlyList<IElement> Rows(IRenderedComponent<TopUpsPage> page) =>
        page.FindAll(".topup-grid tbody tr").Where(r => r.QuerySelector(".status-badge") is not null).ToList();

    [Theory]
    [InlineData(PortalRoles.Support, false)]
    [InlineData(PortalRoles.Operations, false)]
    [InlineData(PortalRoles.Finance, true)]
    [InlineData(PortalRoles.Admin, true)]
    public async Task Every_role_sees_a_cards_top_ups_and_only_finance_and_admin_get_the_export(string role, bool export)
    {
        var card = await SeededCardAsync();
        SignInAs(role);

        NavigateTo($"topups?cardId={card.Id}");
        var page = RenderWithProviders<TopUpsPage>();

        page.WaitForAssertion(() => Assert.Single(Rows(page)), TimeSpan.FromSeconds(30));
        var row = Rows(page)[0];
        Assert.Contains(new Artha.Admin.Services.Money(SeededFunding, card.Currency!).ToString(), row.TextContent);
        Assert.Contains("Seeded funding", row.TextContent);
        Assert.Equal("approved", row.QuerySelector(".status-badge")!.GetAttribute("data-status"));
        // The card filter is a picker: it shows the card's last four digits, the address keeps its id.
        page.WaitForAssertion(() => Assert.Equal($"•••• {card.Last4}", Input(page, "filter-card").GetAttribute("value")));
        Assert.Equal(export, page.FindAll("#export-topups").Count == 1);
        // The history page never offers a top-up itself: that starts from a card.
        Assert.Empty(page.FindAll("#topup-this-card"));
    }

    [Fact]
    public async Task The_totals_add_up_the_page_and_on_request_every_matching_top_up()
    {
        var card = await SeededCardAsync();
        await Portal.TopUpBehindThePortalAsync(card.Id, 10.50m, card.Currency!);
        SignInAs(PortalRoles.Finance);

        NavigateTo($"topups?cardId={card.Id}&min=10.5&max=10.5");
        var page = RenderWithProviders<TopUpsPage>();

        page.WaitForAssertion(() => Assert.Single(Rows(page)), TimeSpan.FromSeconds(30));
        Assert.Contains("on this page only", page.Find("#totals-scope").TextContent);
        await page.Find("#total-all").ClickAsync(new MouseEventArgs());
        page.WaitForAssertion(() => Assert.Contains("All 1 top-ups matching the filters.", page.Find("#totals-scope").TextContent),
            TimeSpan.FromSeconds(30));
        var line = Assert.Single(page.FindAll("#topup-totals .totals-table tbody tr"));
        Assert.Equal(card.Currency, line.GetAttribute("data-currency"));
        Assert.Contains(new Artha.Admin.Services.Money(10.50m, card.Currency!).ToString(), line.TextContent);
    }

    [Fact]
    public void A_filter_nothing_matches_shows_the_empty_text()
    {
        SignInAs(PortalRoles.Support);

        NavigateTo("topups?min=987654&max=987654");
        var page = RenderWithProviders<TopUpsPage>();

        page.WaitForAssertion(() => Assert.Contains("No top-ups match these filters.", page.Find(".topup-grid").TextContent),
            TimeSpan.FromSeconds(30));
        Assert.Empty(Rows(page));
        Assert.Equal("987654", Input(page, "filter-min").GetAttribute("value"));
    }

    [Fact]
    public async Task Applying_the_form_writes_the_filters_into_the_address_and_a_reversed_range_is_refused()
    {
        SignInAs(PortalRoles.Finance);
        NavigateTo("topups");
        var page = RenderWithProviders<TopUpsPage>();
        var navigation = Services.GetRequiredService<NavigationManager>();

        await Input(page, "filter-min").ChangeAsync("50");
        await Input(page, "filter-max").ChangeAsync("10");
        await page.Find("#topup-filters").SubmitAsync();
        Assert.Equal("The minimum amount is above the maximum.", page.Find("#topup-filters [role=alert]").TextContent.Trim());
        Assert.EndsWith("/topups", navigation.Uri);

        await Input(page, "filter-max").ChangeAsync("75");
        var customerPicker = page.FindComponents<MudBlazor.MudAutocomplete<FilterOption>>().Single(c => c.Instance.Label == "Customer");
        await page.InvokeAsync(() => customerPicker.Instance.ValueChanged.InvokeAsync(new FilterOption("customer-9", "Jane Doe")));
        await page.Find("#topup-filters").SubmitAsync();

        var query = Microsoft.AspNetCore.WebUtilities.QueryHelpers.ParseQuery(new Uri(navigation.Uri).Query);
        Assert.Equal(("50", "75", "customer-9"), (query["min"].ToString(), query["max"].ToString(), query["customerId"].ToString()));
        Assert.Empty(page.FindAll("#topup-filters [role=alert]"));
    }

    [Fact]
    public async Task A_from_date_after_the_to_date_is_refused_with_a_message_in_the_form_and_from_a_link()
    {
        SignInAs(PortalRoles.Support);
        NavigateTo("topups");
        var page = RenderWithProviders<TopUpsPage>();
        var navigation = Services.GetRequiredService<NavigationManager>();
        var pickers = page.FindComponents<MudBlazor.MudDatePicker>();

        await page.InvokeAsync(() => pickers[0].Instance.DateChanged.InvokeAsync(new DateTime(2026, 12, 5)));
        await page.InvokeAsync(() => pickers[1].Instance.DateChanged.InvokeAsync(new DateTime(2026, 12, 1)));
        await page.Find("#topup-filters").SubmitAsync();

        Assert.Equal(Artha.Admin.Features.TopUps.Rules.FilterRangeRule.ReversedDates, page.Find("#topup-filters [role=alert]").TextContent.Trim());
        Assert.EndsWith("/topups", navigation.Uri);

        // A link with the range reversed says so instead of showing an empty list.
        NavigateTo("topups?from=2026-12-05&to=2026-12-01");
        page.WaitForAssertion(() => Assert.Contains("The From date is after the To date", page.Find("#topup-filters-refused").TextContent));
        Assert.Empty(page.FindAll(".topup-grid"));
    }

    [Fact]
    public async Task Without_filters_an_empty_history_says_there_are_none_yet_not_that_nothing_matches()
    {
        var customer = await NewCustomerAsync();
        SignInAs(PortalRoles.Support);

        var grid = RenderWithProviders<TopUpHistoryGrid>(p => p.Add(g => g.CustomerId, customer.Id));

        grid.WaitForAssertion(() => Assert.Contains("This customer has no top-ups yet.", grid.Find(".topup-grid").TextContent), TimeSpan.FromSeconds(30));
        Assert.DoesNotContain("match these filters", grid.Find(".topup-grid").TextContent);
    }

    [Fact]
    public async Task The_card_picker_finds_a_card_by_its_last_four_digits()
    {
        var card = await SeededCardAsync();
        await using var scope = Portal.ScopeAs(PortalRoles.Support);
        var artha = scope.ServiceProvider.GetRequiredService<ArthaService>();

        var found = await artha.FindCardOptionsAsync(card.Last4, card.CustomerId);
        var customers = await artha.FindCustomerOptionsAsync((await artha.GetCardholderAsync(card.CustomerId!)).Name);

        var option = Assert.Single(found, o => o.Id == card.Id);
        Assert.StartsWith($"••{card.Last4}", option.Label);
        Assert.Contains(customers, c => c.Id == card.CustomerId);
    }

    [Fact]
    public async Task Clicking_confirm_twice_in_quick_succession_makes_exactly_one_top_up()
    {
        var card = await SeededCardAsync();
        var before = await Portal.SandboxTopUpCountAsync(card.Id);
        SignInAs(PortalRoles.Finance);
        var form = RenderWithProviders<TopUpForm>(p => p.Add(f => f.CardId, card.Id));
        form.WaitForAssertion(() => Assert.Single(form.FindAll("#topup-form")), TimeSpan.FromSeconds(30));
        await form.Find("#topup-amount").ChangeAsync("19.37");
        await form.Find("#topup-form").SubmitAsync();
        form.WaitForAssertion(() => Assert.Single(form.FindAll("#topup-confirm")));

        // Both clicks are dispatched in one turn of the renderer, so the second reaches the button while the first
        // one's call to Artha is still in flight (its continuation cannot run before this turn ends).
        Task first = Task.CompletedTask, second = Task.CompletedTask;
        var firstStillRunning = false;
        await form.InvokeAsync(() =>
        {
            first = form.Find("#topup-confirm").ClickAsync(new MouseEventArgs());
            firstStillRunning = !first.IsCompleted;
            second = form.Find("#topup-confirm").ClickAsync(new MouseEventArgs());
        });
        await Task.WhenAll(first, second);

        Assert.True(firstStillRunning, "The second click must land while the first top-up is still being sent.");

        form.WaitForAssertion(() => Assert.Single(form.FindAll("#topup-outcome")), TimeSpan.FromSeconds(30));
        Assert.Equal(before + 1, await Portal.SandboxTopUpCountAsync(card.Id));
        var intent = Assert.Single(await Portal.IntentsAsync(i => i.CardId == card.Id));
        Assert.Equal(19.37m, intent.Amount);
        Assert.Contains(intent.State, new[] { TopUpIntentState.Submitted, TopUpIntentState.Approved });
        Assert.Single(await Portal.LatestAuditAsync(50), a => a.Action == "topup.create" && a.TargetId == card.Id);
    }
}
