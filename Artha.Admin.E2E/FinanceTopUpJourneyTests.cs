using System.Text;
using Artha.Admin.E2E.Infrastructure;
using Artha.Admin.Security;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Artha.Admin.E2E;

/// <summary>Issue #5 journey 3: Finance tops up an active card, follows it to approved and exports the history.</summary>
public class FinanceTopUpJourneyTests(PortalServer portal) : IClassFixture<PortalServer>
{
    [Fact]
    public async Task Finance_tops_up_an_active_card_after_confirming_sees_it_pending_then_approved_and_downloads_the_csv()
    {
        var (_, cardId) = await portal.SeedActiveCardAsync();
        await using var finance = await PortalSession.SignInAsync(portal, PortalRoles.Finance, "finance-topup");
        var page = finance.Page;

        // From the card page: Finance has the top-up control but none of the card controls.
        await finance.NavigateAsync($"cards/{cardId}");
        await Expect(finance.Badge("#card-status")).ToHaveAttributeAsync("data-status", "active");
        await Expect(page.Locator("#balance-available")).ToHaveTextAsync("£0.00");
        await Expect(page.Locator("#op-freeze")).ToHaveCountAsync(0);
        await page.GetByRole(AriaRole.Tab, new() { Name = "Top-ups", Exact = true }).ClickAsync();
        await Expect(page.Locator("#topup-this-card")).ToBeVisibleAsync();
        await finance.ScreenshotAsync("card-page");
        await page.Locator("#topup-this-card").ClickAsync();

        // Amount, then a confirmation step showing amount, card and merchant balance impact.
        await page.WaitForUrlAsync(url => url.Contains("/topups/new?cardId=", StringComparison.Ordinal));
        await Expect(page.Locator("h1")).ToHaveTextAsync("Top up a card");
        await Expect(page.Locator("#topup-currency")).ToContainTextAsync("GBP");
        await finance.TypeAsync("#topup-amount", "42.50");
        await finance.ScreenshotAsync("amount-entered");
        await page.Locator("#topup-review").ClickAsync();
        await Expect(page.Locator("#topup-confirmation")).ToBeVisibleAsync();
        await Expect(page.Locator("#confirm-amount")).ToHaveTextAsync("£42.50");
        await Expect(page.Locator("#confirm-card")).ToContainTextAsync(cardId);
        await Expect(page.Locator("#confirm-impact")).ToContainTextAsync("42.50");
        // The step and the amount are in the address: a refresh reopens this confirmation.
        await finance.LoadAsync(new Uri(page.Url).PathAndQuery);
        await Expect(page.Locator("#confirm-amount")).ToHaveTextAsync("£42.50");
        Assert.Empty((await portal.Artha().Funding.ListCardTopUpsAsync(cardId, null, CancellationToken.None)).Items); // nothing sent before confirming
        await finance.ScreenshotAsync("confirmation");
        await page.Locator("#topup-confirm").ClickAsync();

        await Expect(page.Locator("#topup-outcome")).ToBeVisibleAsync();
        await Expect(page.Locator("#topup-outcome-message")).ToContainTextAsync("42.50");
        await finance.ScreenshotAsync("sent");

        // The card's history: the top-up appears pending, then approved without a reload.
        await page.Locator("#topup-card-history").ClickAsync();
        await page.WaitForUrlAsync(url => url.Contains("/topups?cardId=", StringComparison.Ordinal));
        var row = page.Locator(".topup-grid tbody tr.topup-row", new() { HasText = "£42.50" });
        await Expect(row).ToHaveCountAsync(1);
        var rowStatus = row.Locator(".status-badge");
        await Expect(rowStatus).ToHaveAttributeAsync("data-status", "pending");
        await finance.ScreenshotAsync("history-pending");
        await Expect(rowStatus).ToHaveAttributeAsync("data-status", "approved", new() { Timeout = 20_000 });
        await finance.AssertNoReloadAsync("top-up pending → approved in the history");
        await finance.AssertPageHealthyAsync("top-up history");
        await finance.ScreenshotAsync("history-approved");

        // The CSV export of this view.
        var download = await page.RunAndWaitForDownloadAsync(() => page.Locator("#export-topups").ClickAsync());
        Assert.EndsWith(".csv", download.SuggestedFilename, StringComparison.Ordinal);
        var path = Path.Combine(PortalServer.ScreenshotFolder, $"finance-topup-{download.SuggestedFilename}");
        await download.SaveAsAsync(path);
        var lines = (await File.ReadAllTextAsync(path, Encoding.UTF8)).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("Top-up id,Created (UTC),Updated (UTC),Status,Amount,Fee,Currency,Card id,Card last four,Customer id,Customer name,Remarks", lines[0].TrimStart('\uFEFF'));
        var line = Assert.Single(lines[1..]);
        Assert.Contains(",approved,42.50,", line, StringComparison.Ordinal);
        Assert.Contains($",GBP,{cardId},", line, StringComparison.Ordinal);
        Assert.NotEmpty(line.Split(',')[2]); // "Updated (UTC)": when Artha approved it
        await finance.ScreenshotAsync("exported");

        // And the card's balance shows the money.
        await finance.NavigateAsync($"cards/{cardId}");
        await Expect(page.Locator("#balance-available")).ToHaveTextAsync("£42.50");
        await finance.ScreenshotAsync("card-funded");
    }
}
