using Artha.Admin.Components.UI;
using Artha.Admin.Data;
using Artha.Admin.Features.TopUps.Rules;
using Artha.Admin.LiveStatus;
using Artha.Admin.Security;
using Artha.Admin.Services;
using Microsoft.AspNetCore.Components;

namespace Artha.Admin.Features.TopUps;

public partial class TopUpForm
{
    /// <summary>Phones show a keypad with a dot for amount fields.</summary>
    private const MudBlazor.InputMode DecimalInput = MudBlazor.InputMode.@decimal;

    /// <summary>Address keys of the form's state: the typed amount, the step and the form's idempotency key.</summary>
    public const string AmountKey = "amount", StepKey = "step", KeyKey = "key", ConfirmStep = "confirm";

    [Parameter, EditorRequired] public string CardId { get; set; } = "";

    [Inject] private ArthaService Artha { get; set; } = default!;
    [Inject] private PortalNotifier Notifier { get; set; } = default!;
    [Inject] private UrlState Url { get; set; } = default!;
    [Inject] private StepUpPrompt StepUps { get; set; } = default!;

    private TopUpPreparation? prep;
    private string? amountText;
    private decimal amount;
    private TopUpOutcome? outcome;
    private string? liveStatus;
    private string? liveReason;
    private string? loadError;
    private string? amountError;
    private string? confirmError;
    private bool confirming;
    private bool busy;
    private string idempotencyKey = "";
    private string? preparedFor;

    private string AmountLabel => new Money(amount, prep?.Currency ?? "").ToString();

    private string Example => AmountRule.DecimalsOf(prep?.Currency) switch { 0 => "1250", 3 => "12.500", _ => "12.50" };

    /// <summary>Confirmable only while the amount passes the rule and the merchant balance (when known) covers it.</summary>
    private bool CanConfirm => prep is not null && prep.CardAllowsTopUp && prep.CheckAmount(amountText).IsValid && prep.MerchantBalanceRefusal(amount) is null;

    private string? OutcomeStatus => liveStatus ?? outcome?.ArthaStatus;

    private string OutcomeTitle => outcome?.State switch
    {
        TopUpIntentState.Submitting => "Outcome being checked",
        TopUpIntentState.Refused => "Top-up not made",
        _ => ArthaService.TopUpStateFor(OutcomeStatus) switch
        {
            TopUpIntentState.Approved => "Top-up approved",
            TopUpIntentState.Rejected => "Top-up rejected",
            _ => "Top-up sent to Artha",
        },
    };

    /// <summary>One sentence that always matches the status shown beside it, with the reason of a rejection.</summary>
    private string OutcomeMessage => outcome is null ? ""
        : outcome.State is TopUpIntentState.Submitting or TopUpIntentState.Refused ? outcome.Message
        : (outcome.Replayed ? "This confirmation was already sent; it was not sent again. " : "")
          + ArthaService.TopUpStatusMessage(outcome.Amount, prep?.MaskedNumber, OutcomeStatus, liveReason ?? outcome.Reason);

    protected override async Task OnParametersSetAsync()
    {
        // Only a different card opens a new form; a re-render (or the address changing under it) keeps form and key.
        if (preparedFor != CardId)
        {
            preparedFor = CardId;
            await PrepareAsync(resume: true);
        }
    }

    /// <summary>Loads the card. <paramref name="resume"/>: reopen the step, amount and key kept in the address.</summary>
    private async Task PrepareAsync(bool resume)
    {
        loadError = null;
        prep = null;
        outcome = null;
        liveStatus = null;
        liveReason = null;
        confirming = false;
        amountError = null;
        confirmError = null;
        try
        {
            prep = await Artha.PrepareTopUpAsync(CardId, resume ? Url.Get(KeyKey) : null);
        }
        catch (Exception ex) when (PortalNotifier.IsExpected(ex))
        {
            loadError = $"The card could not be loaded. {PortalNotifier.Describe(ex)}";
            return;
        }
        idempotencyKey = prep.IdempotencyKey;
        if (prep.Earlier is { State: not TopUpIntentState.Refused } earlier)
        {
            // This form was confirmed before the refresh: show what happened, never a form that could send it again.
            outcome = earlier;
            amount = earlier.Amount.Amount;
            return;
        }
        amountText = resume ? Url.Get(AmountKey) : null;
        if (resume && Url.Get(StepKey) == ConfirmStep && amountText is not null)
        {
            // The address already holds this step and amount: reopen it without writing the address again.
            Review(writeAddress: false);
        }
    }

    private void OnAmountChanged(string? text)
    {
        amountText = text;
        amountError = null;
    }

    /// <summary>Checks the amount with the rule the service enforces; only a confirmable amount reaches the confirmation.</summary>
    private void Review(bool writeAddress)
    {
        confirmError = null;
        if (prep is null)
        {
            return;
        }
        var check = prep.CheckAmount(amountText);
        amountError = check.Error ?? (check.Amount is { } value ? prep.MerchantBalanceRefusal(value) : null);
        if (amountError is not null || check.Amount is not { } checkedAmount)
        {
            confirming = false;
            if (writeAddress)
            {
                Url.Set(new Dictionary<string, object?> { [AmountKey] = amountText, [StepKey] = null });
            }
            return;
        }
        amount = checkedAmount;
        confirming = true;
        if (writeAddress)
        {
            Url.Set(new Dictionary<string, object?> { [AmountKey] = amountText?.Trim(), [StepKey] = ConfirmStep, [KeyKey] = idempotencyKey });
        }
    }

    private void ChangeAmount()
    {
        confirming = false;
        Url.Set(StepKey, null);
    }

    private async Task ConfirmAsync()
    {
        // Set before the first await: a second click in the same instant finds the form busy.
        if (busy || prep is null || !CanConfirm)
        {
            return;
        }
        busy = true;
        confirmError = null;
        try
        {
            // Above Security:StepUpTopUpAmount the service wants a recent step-up: ask first, the amount stays as typed.
            var cardId = prep.CardId;
            var currency = prep.Currency;
            var made = Artha.TopUpNeedsStepUp(amount)
                ? await StepUps.RunAsync(ArthaService.TopUpPurpose, () => Artha.TopUpAsync(idempotencyKey, cardId, amount, currency))
                : await Artha.TopUpAsync(idempotencyKey, cardId, amount, currency);
            if (made.State == TopUpIntentState.Refused)
            {
                // Artha never made it (refused, or reconciled as never received).
                confirmError = made.Message;
            }
            else
            {
                outcome = made;
                liveStatus = made.ArthaStatus;
                if (made.State == TopUpIntentState.Submitting)
                {
                    Notifier.Info("Top-up outcome unknown", made.Message);
                }
                else
                {
                    Notifier.Success("Top-up sent", made.Message);
                }
            }
        }
        catch (ArthaOperationException ex)
        {
            if (ex.FieldErrors.TryGetValue("amount", out var amountErrors))
            {
                amountError = string.Join(" ", amountErrors);
                confirming = false;
            }
            confirmError = ex.Describe() + (ex.Kind is ArthaFailureKind.Validation or ArthaFailureKind.Conflict
                ? " Nothing was charged. Correct the amount or the card and confirm again."
                : "");
        }
        catch (PermissionDeniedException ex)
        {
            confirmError = ex.Message;
        }
        catch (StepUpRequiredException ex)
        {
            confirmError = $"The top-up was not sent. {ex.Message}";
        }
        finally
        {
            // The service decides whether the next confirmation may use a new key (only once this one can no longer exist at Artha).
            idempotencyKey = await Artha.KeyForNextConfirmationAsync(idempotencyKey);
            Url.Set(new Dictionary<string, object?> { [KeyKey] = idempotencyKey, [StepKey] = confirming ? ConfirmStep : null });
            busy = false;
        }
    }

    /// <summary>Reconciles the card's unsettled top-ups now, then reopens the form with what is known.</summary>
    private async Task CheckUnsettledAsync()
    {
        if (busy || prep is null)
        {
            return;
        }
        busy = true;
        try
        {
            foreach (var intent in prep.Unsettled)
            {
                var (ok, checkedOutcome) = await Notifier.TryAsync("Artha's top-up history could not be checked", () => Artha.ReconcileTopUpAsync(intent.Id));
                if (!ok || checkedOutcome is null)
                {
                    return;
                }
                if (checkedOutcome.State == TopUpIntentState.Submitting)
                {
                    Notifier.Info("Still unknown", checkedOutcome.Message);
                }
                else
                {
                    Notifier.Success("Top-up settled", checkedOutcome.Message);
                }
            }
        }
        finally
        {
            busy = false;
        }
        await PrepareAsync(resume: true);
    }

    private async Task OnStatusAsync(StatusChange change)
    {
        liveStatus = change.Status;
        if (outcome?.TopUpId is { } id)
        {
            try
            {
                var view = await Artha.GetTopUpStatusAsync(id);
                liveStatus = view.Status;
                liveReason = ArthaService.TopUpStateFor(view.Status) == TopUpIntentState.Rejected ? view.Remarks : null;
            }
            catch (ArthaOperationException)
            {
                // The pushed status is shown; the next change refreshes it again.
            }
        }
    }

    private async Task StartAgainAsync()
    {
        Url.Set(new Dictionary<string, object?> { [AmountKey] = null, [StepKey] = null, [KeyKey] = null });
        amountText = null;
        await PrepareAsync(resume: false);
    }
}
