using Artha.Admin.E2E.Infrastructure;
using Artha.Admin.Security;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Artha.Admin.E2E;

/// <summary>Issue #5 journey 1 (with issue #6's live updates): Support onboards a customer entirely through the UI.</summary>
public class SupportOnboardingJourneyTests(PortalServer portal) : IClassFixture<PortalServer>
{
    private const string GbpVirtualProduct = "GBP Virtual Prepaid";

    /// <summary>The fields the GBP Virtual Prepaid product's requirement codes (FullName, Comms, Address) ask for, in order.</summary>
    private static readonly string[] GbpKycFields = ["firstName", "lastName", "gender", "dob", "email", "mobileCode", "mobile", "addressLine1"];

    [Fact]
    public async Task Support_creates_a_customer_submits_KYC_sees_it_approved_live_and_issues_a_virtual_card_that_turns_active_live()
    {
        await using var support = await PortalSession.SignInAsync(portal, PortalRoles.Support, "onboarding");
        var page = support.Page;
        var email = $"ada.e2e.{Guid.NewGuid():N}@example.com";

        // 1. New customer.
        await page.Locator(".portal-nav a[href='customers']").ClickAsync();
        await Expect(page.Locator("h1")).ToHaveTextAsync("Customers");
        await support.ScreenshotAsync("customers-list");
        await support.NavigateAsync("customers/new");
        await Expect(page.Locator("h1")).ToHaveTextAsync("New customer");
        await support.TypeAsync("#customer-firstName", "Ada");
        await support.TypeAsync("#customer-lastName", "Lovelace");
        await support.TypeAsync("#customer-dateOfBirth", "1990-06-15");
        await support.SelectAsync("#customer-gender", "female");
        await support.TypeAsync("#customer-email", email);
        await support.TypeAsync("#customer-phoneCode", "+44");
        await support.TypeAsync("#customer-phoneNumber", "7700900123");
        await support.TypeAsync("#customer-country", "GB");
        await support.TypeAsync("#customer-addressLine1", "1 High Street");
        await support.TypeAsync("#customer-city", "London");
        await support.TypeAsync("#customer-postalCode", "N1 9GU");
        await support.TypeAsync("#customer-addressCountry", "GB");
        await support.ScreenshotAsync("new-customer-filled");
        await page.Locator("#create-customer").ClickAsync();

        await page.WaitForUrlAsync(url => new Uri(url).AbsolutePath.StartsWith("/customers/", StringComparison.Ordinal) && !url.EndsWith("/new", StringComparison.Ordinal));
        var customerId = Uri.UnescapeDataString(new Uri(page.Url).AbsolutePath["/customers/".Length..]);
        await Expect(page.Locator("#customer-header h1")).ToHaveTextAsync("Ada Lovelace");
        await Expect(page.Locator(".page-intro")).ToHaveTextAsync(email);
        await support.ScreenshotAsync("customer-created");

        // 2. KYC for the virtual GBP product, from the customer's KYC tab.
        await page.GetByRole(AriaRole.Tab, new() { Name = "KYC", Exact = true }).ClickAsync();
        await page.WaitForUrlAsync(url => url.EndsWith("?tab=kyc", StringComparison.Ordinal)); // the open tab is in the address
        var gbpRow = page.Locator(".kyc-status-grid tr", new() { HasText = GbpVirtualProduct });
        await Expect(gbpRow.Locator(".status-badge")).ToHaveAttributeAsync("data-status", "notsubmitted");
        await Expect(gbpRow.Locator(".status-badge")).ToHaveTextAsync("Not submitted");
        await support.ScreenshotAsync("customer-kyc-tab");
        await gbpRow.Locator("a.kyc-submit-link").ClickAsync();

        await page.WaitForUrlAsync(url => url.Contains("/applicants?", StringComparison.Ordinal));
        await Expect(page.Locator("#chosen-customer")).ToContainTextAsync(email);
        await Expect(page.Locator("#applicant-product")).ToHaveValueAsync(GbpVirtualProduct);
        var fields = page.Locator("#kyc-form .kyc-field");
        await Expect(fields).ToHaveCountAsync(GbpKycFields.Length);
        var shown = new List<string>();
        foreach (var field in await fields.AllAsync())
        {
            shown.Add((await field.GetAttributeAsync("data-field"))!);
        }
        Assert.Equal(GbpKycFields, shown);
        Assert.Equal(0, await page.Locator("#kyc-form input[type=file]").CountAsync()); // this product asks for no documents

        await support.TypeAsync("#kyc-firstName", "Ada");
        await support.TypeAsync("#kyc-lastName", "Lovelace");
        await support.SelectAsync("#kyc-gender", "female");
        await support.TypeAsync("#kyc-dob", "1990-06-15");
        await support.TypeAsync("#kyc-email", email);
        await support.TypeAsync("#kyc-mobileCode", "+44");
        await support.TypeAsync("#kyc-mobile", "7700900123");
        await support.TypeAsync("#kyc-addressLine1", "1 High Street, London N1 9GU");
        await support.ScreenshotAsync("kyc-form-filled");
        await page.Locator("#submit-kyc").ClickAsync();

        // Pending first, then Approved when Artha decides — on screen, without a reload (issue #6).
        var gbpStatus = page.Locator($"#applicant-status tr:has-text('{GbpVirtualProduct}') .status-badge");
        await Expect(gbpStatus).ToHaveAttributeAsync("data-status", "pending");
        await Expect(page.Locator("#kyc-in-progress")).ToBeVisibleAsync();
        await support.ScreenshotAsync("kyc-pending");
        await Expect(gbpStatus).ToHaveAttributeAsync("data-status", "approved", new() { Timeout = 20_000 });
        await Expect(page.Locator("#kyc-approved")).ToBeVisibleAsync();
        await support.AssertNoReloadAsync("KYC Pending → Approved");
        await support.ScreenshotAsync("kyc-approved-live");

        // 3. Issue a virtual card through the wizard, finding the customer by search.
        await page.Locator(".portal-nav a[href='cards']").ClickAsync();
        await Expect(page.Locator("h1")).ToHaveTextAsync("Cards");
        await support.ScreenshotAsync("cards-list");
        await support.NavigateAsync("cards/new");
        await Expect(page.Locator("h1")).ToHaveTextAsync("Issue a card");
        await support.PickSuggestionAsync("#issue-customer", email, email);
        await Expect(page.Locator("#issue-next-1")).ToBeEnabledAsync();
        await support.ScreenshotAsync("issue-customer-chosen");
        await page.Locator("#issue-next-1").ClickAsync();

        await Expect(page.GetByRole(AriaRole.Radio, new() { Name = "Virtual", Exact = true })).ToBeCheckedAsync();
        await support.SelectAsync("#issue-product", GbpVirtualProduct);
        await Expect(page.Locator("#issue-kyc-approved")).ToBeVisibleAsync();
        await support.ScreenshotAsync("issue-product-kyc-approved");
        await page.Locator("#issue-next-2").ClickAsync();

        await Expect(page.Locator("#issue-step-review")).ToContainTextAsync(GbpVirtualProduct);
        await Expect(page.Locator("#issue-step-review")).ToContainTextAsync("Virtual");
        await support.ScreenshotAsync("issue-review");
        await page.Locator("#issue-submit").ClickAsync();

        // 4. The card page shows issuance pending, then active — live.
        await page.WaitForUrlAsync(url => new Uri(url).AbsolutePath.StartsWith("/cards/", StringComparison.Ordinal) && new Uri(url).AbsolutePath != "/cards/new");
        var cardId = Uri.UnescapeDataString(new Uri(page.Url).AbsolutePath["/cards/".Length..]);
        await Expect(page.Locator("#card-status .status-badge")).ToHaveAttributeAsync("data-status", "pending");
        await Expect(page.Locator("#card-state")).ToHaveAttributeAsync("data-state", "pending");
        await Expect(page.Locator("#card-pending")).ToBeVisibleAsync();
        await support.ScreenshotAsync("card-pending");
        await Expect(page.Locator("#card-state")).ToHaveAttributeAsync("data-state", "active", new() { Timeout = 20_000 });
        await Expect(page.Locator("#card-status .status-badge")).ToHaveAttributeAsync("data-status", "active");
        await Expect(page.Locator("#card-pending")).ToHaveCountAsync(0);
        await Expect(page.Locator("#card-masked-number")).ToHaveTextAsync(new System.Text.RegularExpressions.Regex(@"\d{4}$"));
        await Expect(page.Locator("#card-customer")).ToHaveTextAsync("Ada Lovelace");
        await Expect(page.Locator("#card-customer")).ToHaveAttributeAsync("title", customerId);
        await support.AssertNoReloadAsync("card issuance pending → active");
        await support.ScreenshotAsync("card-active-live");

        var card = await portal.Artha().Cards.GetAsync(cardId, CancellationToken.None);
        Assert.Equal(customerId, card.CustomerId);
    }
}
