using Artha.Admin.Auditing;
using Artha.Admin.Data;
using Artha.Admin.Features.Cards.Rules;
using Artha.Admin.LiveStatus;
using Artha.Admin.Security;
using Artha.Client.Errors;
using Artha.Client.Models;

namespace Artha.Admin.Services;

public sealed partial class ArthaService
{
    public const int CardReasonMaxLength = 500;

    /// <summary>What the step-up dialog names before revealing card details.</summary>
    public const string RevealCardPurpose = "reveal the card details";

    /// <summary>What the step-up dialog names before cancelling a card.</summary>
    public const string CancelCardPurpose = "cancel the card";

    /// <summary>Activates an issued card; a physical card needs the activation code from its mailer. Needs <see cref="Permission.Onboard"/>.</summary>
    public async Task<CardOperationOutcome> ActivateCardAsync(string cardId, string? activationCode, CancellationToken cancellationToken = default)
    {
        const string action = "card.activate";
        await RequireAsync(Permission.Onboard, action, CardTarget(cardId));
        var card = await LoadCardForChangeAsync(action, cardId, cancellationToken);
        await RequireAllowedAsync(action, card, CardOperation.Activate, cancellationToken);
        var code = activationCode?.Trim();
        if (card.IsPhysical && string.IsNullOrEmpty(code))
        {
            throw LocalValidation("A physical card is activated with the code from its mailer. Enter the activation code and try again.",
                new Dictionary<string, string[]> { ["activationCode"] = ["Enter the activation code."] });
        }
        if (code is { Length: > ArthaInputLimits.ActivationCode })
        {
            throw ArthaInputLimits.TooLong("activationCode", "activation code", ArthaInputLimits.ActivationCode, code.Length,
                "Enter the code exactly as the card's mailer shows it.");
        }
        var result = await ChangeAsync(Permission.Onboard, action, CardTarget(cardId),
            card.IsPhysical ? "activate physical card with activation code" : "activate virtual card",
            ct => artha.CardOperations.ActivateAsync(cardId, card.IsPhysical ? new ActivateCardRequest { ActivationCode = code } : null, ct), cancellationToken);
        return await CompleteOperationAsync(card, result, CardStatus.Active.Value, "activated");
    }

    /// <summary>
    /// Freezes an active card; the reason, when given, goes to the audit trail (the card page always asks for one).
    /// Needs <see cref="Permission.ControlCards"/>.
    /// </summary>
    public async Task<CardOperationOutcome> FreezeCardAsync(string cardId, string? reason = null, CancellationToken cancellationToken = default)
    {
        const string action = "card.freeze";
        await RequireAsync(Permission.ControlCards, action, CardTarget(cardId));
        var cleanReason = reason is null ? null : RequireReason(reason, "Say why the card is frozen (e.g. suspected fraud, customer request).");
        var card = await LoadCardForChangeAsync(action, cardId, cancellationToken);
        await RequireAllowedAsync(action, card, CardOperation.Freeze, cancellationToken);
        var result = await ChangeAsync(Permission.ControlCards, action, CardTarget(cardId), WithReason($"freeze {card.ShortName}", cleanReason),
            ct => artha.CardOperations.FreezeAsync(cardId, ct), cancellationToken);
        return await CompleteOperationAsync(card, result, CardStatus.Frozen.Value, "frozen");
    }

    /// <summary>
    /// Unfreezes a frozen card; the reason, when given, goes to the audit trail. Needs <see cref="Permission.ControlCards"/>.
    /// </summary>
    public async Task<CardOperationOutcome> UnfreezeCardAsync(string cardId, string? reason = null, CancellationToken cancellationToken = default)
    {
        const string action = "card.unfreeze";
        await RequireAsync(Permission.ControlCards, action, CardTarget(cardId));
        var cleanReason = reason is null ? null : RequireReason(reason, "Say why the card is unfrozen (e.g. the customer found the card).");
        var card = await LoadCardForChangeAsync(action, cardId, cancellationToken);
        await RequireAllowedAsync(action, card, CardOperation.Unfreeze, cancellationToken);
        var result = await ChangeAsync(Permission.ControlCards, action, CardTarget(cardId), WithReason($"unfreeze {card.ShortName}", cleanReason),
            ct => artha.CardOperations.UnfreezeAsync(cardId, ct), cancellationToken);
        return await CompleteOperationAsync(card, result, CardStatus.Active.Value, "unfrozen");
    }

    /// <summary>Cancels a card for good; a reason is required. Needs <see cref="Permission.ControlCards"/> and a recent step-up.</summary>
    public async Task<CardOperationOutcome> CancelCardAsync(string cardId, string reason, CancellationToken cancellationToken = default)
    {
        const string action = "card.cancel";
        await RequireAsync(Permission.ControlCards, action, CardTarget(cardId));
        await RequireStepUpAsync(action, CardTarget(cardId), CancelCardPurpose);
        var cleanReason = RequireReason(reason, "Say why the card is cancelled (e.g. lost, stolen, fraud, customer request).");
        var card = await LoadCardForChangeAsync(action, cardId, cancellationToken);
        await RequireAllowedAsync(action, card, CardOperation.Cancel, cancellationToken);
        var result = await ChangeAsync(Permission.ControlCards, action, CardTarget(cardId), $"reason: {ScrubCardNumbers(cleanReason)}",
            ct => artha.CardOperations.CancelAsync(cardId, new CancelCardRequest { Reason = cleanReason }, ct), cancellationToken);
        return await CompleteOperationAsync(card, result, CardStatus.Cancelled.Value, "cancelled");
    }

    /// <summary>
    /// Replaces a card: Artha cancels it and issues a new one asynchronously. A reason is required; a physical card needs a shipping
    /// address. The new card's issuance is watched; when Artha's answer does not name the new card (real Artha's 202 carries at
    /// most a task id), a <see cref="WatchKind.Replacement"/> watch finds it in the customer's cards first. Needs
    /// <see cref="Permission.ControlCards"/>.
    /// </summary>
    public async Task<CardOperationOutcome> ReplaceCardAsync(string cardId, string reason, CardShippingAddress? shippingAddress, CancellationToken cancellationToken = default)
    {
        const string action = "card.replace";
        await RequireAsync(Permission.ControlCards, action, CardTarget(cardId));
        var cleanReason = RequireReason(reason, "Say why the card is replaced (e.g. lost, stolen, damaged, expired).");
        var card = await LoadCardForChangeAsync(action, cardId, cancellationToken);
        await RequireAllowedAsync(action, card, CardOperation.Replace, cancellationToken);
        if (card.IsPhysical)
        {
            var addressErrors = ValidateAddress(shippingAddress, "shippingAddress");
            if (addressErrors.Count > 0)
            {
                throw LocalValidation("The replacement of a physical card is posted: fill in or shorten the highlighted shipping address fields.", addressErrors);
            }
        }
        var result = await ChangeAsync(Permission.ControlCards, action, CardTarget(cardId), $"reason: {ScrubCardNumbers(cleanReason)}",
            ct => artha.CardOperations.ReplaceAsync(cardId, new ReplaceCardRequest
            {
                Reason = cleanReason,
                ShippingAddress = card.IsPhysical ? ToAddress(shippingAddress!) : null,
            }, ct),
            r => r?.RequestId, cancellationToken);

        // Only our sandbox names the new card; real Artha answers 202 with at most a task id. Then the portal looks for the
        // new card among the customer's cards (a Replacement watch on the old card), and hands over to its issuance watch.
        var newCardId = string.IsNullOrWhiteSpace(result?.NewCardId) ? null : result.NewCardId;
        if (newCardId is not null)
        {
            await WatchAsync(WatchKind.CardIssuance, newCardId, $"Replacement of {card.ShortName}", CardState.Pending.Value,
                card.ProductId, card.CustomerId, newCardId);
        }
        else
        {
            await WatchAsync(WatchKind.Replacement, cardId, $"Replacement of {card.ShortName}", CardState.Pending.Value,
                card.ProductId, card.CustomerId, cardId);
        }
        var message = newCardId is null
            ? $"{Capitalize(card.ShortName)} replaced; Artha is issuing the new card (it did not name it yet — the portal looks for it in the customer's cards and announces it here)"
            : $"{Capitalize(card.ShortName)} replaced; the new card is being issued";
        await PublishAsync(StatusSubject.Card, cardId, CardStatus.Cancelled.Value, message, card.CustomerId, cardId, card.ProductId);
        if (newCardId is not null)
        {
            await PublishAsync(StatusSubject.Card, newCardId, CardState.Pending.Value, $"Replacement for {card.ShortName} is being issued",
                card.CustomerId, newCardId, card.ProductId);
        }
        return new CardOperationOutcome(cardId, CardStatus.Cancelled.Value, message, result?.RequestId, newCardId);
    }

    /// <summary>
    /// Sets or resets the PIN: 4–6 digits, entered twice. The PIN is never stored, logged, audited or returned.
    /// Needs <see cref="Permission.Onboard"/>.
    /// </summary>
    public async Task<CardOperationOutcome> SetCardPinAsync(string cardId, string pin, string pinConfirmation, CancellationToken cancellationToken = default)
    {
        const string action = "card.pin.set";
        await RequireAsync(Permission.Onboard, action, CardTarget(cardId));
        if (pin is null || pin.Length is < 4 or > 6 || !pin.All(char.IsAsciiDigit))
        {
            throw LocalValidation("The PIN must be 4 to 6 digits. Enter it again.",
                new Dictionary<string, string[]> { ["pin"] = ["Enter 4 to 6 digits."] });
        }
        if (!string.Equals(pin, pinConfirmation, StringComparison.Ordinal))
        {
            throw LocalValidation("The two PINs do not match. Enter the PIN twice, the same both times.",
                new Dictionary<string, string[]> { ["pinConfirmation"] = ["Does not match the PIN."] });
        }
        var card = await LoadCardForChangeAsync(action, cardId, cancellationToken);
        await RequireAllowedAsync(action, card, CardOperation.SetPin, cancellationToken);
        var result = await ChangeAsync(Permission.Onboard, action, CardTarget(cardId), "PIN set",
            ct => artha.CardOperations.SetPinAsync(cardId, pin, ct), cancellationToken);
        var outcome = new CardOperationOutcome(cardId, card.Status, $"PIN set for {card.ShortName}", result.RequestId);
        await PublishAsync(StatusSubject.Card, cardId, card.Status, outcome.Message, card.CustomerId, cardId, card.ProductId);
        return outcome;
    }

    /// <summary>
    /// Reads the full card number, CVV and expiry. Needs <see cref="Permission.RevealCardDetails"/>, a recent step-up and a reason; audited with the
    /// reason and "sensitive details revealed" — never the details themselves.
    /// </summary>
    public async Task<RevealedCardDetails> RevealCardDetailsAsync(string cardId, string reason, CancellationToken cancellationToken = default)
    {
        const string action = "card.reveal";
        await RequireAsync(Permission.RevealCardDetails, action, CardTarget(cardId));
        await RequireStepUpAsync(action, CardTarget(cardId), RevealCardPurpose);
        var cleanReason = RequireReason(reason, "Say why you need the full card details (e.g. the customer's request on a verified call).");
        var card = await LoadCardForChangeAsync(action, cardId, cancellationToken);
        await RequireAllowedAsync(action, card, CardOperation.Reveal, cancellationToken);
        var details = await ChangeAsync(Permission.RevealCardDetails, action, CardTarget(cardId),
            $"sensitive details revealed — reason: {ScrubCardNumbers(cleanReason)}",
            ct => artha.Cards.GetSensitiveDetailsAsync(cardId, ct), cancellationToken);
        return new RevealedCardDetails(cardId, details.CardNumber, details.Cvv, details.ExpiryDate, details.CardholderName);
    }

    /// <summary>Reads the card an operation acts on (type, last four digits for messages), translating Artha's errors.</summary>
    private async Task<CardView> LoadCardForChangeAsync(string action, string cardId, CancellationToken cancellationToken)
    {
        try
        {
            return ToCardView(await artha.Cards.GetAsync(cardId, cancellationToken));
        }
        catch (ArthaException ex)
        {
            throw Translate(ex, action, isChange: false);
        }
    }

    /// <summary>
    /// Refuses, before Artha is called, an operation the card's current status does not allow (<see cref="CardStateMachine"/>):
    /// e.g. a page still offering Freeze after another user froze the card. Audited as failed, with the reason in words.
    /// </summary>
    private async Task RequireAllowedAsync(string action, CardView card, CardOperation operation, CancellationToken cancellationToken)
    {
        if (CardStateMachine.WhyNot(card.Status, operation, card.State) is not { } why)
        {
            return;
        }
        await audit.RecordAsync(action, CardTarget(card.Id), AuditOutcome.Failed,
            $"refused before Artha: status {card.Status}, issuance {card.State ?? "not reported"}", cancellationToken: cancellationToken);
        throw new ArthaOperationException($"{why} Nothing was changed. Reload the card page to see its current status.", ArthaFailureKind.Conflict);
    }

    private static string WithReason(string detail, string? reason) =>
        reason is null ? detail : $"{detail} — reason: {ScrubCardNumbers(reason)}";

    private static string RequireReason(string? reason, string advice)
    {
        var clean = reason?.Trim() ?? "";
        if (clean.Length == 0)
        {
            throw LocalValidation($"A reason is required. {advice}", new Dictionary<string, string[]> { ["reason"] = ["Enter a reason."] });
        }
        if (clean.Length > CardReasonMaxLength)
        {
            throw LocalValidation($"The reason is too long: keep it to {CardReasonMaxLength} characters.",
                new Dictionary<string, string[]> { ["reason"] = [$"At most {CardReasonMaxLength} characters."] });
        }
        return clean;
    }

    private async Task<CardOperationOutcome> CompleteOperationAsync(CardView card, CardOperationResult result, string expectedStatus, string verb)
    {
        // Artha answers either the new status or just "success", depending on the doc generation.
        var status = result.Status is { } reported && CardStatus.From(reported).IsKnown ? CardStatus.From(reported).Value : expectedStatus;
        var message = $"{Capitalize(card.ShortName)} {verb}";
        await PublishAsync(StatusSubject.Card, card.Id, status, message, card.CustomerId, card.Id, card.ProductId);
        return new CardOperationOutcome(card.Id, status, message, result.RequestId);
    }
}
