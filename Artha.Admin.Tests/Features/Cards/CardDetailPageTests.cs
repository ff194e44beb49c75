using System.Net.Http.Json;
using Artha.Admin.Features.Cards;
using Artha.Admin.LiveStatus;
using Artha.Admin.Security;
using Artha.Admin.Services;
using Artha.Admin.Tests.Cards;
using Artha.Admin.Tests.Infrastructure;
using Artha.Client;
using Artha.Client.Models;
using Bunit;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;

namespace Artha.Admin.Tests.Features.Cards;

/// <summary>The card page against a real ArthaService (signed in as the role) and the embedded sandbox, on MudBlazor.</summary>
public class CardDetailPageTests(PortalFactory portal) : PortalPageTestBase(portal), IClassFixture<PortalFactory>
{
    private IRenderedComponent<CardDetailPage> RenderAs(string role, string cardId, string? query = null)
    {
        SignInAs(role);
        NavigateTo($"cards/{cardId}{query}");
        var page = RenderWithProviders<CardDetailPage>(p => p.Add(x => x.CardId, cardId));
        // Wait for every load (card, balance, limits) so no later render races the test's clicks.
        page.WaitForAssertion(() =>
        {
            Assert.NotNull(page.Find("#card-masked-number"));
            if (query is null)
            {
                Assert.NotNull(page.Find("#balance-total"));
                Assert.NotNull(page.Find("#limits-view, #limits-form"));
            }
        }, TimeSpan.FromSeconds(30));
        return page;
    }

    private static bool Has(IRenderedComponent<CardDetailPage> page, string selector) => page.FindAll(selector).Count > 0;

    private void OpenPanel(IRenderedComponent<CardDetailPage> page, string button, string panel)
    {
        page.Find(button).Click();
        page.WaitForAssertion(() => Assert.NotNull(page.Find(panel)), TimeSpan.FromSeconds(30));
    }

    /// <summary>Clicks an operation and waits for its PortalDialogs confirmation.</summary>
    private void OpenDialog(IRenderedComponent<CardDetailPage> page, string button)
    {
        page.Find(button).Click();
        Dialogs.WaitForAssertion(() => Assert.NotNull(Dialogs.Find("#confirm-dialog")), TimeSpan.FromSeconds(30));
    }

    private async Task<CardView> CardAsync(string cardId)
    {
        await using var check = Portal.ScopeAs(PortalRoles.Support);
        return await check.ServiceProvider.GetRequiredService<ArthaService>().GetCardAsync(cardId);
    }

    [Fact]
    public async Task A_replaced_card_links_the_card_that_replaced_it()
    {
        var (_, cardId) = await Portal.SeedActiveCardAsync();
        string newCardId;
        await using (var operations = Portal.ScopeAs(PortalRoles.Operations))
        {
            newCardId = (await operations.ServiceProvider.GetRequiredService<ArthaService>().ReplaceCardAsync(cardId, "damaged", null)).NewCardId!;
        }

        var page = RenderAs(PortalRoles.Support, cardId);

        page.WaitForAssertion(() => Assert.EndsWith($"cards/{newCardId}", page.Find("a#card-replaced-by").GetAttribute("href")), TimeSpan.FromSeconds(30));
        Assert.False(Has(page, "#card-replaces"));
    }

    [Fact]
    public async Task Support_sees_set_pin_but_no_freeze_cancel_replace_or_reveal()
    {
        var (_, cardId) = await Portal.SeedActiveCardAsync();

        var page = RenderAs(PortalRoles.Support, cardId);

        Assert.True(Has(page, "#op-pin"));
        Assert.False(Has(page, "#op-freeze"));
        Assert.False(Has(page, "#op-cancel"));
        Assert.False(Has(page, "#op-replace"));
        Assert.False(Has(page, "#op-reveal"));
        Assert.False(Has(page, "#limits-form"));
    }

    [Fact]
    public async Task Operations_sees_freeze_cancel_replace_reveal_and_the_limits_form()
    {
        var (_, cardId) = await Portal.SeedActiveCardAsync();

        var page = RenderAs(PortalRoles.Operations, cardId);

        Assert.True(Has(page, "#op-freeze"));
        Assert.True(Has(page, "#op-cancel"));
        Assert.True(Has(page, "#op-replace"));
        Assert.True(Has(page, "#op-reveal"));
        Assert.True(Has(page, "#op-pin"));
        Assert.False(Has(page, "#op-unfreeze"));
        Assert.False(Has(page, "#op-activate"));
        Assert.True(Has(page, "#limits-form"));
    }

    [Fact]
    public async Task Finance_sees_the_card_balance_and_limits_with_the_currency_symbol_but_no_operation()
    {
        var (_, cardId) = await Portal.SeedActiveCardAsync();
        await using (var operations = Portal.ScopeAs(PortalRoles.Operations))
        {
            await operations.ServiceProvider.GetRequiredService<ArthaService>().UpdateCardLimitsAsync(cardId,
                new CardLimitsUpdate { DailyLimit = LimitChange.Set(1250m) });
        }

        var page = RenderAs(PortalRoles.Finance, cardId);

        Assert.False(Has(page, "#card-operations"));
        Assert.Empty(page.FindAll("[id^=op-]"));
        Assert.True(Has(page, "#limits-view"));
        Assert.Equal("£1,250.00", page.Find("#limit-dailyLimit-current").TextContent);
        Assert.Equal("No limit", page.Find("#limit-lifetimeLimit-current").TextContent);
        Assert.Equal("£125.00", page.Find("#balance-available").TextContent);
        Assert.Matches(@"^•••• •••• •••• \d{4}$", page.Find("#card-masked-number").TextContent);
    }

    [Fact]
    public async Task The_card_shows_one_status_in_words_with_the_issuance_state_as_detail()
    {
        var (_, cardId) = await Portal.SeedActiveCardAsync();

        var page = RenderAs(PortalRoles.Support, cardId);

        Assert.Single(page.FindAll("#card-status .status-badge"));
        Assert.Equal("active", page.Find("#card-status .status-badge").GetAttribute("data-status"));
        Assert.Equal("Active — issued and usable", page.Find("#card-state").TextContent.Trim());
        Assert.Equal("active", page.Find("#card-state").GetAttribute("data-state"));
        Assert.DoesNotContain("Issuance", page.Find("#card-status").ParentElement!.TextContent);
    }

    [Fact]
    public async Task The_customer_link_names_the_cardholder_and_keeps_the_id_as_its_title()
    {
        var (customerId, cardId) = await Portal.SeedActiveCardAsync();
        await using var reader = Portal.ScopeAs(PortalRoles.Support);
        var customer = await reader.ServiceProvider.GetRequiredService<ArthaService>().GetCustomerAsync(customerId);

        var page = RenderAs(PortalRoles.Support, cardId);

        page.WaitForAssertion(() => Assert.Equal(customer.DisplayName, page.Find("#card-customer").TextContent.Trim()), TimeSpan.FromSeconds(30));
        Assert.NotEqual(customerId, customer.DisplayName);
        Assert.Equal(customerId, page.Find("#card-customer").GetAttribute("title"));
        Assert.EndsWith($"customers/{customerId}", page.Find("#card-customer").GetAttribute("href"));
    }

    [Fact]
    public async Task Freeze_asks_for_a_reason_in_a_dialog_and_the_reason_reaches_the_audit_trail()
    {
        var (_, cardId) = await Portal.SeedActiveCardAsync();
        var page = RenderAs(PortalRoles.Operations, cardId);
        StepUpNow(PortalRoles.Operations);
        var last4 = page.Find("#card-masked-number").TextContent[^4..];

        OpenDialog(page, "#op-freeze");
        Assert.Equal($"Freeze card ••{last4}?", Dialogs.Find("#confirm-dialog-title").TextContent);
        Assert.True(Dialogs.Find("#confirm-ok").HasAttribute("disabled"));
        Dialogs.Find("#confirm-reason").Input("suspected fraud");
        Dialogs.WaitForAssertion(() => Assert.False(Dialogs.Find("#confirm-ok").HasAttribute("disabled")));
        Dialogs.Find("#confirm-ok").Click();

        page.WaitForAssertion(() => Assert.Equal("frozen", page.Find("#card-status .status-badge").GetAttribute("data-status")), TimeSpan.FromSeconds(30));
        Assert.True(Has(page, "#op-unfreeze"));
        Assert.False(Has(page, "#op-freeze"));
        Assert.EndsWith("— reason: suspected fraud", (await Portal.LatestAuditAsync()).First(a => a.Action == "card.freeze" && a.TargetId == cardId).Detail);
    }

    [Fact]
    public async Task Cancel_stays_disabled_until_the_last_four_digits_are_typed_and_a_reason_is_given()
    {
        var (_, cardId) = await Portal.SeedActiveCardAsync();
        var page = RenderAs(PortalRoles.Operations, cardId);
        StepUpNow(PortalRoles.Operations);
        var last4 = page.Find("#card-masked-number").TextContent[^4..];
        bool Disabled() => Dialogs.Find("#confirm-ok").HasAttribute("disabled");

        OpenDialog(page, "#op-cancel");
        Dialogs.Find("#confirm-reason").Input("customer request");
        Assert.True(Disabled());
        Dialogs.Find("#confirm-typed").Input(last4 == "0000" ? "1111" : "0000");
        Dialogs.WaitForAssertion(() => Assert.True(Disabled()));
        await Dialogs.Find("#confirm-dialog-form").SubmitAsync(); // Enter with the wrong digits does nothing
        Assert.Equal("active", (await CardAsync(cardId)).Status);
        Dialogs.Find("#confirm-typed").Input(last4);
        Dialogs.WaitForAssertion(() => Assert.False(Disabled()));
        Dialogs.Find("#confirm-ok").Click();

        page.WaitForAssertion(() => Assert.Equal("cancelled", page.Find("#card-status .status-badge").GetAttribute("data-status")), TimeSpan.FromSeconds(30));
        Assert.Equal("cancelled", (await CardAsync(cardId)).Status);
        Assert.DoesNotContain(page.FindAll("[id^=op-]"), e => e.Id is "op-freeze" or "op-cancel" or "op-replace" or "op-pin");
    }

    [Fact]
    public async Task An_open_freeze_dialog_closes_when_another_user_freezes_the_card_and_nothing_is_sent_twice()
    {
        var (_, cardId) = await Portal.SeedActiveCardAsync();
        var page = RenderAs(PortalRoles.Operations, cardId);
        OpenDialog(page, "#op-freeze");

        await using (var otherTab = Portal.ScopeAs(PortalRoles.Operations))
        {
            await otherTab.ServiceProvider.GetRequiredService<ArthaService>().FreezeCardAsync(cardId, "lost");
        }

        Dialogs.WaitForAssertion(() => Assert.Empty(Dialogs.FindAll("#confirm-dialog")), TimeSpan.FromSeconds(30));
        page.WaitForAssertion(() => Assert.True(Has(page, "#op-unfreeze")), TimeSpan.FromSeconds(30));
        Assert.False(Has(page, "#op-freeze"));
        Assert.Contains(Snackbars, s => (s.Message ?? "").Contains("can no longer be frozen"));
        Assert.Single(await Portal.LatestAuditAsync(), a => a.Action == "card.freeze" && a.TargetId == cardId);
    }

    [Fact]
    public async Task A_page_that_missed_a_change_reads_the_card_again_before_offering_Freeze()
    {
        var (_, cardId) = await Portal.SeedActiveCardAsync();
        var page = RenderAs(PortalRoles.Operations, cardId);
        // Frozen at Artha without the portal hearing of it (e.g. another channel): the page still offers Freeze.
        await using (var scope = Portal.Services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<IArthaClient>().CardOperations.FreezeAsync(cardId, CancellationToken.None);
        }
        Assert.True(Has(page, "#op-freeze"));

        page.Find("#op-freeze").Click();

        page.WaitForAssertion(() => Assert.True(Has(page, "#op-unfreeze")), TimeSpan.FromSeconds(30));
        Assert.Empty(Dialogs.FindAll("#confirm-dialog"));
        Assert.False(Has(page, "#op-freeze"));
        Assert.Contains(Snackbars, s => (s.Message ?? "").Contains("Only an active card can be frozen; this card is frozen."));
    }

    [Fact]
    public async Task The_balance_is_read_again_on_every_live_change_to_the_card()
    {
        var (_, cardId) = await Portal.SeedActiveCardAsync();
        var page = RenderAs(PortalRoles.Finance, cardId);
        Assert.Equal("£125.00", page.Find("#balance-available").TextContent);

        await Portal.PurchaseAsync(cardId, 20m, "GBP");
        await Portal.Services.GetRequiredService<IStatusEventStream>().PublishAsync(
            new StatusChange(StatusSubject.Transaction, "tx-" + Guid.NewGuid().ToString("N"), "authorized", "Purchase of £20.00", DateTime.UtcNow) { CardId = cardId });

        page.WaitForAssertion(() => Assert.Equal("£105.00", page.Find("#balance-available").TextContent), TimeSpan.FromSeconds(30));
    }

    [Fact]
    public async Task A_limit_that_is_not_a_valid_amount_is_explained_on_its_field_and_no_dialog_opens()
    {
        var (_, cardId) = await Portal.SeedActiveCardAsync();
        var page = RenderAs(PortalRoles.Operations, cardId);

        await SetLimitAsync(page, "dailyLimit", "0.001");
        await page.Find("#limits-form").SubmitAsync();

        page.WaitForAssertion(() => Assert.Contains("at most 2 decimals", page.Find("#error-dailyLimit").TextContent), TimeSpan.FromSeconds(30));
        Assert.Empty(Dialogs.FindAll("#confirm-dialog"));
    }

    [Fact]
    public async Task Saving_limits_confirms_old_to_new_with_a_reason_and_saves()
    {
        var (_, cardId) = await Portal.SeedActiveCardAsync();
        var page = RenderAs(PortalRoles.Operations, cardId);

        await SetLimitAsync(page, "dailyLimit", "300");
        // Not awaited here: the submit waits for the confirmation answered below.
        var submitting = page.Find("#limits-form").SubmitAsync();

        Dialogs.WaitForAssertion(() => Assert.NotNull(Dialogs.Find("#limits-diff")), TimeSpan.FromSeconds(30));
        var row = Dialogs.Find("#limits-diff tbody tr");
        Assert.Equal("Daily", row.QuerySelector("th")!.TextContent);
        Assert.Equal("No limit", row.QuerySelector(".limit-old")!.TextContent);
        Assert.Equal("£300.00", row.QuerySelector(".limit-new")!.TextContent);
        Assert.True(Dialogs.Find("#confirm-ok").HasAttribute("disabled"));
        Dialogs.Find("#confirm-reason").Input("customer travelling");
        Dialogs.WaitForAssertion(() => Assert.False(Dialogs.Find("#confirm-ok").HasAttribute("disabled")));
        Dialogs.Find("#confirm-ok").Click();

        await submitting.WaitAsync(TimeSpan.FromSeconds(30));
        page.WaitForAssertion(() => Assert.Equal("£300.00", page.Find("#limit-dailyLimit-current").TextContent), TimeSpan.FromSeconds(30));
        Assert.Contains("reason: customer travelling", (await Portal.LatestAuditAsync()).First(a => a.Action == "card.limits.update" && a.TargetId == cardId).Detail);
    }

    private static async Task SetLimitAsync(IRenderedComponent<CardDetailPage> page, string field, string amount)
    {
        var mode = page.FindComponents<MudSelect<LimitChangeKind>>().Single(s => s.Instance.UserAttributes.TryGetValue("id", out var id) && Equals(id, $"limit-{field}-mode"));
        await page.InvokeAsync(() => mode.Instance.ValueChanged.InvokeAsync(LimitChangeKind.Set));
        page.WaitForAssertion(() => Assert.False(page.Find($"#limit-{field}").HasAttribute("disabled")));
        page.Find($"#limit-{field}").Input(amount);
    }

    [Fact]
    public async Task The_pin_fields_are_emptied_after_a_submit_and_a_mismatch_is_explained()
    {
        var (_, cardId) = await Portal.SeedActiveCardAsync();
        var page = RenderAs(PortalRoles.Support, cardId);

        OpenPanel(page, "#op-pin", "#panel-pin");
        page.Find("#pin").Input("1234");
        page.Find("#pin-confirmation").Input("4321");
        await page.Find("#panel-pin form").SubmitAsync();

        page.WaitForAssertion(() => Assert.Contains("Does not match", page.Find("#error-pinConfirmation").TextContent), TimeSpan.FromSeconds(30));
        Assert.Equal("", page.Find("#pin").GetAttribute("value") ?? "");
        Assert.Equal("", page.Find("#pin-confirmation").GetAttribute("value") ?? "");
        // Not echoed anywhere as a field value (a bare substring check could match a generated id by chance).
        Assert.DoesNotContain("value=\"1234\"", page.Markup);
        Assert.DoesNotContain("value=\"4321\"", page.Markup);
    }

    [Fact]
    public async Task Revealed_details_show_with_a_countdown_copy_through_the_clipboard_helper_and_hide_on_request()
    {
        var (_, cardId) = await Portal.SeedActiveCardAsync();
        var page = RenderAs(PortalRoles.Operations, cardId);
        StepUpNow(PortalRoles.Operations);

        OpenPanel(page, "#op-reveal", "#panel-reveal");
        page.Find("#reveal-reason").Input("customer request on a verified call");
        await page.Find("#panel-reveal form").SubmitAsync();
        page.WaitForAssertion(() => Assert.NotNull(page.Find("#revealed-pan")), TimeSpan.FromSeconds(30));
        var pan = page.Find("#revealed-pan").TextContent.Replace(" ", "");
        var countdown = int.Parse(page.Find("#reveal-countdown").TextContent);
        page.Find("#reveal-copy").Click();
        page.Find("#reveal-hide").Click();

        Assert.Matches(@"^\d{16}$", pan);
        Assert.InRange(countdown, 1, CardDetailPage.RevealSeconds);
        Assert.Equal(pan, JSInterop.VerifyInvoke("arthaAdmin.copyText").Arguments[0]);
        Assert.Empty(page.FindAll("#revealed-pan"));
        Assert.DoesNotContain(pan, page.Markup);
    }

    [Fact]
    public async Task Reveal_asks_for_a_step_up_first_and_cancelling_it_reveals_nothing_and_keeps_the_reason()
    {
        var (_, cardId) = await Portal.SeedActiveCardAsync();
        var page = RenderAs(PortalRoles.Operations, cardId);

        OpenPanel(page, "#op-reveal", "#panel-reveal");
        page.Find("#reveal-reason").Input("customer request on a verified call");
        _ = page.Find("#panel-reveal form").SubmitAsync();
        Dialogs.WaitForAssertion(() => Assert.Contains("To reveal the card details", Dialogs.Find("#step-up-purpose").TextContent), TimeSpan.FromSeconds(30));
        Assert.Empty(page.FindAll("#revealed-pan"));
        await Dialogs.Find("#step-up-cancel").ClickAsync(new());

        page.WaitForAssertion(() => Assert.Contains("Confirm it is you", page.Find("#op-failure").TextContent), TimeSpan.FromSeconds(30));
        Assert.Empty(page.FindAll("#revealed-pan"));
        Assert.DoesNotContain(await Portal.LatestAuditAsync(50), a => a.Action == "card.reveal" && a.TargetId == cardId && a.Outcome == Artha.Admin.Auditing.AuditOutcome.Succeeded);

        // Once stepped up (the dialog's password, given in the last five minutes), the same form reveals without asking:
        // the reason typed before was kept (the service refuses a reveal without one).
        StepUpNow(PortalRoles.Operations);
        await page.Find("#panel-reveal form").SubmitAsync();
        page.WaitForAssertion(() => Assert.NotNull(page.Find("#revealed-pan")), TimeSpan.FromSeconds(30));
        Assert.Empty(Dialogs.FindAll("#step-up-dialog"));
    }

    [Fact]
    public async Task A_physical_card_shows_where_it_ships_and_its_replacement_is_prefilled_with_the_customers_address()
    {
        var home = new Address { AddressLine1 = "221B Baker Street", City = "London", PostalCode = "NW1 6XE", Country = "GB" };
        var customerId = await Portal.CreateCustomerAsync(address: home);
        await Portal.ApproveKycAsync(customerId, CardTestData.PhysicalProductId);
        var card = await Portal.IssueActiveCardAsync(customerId, CardTestData.PhysicalProductId, CardTestData.Address(), PortalRoles.Operations);

        var page = RenderAs(PortalRoles.Operations, card.Id);
        Assert.Equal("1 High Street, Berlin, 10115, DE", page.Find("#card-shipping-address").TextContent);
        Assert.Equal("Inactive — issued, waiting to be activated", page.Find("#card-state").TextContent.Trim());
        Assert.True(Has(page, "#op-activate"));

        OpenPanel(page, "#op-replace", "#panel-replace");
        page.WaitForAssertion(() => Assert.Equal("221B Baker Street", page.Find("#replace-address-line1").GetAttribute("value")), TimeSpan.FromSeconds(30));
        Assert.Equal("NW1 6XE", page.Find("#replace-address-postal-code").GetAttribute("value"));
        Assert.Contains("customer's address", page.Find("#replace-address-note").TextContent);

        page.Find("#replace-reason").Input("damaged");
        // Not awaited here: the submit waits for the final confirmation answered below.
        var submitting = page.Find("#panel-replace form").SubmitAsync();
        Dialogs.WaitForAssertion(() => Assert.Contains("221B Baker Street, London, NW1 6XE, GB", Dialogs.Find("#replace-summary-address").TextContent), TimeSpan.FromSeconds(30));
        Dialogs.Find("#confirm-ok").Click();

        await submitting.WaitAsync(TimeSpan.FromSeconds(10));
        page.WaitForAssertion(() => Assert.NotNull(page.Find("#op-new-card")), TimeSpan.FromSeconds(30));
        var replacement = await CardAsync(page.Find("#op-new-card").GetAttribute("href")!.Split('/')[^1]);
        Assert.Equal("221B Baker Street, London, NW1 6XE, GB", replacement.ShippingAddress?.OneLine);
    }

    [Fact]
    public async Task A_failed_issuance_shows_Arthas_reason_and_offers_to_issue_a_new_card()
    {
        var customerId = await Portal.CreateCustomerAsync(emailTag: "+cardfail");
        await Portal.ApproveKycAsync(customerId, CardTestData.VirtualProductId);
        string cardId;
        await using (var support = Portal.ScopeAs(PortalRoles.Support))
        {
            cardId = (await support.ServiceProvider.GetRequiredService<ArthaService>().IssueCardAsync(new CardIssueRequest(customerId, CardTestData.VirtualProductId))).Id;
        }
        await Portal.WaitForCardStateAsync(cardId, "failed");

        var page = RenderAs(PortalRoles.Support, cardId);

        Assert.Equal("failed", page.Find("#card-status .status-badge").GetAttribute("data-status"));
        Assert.Contains("Card issuance failed at the provider", page.Find("#card-failure-reason").TextContent);
        var again = page.Find("#card-issue-again").GetAttribute("href")!;
        Assert.StartsWith("cards/new?", again);
        Assert.Contains($"customerId={customerId}", again);
        Assert.Contains($"productId={CardTestData.VirtualProductId}", again);
        Assert.False(Has(page, "#op-pin"));
    }

    [Fact]
    public async Task The_open_tab_is_in_the_address_and_a_link_to_a_tab_opens_it()
    {
        var (_, cardId) = await Portal.SeedActiveCardAsync();
        await using (var operations = Portal.ScopeAs(PortalRoles.Operations))
        {
            await operations.ServiceProvider.GetRequiredService<ArthaService>().FreezeCardAsync(cardId, "suspected fraud");
        }

        var page = RenderAs(PortalRoles.Support, cardId, "?tab=activity");

        page.WaitForAssertion(() => Assert.Contains(page.FindAll("#card-activity .activity-row"), r => r.TextContent.Contains("Freeze")), TimeSpan.FromSeconds(30));
        Assert.DoesNotContain(page.FindAll("#card-activity th"), th => th.TextContent == "Who"); // names only for the audit role
        var tabs = page.FindComponent<MudTabs>();
        await page.InvokeAsync(() => tabs.Instance.ActivatePanelAsync(0));
        Assert.DoesNotContain("tab=", Services.GetRequiredService<NavigationManager>().Uri);
        await page.InvokeAsync(() => tabs.Instance.ActivatePanelAsync(1));
        Assert.EndsWith("?tab=transactions", Services.GetRequiredService<NavigationManager>().Uri);
        page.WaitForAssertion(() => Assert.NotNull(page.Find("#card-transactions")));
    }
}
