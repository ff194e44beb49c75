using Artha.Admin.E2E.Infrastructure;
using Artha.Admin.Security;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Artha.Admin.E2E;

/// <summary>
/// Issue #5 journeys 2, 4 and 5: Operations controls a card, Support cannot, and a card page open for one user follows
/// another user's change live (issue #6). Each test starts from its own active virtual GBP card (sandbox seed).
/// </summary>
public class CardControlJourneyTests(PortalServer portal) : IClassFixture<PortalServer>
{
    [Fact]
    public async Task Operations_freezes_unfreezes_and_cancels_a_card_with_typed_confirmation_and_sees_each_status()
    {
        var (_, cardId) = await portal.SeedActiveCardAsync();
        await using var operations = await PortalSession.SignInAsync(portal, PortalRoles.Operations, "card-operations");
        var page = operations.Page;
        var status = operations.Badge("#card-status");

        await operations.NavigateAsync($"cards/{cardId}");
        await Expect(status).ToHaveAttributeAsync("data-status", "active");
        await operations.ScreenshotAsync("card-active");

        // Freeze: a confirmation dialog first, with the reason kept in the audit trail.
        await page.Locator("#op-freeze").ClickAsync();
        await Expect(page.Locator("#confirm-dialog-title")).ToHaveTextAsync(new System.Text.RegularExpressions.Regex(@"^Freeze card ••\d{4}\?$"));
        await operations.ScreenshotAsync("freeze-confirmation");
        await operations.ConfirmDialogAsync(reason: "Customer reported suspicious purchases");
        await Expect(status).ToHaveAttributeAsync("data-status", "frozen");
        await Expect(page.Locator("#op-outcome")).ToBeVisibleAsync();
        await Expect(page.Locator("#op-freeze")).ToHaveCountAsync(0);
        await operations.ScreenshotAsync("card-frozen");

        await page.Locator("#op-unfreeze").ClickAsync();
        await operations.ConfirmDialogAsync(reason: "Customer confirmed the purchases");
        await Expect(status).ToHaveAttributeAsync("data-status", "active");
        await Expect(page.Locator("#op-unfreeze")).ToHaveCountAsync(0);
        await Expect(page.Locator("#op-freeze")).ToBeVisibleAsync();
        await operations.ScreenshotAsync("card-unfrozen");

        // Cancel: stays disabled until a reason and the typed confirmation (the last 4 digits) are given.
        var last4 = (await page.Locator("#card-masked-number").InnerTextAsync()).Trim()[^4..];
        await page.Locator("#op-cancel").ClickAsync();
        await Expect(page.Locator("#confirm-dialog")).ToBeVisibleAsync();
        var submit = page.Locator("#confirm-ok");
        await Expect(submit).ToBeDisabledAsync();
        await page.Locator("#confirm-reason").FillAsync("Customer reported the card stolen");
        await page.Locator("#confirm-typed").FillAsync(last4 == "0000" ? "1111" : "0000");
        await Expect(submit).ToBeDisabledAsync();
        await operations.ScreenshotAsync("cancel-wrong-confirmation");
        await page.Locator("#confirm-typed").FillAsync(last4);
        await Expect(submit).ToBeEnabledAsync();
        await operations.ScreenshotAsync("cancel-confirmed");
        await submit.ClickAsync();
        // Cancelling is a step-up action: the password again (issue 13).
        await operations.StepUpAsync();

        await Expect(status).ToHaveAttributeAsync("data-status", "cancelled");
        await Expect(page.Locator("#op-cancel")).ToHaveCountAsync(0);
        await Expect(page.Locator("#op-freeze")).ToHaveCountAsync(0);
        await operations.AssertNoReloadAsync("freeze, unfreeze and cancel");
        await operations.ScreenshotAsync("card-cancelled");

        var card = await portal.Artha().Cards.GetAsync(cardId, CancellationToken.None);
        Assert.Equal("cancelled", card.Status.Value);
    }

    [Fact]
    public async Task Support_sees_no_freeze_cancel_reveal_or_top_up_controls_and_crafted_addresses_are_denied()
    {
        var (_, cardId) = await portal.SeedActiveCardAsync();
        await using var support = await PortalSession.SignInAsync(portal, PortalRoles.Support, "support-limits");
        var page = support.Page;

        await support.NavigateAsync($"cards/{cardId}");
        await Expect(support.Badge("#card-status")).ToHaveAttributeAsync("data-status", "active");
        // What Support may do is there (so the operations bar has rendered) ...
        await Expect(page.Locator("#op-pin")).ToBeVisibleAsync();
        await Expect(page.Locator("#limits-view")).ToBeVisibleAsync();
        await page.GetByRole(AriaRole.Tab, new() { Name = "Top-ups", Exact = true }).ClickAsync();
        await Expect(page.Locator(".topup-grid")).ToBeVisibleAsync();
        await support.ScreenshotAsync("card-page-as-support");
        // ... and what it may not is absent, not merely disabled.
        foreach (var control in new[] { "#op-freeze", "#op-unfreeze", "#op-cancel", "#op-replace", "#op-reveal", "#topup-this-card", "#export-topups", "#limits-form" })
        {
            await Expect(page.Locator(control)).ToHaveCountAsync(0);
        }
        await Expect(page.Locator(".portal-nav a[href='users']")).ToHaveCountAsync(0);

        // A crafted address, typed into the browser: the server refuses the page.
        await support.LoadAsync($"/topups/new?cardId={Uri.EscapeDataString(cardId)}", interactive: false);
        await Expect(page.Locator("h1")).ToHaveTextAsync("Access denied");
        await Expect(page.Locator("#topup-amount")).ToHaveCountAsync(0);
        await support.ScreenshotAsync("topup-url-denied");

        await support.LoadAsync("/users", interactive: false);
        await Expect(page.Locator("h1")).ToHaveTextAsync("Access denied");
        await support.ScreenshotAsync("users-url-denied");

        // The same addresses reached inside the running app (client-side navigation) are refused too.
        await support.LoadAsync("/");
        await Expect(page.Locator("h1")).ToHaveTextAsync("Dashboard");
        await support.ScreenshotAsync("dashboard-reloaded");
        await support.NavigateAsync($"topups/new?cardId={Uri.EscapeDataString(cardId)}");
        await Expect(page.Locator("#access-denied")).ToBeVisibleAsync();
        await Expect(page.Locator("#topup-amount")).ToHaveCountAsync(0);
        await support.ScreenshotAsync("topup-in-app-denied");
        await support.NavigateAsync("users");
        await Expect(page.Locator("#access-denied")).ToBeVisibleAsync();
        await support.ScreenshotAsync("users-in-app-denied");
    }

    [Fact]
    public async Task A_card_page_open_for_Support_turns_frozen_live_when_Operations_freezes_the_card()
    {
        var (_, cardId) = await portal.SeedActiveCardAsync();
        await using var support = await PortalSession.SignInAsync(portal, PortalRoles.Support, "live-across-users");
        await using var operations = await PortalSession.SignInAsync(portal, PortalRoles.Operations, "live-across-users-operations");

        await support.NavigateAsync($"cards/{cardId}");
        var supportStatus = support.Badge("#card-status");
        await Expect(supportStatus).ToHaveAttributeAsync("data-status", "active");
        await support.Page.EvaluateAsync("() => { window.__watchingSince = Date.now(); }");
        await support.ScreenshotAsync("support-sees-active");

        await operations.NavigateAsync($"cards/{cardId}");
        await Expect(operations.Badge("#card-status")).ToHaveAttributeAsync("data-status", "active");
        await operations.ScreenshotAsync("operations-card-page");
        await operations.Page.Locator("#op-freeze").ClickAsync();
        await operations.ConfirmDialogAsync(reason: "Suspected fraud");
        await Expect(operations.Badge("#card-status")).ToHaveAttributeAsync("data-status", "frozen");
        await operations.ScreenshotAsync("operations-froze");

        await Expect(supportStatus).ToHaveAttributeAsync("data-status", "frozen");
        await support.AssertNoReloadAsync("another user's freeze");
        Assert.True(await support.Page.EvaluateAsync<bool>("() => typeof window.__watchingSince === 'number'"), "The Support page was reloaded.");
        await support.ScreenshotAsync("support-sees-frozen-live");
    }

    [Fact]
    public async Task At_390_px_the_card_pages_limits_and_transactions_scroll_sideways_instead_of_being_cut_off()
    {
        var (_, cardId) = await portal.SeedActiveCardAsync();
        await using var operations = await PortalSession.SignInAsync(portal, PortalRoles.Operations, "card-390px");
        var page = operations.Page;
        await page.SetViewportSizeAsync(390, 844);

        await operations.NavigateAsync($"cards/{cardId}");
        await Expect(page.Locator("#limits-form")).ToBeVisibleAsync();
        await AssertScrollsInsideTheScreenAsync(page, "#card-limits .table-scroll");
        await operations.ScreenshotAsync("limits-390px");

        // The tab header may re-render while the card's balance and limits arrive (a click then lands on a header that
        // is being replaced): click until the address says the tab opened.
        var transactionsTab = page.GetByRole(AriaRole.Tab, new() { Name = "Transactions", Exact = true });
        for (var attempt = 1; ; attempt++)
        {
            await transactionsTab.ClickAsync();
            try
            {
                await page.WaitForURLAsync(url => url.Contains("tab=transactions", StringComparison.Ordinal), new() { Timeout = 5_000 });
                break;
            }
            catch (System.TimeoutException) when (attempt < 3)
            {
            }
        }
        await Expect(page.Locator("#card-transactions table").First).ToBeVisibleAsync();
        await Expect(page.Locator("#card-transactions .mud-table-loading-progress")).ToHaveCountAsync(0);
        await Expect(page.Locator("#card-transactions tbody tr").First).ToBeVisibleAsync();
        // Measured in one step in the page, so a re-render of the grid cannot detach what is being measured: the grid ends
        // inside the screen, and its last column can be scrolled into view (it is not clipped away).
        var boxes = await page.EvaluateAsync<double[]>("""
            () => {
                const grid = document.querySelector('#card-transactions').getBoundingClientRect();
                const headers = [...document.querySelectorAll('#card-transactions thead th')].filter(th => th.offsetParent !== null);
                const last = headers[headers.length - 1];
                last.scrollIntoView({ block: 'nearest', inline: 'end' });
                const column = last.getBoundingClientRect();
                return [grid.left, grid.right, column.left, column.right];
            }
            """);
        Assert.True(boxes[0] >= 0 && boxes[1] <= 391, $"#card-transactions spans {boxes[0]}..{boxes[1]} px on a 390 px screen.");
        Assert.True(boxes[2] >= 0 && boxes[3] <= 391, $"The last transactions column spans {boxes[2]}..{boxes[3]} px: it is cut off.");
        await operations.ScreenshotAsync("transactions-390px");
    }

    /// <summary>The element ends inside the 390 px screen, and what is wider than it is reached by scrolling it sideways.</summary>
    private static async Task AssertScrollsInsideTheScreenAsync(IPage page, string selector)
    {
        var box = await page.Locator(selector).First.EvaluateAsync<double[]>(
            "e => { const r = e.getBoundingClientRect(); e.scrollLeft = 10000; return [r.left, r.right, window.innerWidth, e.scrollWidth, e.clientWidth, e.scrollLeft]; }");
        var (left, right, screen, scrollWidth, clientWidth, scrolled) = (box[0], box[1], box[2], box[3], box[4], box[5]);
        Assert.True(left >= 0 && right <= screen + 1, $"{selector} spans {left}..{right} px on a {screen} px screen: it is cut off.");
        Assert.True(scrollWidth > clientWidth, $"{selector} is {scrollWidth} px wide in {clientWidth} px: expected its table to need a sideways scroll at 390 px.");
        Assert.True(scrolled > 0, $"{selector} did not scroll sideways.");
    }
}
