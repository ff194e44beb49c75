using MudBlazor.Services;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Artha.Admin.Components.Pages.Cards;
using Artha.Admin.Components.UI;
using Artha.Admin.LiveStatus;
using Artha.Admin.Security;
using Artha.Admin.Services;
using Artha.Admin.Tests.Infrastructure;
using Bunit;
using Microsoft.Extensions.DependencyInjection;
using Radzen;

namespace Artha.Admin.Tests.Cards;

/// <summary>The card page against a real ArthaService (signed in as the role) and the embedded sandbox.</summary>
public class CardDetailPageTests : BunitContext, IClassFixture<PortalFactory>, IAsyncLifetime
{
    private readonly PortalFactory portal;
    private AsyncServiceScope? scope;

    public CardDetailPageTests(PortalFactory portal)
    {
        this.portal = portal;
        Services.AddRadzenComponents();
        Services.AddMudServices();
        Services.TryAddSingleton(TimeProvider.System);
        JSInterop.Mode = JSRuntimeMode.Loose;
    }

    Task IAsyncLifetime.InitializeAsync() => Task.CompletedTask;

    async Task IAsyncLifetime.DisposeAsync()
    {
        if (scope is { } s)
        {
            await s.DisposeAsync();
        }
        // The embedded money grids are MudBlazor: its popover services only dispose asynchronously.
        await DisposeAsync();
    }

    private IRenderedComponent<CardDetailPage> RenderAs(string role, string cardId)
    {
        var roleScope = portal.ScopeAs(role);
        scope = roleScope;
        Services.AddSingleton(roleScope.ServiceProvider.GetRequiredService<ArthaService>());
        Services.AddSingleton(portal.Services.GetRequiredService<IStatusEventStream>());
        Services.AddScoped<PortalNotifier>();
        AddAuthorization().SetAuthorized($"{role.ToLowerInvariant()}@artha.local").SetRoles(role);
        var page = Render<CardDetailPage>(p => p.Add(x => x.CardId, cardId));
        // Wait for every load (card, balance, limits) so no later render races the test's clicks.
        page.WaitForAssertion(() =>
        {
            Assert.NotNull(page.Find("#balance-total"));
            Assert.NotNull(page.Find("#card-limits dl, #limits-form"));
        }, TimeSpan.FromSeconds(10));
        return page;
    }

    private static bool Has(IRenderedComponent<CardDetailPage> page, string selector) => page.FindAll(selector).Count > 0;

    private static void OpenPanel(IRenderedComponent<CardDetailPage> page, string button, string panel)
    {
        page.Find(button).Click();
        page.WaitForAssertion(() => Assert.NotNull(page.Find(panel)), TimeSpan.FromSeconds(5));
    }

    [Fact]
    public async Task A_replaced_card_links_the_card_that_replaced_it()
    {
        var (_, cardId) = await portal.SeedActiveCardAsync();
        string newCardId;
        await using (var operations = portal.ScopeAs(PortalRoles.Operations))
        {
            newCardId = (await operations.ServiceProvider.GetRequiredService<ArthaService>().ReplaceCardAsync(cardId, "damaged", null)).NewCardId!;
        }

        var page = RenderAs(PortalRoles.Support, cardId);

        page.WaitForAssertion(() => Assert.EndsWith($"cards/{newCardId}", page.Find("a#card-replaced-by").GetAttribute("href")), TimeSpan.FromSeconds(10));
        Assert.False(Has(page, "#card-replaces"));
    }

    [Fact]
    public async Task Support_sees_set_pin_but_no_freeze_cancel_replace_or_reveal()
    {
        var (_, cardId) = await portal.SeedActiveCardAsync();

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
        var (_, cardId) = await portal.SeedActiveCardAsync();

        var page = RenderAs(PortalRoles.Operations, cardId);

        Assert.True(Has(page, "#op-freeze"));
        Assert.True(Has(page, "#op-cancel"));
        Assert.True(Has(page, "#op-replace"));
        Assert.True(Has(page, "#op-reveal"));
        Assert.True(Has(page, "#op-pin"));
        Assert.False(Has(page, "#op-unfreeze"));
        Assert.True(Has(page, "#limits-form"));
    }

    [Fact]
    public async Task Finance_sees_the_card_balance_and_limits_but_no_operation()
    {
        var (_, cardId) = await portal.SeedActiveCardAsync();

        var page = RenderAs(PortalRoles.Finance, cardId);

        Assert.False(Has(page, "#card-operations"));
        Assert.Empty(page.FindAll("[id^=op-]"));
        Assert.True(Has(page, "#limits-view"));
        page.WaitForAssertion(() => Assert.NotEmpty(page.Find("#balance-total").TextContent), TimeSpan.FromSeconds(10));
        Assert.Matches(@"^•••• •••• •••• \d{4}$", page.Find("#card-masked-number").TextContent);
    }

    [Fact]
    public async Task The_customer_link_names_the_cardholder_and_keeps_the_id_as_its_title()
    {
        var (customerId, cardId) = await portal.SeedActiveCardAsync();
        await using var reader = portal.ScopeAs(PortalRoles.Support);
        var customer = await reader.ServiceProvider.GetRequiredService<ArthaService>().GetCustomerAsync(customerId);

        var page = RenderAs(PortalRoles.Support, cardId);

        page.WaitForAssertion(() => Assert.Equal(customer.DisplayName, page.Find("#card-customer").TextContent.Trim()), TimeSpan.FromSeconds(10));
        Assert.NotEqual(customerId, customer.DisplayName);
        Assert.Equal(customerId, page.Find("#card-customer").GetAttribute("title"));
        Assert.EndsWith($"customers/{customerId}", page.Find("#card-customer").GetAttribute("href"));
    }

    [Fact]
    public async Task Cancel_stays_disabled_until_the_last_four_digits_or_CANCEL_are_typed()
    {
        var (_, cardId) = await portal.SeedActiveCardAsync();
        var page = RenderAs(PortalRoles.Operations, cardId);
        var last4 = page.Find("#card-masked-number").TextContent[^4..];

        OpenPanel(page, "#op-cancel", "#panel-cancel");
        page.Find("#cancel-reason").Input("customer request");
        bool Disabled() => page.Find("#cancel-submit").HasAttribute("disabled");

        Assert.True(Disabled());
        page.Find("#cancel-confirmation").Input(last4);
        page.WaitForAssertion(() => Assert.False(Disabled()), TimeSpan.FromSeconds(5));
        page.Find("#cancel-confirmation").Input("0000" == last4 ? "1111" : "0000");
        page.WaitForAssertion(() => Assert.True(Disabled()), TimeSpan.FromSeconds(5));
        page.Find("#cancel-confirmation").Input("CANCEL");
        page.WaitForAssertion(() => Assert.False(Disabled()), TimeSpan.FromSeconds(5));
    }

    [Fact]
    public async Task Submitting_the_cancel_form_with_the_wrong_confirmation_cancels_nothing()
    {
        var (_, cardId) = await portal.SeedActiveCardAsync();
        var page = RenderAs(PortalRoles.Operations, cardId);

        OpenPanel(page, "#op-cancel", "#panel-cancel");
        page.Find("#cancel-reason").Input("customer request");
        page.Find("#cancel-confirmation").Input("cancel it");
        await page.Find("#panel-cancel form").SubmitAsync();

        page.WaitForAssertion(() => Assert.Contains("CANCEL", page.Find("#error-confirmation").TextContent));
        await using var check = portal.ScopeAs(PortalRoles.Support);
        Assert.Equal("active", (await check.ServiceProvider.GetRequiredService<ArthaService>().GetCardAsync(cardId)).Status);
    }

    [Fact]
    public async Task The_pin_fields_are_emptied_after_a_submit_and_a_mismatch_is_explained()
    {
        var (_, cardId) = await portal.SeedActiveCardAsync();
        var page = RenderAs(PortalRoles.Support, cardId);

        OpenPanel(page, "#op-pin", "#panel-pin");
        page.Find("#pin").Change("1234");
        page.Find("#pin-confirmation").Change("4321");
        await page.Find("#panel-pin form").SubmitAsync();

        page.WaitForAssertion(() => Assert.Contains("Does not match", page.Find("#error-pinConfirmation").TextContent), TimeSpan.FromSeconds(10));
        Assert.Equal("", page.Find("#pin").GetAttribute("value") ?? "");
        Assert.Equal("", page.Find("#pin-confirmation").GetAttribute("value") ?? "");
        // Not echoed anywhere as a field value (a bare substring check could match a generated id by chance).
        Assert.DoesNotContain("value=\"1234\"", page.Markup);
        Assert.DoesNotContain("value=\"4321\"", page.Markup);
    }
    [Fact]
    public async Task Revealed_details_show_with_a_countdown_copy_through_the_clipboard_helper_and_hide_on_request()
    {
        var (_, cardId) = await portal.SeedActiveCardAsync();
        var page = RenderAs(PortalRoles.Operations, cardId);

        OpenPanel(page, "#op-reveal", "#panel-reveal");
        page.Find("#reveal-reason").Change("customer request on a verified call");
        await page.Find("#panel-reveal form").SubmitAsync();
        page.WaitForAssertion(() => Assert.NotNull(page.Find("#revealed-pan")), TimeSpan.FromSeconds(10));
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
}
