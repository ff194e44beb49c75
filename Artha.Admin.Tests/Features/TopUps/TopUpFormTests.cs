using System.Globalization;
using System.Net.Http.Json;
using Artha.Admin.Auditing;
using Artha.Admin.Data;
using Artha.Admin.Features.TopUps;
using Artha.Admin.Features.TopUps.Rules;
using Artha.Admin.Security;
using Artha.Admin.Services;
using Artha.Admin.Tests.Cards;
using Artha.Admin.Tests.Infrastructure;
using Bunit;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Web;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.DependencyInjection;

namespace Artha.Admin.Tests.Features.TopUps;

/// <summary>
/// The top-up form on MudBlazor: the one amount rule (form and service), the step and values kept across a refresh,
/// cards whose status forbids a top-up, an amount the merchant balance does not cover, and the outcome's wording.
/// </summary>
public class TopUpFormTests(PortalFactory portal) : PortalPageTestBase(portal), IClassFixture<PortalFactory>
{
    /// <summary>Inputs the rule refuses as typed (never rewritten into another number), with what the message says.</summary>
    public static TheoryData<string, string> RefusedInputs => new()
    {
        { "-10", "positive amount" },
        { "0", "greater than zero" },
        { "0.001", "at most 2 decimal places" },
        { "12,50", "Commas are not accepted" },
        { "1e3", "digits with an optional dot" },
        { "50000.01", "at most £50,000.00" },
        { "", "Enter the amount" },
    };

    private async Task<(string CardId, string Currency)> FreshCardAsync()
    {
        var (_, cardId) = await Portal.SeedActiveCardAsync();
        await using var scope = Portal.ScopeAs(PortalRoles.Finance);
        var card = await scope.ServiceProvider.GetRequiredService<ArthaService>().PrepareTopUpAsync(cardId);
        return (cardId, card.Currency);
    }

    private IRenderedComponent<TopUpForm> OpenForm(string cardId)
    {
        var form = RenderWithProviders<TopUpForm>(p => p.Add(f => f.CardId, cardId));
        form.WaitForAssertion(() => Assert.Single(form.FindAll("#topup-form")), TimeSpan.FromSeconds(30));
        return form;
    }

    private Uri Address => new(Services.GetRequiredService<NavigationManager>().Uri);

    [Theory]
    [MemberData(nameof(RefusedInputs))]
    public async Task The_form_refuses_an_amount_the_rule_refuses_says_why_and_keeps_the_input(string typed, string why)
    {
        var (cardId, _) = await FreshCardAsync();
        SignInAs(PortalRoles.Finance);
        NavigateTo($"topups/new?cardId={cardId}");
        var form = OpenForm(cardId);

        await form.Find("#topup-amount").ChangeAsync(new ChangeEventArgs { Value = typed });
        await form.Find("#topup-form").SubmitAsync();

        Assert.Contains(why, form.Find("#topup-amount-error").TextContent);
        Assert.Empty(form.FindAll("#topup-confirmation"));
        Assert.Equal(typed, form.Find("#topup-amount").GetAttribute("value") ?? "");
    }

    [Fact]
    public async Task An_amount_with_a_dot_and_two_decimals_is_accepted_as_typed()
    {
        var (cardId, currency) = await FreshCardAsync();
        SignInAs(PortalRoles.Finance);
        NavigateTo($"topups/new?cardId={cardId}");
        var form = OpenForm(cardId);

        await form.Find("#topup-amount").ChangeAsync(new ChangeEventArgs { Value = "12.50" });
        await form.Find("#topup-form").SubmitAsync();

        form.WaitForAssertion(() => Assert.Single(form.FindAll("#topup-confirmation")));
        Assert.Equal(new Artha.Admin.Services.Money(12.50m, currency).ToString(), form.Find("#confirm-amount").TextContent.Trim());
        Assert.False(form.Find("#topup-confirm").HasAttribute("disabled"));
    }

    [Theory]
    [InlineData("-10", false)]
    [InlineData("0", false)]
    [InlineData("0.001", false)]
    [InlineData("12,50", false)]
    [InlineData("1e3", false)]
    [InlineData("50000.01", false)]
    [InlineData("12.50", true)]
    public void The_rule_accepts_only_a_plain_positive_amount_with_at_most_the_currencys_decimals(string typed, bool accepted)
    {
        var check = AmountRule.Check(typed, "GBP");

        Assert.Equal(accepted, check.IsValid);
        Assert.Equal(accepted, check.Error is null);
        if (accepted)
        {
            Assert.Equal(decimal.Parse(typed, CultureInfo.InvariantCulture), check.Amount);
        }
        Assert.Equal("1250", AmountRule.Check("1250", "JPY").Amount?.ToString(CultureInfo.InvariantCulture));
        Assert.False(AmountRule.Check("12.5", "JPY").IsValid);
    }

    [Theory]
    [InlineData("-10")]
    [InlineData("0")]
    [InlineData("0.001")]
    [InlineData("50000.01")]
    public async Task The_service_refuses_what_the_rule_refuses_before_anything_is_saved_or_sent(string amount)
    {
        var (cardId, currency) = await FreshCardAsync();
        var before = await Portal.SandboxTopUpCountAsync(cardId);
        await using var scope = Portal.ScopeAs(PortalRoles.Finance);
        var key = ArthaService.NewIdempotencyKey();

        var error = await Assert.ThrowsAsync<ArthaOperationException>(() => scope.ServiceProvider.GetRequiredService<ArthaService>()
            .TopUpAsync(key, cardId, decimal.Parse(amount, CultureInfo.InvariantCulture), currency));

        Assert.Equal(AmountRule.Check(decimal.Parse(amount, CultureInfo.InvariantCulture), currency).Error, Assert.Single(error.FieldErrors["amount"]));
        Assert.Equal(before, await Portal.SandboxTopUpCountAsync(cardId));
        Assert.Empty(await Portal.IntentsAsync(i => i.IdempotencyKey == key));
    }

    [Fact]
    public async Task A_refresh_on_the_confirmation_step_reopens_it_with_the_same_amount_and_key()
    {
        var (cardId, currency) = await FreshCardAsync();
        SignInAs(PortalRoles.Finance);
        NavigateTo($"topups/new?cardId={cardId}");
        var form = OpenForm(cardId);
        await form.Find("#topup-amount").ChangeAsync(new ChangeEventArgs { Value = "33.10" });
        await form.Find("#topup-form").SubmitAsync();
        form.WaitForAssertion(() => Assert.Single(form.FindAll("#topup-confirmation")));
        var query = QueryHelpers.ParseQuery(Address.Query);
        Assert.Equal(("33.10", "confirm"), (query["amount"].ToString(), query["step"].ToString()));
        var key = query["key"].ToString();
        Assert.Equal(32, key.Length);

        // A refresh: the same address, a new component.
        // (The first form stays rendered, like a second tab: the address is what carries the state.)
        var reopened = RenderWithProviders<TopUpForm>(p => p.Add(f => f.CardId, cardId));

        reopened.WaitForAssertion(() => Assert.Single(reopened.FindAll("#topup-confirmation")), TimeSpan.FromSeconds(30));
        Assert.Equal(new Artha.Admin.Services.Money(33.10m, currency).ToString(), reopened.Find("#confirm-amount").TextContent.Trim());
        Assert.Equal(key, QueryHelpers.ParseQuery(Address.Query)["key"].ToString());

        // "Change amount" goes back to the amount, still holding it.
        await reopened.Find("#topup-change").ClickAsync(new MouseEventArgs());
        Assert.Equal("33.10", reopened.Find("#topup-amount").GetAttribute("value"));
        Assert.False(QueryHelpers.ParseQuery(Address.Query).ContainsKey("step"));
    }

    [Fact]
    public async Task A_top_up_above_the_step_up_amount_asks_for_the_password_first_and_cancelling_sends_nothing_and_keeps_the_amount()
    {
        var (cardId, currency) = await FreshCardAsync();
        var before = await Portal.SandboxTopUpCountAsync(cardId);
        SignInAs(PortalRoles.Finance);
        NavigateTo($"topups/new?cardId={cardId}");
        var form = OpenForm(cardId);
        await form.Find("#topup-amount").ChangeAsync(new ChangeEventArgs { Value = "1500.00" });
        await form.Find("#topup-form").SubmitAsync();
        form.WaitForAssertion(() => Assert.Single(form.FindAll("#topup-confirmation")));

        _ = form.Find("#topup-confirm").ClickAsync(new MouseEventArgs());
        Dialogs.WaitForAssertion(() => Assert.Contains("To confirm this large top-up", Dialogs.Find("#step-up-purpose").TextContent), TimeSpan.FromSeconds(30));
        await Dialogs.Find("#step-up-cancel").ClickAsync(new MouseEventArgs());

        form.WaitForAssertion(() => Assert.Contains("The top-up was not sent. Confirm it is you", form.Find("#topup-error").TextContent), TimeSpan.FromSeconds(30));
        Assert.Equal(before, await Portal.SandboxTopUpCountAsync(cardId));
        Assert.Single(form.FindAll("#topup-confirm"));

        // Stepped up (the password given in the last five minutes): the same confirmation goes through without asking.
        StepUpNow(PortalRoles.Finance);
        await form.Find("#topup-confirm").ClickAsync(new MouseEventArgs());
        form.WaitForAssertion(() => Assert.Single(form.FindAll("#topup-outcome")), TimeSpan.FromSeconds(30));
        Assert.Contains(new Artha.Admin.Services.Money(1500m, currency).ToString(), form.Find("#topup-outcome-message").TextContent);
        Assert.Equal(before + 1, await Portal.SandboxTopUpCountAsync(cardId));
    }

    [Fact]
    public async Task A_refresh_after_confirming_shows_that_outcome_and_never_offers_to_send_it_again()
    {
        var (cardId, currency) = await FreshCardAsync();
        var before = await Portal.SandboxTopUpCountAsync(cardId);
        SignInAs(PortalRoles.Finance);
        NavigateTo($"topups/new?cardId={cardId}");
        var form = OpenForm(cardId);
        await form.Find("#topup-amount").ChangeAsync(new ChangeEventArgs { Value = "14.00" });
        await form.Find("#topup-form").SubmitAsync();
        await form.Find("#topup-confirm").ClickAsync(new MouseEventArgs());
        form.WaitForAssertion(() => Assert.Single(form.FindAll("#topup-outcome")), TimeSpan.FromSeconds(30));

        // (The first form stays rendered, like a second tab: the address is what carries the state.)
        var reopened = RenderWithProviders<TopUpForm>(p => p.Add(f => f.CardId, cardId));

        reopened.WaitForAssertion(() => Assert.Single(reopened.FindAll("#topup-outcome")), TimeSpan.FromSeconds(30));
        Assert.Empty(reopened.FindAll("#topup-confirm"));
        Assert.Contains("not sent again", reopened.Find("#topup-outcome-message").TextContent);
        Assert.Contains(new Artha.Admin.Services.Money(14m, currency).ToString(), reopened.Find("#topup-outcome-message").TextContent);
        Assert.Equal(before + 1, await Portal.SandboxTopUpCountAsync(cardId));
    }

    [Theory]
    [InlineData(false, "frozen")]
    [InlineData(true, "cancelled")]
    public async Task A_frozen_or_cancelled_card_is_not_offered_a_top_up_and_the_service_refuses_one(bool cancel, string status)
    {
        var (cardId, currency) = await FreshCardAsync();
        await Portal.StopCardAsync(cardId, cancel);
        var before = await Portal.SandboxTopUpCountAsync(cardId);
        SignInAs(PortalRoles.Finance);

        var form = RenderWithProviders<TopUpForm>(p => p.Add(f => f.CardId, cardId));

        form.WaitForAssertion(() => Assert.Contains($"This card is {status}", form.Find("#topup-card-refused").TextContent), TimeSpan.FromSeconds(30));
        Assert.Empty(form.FindAll("#topup-form"));
        // The card's own history does not offer "Top up this card" either.
        var history = RenderWithProviders<TopUpHistoryGrid>(p => p.Add(g => g.CardId, cardId));
        history.WaitForAssertion(() => Assert.Contains($"This card is {status}", history.Find("#topup-not-offered").TextContent), TimeSpan.FromSeconds(30));
        Assert.Empty(history.FindAll("#topup-this-card"));
        await using var scope = Portal.ScopeAs(PortalRoles.Finance);
        var error = await Assert.ThrowsAsync<ArthaOperationException>(() =>
            scope.ServiceProvider.GetRequiredService<ArthaService>().TopUpAsync(ArthaService.NewIdempotencyKey(), cardId, 10m, currency));
        Assert.True(error.FieldErrors.ContainsKey("card"));
        Assert.Contains("Nothing was sent", error.Message);
        Assert.Equal(before, await Portal.SandboxTopUpCountAsync(cardId));
        Assert.Equal(AuditOutcome.Refused, (await Portal.LatestAuditAsync()).First(a => a.Action == "topup.create").Outcome);
    }

    [Fact]
    public async Task An_amount_the_merchant_balance_does_not_cover_cannot_be_confirmed_and_the_service_refuses_it()
    {
        var (cardId, currency) = await FreshCardAsync();
        using var control = Portal.SandboxControl();
        var opening = (await control.GetFromJsonAsync<System.Text.Json.JsonElement>("/_sandbox/merchant-balance")).GetProperty("balances")
            .EnumerateArray().First(b => b.GetProperty("currency").GetString() == currency).GetProperty("available").GetDecimal();
        (await control.PutAsJsonAsync("/_sandbox/merchant-balance", new { currency, available = 20m })).EnsureSuccessStatusCode();
        try
        {
            SignInAs(PortalRoles.Finance);
            NavigateTo($"topups/new?cardId={cardId}");
            var form = OpenForm(cardId);

            await form.Find("#topup-amount").ChangeAsync(new ChangeEventArgs { Value = "25.00" });
            await form.Find("#topup-form").SubmitAsync();

            Assert.Contains("Artha would reject", form.Find("#topup-amount-error").TextContent);
            Assert.Empty(form.FindAll("#topup-confirm"));
            await using var scope = Portal.ScopeAs(PortalRoles.Finance);
            var error = await Assert.ThrowsAsync<ArthaOperationException>(() =>
                scope.ServiceProvider.GetRequiredService<ArthaService>().TopUpAsync(ArthaService.NewIdempotencyKey(), cardId, 25m, currency));
            Assert.Contains("merchant balance is only", Assert.Single(error.FieldErrors["amount"]));
        }
        finally
        {
            (await control.PutAsJsonAsync("/_sandbox/merchant-balance", new { currency, available = opening })).EnsureSuccessStatusCode();
        }
    }

    [Fact]
    public async Task A_rejected_top_up_shows_the_rejection_and_its_reason_never_the_pending_wording_and_is_audited_as_failed()
    {
        var (cardId, currency) = await FreshCardAsync();
        SignInAs(PortalRoles.Finance);
        NavigateTo($"topups/new?cardId={cardId}");
        var form = OpenForm(cardId);
        // The sandbox rejects an amount ending in .13 once it settles.
        await form.Find("#topup-amount").ChangeAsync(new ChangeEventArgs { Value = "10.13" });
        await form.Find("#topup-form").SubmitAsync();
        await form.Find("#topup-confirm").ClickAsync(new MouseEventArgs());

        form.WaitForAssertion(() => Assert.Equal("rejected", form.Find("#topup-outcome-status .status-badge").GetAttribute("data-status")), TimeSpan.FromSeconds(30));
        form.WaitForAssertion(() => Assert.Contains("amount ending in .13", form.Find("#topup-outcome-message").TextContent), TimeSpan.FromSeconds(30));
        var message = form.Find("#topup-outcome-message").TextContent;
        Assert.Equal("Top-up rejected", form.Find("#topup-outcome-title").TextContent.Trim());
        Assert.DoesNotContain("pending", message);
        Assert.DoesNotContain("..", message);
        Assert.Contains("rejected", message);

        var intent = Assert.Single(await Portal.IntentsAsync(i => i.CardId == cardId));
        Assert.Equal(TopUpIntentState.Rejected, intent.State);
        var created = (await Portal.LatestAuditAsync(100)).First(a => a.Action == "topup.create" && a.Detail!.Contains(intent.Id.ToString()));
        Assert.Equal(AuditOutcome.Failed, created.Outcome);
        Assert.Contains("rejected by Artha", created.Detail);
    }

    [Fact]
    public void The_outcome_wording_follows_artha_s_status_and_a_reason_ends_in_one_full_stop()
    {
        var money = new Artha.Admin.Services.Money(42.50m, "GBP");

        var pending = ArthaService.TopUpStatusMessage(money, "••4242", "pending", null);
        var approved = ArthaService.TopUpStatusMessage(money, "••4242", "APPROVED", null);
        var rejected = ArthaService.TopUpStatusMessage(money, "••4242", "rejected", "Insufficient merchant portal balance.");

        Assert.Contains("sent to Artha and is pending", pending);
        Assert.DoesNotContain("pending", approved);
        Assert.StartsWith("Artha approved the top-up of £42.50 to card ••4242", approved);
        Assert.Contains("Insufficient merchant portal balance. The card was not funded.", rejected);
        Assert.DoesNotContain("..", rejected);
    }
}
