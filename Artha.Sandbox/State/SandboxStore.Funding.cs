using System.Globalization;
using Artha.Sandbox.Http;

namespace Artha.Sandbox.State;

public sealed partial class SandboxStore
{
    /// <summary>
    /// Phase 6. The merchant portal balance is debited at once when it covers the amount; the top-up stays pending
    /// until the top-up delay has passed, then is approved (card credited, top_up transaction) or rejected (refund).
    /// </summary>
    public TopUpResponse TopUp(string cardId, JsonBody body)
    {
        var errors = new FieldErrors();
        var amount = body.Decimal("amount", errors);
        var currency = body.String("currency", errors)?.ToUpperInvariant();
        if (amount is null && !body.HasValue("amount")) errors.Add("amount", "Required.");
        else if (amount is < 0.01m) errors.Add("amount", "Must be at least 0.01.");
        else if (amount is { } a && decimal.Round(a, 2) != a) errors.Add("amount", "At most 2 decimal places.");
        if (string.IsNullOrWhiteSpace(currency)) errors.Add("currency", "Required.");
        else if (!Validation.IsCurrency(currency)) errors.Add("currency", "Must be an ISO 4217 code (3 letters).");

        lock (_gate)
        {
            var card = FindCard(cardId);
            errors.ThrowIfAny(); // after the lookup: an unknown card is 404 whatever the body
            if (currency != card.Currency)
                throw new ApiException(StatusCodes.Status422UnprocessableEntity, "CURRENCY_MISMATCH",
                    $"The card's currency is {card.Currency}.", new Dictionary<string, string[]> { ["currency"] = [$"Must be {card.Currency}."] });
            RequireIssued(card);
            if (card.Status != "active")
                throw ApiException.InvalidCardState($"Only an active card can be topped up (status is {card.Status}).");

            var available = MerchantBalance(currency!);
            var debited = available >= amount!.Value;
            if (debited)
                _merchantBalances[currency!] = available - amount.Value;
            var topUp = new TopUpRecord
            {
                Id = Guid.NewGuid().ToString(), TaskId = "task_" + Guid.NewGuid().ToString("N"), Card = card, Amount = amount.Value,
                Currency = currency!, MerchantDebited = debited, CreatedAt = Now,
                Remarks = debited ? "Processing" : "Processing (merchant balance does not cover the amount)",
            };
            _topUps[topUp.Id] = topUp;
            _topUpsByTask[topUp.TaskId] = topUp;
            _topUpList.Add(topUp);
            card.TopUps.Add(topUp);
            Schedule(ScheduledWorkKind.TopUp, topUp.Id, Options.TopUpDelaySeconds);
            return topUp.ToResponse();
        }
    }

    /// <summary>Phase 7: looks up by the top-up/transaction id or by its task id (§10.2 leaves it open which one clients pass).</summary>
    public TopUpResponse GetTopUp(string topUpId)
    {
        lock (_gate)
        {
            if (_topUps.TryGetValue(topUpId, out var t) || _topUpsByTask.TryGetValue(topUpId, out t))
                return t.ToResponse();
            throw ApiException.NotFound("TopUp", topUpId);
        }
    }

    public ListResponse<TopUpResponse> ListTopUps(TopUpFilter filter, Paging paging)
    {
        Func<TopUpRecord, bool> predicate = t =>
            (filter.CustomerId is null || t.Card.Customer.Id.Equals(filter.CustomerId, StringComparison.OrdinalIgnoreCase))
            && StatusEquals(t.Status, filter.Status)
            && (filter.From is null || t.CreatedAt >= filter.From) && (filter.To is null || t.CreatedAt <= filter.To)
            && (filter.MinAmount is null || t.Amount >= filter.MinAmount) && (filter.MaxAmount is null || t.Amount <= filter.MaxAmount);
        lock (_gate)
        {
            IReadOnlyList<TopUpRecord> source = filter.CardId is null ? _topUpList : FindCard(filter.CardId).TopUps;
            return Page(source, predicate, paging, t => t.ToResponse());
        }
    }

    public BalanceResponse GetBalance(string cardId)
    {
        lock (_gate)
        {
            var card = FindCard(cardId);
            return new BalanceResponse(card.Id, card.AvailableBalance, card.HoldAmount, card.AvailableBalance + card.HoldAmount,
                card.Currency, Now.UtcDateTime);
        }
    }

    private static bool HasFractionThirteen(decimal amount) => amount - decimal.Truncate(amount) == 0.13m;

    /// <summary>Sandbox rule: an amount ending in .77 stays pending until <see cref="CompletePendingTopUp"/> (a slow provider).</summary>
    private static bool HasFractionSeventySeven(decimal amount) => amount - decimal.Truncate(amount) == 0.77m;

    /// <summary>
    /// <c>POST /_sandbox/topups/{id}/complete</c> <c>{status?: "approved" | "rejected"}</c>: a pending top-up (held by the .77
    /// rule or still waiting for its delay) is decided now, with the same effects and webhook as the scheduled completion
    /// (the other rules still apply, so an uncovered or .13 top-up is rejected whatever is asked).
    /// </summary>
    public TopUpResponse CompletePendingTopUp(string topUpId, JsonBody body)
    {
        var errors = new FieldErrors();
        var status = body.String("status", errors)?.Trim().ToLowerInvariant() ?? "approved";
        if (status is not ("approved" or "rejected"))
            errors.Add("status", "Must be approved or rejected.");
        lock (_gate)
        {
            if (!_topUps.TryGetValue(topUpId, out var topUp) && !_topUpsByTask.TryGetValue(topUpId, out topUp))
                throw ApiException.NotFound("TopUp", topUpId);
            errors.ThrowIfAny();
            if (topUp.Status != "pending")
                throw new ApiException(StatusCodes.Status409Conflict, "TOPUP_NOT_PENDING", $"The top-up is already {topUp.Status}.");
            topUp.ReleasedByControl = true;
            topUp.RejectedByControl = status == "rejected";
            CompleteTopUp(new ScheduledWork(ScheduledWorkKind.TopUp, topUp.Id));
            return topUp.ToResponse();
        }
    }

    private void CompleteTopUp(ScheduledWork work)
    {
        if (!_topUps.TryGetValue(work.Id, out var topUp) || topUp.Status != "pending")
            return;
        if (HasFractionSeventySeven(topUp.Amount) && !topUp.ReleasedByControl)
            return;
        var card = topUp.Card;
        string? rejection = null;
        if (!topUp.MerchantDebited) rejection = "Insufficient merchant portal balance.";
        else if (topUp.RejectedByControl) rejection = "Top-up rejected by the provider (sandbox control endpoint).";
        else if (HasFractionThirteen(topUp.Amount)) rejection = "Top-up rejected by the provider (sandbox rule: amount ending in .13).";
        else if (card.Status == "cancelled") rejection = "The card was cancelled before the top-up completed.";

        topUp.CompletedAt = Now;
        if (rejection is null)
        {
            topUp.Status = "approved";
            topUp.Remarks = "Top-up credited to the card.";
            card.AvailableBalance += topUp.Amount;
        }
        else
        {
            topUp.Status = "rejected";
            topUp.Remarks = rejection + (topUp.MerchantDebited ? " The amount was credited back to the merchant portal balance." : "");
            if (topUp.MerchantDebited)
                _merchantBalances[topUp.Currency] = MerchantBalance(topUp.Currency) + topUp.Amount;
        }
        card.UpdatedAt = Now;
        var transaction = new TransactionRecord
        {
            TransactionId = topUp.Id, Sequence = NextSequence(), Card = card, Type = "top_up", SubType = "merchant_funding",
            Status = rejection is null ? "settled" : "declined", Amount = topUp.Amount, Currency = topUp.Currency,
            LocalAmount = topUp.Amount, LocalCurrency = topUp.Currency, AuthorizationCode = NewAuthCode(), AuthorizedAt = topUp.CreatedAt,
            SettleAmount = rejection is null ? topUp.Amount : 0, SettleDate = rejection is null ? Now : null,
            Description = rejection ?? "Card top-up from merchant portal balance",
        };
        AddTransaction(transaction);
        // No top-up event exists in the §14.2 catalogue: this "top_up" transaction event is a sandbox addition.
        PublishTransactionEvent("top_up", transaction, rejection is null ? "approved" : "rejected");
    }

    private string NewAuthCode() => _random.Next(0, 1_000_000).ToString("000000", CultureInfo.InvariantCulture);
}
