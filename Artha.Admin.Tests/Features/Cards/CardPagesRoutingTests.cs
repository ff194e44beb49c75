using System.Net;
using Artha.Admin.Tests.Cards;
using Artha.Admin.Tests.Infrastructure;

namespace Artha.Admin.Tests.Features.Cards;

/// <summary>The card routes through the real host: sign-in, authorization policies and server prerendering.</summary>
public class CardPagesRoutingTests(PortalFactory portal) : IClassFixture<PortalFactory>
{
    [Fact]
    public async Task The_card_page_prerenders_the_masked_number_for_a_signed_in_operator()
    {
        var (_, cardId) = await portal.SeedActiveCardAsync();
        using var browser = await portal.SignInAsync("operations@artha.local", "Operations!Dev2026");

        var html = await browser.GetStringAsync($"/cards/{cardId}");

        var text = System.Net.WebUtility.HtmlDecode(html);
        Assert.Matches(@"•••• •••• •••• \d{4}", text);
        Assert.Matches($"<code[^>]*>{cardId}</code>", text);
    }

    [Fact]
    public async Task The_cards_list_keeps_its_filters_from_the_address()
    {
        using var browser = await portal.SignInAsync("support@artha.local", "Support!Dev2026");

        var response = await browser.GetAsync("/cards?status=frozen&type=virtual");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("cards-grid", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Finance_cannot_open_the_issue_wizard()
    {
        using var browser = await portal.SignInAsync("finance@artha.local", "Finance!Dev2026");

        var response = await browser.GetAsync("/cards/issue");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Contains("AccessDenied", response.Headers.Location?.ToString());
    }

    [Fact]
    public async Task Support_opens_the_issue_wizard_prefilled_with_the_customer()
    {
        var (customerId, _) = await portal.SeedActiveCardAsync();
        using var browser = await portal.SignInAsync("support@artha.local", "Support!Dev2026");

        var html = await browser.GetStringAsync($"/cards/issue?customerId={customerId}");

        Assert.Contains("Issue a card", html);
        Assert.Contains("@seed.sandbox.test", html);
    }

    [Fact]
    public async Task Cards_new_opens_the_issue_wizard_not_a_card_called_new()
    {
        using var browser = await portal.SignInAsync("support@artha.local", "Support!Dev2026");

        var html = System.Net.WebUtility.HtmlDecode(await browser.GetStringAsync("/cards/new"));

        Assert.Contains("Issue a card", html);
        Assert.Contains("issue-step-customer", html);
        Assert.DoesNotContain("was not found", html);
    }

    [Fact]
    public async Task Finance_cannot_open_the_issue_wizard_at_cards_new_either()
    {
        using var browser = await portal.SignInAsync("finance@artha.local", "Finance!Dev2026");

        var response = await browser.GetAsync("/cards/new");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Contains("AccessDenied", response.Headers.Location?.ToString());
    }
}
