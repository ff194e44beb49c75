using System.Globalization;
using Artha.Admin.Components.UI;
using Artha.Admin.Features.Cards.Rules;
using Artha.Admin.LiveStatus;
using Artha.Admin.Security;
using Artha.Admin.Services;
using Microsoft.AspNetCore.Components;
using Microsoft.JSInterop;
using MudBlazor;

namespace Artha.Admin.Features.Cards;

/// <summary>
/// One card: its status in words, the operations its status allows (<see cref="CardStateMachine"/>) for the user's
/// role, balance and limits (read again on every live change to the card), and its transactions, top-ups and activity
/// in tabs (the open tab is in the address: <c>?tab=</c>). Every state change confirms in a <see cref="PortalDialogs"/>
/// dialog, re-reads the card before it is sent, and closes its dialog when a live change makes it no longer allowed.
/// </summary>
public sealed partial class CardDetailPage
{
    /// <summary>How long revealed card details stay on screen.</summary>
    public const int RevealSeconds = 30;

    /// <summary>The tabs, in order, as they appear in <c>?tab=</c> (the first is the default and is not written).</summary>
    public static readonly IReadOnlyList<string> Tabs = ["overview", "transactions", "topups", "activity", "timeline"];

    private static readonly IReadOnlyList<LimitMode> LimitModes =
    [
        new(LimitChangeKind.Unchanged, "Leave unchanged"),
        new(LimitChangeKind.Set, "Set to"),
        new(LimitChangeKind.ResetToDefault, "Reset to product default"),
    ];

    [Parameter] public string CardId { get; set; } = "";

    [SupplyParameterFromQuery(Name = "tab")] public string? Tab { get; set; }

    [Inject] private ArthaService Artha { get; set; } = default!;
    [Inject] private PortalNotifier Notifier { get; set; } = default!;
    [Inject] private PortalDialogs Dialogs { get; set; } = default!;
    [Inject] private UrlState Url { get; set; } = default!;
    [Inject] private StepUpPrompt StepUps { get; set; } = default!;
    [Inject] private IJSRuntime JS { get; set; } = default!;

    private CardView? card;
    private CardBalanceView? balance;
    private CardLimitsView? limits;
    private IReadOnlyList<CardActivityItem>? activity;
    private string? loadError;
    private string? balanceError;
    private string? limitsError;
    private string? activityError;

    private bool canOnboard;
    private bool canControl;
    private bool canReveal;
    private bool canReadAudit;

    private enum Panel { None, Activate, Freeze, Unfreeze, Cancel, Replace, Pin, Reveal, Limits }

    private Panel panel;
    private Panel running;
    private string? outcome;
    private string? opFailure;
    private string? replacementCardId;
    private IReadOnlyDictionary<string, string[]> fieldErrors = new Dictionary<string, string[]>();

    private string? activationCode;
    private string? replaceReason;
    private CardShippingAddress replaceAddress = new();
    private string? replaceAddressNote;
    private string? pin;
    private string? pinConfirmation;
    private string? revealReason;

    private RevealedCardDetails? revealed;
    private int revealRemaining;
    private CancellationTokenSource? revealTimer;

    private List<LimitRow> limitRows = [];
    private bool savingLimits;
    private string? limitsFailure;

    /// <summary>The operation whose confirmation is open, and what closes it when a live change no longer allows it.</summary>
    private (CardOperation Operation, CancellationTokenSource Close)? confirming;

    private string? loadedCardId;

    private bool Busy => running != Panel.None;

    private bool ShowWho => canReadAudit;

    private int TabIndex => Math.Max(0, Tabs.ToList().IndexOf((Tab ?? "").Trim().ToLowerInvariant()));

    private List<BreadcrumbItem> Breadcrumbs =>
    [
        new("Cards", href: "cards"),
        new(card?.MaskedNumber ?? CardId, href: null, disabled: true),
    ];

    /// <summary>What the user's role may do to any card (the service checks it again).</summary>
    private bool RoleAllows(CardOperation operation) => operation switch
    {
        CardOperation.Activate or CardOperation.SetPin => canOnboard,
        CardOperation.Freeze or CardOperation.Unfreeze or CardOperation.Cancel or CardOperation.Replace or CardOperation.ChangeLimits => canControl,
        CardOperation.Reveal => canReveal,
        _ => false, // top-ups are offered on the Top-ups tab
    };

    /// <summary>True when the card's status allows the operation and the user's role may perform it.</summary>
    private bool Offers(CardOperation operation) =>
        card is not null && RoleAllows(operation) && CardStateMachine.Allows(card.Status, operation, card.State);

    private IReadOnlyList<CardOperation> Offered =>
        card is null ? [] : CardStateMachine.AllowedOperations(card.Status, card.State).Where(op => op != CardOperation.ChangeLimits && RoleAllows(op)).ToList();

    private bool CanEditLimits => Offers(CardOperation.ChangeLimits);

    private bool LimitsChanged => limitRows.Any(r => r.Kind != LimitChangeKind.Unchanged);

    private string? LimitsCurrency => limits?.Currency ?? card?.Currency;

    private string CurrencySymbol => new Money(0m, LimitsCurrency ?? "").ToString().Replace("0.00", "").Trim();

    private string IssueAgainHref => card is null ? "cards/new" :
        $"cards/new?customerId={Uri.EscapeDataString(card.CustomerId ?? "")}&type={Uri.EscapeDataString(card.Type ?? "virtual")}&productId={Uri.EscapeDataString(card.ProductId ?? "")}";

    /// <summary>An issuance watch that timed out is settled once Artha reports the card active or failed after all.</summary>
    private bool IsIssuanceSettled(Data.StatusWatch watch) => watch.Kind == Data.WatchKind.CardIssuance && card?.State is "active" or "failed";

    protected override async Task OnInitializedAsync()
    {
        canOnboard = await Artha.CanAsync(Permission.Onboard);
        canControl = await Artha.CanAsync(Permission.ControlCards);
        canReveal = await Artha.CanAsync(Permission.RevealCardDetails);
        canReadAudit = await Artha.CanAsync(Permission.ViewAudit);
    }

    protected override async Task OnParametersSetAsync()
    {
        if (loadedCardId != CardId)
        {
            // Another card: nothing typed or revealed for the previous one may carry over.
            loadedCardId = CardId;
            HideRevealed();
            CloseConfirmation();
            card = null;
            balance = null;
            limits = null;
            activity = null;
            limitRows = [];
            panel = Panel.None;
            outcome = null;
            opFailure = null;
            replacementCardId = null;
            fieldErrors = new Dictionary<string, string[]>();
            await ReloadAsync();
        }
        if (Tabs[TabIndex] == "activity" && activity is null && card is not null)
        {
            await LoadActivityAsync();
        }
    }

    private Task OnLiveChangeAsync(StatusChange change) => ReloadAsync();

    /// <summary>Reloads the card, its balance and limits (and the activity once shown); keeps whatever the user is typing.</summary>
    private async Task ReloadAsync()
    {
        loadError = null;
        try
        {
            card = await Artha.GetCardAsync(CardId);
        }
        catch (Exception ex) when (PortalNotifier.IsExpected(ex))
        {
            loadError = $"The card could not be loaded. {PortalNotifier.Describe(ex)}";
            return;
        }
        DropWhatIsNoLongerAllowed();
        await Task.WhenAll(LoadBalanceAsync(), LoadLimitsAsync(), activity is null ? Task.CompletedTask : LoadActivityAsync());
    }

    /// <summary>
    /// After a live change: an open confirmation or panel for an operation the card no longer allows closes, with a word
    /// why (e.g. another user froze the card while "Freeze card?" was open here).
    /// </summary>
    private void DropWhatIsNoLongerAllowed()
    {
        if (card is null)
        {
            return;
        }
        if (confirming is { } open && !CardStateMachine.Allows(card.Status, open.Operation, card.State))
        {
            open.Close.Cancel();
            Notifier.Warning($"The card changed while you were confirming",
                $"{ArthaService.Capitalize(card.ShortName)} is now {card.DisplayStatus}: it can no longer be {CardStateMachine.Verb(open.Operation)}. Nothing was changed.");
        }
        var panelOperation = panel switch
        {
            Panel.Activate => CardOperation.Activate,
            Panel.Replace => CardOperation.Replace,
            Panel.Pin => CardOperation.SetPin,
            Panel.Reveal => CardOperation.Reveal,
            _ => (CardOperation?)null,
        };
        if (panelOperation is { } op && !Busy && !CardStateMachine.Allows(card.Status, op, card.State))
        {
            HideRevealed();
            panel = Panel.None;
            fieldErrors = new Dictionary<string, string[]>();
        }
    }

    private async Task LoadBalanceAsync()
    {
        try
        {
            balance = await Artha.GetCardBalanceAsync(CardId);
            balanceError = null;
        }
        catch (Exception ex) when (PortalNotifier.IsExpected(ex))
        {
            balanceError = $"The balance could not be loaded. {PortalNotifier.Describe(ex)}";
        }
    }

    private async Task LoadLimitsAsync()
    {
        try
        {
            limits = await Artha.GetCardLimitsAsync(CardId);
            limitsError = null;
            MergeLimitRows(limits);
        }
        catch (Exception ex) when (PortalNotifier.IsExpected(ex))
        {
            limitsError = $"The limits could not be loaded. {PortalNotifier.Describe(ex)}";
        }
    }

    private async Task LoadActivityAsync()
    {
        try
        {
            activity = await Artha.CardActivityAsync(CardId);
            activityError = null;
        }
        catch (Exception ex) when (PortalNotifier.IsExpected(ex))
        {
            activityError = $"The card's activity could not be loaded. {PortalNotifier.Describe(ex)}";
        }
    }

    private async Task OnTabChanged(int index)
    {
        var key = index > 0 && index < Tabs.Count ? Tabs[index] : null;
        Tab = key;
        Url.Set("tab", key);
        if (key == "activity" && activity is null)
        {
            await LoadActivityAsync();
        }
    }

    /// <summary>Refreshes the current values and keeps any change the user has not saved yet.</summary>
    private void MergeLimitRows(CardLimitsView view)
    {
        var current = new (string Field, string Label, decimal? Value)[]
        {
            ("dailyLimit", "Daily", view.DailyLimit),
            ("monthlyLimit", "Monthly", view.MonthlyLimit),
            ("perTransactionLimit", "Per transaction", view.PerTransactionLimit),
            ("atmWithdrawalLimit", "ATM withdrawal", view.AtmWithdrawalLimit),
            ("yearlyLimit", "Yearly", view.YearlyLimit),
            ("lifetimeLimit", "Lifetime", view.LifetimeLimit),
        };
        var previous = limitRows.ToDictionary(r => r.Field);
        limitRows = current.Select(c => previous.TryGetValue(c.Field, out var row)
            ? row with { Current = c.Value }
            : new LimitRow(c.Field, c.Label, c.Value)).ToList();
    }

    private async Task OpenAsync(Panel which)
    {
        // Revealed details never linger behind another panel.
        HideRevealed();
        fieldErrors = new Dictionary<string, string[]>();
        opFailure = null;
        if (panel == which)
        {
            panel = Panel.None;
            return;
        }
        panel = which;
        if (which == Panel.Replace && card?.IsPhysical == true)
        {
            await PrefillReplacementAddressAsync(card);
        }
    }

    /// <summary>The replacement goes to the customer's address unless staff change it (else the card's own shipping address).</summary>
    private async Task PrefillReplacementAddressAsync(CardView current)
    {
        CardAddressView? customerAddress = null;
        if (current.CustomerId is { } customerId)
        {
            var (ok, customer) = await Notifier.TryAsync("The customer's address could not be read", () => Artha.GetCardholderAsync(customerId));
            customerAddress = ok ? customer?.Address : null;
        }
        var address = customerAddress ?? current.ShippingAddress;
        replaceAddress = address?.ToForm() ?? new CardShippingAddress();
        replaceAddressNote = customerAddress is not null
            ? "The new card is posted to the customer's address below; change it if the card should go elsewhere."
            : address is not null
                ? "The new card is posted to this card's shipping address below; change it if the card should go elsewhere."
                : "The customer has no address on file: enter where the new card is posted.";
    }

    private void Close()
    {
        if (panel == Panel.Reveal)
        {
            HideRevealed();
        }
        panel = Panel.None;
        fieldErrors = new Dictionary<string, string[]>();
    }

    /// <summary>
    /// Reads the card again right before a change and says so when its status no longer allows the operation (another
    /// user or Artha changed it meanwhile); the page then shows the fresh status.
    /// </summary>
    private async Task<CardView?> FreshCardAllowingAsync(CardOperation operation)
    {
        var (ok, fresh) = await Notifier.TryAsync("The card could not be read again", () => Artha.GetCardAsync(CardId));
        if (!ok || fresh is null)
        {
            return null;
        }
        card = fresh;
        if (CardStateMachine.WhyNot(fresh.Status, operation, fresh.State) is { } why)
        {
            Notifier.Warning("The card changed meanwhile", $"{why} Nothing was changed.");
            DropWhatIsNoLongerAllowed();
            await Task.WhenAll(LoadBalanceAsync(), LoadLimitsAsync());
            return null;
        }
        return fresh;
    }

    /// <summary>Asks in a PortalDialogs dialog that closes by itself if a live change no longer allows the operation.</summary>
    private async Task<ConfirmResult> ConfirmAsync(CardOperation operation, ConfirmRequest request)
    {
        CloseConfirmation();
        var close = new CancellationTokenSource();
        confirming = (operation, close);
        try
        {
            return await Dialogs.ConfirmAsync(request, close.Token);
        }
        finally
        {
            if (confirming is { } open && open.Close == close)
            {
                confirming = null;
            }
            close.Dispose();
        }
    }

    private void CloseConfirmation()
    {
        if (confirming is { } open)
        {
            confirming = null;
            open.Close.Cancel();
        }
    }

    private async Task StartActivateAsync()
    {
        if (card?.IsPhysical == true)
        {
            await OpenAsync(Panel.Activate);
            return;
        }
        if (await FreshCardAllowingAsync(CardOperation.Activate) is not { } current)
        {
            return;
        }
        var answer = await ConfirmAsync(CardOperation.Activate, new ConfirmRequest(
            $"Activate {current.ShortName}?", "The card can be used for purchases once it is active.") { ConfirmText = "Activate card" });
        if (answer.Confirmed)
        {
            await RunAsync(Panel.Activate, "The card was not activated", () => Artha.ActivateCardAsync(CardId, null));
        }
    }

    private Task ActivatePhysicalAsync() => RunAsync(Panel.Activate, "The card was not activated",
        () => Artha.ActivateCardAsync(CardId, activationCode), () => activationCode = null);

    private async Task FreezeAsync()
    {
        if (await FreshCardAllowingAsync(CardOperation.Freeze) is not { } current)
        {
            return;
        }
        var answer = await ConfirmAsync(CardOperation.Freeze, new ConfirmRequest(
            $"Freeze {current.ShortName}?",
            "Purchases and withdrawals are declined until the card is unfrozen. You can unfreeze it at any time.")
        {
            ConfirmText = "Freeze card",
            ReasonLabel = "Why is the card frozen?",
        });
        if (answer.Confirmed)
        {
            await RunAsync(Panel.Freeze, "The card was not frozen", () => Artha.FreezeCardAsync(CardId, answer.Reason));
        }
    }

    private async Task UnfreezeAsync()
    {
        if (await FreshCardAllowingAsync(CardOperation.Unfreeze) is not { } current)
        {
            return;
        }
        var answer = await ConfirmAsync(CardOperation.Unfreeze, new ConfirmRequest(
            $"Unfreeze {current.ShortName}?", "The card can be used again for purchases and withdrawals.")
        {
            ConfirmText = "Unfreeze card",
            ReasonLabel = "Why is the card unfrozen?",
        });
        if (answer.Confirmed)
        {
            await RunAsync(Panel.Unfreeze, "The card was not unfrozen", () => Artha.UnfreezeCardAsync(CardId, answer.Reason));
        }
    }

    /// <summary>The phrase typed to confirm a cancellation: the card's last four digits (CANCEL when Artha gave none).</summary>
    private string CancelPhrase => card?.Last4 ?? "CANCEL";

    private async Task CancelAsync()
    {
        if (await FreshCardAllowingAsync(CardOperation.Cancel) is not { } current)
        {
            return;
        }
        var answer = await ConfirmAsync(CardOperation.Cancel, new ConfirmRequest(
            $"Cancel {current.ShortName} permanently?",
            "A cancelled card can never be used or reactivated. To give the customer a new card, use Replace instead.")
        {
            ConfirmText = "Cancel card permanently",
            Destructive = true,
            ReasonLabel = "Reason (e.g. lost, stolen, fraud, customer request)",
            TypedPhrase = CancelPhrase,
        });
        if (answer.Confirmed)
        {
            await RunAsync(Panel.Cancel, "The card was not cancelled",
                () => StepUps.RunAsync(ArthaService.CancelCardPurpose, () => Artha.CancelCardAsync(CardId, answer.Reason ?? "")));
        }
    }

    private async Task ReplaceAsync()
    {
        if (Busy || card is null)
        {
            return;
        }
        if (string.IsNullOrWhiteSpace(replaceReason))
        {
            fieldErrors = new Dictionary<string, string[]> { ["reason"] = ["Enter a reason: it is kept in the audit trail."] };
            return;
        }
        if (await FreshCardAllowingAsync(CardOperation.Replace) is not { } current)
        {
            return;
        }
        var physical = current.IsPhysical;
        var address = physical ? new CardAddressView(replaceAddress.AddressLine1, replaceAddress.AddressLine2, replaceAddress.City,
            replaceAddress.State, replaceAddress.PostalCode, replaceAddress.Country).OneLine : null;
        var answer = await ConfirmAsync(CardOperation.Replace, new ConfirmRequest(
            $"Replace {current.ShortName}?",
            "This card is cancelled at once and cannot be used again; Artha issues a new card on the same product.")
        {
            ConfirmText = "Replace card",
            Destructive = true,
            Details = ReplaceSummary(replaceReason.Trim(), address),
        });
        if (answer.Confirmed)
        {
            await RunAsync(Panel.Replace, "The card was not replaced",
                () => Artha.ReplaceCardAsync(CardId, replaceReason ?? "", physical ? replaceAddress : null),
                () => { replaceReason = null; replaceAddress = new(); });
        }
    }

    private async Task SetPinAsync()
    {
        var first = pin ?? "";
        var second = pinConfirmation ?? "";
        // The PIN leaves the form at once, whatever happens next: it is never kept or shown again.
        pin = null;
        pinConfirmation = null;
        await RunAsync(Panel.Pin, "The PIN was not set", () => Artha.SetCardPinAsync(CardId, first, second));
    }

    private async Task RevealAsync()
    {
        if (Busy)
        {
            return;
        }
        running = Panel.Reveal;
        fieldErrors = new Dictionary<string, string[]>();
        opFailure = null;
        try
        {
            // The reason stays in its field while the step-up dialog asks (and if it is cancelled).
            revealed = await StepUps.RunAsync(ArthaService.RevealCardPurpose, () => Artha.RevealCardDetailsAsync(CardId, revealReason ?? ""));
            revealReason = null;
            StartRevealCountdown();
        }
        catch (ArthaOperationException ex)
        {
            fieldErrors = ex.FieldErrors;
            opFailure = $"The card details were not revealed. {ex.Describe()}";
        }
        catch (PermissionDeniedException ex)
        {
            opFailure = ex.Message;
        }
        catch (StepUpRequiredException ex)
        {
            opFailure = $"The card details were not revealed. {ex.Message}";
        }
        finally
        {
            running = Panel.None;
        }
    }

    private void StartRevealCountdown()
    {
        revealTimer?.Cancel();
        revealTimer?.Dispose();
        var timer = new CancellationTokenSource();
        revealTimer = timer;
        revealRemaining = RevealSeconds;
        _ = CountDownAsync(timer.Token);
    }

    private async Task CountDownAsync(CancellationToken cancellationToken)
    {
        using var ticker = new PeriodicTimer(TimeSpan.FromSeconds(1));
        try
        {
            while (await ticker.WaitForNextTickAsync(cancellationToken))
            {
                await InvokeAsync(() =>
                {
                    revealRemaining--;
                    if (revealRemaining <= 0)
                    {
                        HideRevealed();
                    }
                    StateHasChanged();
                });
                if (revealed is null)
                {
                    return;
                }
            }
        }
        catch (OperationCanceledException)
        {
            // Hidden early, or the page closed.
        }
    }

    /// <summary>Drops the revealed details: the only reference to them is this field.</summary>
    private void HideRevealed()
    {
        revealed = null;
        revealRemaining = 0;
        revealTimer?.Cancel();
        revealTimer?.Dispose();
        revealTimer = null;
    }

    private async Task CopyPanAsync()
    {
        if (revealed?.CardNumber is not { } pan)
        {
            return;
        }
        try
        {
            await JS.InvokeVoidAsync("arthaAdmin.copyText", pan);
            Notifier.Info("Card number copied", "Paste it where it is needed, then clear your clipboard.");
        }
        catch (JSException)
        {
            Notifier.Info("The card number could not be copied", "The browser refused clipboard access; read it from the screen instead.");
        }
    }

    /// <summary>
    /// Checks the new limits with the service's own rules, then asks (old → new, and a reason for the audit trail), re-reads
    /// the card, and saves.
    /// </summary>
    private async Task SaveLimitsAsync()
    {
        if (savingLimits || card is null)
        {
            return;
        }
        limitsFailure = null;
        var currency = LimitsCurrency;
        var errors = limitRows
            .Where(r => r.Kind == LimitChangeKind.Set && CardLimitRules.Check(r.Amount, currency) is not null)
            .ToDictionary(r => r.Field, r => new[] { CardLimitRules.Check(r.Amount, currency)! });
        fieldErrors = errors;
        if (errors.Count > 0)
        {
            limitsFailure = "Some limits are not valid amounts. Correct the highlighted limits and save again.";
            return;
        }
        var changes = limitRows.Where(r => r.Kind != LimitChangeKind.Unchanged)
            .Select(r => (r.Label, FormatLimit(r.Current), r.Kind == LimitChangeKind.Set ? FormatLimit(r.Amount) : "Product default"))
            .ToList();
        if (changes.Count == 0)
        {
            limitsFailure = "No limit was changed. Set an amount or reset a limit to the product default, then save.";
            return;
        }
        if (await FreshCardAllowingAsync(CardOperation.ChangeLimits) is not { } current)
        {
            return;
        }
        var answer = await ConfirmAsync(CardOperation.ChangeLimits, new ConfirmRequest(
            $"Change the limits of {current.ShortName}?", "The new limits apply to the next purchase.")
        {
            ConfirmText = "Save limits",
            ReasonLabel = "Why do the limits change?",
            Details = LimitsDiff(changes),
        });
        if (!answer.Confirmed)
        {
            return;
        }
        savingLimits = true;
        var update = new CardLimitsUpdate
        {
            DailyLimit = ChangeOf("dailyLimit"),
            MonthlyLimit = ChangeOf("monthlyLimit"),
            PerTransactionLimit = ChangeOf("perTransactionLimit"),
            AtmWithdrawalLimit = ChangeOf("atmWithdrawalLimit"),
            YearlyLimit = ChangeOf("yearlyLimit"),
            LifetimeLimit = ChangeOf("lifetimeLimit"),
            Reason = answer.Reason,
        };
        try
        {
            limits = await Artha.UpdateCardLimitsAsync(CardId, update);
            limitRows = [];
            MergeLimitRows(limits);
            Notifier.Success("Limits saved", $"The limits of {card?.ShortName ?? "the card"} were changed.");
        }
        catch (ArthaOperationException ex)
        {
            fieldErrors = ex.FieldErrors;
            limitsFailure = $"The limits were not changed. {ex.Describe()}";
        }
        catch (PermissionDeniedException ex)
        {
            limitsFailure = ex.Message;
        }
        finally
        {
            savingLimits = false;
        }
    }

    private LimitChange ChangeOf(string field)
    {
        var row = limitRows.FirstOrDefault(r => r.Field == field);
        return row?.Kind switch
        {
            LimitChangeKind.Set => new LimitChange(LimitChangeKind.Set, row.Amount),
            LimitChangeKind.ResetToDefault => LimitChange.ResetToDefault,
            _ => LimitChange.Unchanged,
        };
    }

    /// <summary>Runs one operation: one at a time, with the outcome or the failure (and what to do) on the page.</summary>
    private async Task RunAsync(Panel which, string whatFailed, Func<Task<CardOperationOutcome>> call, Action? onSuccess = null)
    {
        if (Busy)
        {
            return;
        }
        running = which;
        opFailure = null;
        outcome = null;
        replacementCardId = null;
        fieldErrors = new Dictionary<string, string[]>();
        try
        {
            var result = await call();
            onSuccess?.Invoke();
            panel = Panel.None;
            outcome = result.Message + ".";
            replacementCardId = result.NewCardId;
            Notifier.Success(result.Message, result.RequestId is null ? "Done." : $"Artha request id {result.RequestId}.");
        }
        catch (ArthaOperationException ex)
        {
            fieldErrors = ex.FieldErrors;
            opFailure = $"{whatFailed}. {ex.Describe()}";
        }
        catch (PermissionDeniedException ex)
        {
            opFailure = $"{whatFailed}. {ex.Message}";
        }
        catch (StepUpRequiredException ex)
        {
            opFailure = $"{whatFailed}. {ex.Message}";
        }
        finally
        {
            running = Panel.None;
        }
        await ReloadAsync();
    }

    private string FormatLimit(decimal? value) =>
        value is null ? "No limit" : new Money(value.Value, LimitsCurrency ?? "").ToString();

    private static string FormatPan(string? pan) =>
        pan is null ? "" : string.Join(" ", Enumerable.Range(0, (pan.Length + 3) / 4).Select(i => pan.Substring(i * 4, Math.Min(4, pan.Length - i * 4))));

    public void Dispose()
    {
        HideRevealed();
        CloseConfirmation();
    }

    private sealed record LimitMode(LimitChangeKind Value, string Text);

    private sealed record LimitRow(string Field, string Label, decimal? Current)
    {
        public LimitChangeKind Kind { get; set; }
        public decimal? Amount { get; set; }
    }
}
