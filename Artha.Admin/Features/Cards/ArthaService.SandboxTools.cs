using System.Text.RegularExpressions;
using Artha.Admin.Auditing;
using Artha.Admin.Features.Customers.Rules;
using Artha.Admin.LiveStatus;
using Artha.Admin.Security;

namespace Artha.Admin.Services;

public sealed partial class ArthaService
{
    /// <summary>True in Sandbox mode only: the card page then offers the sandbox tools (clearly badged); never in Live mode.</summary>
    public bool SandboxToolsAvailable => sandboxTools.Available;

    /// <summary>
    /// Simulates a cardholder's purchase (or, with an MCC of 6011, an ATM withdrawal) on the embedded sandbox; the
    /// sandbox authorises or declines it against the card's status, currency, limits and balance like Artha would.
    /// For training and demos; audited as <c>sandbox.purchase</c>.
    /// </summary>
    public Task<SandboxToolResult> SimulatePurchaseAsync(string cardId, decimal amount, string merchant, string mcc, string country, CancellationToken cancellationToken = default) =>
        SandboxToolAsync("sandbox.purchase", cardId, async (card, ct) =>
        {
            var errors = new Dictionary<string, string[]>();
            if (amount <= 0 || decimal.Round(amount, 2) != amount || amount > 1_000_000m)
            {
                errors["amount"] = ["Enter a positive amount with at most two decimals (at most 1,000,000)."];
            }
            if (string.IsNullOrWhiteSpace(merchant) || merchant.Trim().Length > 100)
            {
                errors["merchant"] = ["Enter the merchant's name (at most 100 characters)."];
            }
            if (!MccPattern().IsMatch(mcc ?? ""))
            {
                errors["mcc"] = ["Enter a four-digit merchant category code (e.g. 5411 groceries, 6011 ATM)."];
            }
            if (!CountryCodes.IsAssigned((country ?? "").Trim().ToUpperInvariant()))
            {
                errors["country"] = ["Enter the merchant's country as a two-letter ISO code (e.g. GB)."];
            }
            if (errors.Count > 0)
            {
                throw LocalValidation("Some details of the simulated purchase are not valid. Correct the highlighted fields.", errors);
            }
            return await sandboxTools.PurchaseAsync(cardId, amount, card.Currency ?? "", merchant.Trim(), mcc!, country!.Trim().ToUpperInvariant(), ct);
        }, cancellationToken);

    /// <summary>Simulates a decline: a purchase of more than the card's available balance (declined unless a limit stops it first).</summary>
    public async Task<SandboxToolResult> SimulateDeclineAsync(string cardId, CancellationToken cancellationToken = default)
    {
        var balance = await GetCardBalanceAsync(cardId, cancellationToken);
        return await SimulatePurchaseAsync(cardId, decimal.Round(Math.Max(0m, balance.Available.Amount) + 1m, 2), "Sandbox decline demo", "5411", "GB", cancellationToken);
    }

    /// <summary>Settles an authorised simulated purchase now.</summary>
    public Task<SandboxToolResult> SimulateSettleAsync(string cardId, string transactionId, CancellationToken cancellationToken = default) =>
        SandboxToolAsync("sandbox.settle", cardId, (_, ct) => sandboxTools.SettleAsync(transactionId, ct), cancellationToken);

    /// <summary>Reverses an authorised simulated purchase (the hold goes back to the balance).</summary>
    public Task<SandboxToolResult> SimulateReversalAsync(string cardId, string transactionId, CancellationToken cancellationToken = default) =>
        SandboxToolAsync("sandbox.reverse", cardId, (_, ct) => sandboxTools.ReverseAsync(transactionId, ct), cancellationToken);

    /// <summary>Refunds a settled simulated purchase (all that remains refundable when <paramref name="amount"/> is null).</summary>
    public Task<SandboxToolResult> SimulateRefundAsync(string cardId, string transactionId, decimal? amount = null, CancellationToken cancellationToken = default) =>
        SandboxToolAsync("sandbox.refund", cardId, (_, ct) => sandboxTools.RefundAsync(transactionId, amount, ct), cancellationToken);

    /// <summary>Charges a simulated card fee.</summary>
    public Task<SandboxToolResult> SimulateFeeAsync(string cardId, decimal amount, CancellationToken cancellationToken = default) =>
        SandboxToolAsync("sandbox.fee", cardId, (_, ct) =>
        {
            if (amount <= 0 || decimal.Round(amount, 2) != amount || amount > 10_000m)
            {
                throw LocalValidation("Enter a positive fee with at most two decimals (at most 10,000).",
                    new Dictionary<string, string[]> { ["fee"] = ["Enter a positive fee with at most two decimals."] });
            }
            return sandboxTools.FeeAsync(cardId, amount, "Sandbox fee (simulated)", ct);
        }, cancellationToken);

    /// <summary>
    /// One sandbox tool: Sandbox mode only (refused otherwise), any staff member (it is a simulation, for training),
    /// audited with what the simulator answered, and published as a live change of the card so every open page follows.
    /// </summary>
    private async Task<SandboxToolResult> SandboxToolAsync(string action, string cardId,
        Func<CardView, CancellationToken, Task<SandboxToolResult>> call, CancellationToken cancellationToken)
    {
        var target = CardTarget(cardId);
        await RequireAsync(Permission.ViewProgramme, action, target);
        if (!sandboxTools.Available)
        {
            await audit.RecordAsync(action, target, AuditOutcome.Refused, "not in Sandbox mode", cancellationToken: CancellationToken.None);
            throw new ArthaOperationException("Sandbox tools exist only in Sandbox mode; this portal talks to the real Artha API.", ArthaFailureKind.Validation);
        }
        // Read once: the purchase needs its currency, the live change its customer and product.
        var card = await GetCardAsync(cardId, cancellationToken);
        SandboxToolResult result;
        try
        {
            result = await call(card, cancellationToken);
        }
        catch (SandboxToolException ex)
        {
            await audit.RecordAsync(action, target, AuditOutcome.Failed, ex.Message, cancellationToken: CancellationToken.None);
            throw new ArthaOperationException(ex.Message, ArthaFailureKind.Validation);
        }
        var money = new Money(result.Amount, result.Currency);
        await audit.RecordAsync(action, target, AuditOutcome.Succeeded,
            $"simulated {result.Type.Replace('_', ' ')} {result.TransactionId} of {money}: {result.Status}", cancellationToken: CancellationToken.None);
        await PublishAsync(StatusSubject.Transaction, result.TransactionId, result.Status,
            $"Simulated {result.Type.Replace('_', ' ')} of {money} on {card.ShortName} {result.Status}", card.CustomerId, cardId, card.ProductId);
        return result;
    }

    [GeneratedRegex(@"^\d{4}$")]
    private static partial Regex MccPattern();
}
