using Artha.Sandbox.Http;

namespace Artha.Sandbox.State;

public sealed partial class SandboxStore
{
    private static readonly Comparer<TransactionRecord> ByTime = Comparer<TransactionRecord>.Create((a, b) =>
    {
        var c = a.AuthorizedAt.CompareTo(b.AuthorizedAt);
        return c != 0 ? c : a.Sequence.CompareTo(b.Sequence);
    });

    /// <summary>Keeps every index ordered on insert so that reads never sort (per-card page = O(limit)).</summary>
    private void AddTransaction(TransactionRecord t)
    {
        _transactions[t.TransactionId] = t;
        InsertOrdered(_transactionList, t);
        InsertOrdered(t.Card.Transactions, t);
        InsertOrdered(t.Card.Customer.Transactions, t);
    }

    private static void InsertOrdered(List<TransactionRecord> list, TransactionRecord t)
    {
        if (list.Count == 0 || ByTime.Compare(list[^1], t) <= 0)
        {
            list.Add(t);
            return;
        }
        var index = list.BinarySearch(t, ByTime);
        list.Insert(index < 0 ? ~index : index, t);
    }

    public TransactionResponse GetTransaction(string id)
    {
        lock (_gate)
            return _transactions.TryGetValue(id, out var t) ? t.ToResponse() : throw ApiException.NotFound("Transaction", id);
    }

    public ListResponse<TransactionResponse> ListTransactions(TransactionFilter filter, Paging paging)
    {
        Func<TransactionRecord, bool>? predicate = filter is { Type: null, Status: null, From: null, To: null, Merchant: null, MinAmount: null, MaxAmount: null }
            ? null
            : t => StatusEquals(t.Type, filter.Type) && StatusEquals(t.Status, filter.Status)
                && (filter.From is null || t.AuthorizedAt >= filter.From) && (filter.To is null || t.AuthorizedAt <= filter.To)
                && (filter.Merchant is null || (t.MerchantName?.Contains(filter.Merchant, StringComparison.OrdinalIgnoreCase) ?? false))
                && (filter.MinAmount is null || t.Amount >= filter.MinAmount) && (filter.MaxAmount is null || t.Amount <= filter.MaxAmount);
        lock (_gate)
        {
            IReadOnlyList<TransactionRecord> source = _transactionList;
            if (filter.CardId is not null)
            {
                var card = FindCard(filter.CardId);
                if (filter.CustomerId is not null && !card.Customer.Id.Equals(filter.CustomerId, StringComparison.OrdinalIgnoreCase))
                    return new ListResponse<TransactionResponse>([], 0, paging.Limit, paging.Offset);
                source = card.Transactions;
            }
            else if (filter.CustomerId is not null)
                source = FindCustomer(filter.CustomerId).Transactions;
            return Page(source, predicate, paging, t => t.ToResponse());
        }
    }

    /// <summary>
    /// Sandbox control: a card purchase as a merchant would authorise it. Always records a transaction: authorized
    /// (funds held, settles after the settlement delay) or declined with the reason in <c>description</c>.
    /// </summary>
    public TransactionResponse Purchase(string cardId, JsonBody body)
    {
        var errors = new FieldErrors();
        var amount = body.Decimal("amount", errors);
        var currency = body.String("currency", errors)?.ToUpperInvariant();
        var merchantName = body.String("merchantName", errors) ?? "Sandbox Merchant";
        var mcc = body.String(body.FirstPresent("mcc", "merchantCategoryCode") ?? "mcc", errors) ?? "5999";
        var merchantCountry = body.String("merchantCountry", errors);
        var merchantCity = body.String("merchantCity", errors);
        var description = body.String("description", errors);
        if (amount is null) errors.Add("amount", "Required.");
        else if (amount < 0.01m) errors.Add("amount", "Must be at least 0.01.");
        else if (decimal.Round(amount.Value, 2) != amount) errors.Add("amount", "At most 2 decimal places.");
        if (currency is not null && !Validation.IsCurrency(currency)) errors.Add("currency", "Must be an ISO 4217 code (3 letters).");
        if (mcc.Length != 4 || !mcc.All(char.IsAsciiDigit)) errors.Add("mcc", "Must be a 4-digit merchant category code.");

        lock (_gate)
        {
            var card = FindCard(cardId);
            errors.ThrowIfAny(); // after the lookup: an unknown card is 404 whatever the body
            currency ??= card.Currency;
            var isAtm = mcc == "6011";
            var decline = DeclineReason(card, amount!.Value, currency, isAtm);
            var transaction = new TransactionRecord
            {
                TransactionId = Guid.NewGuid().ToString(), Sequence = NextSequence(), Card = card,
                Type = isAtm ? "atm_withdrawal" : "purchase", SubType = isAtm ? "atm" : "pos",
                Status = decline is null ? "authorized" : "declined", Amount = amount.Value, Currency = card.Currency,
                LocalAmount = amount.Value, LocalCurrency = currency, AuthorizationCode = decline is null ? NewAuthCode() : null,
                AuthorizedAt = Now, MerchantName = merchantName, MerchantCategoryCode = mcc, MerchantCountry = merchantCountry,
                MerchantCity = merchantCity, Description = decline is null ? description : $"Declined: {decline}",
            };
            if (decline is null)
            {
                card.AvailableBalance -= amount.Value;
                card.HoldAmount += amount.Value;
                Schedule(ScheduledWorkKind.PurchaseSettlement, transaction.TransactionId, Options.PurchaseSettlementDelaySeconds);
            }
            AddTransaction(transaction);
            PublishTransactionEvent("consume", transaction, decline is null ? "approved" : "declined");
            return transaction.ToResponse();
        }
    }

    private string? DeclineReason(CardRecord card, decimal amount, string currency, bool isAtm)
    {
        if (card.State != "active" || card.Status != "active")
            return $"card_not_active (status {card.Status}, state {card.State})";
        if (currency != card.Currency)
            return $"currency_mismatch (card currency is {card.Currency})";
        var limits = card.Limits;
        if (limits.PerTransaction is { } perTxn && amount > perTxn)
            return "per_transaction_limit_exceeded";
        var now = Now;
        var dayStart = new DateTimeOffset(now.Year, now.Month, now.Day, 0, 0, 0, TimeSpan.Zero);
        var monthStart = new DateTimeOffset(now.Year, now.Month, 1, 0, 0, 0, TimeSpan.Zero);
        var yearStart = new DateTimeOffset(now.Year, 1, 1, 0, 0, 0, TimeSpan.Zero);
        decimal day = 0, month = 0, year = 0, lifetime = 0, atmDay = 0;
        foreach (var t in card.Transactions)
        {
            if (t.Type is not ("purchase" or "atm_withdrawal") || t.Status is not ("authorized" or "settled"))
                continue;
            lifetime += t.Amount;
            if (t.AuthorizedAt >= yearStart) year += t.Amount;
            if (t.AuthorizedAt >= monthStart) month += t.Amount;
            if (t.AuthorizedAt >= dayStart)
            {
                day += t.Amount;
                if (t.Type == "atm_withdrawal") atmDay += t.Amount;
            }
        }
        if (isAtm && limits.AtmWithdrawal is { } atm && atmDay + amount > atm) return "atm_withdrawal_limit_exceeded";
        if (limits.Daily is { } d && day + amount > d) return "daily_limit_exceeded";
        if (limits.Monthly is { } m && month + amount > m) return "monthly_limit_exceeded";
        if (limits.Yearly is { } y && year + amount > y) return "yearly_limit_exceeded";
        if (limits.Lifetime is { } l && lifetime + amount > l) return "lifetime_limit_exceeded";
        if (amount > card.AvailableBalance) return "insufficient_funds";
        return null;
    }

    private void CompleteSettlement(ScheduledWork work)
    {
        if (!_transactions.TryGetValue(work.Id, out var t) || t.Status != "authorized")
            return;
        MarkSettled(t);
    }

    /// <summary>authorized → settled: the hold is released (the amount already left the available balance).</summary>
    private void MarkSettled(TransactionRecord t)
    {
        t.Status = "settled";
        t.SettleAmount = t.Amount;
        t.SettleDate = Now;
        t.Card.HoldAmount -= t.Amount;
        PublishTransactionEvent("settlement", t, "settled");
    }

    /// <summary>§14.3 transaction payload: snake_case, amounts as decimal strings, nulls included.</summary>
    /// <remarks><paramref name="originalTransactionId"/> overrides the record's own (a reversal names the reversed transaction).</remarks>
    private void PublishTransactionEvent(string eventType, TransactionRecord t, string status, string? originalTransactionId = null) =>
        _webhooks.Publish(eventType, new Dictionary<string, object?>
        {
            ["transaction_id"] = t.TransactionId,
            ["card_id"] = t.Card.Id,
            ["customer_id"] = t.Card.Customer.Id,
            ["product_id"] = t.Card.Product.ProductId,
            ["original_transaction_id"] = originalTransactionId ?? t.OriginalTransactionId,
            ["local_currency"] = t.LocalCurrency ?? t.Currency,
            ["local_amount"] = Money(t.LocalAmount),
            ["authorized_amount"] = Money(t.Amount),
            ["authorized_currency"] = t.Currency,
            ["authorization_code"] = t.AuthorizationCode,
            ["authorized_at"] = t.AuthorizedAt.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture),
            ["fee"] = Money(t.Fee),
            ["fee_currency"] = t.Currency,
            ["crossborder_fee"] = Money(t.CrossborderFee),
            ["crossborder_fee_currency"] = t.Currency,
            ["settle_amount"] = Money(t.SettleAmount),
            ["settle_currency"] = t.Currency,
            ["settle_date"] = t.SettleDate?.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture),
            ["merchant_name"] = t.MerchantName,
            ["merchant_category_code"] = t.MerchantCategoryCode,
            ["merchant_country"] = t.MerchantCountry,
            ["merchant_city"] = t.MerchantCity,
            ["type"] = eventType,
            ["sub_type"] = t.SubType,
            ["status"] = status,
            ["description"] = t.Description,
        });
}
