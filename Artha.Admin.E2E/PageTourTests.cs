using System.Text.RegularExpressions;
using Artha.Admin.E2E.Infrastructure;
using Artha.Admin.Security;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Artha.Admin.E2E;

/// <summary>
/// Issue #5 "screenshots of each page": an Admin visits every page of the portal with the sandbox seeded, through the
/// navigation and the lists' row links, waits for each page's real content (its heading and a data row or form field,
/// no spinner), checks nothing on it is broken and saves a full-page screenshot (tour-NN-page.png). The audit and
/// users lists are also sorted by a column header in the browser (server-side sorting).
/// </summary>
public class PageTourTests(PortalServer portal) : IClassFixture<PortalServer>
{
    private const string GbpVirtualProduct = "GBP Virtual Prepaid";
    private const string EurPhysicalProduct = "EUR Physical Debit";

    /// <summary>25 customers (more than one page of 20), each with an active card, a funding top-up and 5 purchases.</summary>
    private Task SeedAsync() => portal.SeedAsync(customers: 25, cardsPerCustomer: 1, transactionsPerCard: 6);

    [Fact]
    public async Task Admin_visits_every_page_with_seeded_data_and_each_renders_its_content_without_errors()
    {
        await SeedAsync();
        await using var admin = await PortalSession.SignInAsync(portal, PortalRoles.Admin, "tour");
        var page = admin.Page;

        // Dashboard: every count tile has its figure.
        await Expect(page.Locator("#dashboard-counts .count-value")).ToHaveCountAsync(5);
        await Expect(page.Locator("#my-actions")).ToBeVisibleAsync();
        await PageShownAsync(admin, "dashboard", "Dashboard", page.Locator("[data-count=customers] .count-value"));

        // Customers list, then a seeded customer's page and each of its tabs.
        await OpenFromNavAsync(admin, "customers");
        var customerRows = page.Locator("#customers-grid tbody tr.customer-row");
        await Expect(customerRows).ToHaveCountAsync(20); // a full first page; the pager offers more
        await PageShownAsync(admin, "customers", "Customers", customerRows);

        var customerLink = customerRows.First.Locator("a[href^='customers/']");
        var customerName = (await customerLink.InnerTextAsync()).Trim();
        await customerLink.ClickAsync();
        await Expect(page.Locator("#customer-profile")).ToBeVisibleAsync();
        var customerEmail = (await page.Locator(".page-intro").InnerTextAsync()).Trim();
        await PageShownAsync(admin, "customer-profile", customerName, page.Locator("#customer-profile"));
        await ShowTabAsync(admin, "KYC", "customer-kyc", page.Locator($".kyc-status-grid tbody tr.kyc-row:visible:has-text('{GbpVirtualProduct}')"));
        await Expect(page.Locator($".kyc-status-grid tr:has-text('{GbpVirtualProduct}') .status-badge")).ToHaveAttributeAsync("data-status", "approved");
        await ShowTabAsync(admin, "Cards", "customer-cards", page.Locator("#cards-grid tbody tr:has(a.card-number-link):visible"));
        await ShowTabAsync(admin, "Transactions", "customer-transactions", page.Locator(".transactions-grid tbody tr.transaction-row:visible"));
        await ShowTabAsync(admin, "Top-ups", "customer-topups", page.Locator(".topup-grid tbody tr.topup-row:visible"));
        await ShowTabAsync(admin, "Audit", "customer-audit", page.Locator(".audit-grid:visible"));

        // New customer form, submitted: a real, audited change the audit page shows later.
        await OpenFromNavAsync(admin, "customers");
        await page.Locator("#new-customer").ClickAsync();
        await Expect(page.Locator("#customer-firstName")).ToBeVisibleAsync();
        await PageShownAsync(admin, "new-customer", "New customer", page.Locator("#new-customer-form"));
        var newEmail = $"grace.tour.{Guid.NewGuid():N}@example.com";
        await admin.TypeAsync("#customer-firstName", "Grace");
        await admin.TypeAsync("#customer-lastName", "Hopper");
        await admin.TypeAsync("#customer-dateOfBirth", "1986-12-09");
        await admin.SelectAsync("#customer-gender", "female");
        await admin.TypeAsync("#customer-email", newEmail);
        await admin.TypeAsync("#customer-phoneCode", "+44");
        await admin.TypeAsync("#customer-phoneNumber", "7700900456");
        await admin.TypeAsync("#customer-country", "GB");
        await admin.TypeAsync("#customer-addressLine1", "2 Low Road");
        await admin.TypeAsync("#customer-city", "Leeds");
        await admin.TypeAsync("#customer-postalCode", "LS1 4AP");
        await admin.TypeAsync("#customer-addressCountry", "GB");
        await page.Locator("#create-customer").ClickAsync();
        await Expect(page.Locator("#customer-header h1")).ToHaveTextAsync("Grace Hopper");
        await PageShownAsync(admin, "customer-created", "Grace Hopper", page.Locator("#customer-profile"));

        // Applicants: find the new customer, pick a product, and the KYC form its requirement codes ask for is shown.
        await OpenFromNavAsync(admin, "applicants");
        await PageShownAsync(admin, "applicants", "Applicants (KYC/KYB)", page.Locator("#applicant-customer-search"));
        await page.Locator("#applicant-customer-search").FillAsync(newEmail);
        await page.Locator("#search-customers").ClickAsync();
        await page.Locator("#customer-results button", new() { HasText = newEmail }).ClickAsync();
        await Expect(page.Locator("#chosen-customer")).ToContainTextAsync(newEmail);
        await admin.SelectAsync("#applicant-product", GbpVirtualProduct);
        await Expect(page.Locator("#product-requirements")).ToContainTextAsync("FullName");
        await Expect(page.Locator("#kyc-form .kyc-field")).ToHaveCountAsync(8);
        await PageShownAsync(admin, "applicants-kyc-form", "Applicants (KYC/KYB)", page.Locator("#kyc-form .kyc-field"));

        // Cards list, a card's page (both history tabs), and the top-up form reached from it.
        await OpenFromNavAsync(admin, "cards");
        var cardRows = page.Locator("#cards-grid tbody tr:has(a.card-number-link)");
        await Expect(cardRows).ToHaveCountAsync(20);
        await PageShownAsync(admin, "cards", "Cards", cardRows);
        await cardRows.First.Locator("a[href^='cards/']").ClickAsync();
        await Expect(admin.Badge("#card-status")).ToHaveAttributeAsync("data-status", "active");
        await Expect(page.Locator("#balance-available")).ToHaveTextAsync(new Regex(@"\d+\.\d\d"));
        await Expect(page.Locator("#limits-form")).ToBeVisibleAsync();
        await PageShownAsync(admin, "card", new Regex(@"\d{4}$"), page.Locator("#card-limits"));
        await ShowTabAsync(admin, "Transactions", "card-transactions", page.Locator("#card-history .transactions-grid tbody tr.transaction-row:visible"));
        await ShowTabAsync(admin, "Top-ups", "card-topups", page.Locator("#card-history .topup-grid tbody tr.topup-row:visible"));
        await page.Locator("#topup-this-card").ClickAsync();
        await Expect(page.Locator("#topup-currency")).ToBeVisibleAsync();
        await PageShownAsync(admin, "new-topup", "Top up a card", page.Locator("#topup-amount"));

        // Issue-card wizard, through its three steps (not submitted).
        await OpenFromNavAsync(admin, "cards");
        await page.Locator("#issue-card").ClickAsync();
        await PageShownAsync(admin, "issue-card", "Issue a card", page.Locator("#issue-customer"));
        await admin.PickSuggestionAsync("#issue-customer", customerEmail, customerEmail);
        await page.Locator("#issue-next-1").ClickAsync();
        await admin.SelectAsync("#issue-product", GbpVirtualProduct);
        await PageShownAsync(admin, "issue-card-product", "Issue a card", page.Locator("#issue-kyc-approved"));
        await page.Locator("#issue-next-2").ClickAsync();
        await Expect(page.Locator("#issue-step-review")).ToContainTextAsync(GbpVirtualProduct);
        await PageShownAsync(admin, "issue-card-review", "Issue a card", page.Locator("#issue-submit"));

        // Top-up history across all cards: the seed's funding top-ups and their totals.
        await OpenFromNavAsync(admin, "topups");
        var topUpRows = page.Locator(".topup-grid tbody tr.topup-row");
        await Expect(topUpRows).ToHaveCountAsync(20);
        await Expect(page.Locator("#topup-totals tr[data-status=approved]").First).ToBeVisibleAsync();
        await PageShownAsync(admin, "topups", "Top-ups", topUpRows);

        // Transactions, and one transaction's page from its row.
        await OpenFromNavAsync(admin, "transactions");
        var transactionRows = page.Locator(".transactions-grid tbody tr.transaction-row");
        await Expect(transactionRows).ToHaveCountAsync(20);
        await PageShownAsync(admin, "transactions", "Transactions", transactionRows);
        await transactionRows.First.Locator("a[href^='transactions/']").ClickAsync();
        await Expect(page.Locator("#transaction-detail")).ToBeVisibleAsync();
        await PageShownAsync(admin, "transaction", new Regex(@"^(purchase|top up) of "), page.Locator("#transaction-card"));

        // Products, and the physical product's page with its requirement codes.
        await OpenFromNavAsync(admin, "products");
        var productRows = page.Locator("#products-grid tbody tr.data-row");
        await Expect(productRows).ToHaveCountAsync(4);
        await PageShownAsync(admin, "products", "Products", productRows);
        await page.Locator("#products-grid a", new() { HasText = EurPhysicalProduct }).ClickAsync();
        await Expect(page.Locator("#requirement-codes li")).ToHaveTextAsync(["FullName", "Comms", "FullAddress", "Passport", "Face"]);
        await PageShownAsync(admin, "product", EurPhysicalProduct, page.Locator("#requirement-codes"));

        // Audit: the customer this tour created is there, by this admin.
        await OpenFromNavAsync(admin, "audit");
        var created = page.Locator(".audit-grid tbody tr.data-row", new() { HasText = "customer.create" }).Filter(new() { HasText = "admin@artha.local" });
        await Expect(created.First).ToBeVisibleAsync();
        await PageShownAsync(admin, "audit", "Audit", created);

        // Users: the development accounts.
        await OpenFromNavAsync(admin, "users");
        var userRows = page.Locator("#users-grid tbody tr.data-row");
        await Expect(userRows.Filter(new() { HasText = "@artha.local" })).ToHaveCountAsync(DefaultUsersSeeder.DevelopmentUsers.Count);
        await PageShownAsync(admin, "users", "Users", userRows);

        await admin.AssertNoReloadAsync("the whole page tour");
    }

    [Fact]
    public async Task Audit_sorts_by_who_in_the_browser_ascending_then_descending()
    {
        // Five rows about one record, written oldest first by staff whose names are not in alphabetical order.
        var target = $"tour-{Guid.NewGuid():N}";
        string[] who = ["olga@artha.local", "bruno@artha.local", "zara@artha.local", "chen@artha.local", "mia@artha.local"];
        await portal.AddAuditRowsAsync(target, who);
        await using var admin = await PortalSession.SignInAsync(portal, PortalRoles.Admin, "sort-audit");

        await admin.NavigateAsync($"audit?targetId={target}");
        await Expect(admin.Page.Locator(".audit-grid tbody tr.data-row")).ToHaveCountAsync(who.Length);
        var cells = await ColumnCellsAsync(admin.Page, ".audit-grid", "Who");
        await Expect(cells).ToHaveTextAsync(Enumerable.Reverse(who).ToArray()); // newest first by default
        await admin.AssertPageHealthyAsync("audit, default order");
        await admin.ScreenshotAsync("newest-first");

        await SortByAsync(admin, ".audit-grid", "Who", cells, who.Order(StringComparer.Ordinal).ToArray(), "ascending");
        await SortByAsync(admin, ".audit-grid", "Who", cells, who.OrderDescending(StringComparer.Ordinal).ToArray(), "descending");
    }

    [Fact]
    public async Task Users_sorts_by_email_in_the_browser_ascending_then_descending()
    {
        await using var admin = await PortalSession.SignInAsync(portal, PortalRoles.Admin, "sort-users");

        await admin.Page.Locator(".portal-nav a[href='users']").ClickAsync();
        await Expect(admin.Page.Locator("#users-grid tbody tr.data-row").First).ToBeVisibleAsync();
        var cells = await ColumnCellsAsync(admin.Page, "#users-grid", "Email");
        var emails = (await cells.AllInnerTextsAsync()).Select(e => e.Trim()).ToArray();
        Assert.True(emails.Length >= DefaultUsersSeeder.DevelopmentUsers.Count, $"Only {emails.Length} users are listed.");
        // The database orders by the normalized (upper-case) email, ordinal.
        var ascending = emails.OrderBy(e => e.ToUpperInvariant(), StringComparer.Ordinal).ToArray();
        await Expect(cells).ToHaveTextAsync(ascending); // the default order is by email already
        await admin.AssertPageHealthyAsync("users, default order");
        await admin.ScreenshotAsync("default-order");

        await SortByAsync(admin, "#users-grid", "Email", cells, ascending, "ascending");
        await SortByAsync(admin, "#users-grid", "Email", cells, Enumerable.Reverse(ascending).ToArray(), "descending");
    }

    /// <summary>Clicks a nav entry and waits for its page's address (in-circuit navigation, like a user).</summary>
    private static async Task OpenFromNavAsync(PortalSession session, string href)
    {
        await session.Page.Locator($".portal-nav a[href='{href}']").ClickAsync();
        await session.Page.WaitForUrlAsync(url => new Uri(url).AbsolutePath.TrimStart('/') == href);
    }

    /// <summary>Waits for the page's heading and real content, checks it is healthy and saves its screenshot.</summary>
    private static Task PageShownAsync(PortalSession session, string name, string heading, ILocator content) =>
        PageShownAsync(session, name, new Regex($"^{Regex.Escape(heading)}$"), content);

    private static async Task PageShownAsync(PortalSession session, string name, Regex heading, ILocator content)
    {
        await Expect(session.Page.Locator("h1")).ToHaveTextAsync(heading);
        await Expect(content.First).ToBeVisibleAsync();
        await session.AssertPageHealthyAsync(name);
        await session.ScreenshotAsync(name);
    }

    /// <summary>Opens a tab of the page's tab strip and treats what it shows as a page of its own.</summary>
    private static async Task ShowTabAsync(PortalSession session, string tab, string name, ILocator content)
    {
        await session.Page.GetByRole(AriaRole.Tab, new() { Name = tab, Exact = true }).ClickAsync();
        await Expect(content.First).ToBeVisibleAsync();
        await session.AssertPageHealthyAsync(name);
        await session.ScreenshotAsync(name);
    }

    /// <summary>The data cells of the grid's column titled <paramref name="title"/>, found by the header's position.</summary>
    private static async Task<ILocator> ColumnCellsAsync(IPage page, string grid, string title)
    {
        await Expect(page.Locator($"{grid} thead th").First).ToBeVisibleAsync();
        var headers = (await page.Locator($"{grid} thead th").AllInnerTextsAsync()).Select(h => h.Trim()).ToList();
        var index = headers.IndexOf(title);
        Assert.True(index >= 0, $"The grid {grid} has no column \"{title}\"; its headers are: {string.Join(", ", headers)}");
        return page.Locator($"{grid} tbody tr.data-row > td:nth-child({index + 1})");
    }

    /// <summary>Clicks the column's header once and waits for the rows to come back from the server in this order.</summary>
    private static async Task SortByAsync(PortalSession session, string grid, string title, ILocator cells, string[] expected, string direction)
    {
        // MudDataGrid sorts when its header title is clicked.
        await session.Page.Locator($"{grid} thead th", new() { HasText = title }).GetByText(title, new() { Exact = true }).ClickAsync();
        await Expect(cells).ToHaveTextAsync(expected);
        await session.AssertPageHealthyAsync($"{grid} sorted by {title} {direction}");
        await session.ScreenshotAsync($"by-{title.ToLowerInvariant()}-{direction}");
    }
}
