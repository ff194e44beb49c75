using Artha.Admin.Features.TopUps;
using Artha.Admin.Features.Transactions;
using Artha.Admin.Components.UI;
using Artha.Admin.LiveStatus;
using Artha.Admin.Security;
using Artha.Admin.Services;
using Artha.Admin.Tests.Infrastructure;
using Bunit;
using Microsoft.Extensions.DependencyInjection;

namespace Artha.Admin.Tests.Features.TopUps;

/// <summary>Per-role rendering of the money components, against a real ArthaService from the hosted portal.</summary>
public class MoneyComponentTests(PortalFactory portal) : PortalPageTestBase(portal), IClassFixture<PortalFactory>
{
    [Theory]
    [InlineData(PortalRoles.Support, false)]
    [InlineData(PortalRoles.Operations, false)]
    [InlineData(PortalRoles.Finance, true)]
    [InlineData(PortalRoles.Admin, true)]
    public void Only_roles_that_move_money_see_the_top_up_export(string role, bool visible)
    {
        SignInAs(role);

        var grid = RenderWithProviders<TopUpHistoryGrid>();

        grid.WaitForAssertion(() => Assert.NotEmpty(grid.FindAll(".topup-grid")));
        grid.WaitForAssertion(() => Assert.Equal(visible, grid.FindAll("#export-topups").Count == 1));
    }

    [Theory]
    [InlineData(PortalRoles.Support, false)]
    [InlineData(PortalRoles.Operations, false)]
    [InlineData(PortalRoles.Finance, true)]
    [InlineData(PortalRoles.Admin, true)]
    public void Only_roles_that_move_money_see_the_transaction_export(string role, bool visible)
    {
        SignInAs(role);

        var grid = RenderWithProviders<TransactionsGrid>();

        grid.WaitForAssertion(() => Assert.NotEmpty(grid.FindAll(".transactions-grid")));
        grid.WaitForAssertion(() => Assert.Equal(visible, grid.FindAll("#export-transactions").Count == 1));
    }

    [Fact]
    public async Task Transaction_rows_link_the_card_by_its_last_four_digits_and_the_customer_by_name()
    {
        var (customerId, cardId) = await Artha.Admin.Tests.Cards.CardTestData.SeedActiveCardAsync(Portal);
        SignInAs(PortalRoles.Support);
        var artha = Services.GetRequiredService<ArthaService>();
        var card = await artha.GetCardAsync(cardId);
        var name = (await artha.GetCardholderAsync(customerId)).Name;

        var grid = RenderWithProviders<TransactionsGrid>(p => p.Add(g => g.Filter, new TransactionFilter { CardId = cardId }));

        grid.WaitForAssertion(() =>
        {
            Assert.Equal($"•••• {card.Last4}", grid.Find("a.transaction-card-link").TextContent.Trim());
            Assert.Equal(name, grid.Find("a.transaction-customer-link").TextContent.Trim());
        }, TimeSpan.FromSeconds(30));
        Assert.Equal(cardId, grid.Find("a.transaction-card-link").GetAttribute("title"));
        Assert.EndsWith($"cards/{cardId}", grid.Find("a.transaction-card-link").GetAttribute("href"));
        Assert.Equal(customerId, grid.Find("a.transaction-customer-link").GetAttribute("title"));
    }

    [Fact]
    public async Task The_confirmation_shows_the_amount_card_and_merchant_impact_before_anything_is_sent()
    {
        var card = await Portal.ActiveCardAsync();
        var before = await Portal.SandboxTopUpCountAsync(card.Id);
        SignInAs(PortalRoles.Finance);
        var form = RenderWithProviders<TopUpForm>(p => p.Add(f => f.CardId, card.Id));
        form.WaitForAssertion(() => Assert.Single(form.FindAll("#topup-form")));

        form.Find("#topup-amount").Change("25");
        form.Find("#topup-form").Submit();

        form.WaitForAssertion(() => Assert.Single(form.FindAll("#topup-confirmation")));
        var amount = new Artha.Admin.Services.Money(25m, card.Currency!).ToString();
        Assert.Contains(amount, form.Find("#confirm-amount").TextContent);
        Assert.Contains("••" + card.CardNumberMasked![^4..], form.Find("#confirm-card").TextContent);
        Assert.Contains(card.Id, form.Find("#confirm-card").TextContent);
        Assert.Equal($"−{amount} from the merchant balance", form.Find("#confirm-impact").TextContent.Trim());
        Assert.Contains(amount, form.Find("#topup-confirm").TextContent);
        Assert.Equal(before, await Portal.SandboxTopUpCountAsync(card.Id));
    }
}
