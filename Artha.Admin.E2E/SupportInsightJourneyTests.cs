using Artha.Admin.E2E.Infrastructure;
using Artha.Admin.Security;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Artha.Admin.E2E;

/// <summary>
/// Issue #15 journeys on the embedded sandbox: a purchase simulated with the card page's sandbox tools appears live on
/// the card's timeline in another browser, and a simulated decline on that timeline opens a transaction page that says
/// why it was declined and what to do next.
/// </summary>
public class SupportInsightJourneyTests(PortalServer portal) : IClassFixture<PortalServer>
{
    [Fact]
    public async Task A_simulated_purchase_appears_live_on_the_cards_timeline_and_a_simulated_decline_says_why()
    {
        // One seeded purchase brings the seed's funding top-up with it (25 per purchase + 100), so the card has money.
        var cardId = (await portal.SeedAsync(customers: 1, cardsPerCustomer: 1, transactionsPerCard: 1)).CardIds[0];
        var merchant = $"E2E Timeline Shop {Guid.NewGuid():N}"[..24];
        await using var watcher = await PortalSession.SignInAsync(portal, PortalRoles.Operations, "insight-timeline");
        await using var support = await PortalSession.SignInAsync(portal, PortalRoles.Support, "insight-sandbox-tools");

        await watcher.NavigateAsync($"cards/{cardId}?tab=timeline");
        await Expect(watcher.Page.Locator("#card-timeline .timeline-entry").First).ToBeVisibleAsync();
        await watcher.ScreenshotAsync("timeline-before");

        await support.NavigateAsync($"cards/{cardId}");
        await Expect(support.Page.Locator("#sandbox-tools-badge")).ToContainTextAsync("Sandbox only");
        await support.Page.Locator("#sandbox-amount").FillAsync("9.95");
        await support.Page.Locator("#sandbox-merchant").FillAsync(merchant);
        await support.Page.Locator("#sandbox-purchase").ClickAsync();
        await Expect(support.Page.Locator("#sandbox-result")).ToContainTextAsync("authorized");
        await support.ScreenshotAsync("purchase-simulated");

        // The other browser's timeline shows it without a reload.
        var purchase = watcher.Page.Locator("#card-timeline .timeline-entry", new() { HasText = merchant });
        await Expect(purchase).ToBeVisibleAsync();
        await watcher.AssertNoReloadAsync("a purchase simulated in another browser");
        await watcher.ScreenshotAsync("timeline-live-purchase");

        await support.Page.Locator("#sandbox-decline").ClickAsync();
        await Expect(support.Page.Locator("#sandbox-result")).ToContainTextAsync("declined");

        var declined = watcher.Page.Locator("#card-timeline .timeline-entry", new() { HasText = "declined: open it to see why" });
        await Expect(declined.First).ToBeVisibleAsync();
        await declined.First.Locator("a").ClickAsync();
        await Expect(watcher.Page.Locator("#decline-explanation")).ToBeVisibleAsync();
        // A seeded card has no limits: the simulated decline is a purchase above the available balance.
        await Expect(watcher.Page.Locator("#decline-control")).ToHaveTextAsync("Balance");
        await Expect(watcher.Page.Locator("#decline-next-step")).ToContainTextAsync("Top the card up");
        // (The live notification of the declined purchase is red on purpose; the circuit itself must not have failed.)
        await Expect(watcher.Page.Locator("#blazor-error-ui")).ToBeHiddenAsync();
        await watcher.ScreenshotAsync("why-declined");
    }
}
