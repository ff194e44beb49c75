using Artha.Admin.Components.UI;
using Artha.Admin.Security;
using Artha.Admin.Services;
using Microsoft.AspNetCore.Components;
using Microsoft.JSInterop;

namespace Artha.Admin.Components.Pages.Cards;

public sealed partial class CardDetailPage
{
    /// <summary>How long revealed card details stay on screen.</summary>
    public const int RevealSeconds = 30;

    private static readonly IReadOnlyList<LimitMode> LimitModes =
    [
        new(LimitChangeKind.Unchanged, "Leave unchanged"),
        new(LimitChangeKind.Set, "Set to"),
        new(LimitChangeKind.ResetToDefault, "Reset to product default"),
    ];

    [Parameter] public string CardId { get; set; } = "";

    [Inject] private ArthaService Artha { get; set; } = default!;
    [Inject] private PortalNotifier Notifier { get; set; } = default!;
    [Inject] private IJSRuntime JS { get; set; } = default!;

    private CardView? card;
    private CardBalanceView? balance;
    private CardLimitsView? limits;
    private string? loadError;
    private string? balanceError;
    private string? limitsError;

    private bool canOnboard;
    private bool canControl;
    private bool canReveal;

    private enum Panel { None, Activate, Freeze, Unfreeze, Cancel, Replace, Pin, Reveal }

    private Panel panel;
    private Panel running;
    private string? outcome;
    private string? opFailure;
    private string? replacementCardId;
    private IReadOnlyDictionary<string, string[]> fieldErrors = new Dictionary<string, string[]>();

    private string? activationCode;
    private string? cancelReason;
    private string? cancelConfirmation;
    private string? replaceReason;
    private CardShippingAddress replaceAddress = new();
    private string? pin;
    private string? pinConfirmation;
    private string? revealReason;

    private RevealedCardDetails? revealed;
    private int revealRemaining;
    private CancellationTokenSource? revealTimer;

    private List<LimitRow> limitRows = [];
    private bool savingLimits;
    private string? limitsFailure;

    private string? loadedCardId;

    private bool Busy => running != Panel.None;
    private bool Issued => card?.State is null or "active";
    private bool Cancelled => card?.IsCancelled == true;

    private bool ShowActivate => canOnboard && Issued && !Cancelled && string.Equals(card?.Status, "inactive", StringComparison.OrdinalIgnoreCase);
    private bool ShowFreeze => canControl && Issued && string.Equals(card?.Status, "active", StringComparison.OrdinalIgnoreCase);
    private bool ShowUnfreeze => canControl && Issued && string.Equals(card?.Status, "frozen", StringComparison.OrdinalIgnoreCase);
    private bool ShowCancel => canControl && card is not null && !Cancelled;
    private bool ShowReplace => canControl && card is not null && !Cancelled && card.State is not "pending";
    private bool ShowSetPin => canOnboard && Issued && card is not null && !Cancelled;
    private bool ShowReveal => canReveal && card?.State is "active" && !Cancelled;
    /// <summary>An issuance watch that timed out is settled once Artha reports the card active or failed after all.</summary>
    private bool IsIssuanceSettled(Data.StatusWatch watch) => watch.Kind == Data.WatchKind.CardIssuance && card?.State is "active" or "failed";
    private bool HasAnyOperation => ShowActivate || ShowFreeze || ShowUnfreeze || ShowCancel || ShowReplace || ShowSetPin || ShowReveal;
    private bool CanEditLimits => canControl && !Cancelled;
    private bool LimitsChanged => limitRows.Any(r => r.Kind != LimitChangeKind.Unchanged);

    private string ConfirmationLabel => card?.Last4 is { } last4
        ? $"Type {last4} (the card's last 4 digits) or CANCEL to confirm"
        : "Type CANCEL to confirm";

    /// <summary>True when the typed confirmation is the card's last four digits or the word CANCEL.</summary>
    private bool CancelConfirmed
    {
        get
        {
            var typed = cancelConfirmation?.Trim();
            return !string.IsNullOrEmpty(typed)
                && (string.Equals(typed, "CANCEL", StringComparison.OrdinalIgnoreCase) || (card?.Last4 is { } last4 && typed == last4));
        }
    }

    protected override async Task OnInitializedAsync()
    {
        canOnboard = await Artha.CanAsync(Permission.Onboard);
        canControl = await Artha.CanAsync(Permission.ControlCards);
        canReveal = await Artha.CanAsync(Permission.RevealCardDetails);
    }

    protected override async Task OnParametersSetAsync()
    {
        if (loadedCardId == CardId)
        {
            return;
        }
        // Another card: nothing typed or revealed for the previous one may carry over.
        loadedCardId = CardId;
        HideRevealed();
        card = null;
        balance = null;
        limits = null;
        panel = Panel.None;
        outcome = null;
        opFailure = null;
        replacementCardId = null;
        fieldErrors = new Dictionary<string, string[]>();
        await ReloadAsync();
    }

    /// <summary>Reloads the card, its balance and limits; keeps whatever the user is typing.</summary>
    private async Task ReloadAsync()
    {
        loadError = null;
        try
        {
            card = await Artha.GetCardAsync(CardId);
        }
        catch (ArthaOperationException ex)
        {
            loadError = $"The card could not be loaded. {ex.Describe()}";
            return;
        }
        catch (PermissionDeniedException ex)
        {
            loadError = ex.Message;
            return;
        }
        await Task.WhenAll(LoadBalanceAsync(), LoadLimitsAsync());
    }

    private async Task LoadBalanceAsync()
    {
        try
        {
            balance = await Artha.GetCardBalanceAsync(CardId);
            balanceError = null;
        }
        catch (Exception ex) when (ex is ArthaOperationException or PermissionDeniedException)
        {
            balanceError = $"The balance could not be loaded. {(ex as ArthaOperationException)?.Describe() ?? ex.Message}";
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
        catch (Exception ex) when (ex is ArthaOperationException or PermissionDeniedException)
        {
            limitsError = $"The limits could not be loaded. {(ex as ArthaOperationException)?.Describe() ?? ex.Message}";
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

    private void Open(Panel which)
    {
        // Revealed details never linger behind another panel.
        HideRevealed();
        panel = panel == which ? Panel.None : which;
        fieldErrors = new Dictionary<string, string[]>();
        opFailure = null;
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

    private Task StartActivateAsync()
    {
        if (card?.IsPhysical == true)
        {
            Open(Panel.Activate);
            return Task.CompletedTask;
        }
        return ActivateAsync();
    }

    private Task ActivateAsync() => RunAsync(Panel.Activate, "The card was not activated",
        () => Artha.ActivateCardAsync(CardId, activationCode), () => activationCode = null);

    private Task FreezeAsync() => RunAsync(Panel.Freeze, "The card was not frozen", () => Artha.FreezeCardAsync(CardId));

    private Task UnfreezeAsync() => RunAsync(Panel.Unfreeze, "The card was not unfrozen", () => Artha.UnfreezeCardAsync(CardId));

    private Task CancelAsync()
    {
        if (!CancelConfirmed)
        {
            fieldErrors = new Dictionary<string, string[]> { ["confirmation"] = [$"{ConfirmationLabel}."] };
            return Task.CompletedTask;
        }
        return RunAsync(Panel.Cancel, "The card was not cancelled", () => Artha.CancelCardAsync(CardId, cancelReason ?? ""),
            () => { cancelReason = null; cancelConfirmation = null; });
    }

    private Task ReplaceAsync() => RunAsync(Panel.Replace, "The card was not replaced",
        () => Artha.ReplaceCardAsync(CardId, replaceReason ?? "", card?.IsPhysical == true ? replaceAddress : null),
        () => { replaceReason = null; replaceAddress = new(); });

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
            revealed = await Artha.RevealCardDetailsAsync(CardId, revealReason ?? "");
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

    private async Task SaveLimitsAsync()
    {
        if (savingLimits)
        {
            return;
        }
        savingLimits = true;
        limitsFailure = null;
        fieldErrors = new Dictionary<string, string[]>();
        var update = new CardLimitsUpdate
        {
            DailyLimit = ChangeOf("dailyLimit"),
            MonthlyLimit = ChangeOf("monthlyLimit"),
            PerTransactionLimit = ChangeOf("perTransactionLimit"),
            AtmWithdrawalLimit = ChangeOf("atmWithdrawalLimit"),
            YearlyLimit = ChangeOf("yearlyLimit"),
            LifetimeLimit = ChangeOf("lifetimeLimit"),
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
    private async Task RunAsync(Panel which, string whatFailed, Func<Task<CardOperationOutcome>> operation, Action? onSuccess = null)
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
            var result = await operation();
            onSuccess?.Invoke();
            panel = Panel.None;
            outcome = result.Message + ".";
            replacementCardId = result.NewCardId;
            Notifier.Success(result.Message, result.RequestId is null ? "Done." : $"Artha request id {result.RequestId}.");
            await ReloadAsync();
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
        finally
        {
            running = Panel.None;
        }
    }

    private static string FormatLimit(decimal? value) =>
        value is null ? "No limit" : value.Value.ToString("N2", System.Globalization.CultureInfo.InvariantCulture);

    private static string FormatPan(string? pan) =>
        pan is null ? "" : string.Join(" ", Enumerable.Range(0, (pan.Length + 3) / 4).Select(i => pan.Substring(i * 4, Math.Min(4, pan.Length - i * 4))));

    public void Dispose() => HideRevealed();

    private sealed record LimitMode(LimitChangeKind Value, string Text);

    private sealed record LimitRow(string Field, string Label, decimal? Current)
    {
        public LimitChangeKind Kind { get; set; }
        public decimal? Amount { get; set; }
    }
}
