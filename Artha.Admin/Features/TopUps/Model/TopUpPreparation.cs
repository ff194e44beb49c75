using Artha.Admin.Features.TopUps.Rules;

namespace Artha.Admin.Services;

/// <summary>What the top-up form needs when it opens: the card, its fixed currency and the idempotency key of this form.</summary>
/// <param name="MerchantBalance">The merchant balance in the card's currency when it can be known (Sandbox mode); Artha's API does not expose it.</param>
/// <param name="IdempotencyKey">The key every confirmation of this form uses (kept across a refresh through the address).</param>
/// <param name="Unsettled">Earlier top-ups of this card whose answer from Artha was lost; a new top-up waits until they settle.</param>
/// <param name="CardRefusal">Why this card cannot be topped up at all (frozen, cancelled…), or null when it can.</param>
/// <param name="Earlier">The outcome of the confirmation already made with <paramref name="IdempotencyKey"/> (a refresh after confirming).</param>
public sealed record TopUpPreparation(
    string CardId, string? CustomerId, string MaskedNumber, string Currency, string? CardStatus, decimal? CardBalance,
    Money? MerchantBalance, string IdempotencyKey, IReadOnlyList<TopUpIntentView> Unsettled,
    string? CardRefusal = null, TopUpOutcome? Earlier = null)
{
    /// <summary>True when the card's status allows a top-up.</summary>
    public bool CardAllowsTopUp => CardRefusal is null;

    /// <summary>Checks typed text against the amount rule of this card's currency.</summary>
    public AmountCheck CheckAmount(string? text) => AmountRule.Check(text, Currency);

    /// <summary>Why this amount cannot be confirmed because Artha would reject it (merchant balance), or null.</summary>
    public string? MerchantBalanceRefusal(decimal amount) => MerchantBalanceRule.Refusal(amount, MerchantBalance);

    /// <summary>What the confirmation says about the merchant balance: its figure and what is left, or honestly that it is unknown.</summary>
    public string MerchantBalanceNote(decimal amount) => MerchantBalance is { } balance
        ? balance.Amount >= amount
            ? $"The merchant balance is {balance}; {new Money(balance.Amount - amount, balance.Currency)} remains after this top-up."
            : $"The merchant balance is only {balance}: Artha would accept this top-up as pending and then reject it, so it cannot be confirmed."
        : "Artha's API does not report the merchant balance, so the portal cannot show what remains after this top-up. A top-up above the merchant balance is accepted as pending and then rejected.";

    /// <summary>"−£50.00 from the merchant balance".</summary>
    public string MerchantImpact(decimal amount) => $"−{new Money(amount, Currency)} from the merchant balance";
}
