using Artha.Sandbox.Http;

namespace Artha.Sandbox.State;

/// <summary>
/// Sandbox controls that reach the transaction values nothing else produces: settle now, reverse (status
/// <c>reversed</c>), refund (type <c>refund</c>) and fee (type <c>fee</c>), each with its §14 webhook.
/// </summary>
public sealed partial class SandboxStore
{
    private TransactionRecord FindTransaction(string id) =>
        _transactions.TryGetValue(id, out var t) ? t : throw ApiException.NotFound("Transaction", id);

    private static bool IsCardSpend(TransactionRecord t) => t.Type is "purchase" or "atm_withdrawal";

    /// <summary>Settles an authorized purchase or ATM withdrawal at once instead of after the settlement delay.</summary>
    public TransactionResponse SettleTransaction(string transactionId)
    {
        lock (_gate)
        {
            var t = FindTransaction(transactionId);
            if (!IsCardSpend(t) || t.Status != "authorized")
                throw new ApiException(StatusCodes.Status409Conflict, "TRANSACTION_NOT_SETTLEABLE",
                    $"Only an authorized purchase or ATM withdrawal can be settled (this {t.Type} is {t.Status}).");
            MarkSettled(t);
            return t.ToResponse();
        }
    }

    /// <summary>
    /// authorized → reversed: the hold goes back to the card's available balance. §11.1 has no reversal type, so no new
    /// transaction is recorded; the <c>reversal</c> webhook carries the reversed transaction's id in both
    /// <c>transaction_id</c> and <c>original_transaction_id</c>.
    /// </summary>
    public TransactionResponse Reverse(string transactionId)
    {
        lock (_gate)
        {
            var t = FindTransaction(transactionId);
            if (!IsCardSpend(t) || t.Status != "authorized")
                throw new ApiException(StatusCodes.Status409Conflict, "TRANSACTION_NOT_REVERSIBLE",
                    $"Only an authorized purchase or ATM withdrawal can be reversed (this {t.Type} is {t.Status}).");
            t.Status = "reversed";
            t.Card.HoldAmount -= t.Amount;
            t.Card.AvailableBalance += t.Amount;
            PublishTransactionEvent("reversal", t, "reversed", originalTransactionId: t.TransactionId);
            return t.ToResponse();
        }
    }

    /// <summary>
    /// A merchant refund of a settled purchase: a new <c>refund</c> transaction (settled at once, <c>originalTransactionId</c>
    /// = the purchase) credits the card. <c>amount</c> defaults to what remains refundable; partial refunds add up to at
    /// most the settled amount.
    /// </summary>
    public TransactionResponse Refund(string transactionId, JsonBody body)
    {
        var errors = new FieldErrors();
        var amount = body.Decimal("amount", errors);
        var description = body.String("description", errors);
        if (amount is { } a)
        {
            if (a <= 0) errors.Add("amount", "Must be greater than 0.");
            else if (decimal.Round(a, 2) != a) errors.Add("amount", "At most 2 decimal places.");
        }

        lock (_gate)
        {
            var original = FindTransaction(transactionId);
            errors.ThrowIfAny();
            if (original.Type != "purchase" || original.Status != "settled")
                throw new ApiException(StatusCodes.Status409Conflict, "TRANSACTION_NOT_REFUNDABLE",
                    $"Only a settled purchase can be refunded (this {original.Type} is {original.Status}).");
            var remaining = original.SettleAmount - original.RefundedAmount;
            var value = amount ?? remaining;
            if (value > remaining || remaining <= 0)
                throw new ApiException(StatusCodes.Status422UnprocessableEntity, "REFUND_EXCEEDS_REMAINING",
                    $"{Money(remaining)} {original.Currency} of this purchase remains refundable.",
                    new Dictionary<string, string[]> { ["amount"] = [$"At most {Money(remaining)}."] });

            var card = original.Card;
            var now = Now;
            var refund = new TransactionRecord
            {
                TransactionId = Guid.NewGuid().ToString(), Sequence = NextSequence(), Card = card,
                OriginalTransactionId = original.TransactionId, Type = "refund", SubType = "refund", Status = "settled",
                Amount = value, Currency = card.Currency, LocalAmount = value, LocalCurrency = original.LocalCurrency ?? card.Currency,
                AuthorizationCode = NewAuthCode(), AuthorizedAt = now, SettleAmount = value, SettleDate = now,
                MerchantName = original.MerchantName, MerchantCategoryCode = original.MerchantCategoryCode,
                MerchantCountry = original.MerchantCountry, MerchantCity = original.MerchantCity,
                Description = description ?? $"Refund from {original.MerchantName ?? "merchant"}",
            };
            original.RefundedAmount += value;
            card.AvailableBalance += value;
            AddTransaction(refund);
            PublishTransactionEvent("refund", refund, "approved");
            return refund.ToResponse();
        }
    }

    /// <summary>
    /// A card fee (e.g. monthly maintenance): a <c>fee</c> transaction, settled at once and debited from the available
    /// balance, or declined like a purchase (card not active, other currency, insufficient funds; no spending limits).
    /// </summary>
    public TransactionResponse ChargeFee(string cardId, JsonBody body)
    {
        var errors = new FieldErrors();
        var amount = body.Decimal("amount", errors);
        var currency = body.String("currency", errors)?.ToUpperInvariant();
        var description = body.String("description", errors) ?? "Card maintenance fee";
        if (amount is null) errors.Add("amount", "Required.");
        else if (amount < 0.01m) errors.Add("amount", "Must be at least 0.01.");
        else if (decimal.Round(amount.Value, 2) != amount) errors.Add("amount", "At most 2 decimal places.");
        if (currency is not null && !Validation.IsCurrency(currency)) errors.Add("currency", "Must be an ISO 4217 code (3 letters).");

        lock (_gate)
        {
            var card = FindCard(cardId);
            errors.ThrowIfAny();
            currency ??= card.Currency;
            string? decline = null;
            if (card.State != "active" || card.Status != "active")
                decline = $"card_not_active (status {card.Status}, state {card.State})";
            else if (currency != card.Currency)
                decline = $"currency_mismatch (card currency is {card.Currency})";
            else if (amount!.Value > card.AvailableBalance)
                decline = "insufficient_funds";
            var now = Now;
            var fee = new TransactionRecord
            {
                TransactionId = Guid.NewGuid().ToString(), Sequence = NextSequence(), Card = card, Type = "fee", SubType = "maintain_fee",
                Status = decline is null ? "settled" : "declined", Amount = amount!.Value, Currency = card.Currency,
                LocalAmount = amount.Value, LocalCurrency = currency, AuthorizationCode = decline is null ? NewAuthCode() : null,
                AuthorizedAt = now, SettleAmount = decline is null ? amount.Value : 0, SettleDate = decline is null ? now : null,
                Description = decline is null ? description : $"Declined: {decline} ({description})",
            };
            if (decline is null)
                card.AvailableBalance -= amount.Value;
            AddTransaction(fee);
            PublishTransactionEvent("maintain_fee", fee, decline is null ? "approved" : "declined");
            return fee.ToResponse();
        }
    }
}
