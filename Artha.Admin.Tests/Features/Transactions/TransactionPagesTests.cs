using Artha.Admin.Features.Transactions;
using Artha.Admin.Security;
using Artha.Admin.Services;
using Artha.Admin.Tests.Cards;
using Artha.Admin.Tests.Infrastructure;
using Artha.Admin.Tests.Features.TopUps;
using AngleSharp.Dom;
using Bunit;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;

namespace Artha.Admin.Tests.Features.Transactions;

/// <summary>The /transactions list (URL filters, export per role) and a transaction's page, against the embedded sandbox.</summary>
public class TransactionPagesTests(PortalFactory portal) : PortalPageTestBase(portal), IClassFixture<PortalFactory>
{
    /// <summary>A fresh seeded card (one funding top-up) plus one purchase at a merchant no other card uses.</summary>
    private async Task<(string CustomerId, string CardId, string Merchant, TransactionView Purchase)> CardWithPurchaseAsync()
    {
        var (customerId, cardId) = await Portal.SeedActiveCardAsync();
        var merchant = $"Page Shop {Guid.NewGuid():N}"[..18];
        await using var scope = Portal.ScopeAs(PortalRoles.Support);
        var artha = scope.ServiceProvider.GetRequiredService<ArthaService>();
        var card = await artha.GetCardAsync(cardId);
        await Portal.PurchaseAsync(cardId, 7.25m, card.Currency!, merchant);
        var purchase = (await artha.ListCardTransactionsAsync(cardId, new TransactionFilter { Type = "purchase" }, 0, 5)).Items.Single();
        return (customerId, cardId, merchant, purchase);
    }

    private static IElement Input(IRenderedComponent<TransactionsPage> page, string id)
    {
        var element = page.Find($"#{id}");
        return element.TagName == "INPUT" ? element : element.QuerySelector("input")!;
    }

    private static IReadOnlyList<IElement> Rows(IRenderedComponent<TransactionsPage> page) =>
        page.FindAll(".transactions-grid tbody tr").Where(r => r.QuerySelector("a[href^='transactions/']") is not null).ToList();

    [Theory]
    [InlineData(PortalRoles.Support, false)]
    [InlineData(PortalRoles.Operations, false)]
    [InlineData(PortalRoles.Finance, true)]
    [InlineData(PortalRoles.Admin, true)]
    public async Task The_page_lists_transactions_for_every_role_and_offers_the_export_only_to_finance_and_admin(string role, bool export)
    {
        var (_, cardId, merchant, _) = await CardWithPurchaseAsync();
        SignInAs(role);

        NavigateTo($"transactions?cardId={cardId}");
        var page = RenderWithProviders<TransactionsPage>();

        page.WaitForAssertion(() => Assert.Equal(2, Rows(page).Count), TimeSpan.FromSeconds(30));
        Assert.Contains(Rows(page), r => r.TextContent.Contains(merchant));
        Assert.Contains(Rows(page), r => r.TextContent.Contains("top up"));
        Assert.Equal(export, page.FindAll("#export-transactions").Count == 1);
    }

    [Fact]
    public async Task Filters_in_the_address_narrow_the_list_and_fill_the_form()
    {
        var (_, cardId, merchant, purchase) = await CardWithPurchaseAsync();
        SignInAs(PortalRoles.Support);

        NavigateTo($"transactions?cardId={cardId}&type=purchase&merchant={Uri.EscapeDataString(merchant)}");
        var page = RenderWithProviders<TransactionsPage>();

        page.WaitForAssertion(() => Assert.Single(Rows(page)), TimeSpan.FromSeconds(30));
        var row = Rows(page)[0];
        Assert.Contains(merchant, row.TextContent);
        Assert.Contains(purchase.Money.ToString(), row.TextContent);
        Assert.Equal($"transactions/{purchase.Id}", row.QuerySelector("a[href^='transactions/']")!.GetAttribute("href"));
        // The card filter is a picker: it shows the card's last four digits, the address keeps its id.
        await using var scope = Portal.ScopeAs(PortalRoles.Support);
        var last4 = (await scope.ServiceProvider.GetRequiredService<ArthaService>().GetCardAsync(cardId)).Last4;
        page.WaitForAssertion(() => Assert.Equal($"•••• {last4}", Input(page, "filter-card").GetAttribute("value")));
        Assert.Equal(merchant, Input(page, "filter-merchant").GetAttribute("value"));
    }

    [Fact]
    public void A_filter_nothing_matches_shows_the_empty_text()
    {
        SignInAs(PortalRoles.Finance);

        NavigateTo("transactions?merchant=nobody-sells-this");
        var page = RenderWithProviders<TransactionsPage>();

        page.WaitForAssertion(() => Assert.Contains("No transactions match these filters.", page.Find(".transactions-grid").TextContent),
            TimeSpan.FromSeconds(30));
        Assert.Empty(Rows(page));
    }

    [Fact]
    public async Task Applying_the_form_writes_the_filters_into_the_address()
    {
        SignInAs(PortalRoles.Support);
        NavigateTo("transactions");
        var page = RenderWithProviders<TransactionsPage>();

        await Input(page, "filter-merchant").ChangeAsync("Corner Shop");
        var cardPicker = page.FindComponents<MudBlazor.MudAutocomplete<FilterOption>>().Single(c => c.Instance.Label == "Card");
        await page.InvokeAsync(() => cardPicker.Instance.ValueChanged.InvokeAsync(new FilterOption("card-123", "•••• 4242")));
        await page.Find("#transaction-filters").SubmitAsync();

        var uri = new Uri(Services.GetRequiredService<NavigationManager>().Uri);
        Assert.Equal("/transactions", uri.AbsolutePath);
        var query = Microsoft.AspNetCore.WebUtilities.QueryHelpers.ParseQuery(uri.Query);
        Assert.Equal("Corner Shop", query["merchant"].ToString());
        Assert.Equal("card-123", query["cardId"].ToString());
        Assert.False(query.ContainsKey("type"));
    }

    [Fact]
    public async Task A_minimum_above_the_maximum_is_explained_and_the_address_is_left_alone()
    {
        SignInAs(PortalRoles.Support);
        NavigateTo("transactions");
        var page = RenderWithProviders<TransactionsPage>();
        var before = Services.GetRequiredService<NavigationManager>().Uri;

        await Input(page, "filter-min").ChangeAsync("50");
        await Input(page, "filter-max").ChangeAsync("10");
        await page.Find("#transaction-filters").SubmitAsync();

        Assert.Equal("The minimum amount is above the maximum.", page.Find("#transaction-filters [role=alert]").TextContent.Trim());
        Assert.Equal(before, Services.GetRequiredService<NavigationManager>().Uri);
    }

    [Fact]
    public async Task A_from_date_after_the_to_date_is_refused_with_a_message_and_the_address_is_left_alone()
    {
        SignInAs(PortalRoles.Support);
        NavigateTo("transactions");
        var page = RenderWithProviders<TransactionsPage>();
        var before = Services.GetRequiredService<NavigationManager>().Uri;
        var pickers = page.FindComponents<MudBlazor.MudDatePicker>();

        await page.InvokeAsync(() => pickers[0].Instance.DateChanged.InvokeAsync(new DateTime(2026, 12, 5)));
        await page.InvokeAsync(() => pickers[1].Instance.DateChanged.InvokeAsync(new DateTime(2026, 12, 1)));
        await page.Find("#transaction-filters").SubmitAsync();

        Assert.Equal(Artha.Admin.Features.TopUps.Rules.FilterRangeRule.ReversedDates, page.Find("#transaction-filters [role=alert]").TextContent.Trim());
        Assert.Equal(before, Services.GetRequiredService<NavigationManager>().Uri);

        NavigateTo("transactions?from=2026-12-05&to=2026-12-01");
        page.WaitForAssertion(() => Assert.Contains("The From date is after the To date", page.Find("#transaction-filters-refused").TextContent));
        Assert.Empty(page.FindAll(".transactions-grid"));
    }

    [Fact]
    public async Task Match_these_filters_is_said_only_when_filters_are_set()
    {
        var customer = await NewCustomerAsync();
        SignInAs(PortalRoles.Support);

        var embedded = RenderWithProviders<TransactionsGrid>(p => p.Add(g => g.CustomerId, customer.Id));
        NavigateTo($"transactions?customerId={customer.Id}");
        var filtered = RenderWithProviders<TransactionsPage>();

        embedded.WaitForAssertion(() => Assert.Contains("This customer has no transactions yet.", embedded.Find(".transactions-grid").TextContent), TimeSpan.FromSeconds(30));
        filtered.WaitForAssertion(() => Assert.Contains("No transactions match these filters.", filtered.Find(".transactions-grid").TextContent), TimeSpan.FromSeconds(30));
        Assert.DoesNotContain("match these filters", embedded.Find(".transactions-grid").TextContent);
    }

    [Theory]
    [InlineData(PortalRoles.Support)]
    [InlineData(PortalRoles.Operations)]
    [InlineData(PortalRoles.Finance)]
    [InlineData(PortalRoles.Admin)]
    public async Task Every_role_opens_a_transaction_with_its_amount_merchant_card_and_customer(string role)
    {
        var (customerId, cardId, merchant, purchase) = await CardWithPurchaseAsync();
        SignInAs(role);

        var page = RenderWithProviders<TransactionDetailPage>(p => p.Add(x => x.TransactionId, purchase.Id));

        page.WaitForAssertion(() => Assert.Single(page.FindAll("#transaction-detail")), TimeSpan.FromSeconds(30));
        Assert.Equal($"purchase of {purchase.Money}", page.Find("h1").TextContent.Trim());
        var detail = page.Find("#transaction-detail").TextContent;
        Assert.Contains(purchase.Id, detail);
        Assert.Contains(merchant, detail);
        Assert.Equal("authorized", page.Find("#transaction-detail .status-badge").GetAttribute("data-status"));
        Assert.EndsWith($"cards/{cardId}", page.Find("#transaction-card").GetAttribute("href"));
        Assert.EndsWith($"customers/{customerId}", page.Find("#transaction-customer").GetAttribute("href"));
        // A read-only page: no role gets a control on it.
        Assert.Empty(page.FindAll("#transaction-detail button"));
    }

    [Fact]
    public void An_unknown_transaction_explains_that_artha_has_none()
    {
        SignInAs(PortalRoles.Support);

        var page = RenderWithProviders<TransactionDetailPage>(p => p.Add(x => x.TransactionId, "no-such-transaction"));

        page.WaitForAssertion(() => Assert.Contains("Artha has no transaction no-such-transaction", page.Find("#transaction-error").TextContent),
            TimeSpan.FromSeconds(30));
        Assert.Empty(page.FindAll("#transaction-detail"));
    }

    [Fact]
    public async Task A_declined_purchase_says_on_its_page_which_control_stopped_it_and_what_to_do_and_a_settled_one_does_not()
    {
        var (_, cardId, merchant, purchase) = await CardWithPurchaseAsync();
        string declinedId;
        string currency;
        await using (var operations = Portal.ScopeAs(PortalRoles.Operations))
        {
            var artha = operations.ServiceProvider.GetRequiredService<ArthaService>();
            currency = (await artha.GetCardAsync(cardId)).Currency!;
            await artha.UpdateCardLimitsAsync(cardId, new CardLimitsUpdate { PerTransactionLimit = LimitChange.Set(5m), Reason = "Decline explanation test" });
            await Portal.PurchaseAsync(cardId, 6m, currency, merchant);
            declinedId = (await artha.ListCardTransactionsAsync(cardId, new TransactionFilter { Status = "declined", Merchant = merchant }, 0, 5)).Items.Single().Id;
        }
        SignInAs(PortalRoles.Support);

        var page = RenderWithProviders<TransactionDetailPage>(p => p.Add(x => x.TransactionId, declinedId));

        page.WaitForAssertion(() => Assert.Equal("Per-transaction limit", page.Find("#decline-control").TextContent), TimeSpan.FromSeconds(30));
        Assert.Equal(new Money(5m, currency).ToString(), page.Find("#decline-limit").TextContent);
        Assert.Contains(new Money(6m, currency).ToString(), page.Find("#decline-reason").TextContent);
        Assert.Contains("smaller amount", page.Find("#decline-next-step").TextContent);
        Assert.Equal("per_transaction_limit_exceeded", page.Find("#decline-code").TextContent);

        var settled = RenderWithProviders<TransactionDetailPage>(p => p.Add(x => x.TransactionId, purchase.Id));
        settled.WaitForAssertion(() => Assert.Single(settled.FindAll("#transaction-detail")), TimeSpan.FromSeconds(30));
        Assert.Empty(settled.FindAll("#decline-explanation"));
    }
}
