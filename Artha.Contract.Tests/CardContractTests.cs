using System.Net;
using System.Text.RegularExpressions;
using Artha.Client.Errors;
using Artha.Client.Models;
using Artha.Client.Serialization;
using Artha.Contract.Tests.Infrastructure;

namespace Artha.Contract.Tests;

/// <summary>Cards, card operations and limits, client ↔ sandbox.</summary>
public class CardContractTests(SandboxFixture sandbox) : IClassFixture<SandboxFixture>
{
    private static readonly CancellationToken Ct = CancellationToken.None;

    [Fact]
    public async Task List_cards_filters_by_customer_status_and_type()
    {
        var (customer, first) = await sandbox.Scenarios.ActiveVirtualCardAsync();
        var second = await sandbox.Client.Cards.IssueAsync(new IssueCardRequest { CustomerId = customer.Id, ProductId = Products.GbpVirtual, Currency = "GBP" }, Ct);
        await sandbox.Scenarios.AwaitIssuanceAsync(second.Id);
        await sandbox.Client.CardOperations.FreezeAsync(second.Id, Ct);

        var frozen = await sandbox.Client.Cards.ListAsync(new CardListQuery { CustomerId = customer.Id, Status = CardStatus.Frozen, Type = CardType.Virtual }, Ct);
        var all = await sandbox.Client.Cards.ListAsync(new CardListQuery { CustomerId = customer.Id }, Ct);

        Assert.Equal(second.Id, Assert.Single(frozen.Items).Id);
        Assert.Equal(2, all.Total);
        Assert.Equal([second.Id, first.Id], all.Items.Select(c => c.Id));
    }

    [Fact]
    public async Task Sensitive_details_give_the_full_pan_behind_the_masked_number()
    {
        var (_, card) = await sandbox.Scenarios.ActiveVirtualCardAsync();

        var details = await sandbox.Client.Cards.GetSensitiveDetailsAsync(card.Id, Ct);

        // Checked without echoing card data into assertion messages.
        Assert.True(details.CardNumber is { Length: 16 } && details.CardNumber.All(char.IsAsciiDigit), "PAN is not 16 digits");
        Assert.True(card.CardNumberMasked!.EndsWith(details.Last4!, StringComparison.Ordinal), "masked number does not end with the PAN's last 4");
        Assert.True(details.Cvv is { Length: 3 } && details.Cvv.All(char.IsAsciiDigit), "CVV is not 3 digits");
        Assert.True(Regex.IsMatch(details.ExpiryDate ?? "", @"^(0[1-9]|1[0-2])/\d{2}$"), "expiry is not MM/YY");
        Assert.Equal("JANE DOE", details.CardholderName);
    }

    [Fact]
    public async Task Physical_card_is_issued_inactive_and_activates_with_the_mailer_code()
    {
        var customer = await sandbox.Scenarios.CreateCustomerAsync();
        var document = await sandbox.Client.Uploads.UploadAsync([new UploadFile("passport.jpg", new MemoryStream([1, 2, 3]), "image/jpeg")], Ct);
        var kyc = await sandbox.Scenarios.SubmitAndAwaitKycAsync(customer.Id, Products.EurPhysical, Scenarios.PhysicalKyc(customer, document[0].FileUrl));
        Assert.Equal(KycStatus.Approved, kyc.Final.ApplicantStatus);
        var issued = await sandbox.Client.Cards.IssueAsync(new IssueCardRequest
        {
            CustomerId = customer.Id, ProductId = Products.EurPhysical, Currency = "EUR", ShippingAddress = Scenarios.Shipping,
        }, Ct);
        var card = (await sandbox.Scenarios.AwaitIssuanceAsync(issued.Id)).Final;
        Assert.Equal(CardType.Physical, card.CardType);
        Assert.Equal(CardState.Active, card.State);
        Assert.Equal(CardStatus.Inactive, card.Status);

        var activated = await sandbox.Client.CardOperations.ActivateAsync(card.Id, new ActivateCardRequest { ActivationCode = "123456" }, Ct);

        Assert.Equal(CardAction.Activate, activated.Action);
        Assert.Equal("active", activated.Status);
        Assert.Equal(CardStatus.Active, (await sandbox.Client.Cards.GetAsync(card.Id, Ct)).Status);
    }

    [Fact]
    public async Task Freeze_then_unfreeze_moves_the_card_to_frozen_and_back_to_active()
    {
        var (_, card) = await sandbox.Scenarios.ActiveVirtualCardAsync();

        var frozen = await sandbox.Client.CardOperations.FreezeAsync(card.Id, Ct);
        var statusWhileFrozen = (await sandbox.Client.Cards.GetAsync(card.Id, Ct)).Status;
        var unfrozen = await sandbox.Client.CardOperations.UnfreezeAsync(card.Id, Ct);

        Assert.Equal((CardAction.Freeze, "frozen"), (frozen.Action!.Value, frozen.Status));
        Assert.Equal(CardStatus.Frozen, statusWhileFrozen);
        Assert.Equal((CardAction.Unfreeze, "active"), (unfrozen.Action!.Value, unfrozen.Status));
        Assert.Equal(CardStatus.Active, (await sandbox.Client.Cards.GetAsync(card.Id, Ct)).Status);
    }

    [Fact]
    public async Task Cancel_makes_the_card_cancelled()
    {
        var (customer, card) = await sandbox.Scenarios.ActiveVirtualCardAsync();

        var cancelled = await sandbox.Client.CardOperations.CancelAsync(card.Id, new CancelCardRequest { Reason = "lost" }, Ct);

        Assert.Equal(CardAction.Cancel, cancelled.Action);
        Assert.Equal("cancelled", cancelled.Status);
        Assert.Equal(customer.Id, cancelled.CustomerId);
        Assert.Equal(CardStatus.Cancelled, (await sandbox.Client.Cards.GetAsync(card.Id, Ct)).Status);
    }

    [Fact]
    public async Task Freezing_a_cancelled_card_is_a_409_invalid_card_state()
    {
        var (_, card) = await sandbox.Scenarios.ActiveVirtualCardAsync();
        await sandbox.Client.CardOperations.CancelAsync(card.Id, new CancelCardRequest { Reason = "fraud" }, Ct);

        var error = await Assert.ThrowsAsync<ArthaApiException>(() => sandbox.Client.CardOperations.FreezeAsync(card.Id, Ct));

        Assert.Equal(HttpStatusCode.Conflict, error.StatusCode);
        Assert.Equal("INVALID_CARD_STATE", error.ErrorCode);
    }

    [Fact]
    public async Task Replace_cancels_the_card_and_issues_a_new_one_that_becomes_active()
    {
        var (customer, card) = await sandbox.Scenarios.ActiveVirtualCardAsync();

        var replaced = await sandbox.Client.CardOperations.ReplaceAsync(card.Id, new ReplaceCardRequest { Reason = "Card damaged beyond use" }, Ct);

        Assert.NotNull(replaced);
        Assert.Equal(CardAction.Replace, replaced.Action);
        Assert.False(string.IsNullOrEmpty(replaced.TaskId));
        Assert.Equal(CardStatus.Cancelled, (await sandbox.Client.Cards.GetAsync(card.Id, Ct)).Status);
        var newCard = (await sandbox.Scenarios.AwaitIssuanceAsync(replaced.NewCardId!)).Final;
        Assert.Equal((CardState.Active, CardStatus.Active), (newCard.State!.Value, newCard.Status));
        Assert.Equal(customer.Id, newCard.CustomerId);
        Assert.NotEqual(card.CardNumberMasked, newCard.CardNumberMasked);
    }

    [Fact]
    public async Task Set_pin_is_acknowledged_with_the_set_pin_action()
    {
        var (_, card) = await sandbox.Scenarios.ActiveVirtualCardAsync();

        var result = await sandbox.Client.CardOperations.SetPinAsync(card.Id, "4821", Ct);

        Assert.Equal(CardAction.SetPin, result.Action);
        Assert.Equal(card.Id, result.CardId);
        Assert.DoesNotContain("4821", result.Message ?? "");
    }

    [Fact]
    public async Task Limits_of_a_new_card_are_the_product_defaults_in_the_card_currency()
    {
        var (_, card) = await sandbox.Scenarios.ActiveVirtualCardAsync();

        var limits = await sandbox.Client.Limits.GetAsync(card.Id, Ct);

        Assert.Equal((1000m, 5000m, 500m, 50000m), (limits.DailyLimit, limits.MonthlyLimit, limits.PerTransactionLimit, limits.YearlyLimit));
        Assert.Null(limits.LifetimeLimit);
        Assert.Equal("GBP", limits.Currency);
    }

    [Fact]
    public async Task Limits_update_changes_sent_limits_keeps_absent_ones_and_resets_null_ones_to_the_default()
    {
        var (_, card) = await sandbox.Scenarios.ActiveVirtualCardAsync();
        await sandbox.Client.Limits.UpdateAsync(card.Id, new UpdateCardLimitsRequest { DailyLimit = 750m, MonthlyLimit = 2500m }, Ct);

        var updated = await sandbox.Client.Limits.UpdateAsync(card.Id, new UpdateCardLimitsRequest
        {
            MonthlyLimit = Optional.Null<decimal?>(),
            PerTransactionLimit = 100m,
        }, Ct);

        Assert.Equal(750m, updated.DailyLimit);
        Assert.Equal(5000m, updated.MonthlyLimit);
        Assert.Equal(100m, updated.PerTransactionLimit);
        // Every response has its own request id; the limits themselves must read back the same.
        var readBack = await sandbox.Client.Limits.GetAsync(card.Id, Ct);
        Assert.NotEqual(updated.RequestId, readBack.RequestId);
        Assert.Equal(
            (updated.DailyLimit, updated.MonthlyLimit, updated.PerTransactionLimit, updated.AtmWithdrawalLimit, updated.YearlyLimit, updated.LifetimeLimit, updated.Currency),
            (readBack.DailyLimit, readBack.MonthlyLimit, readBack.PerTransactionLimit, readBack.AtmWithdrawalLimit, readBack.YearlyLimit, readBack.LifetimeLimit, readBack.Currency));
    }
}
