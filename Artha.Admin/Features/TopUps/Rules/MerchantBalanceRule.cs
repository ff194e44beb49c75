using Artha.Admin.Services;

namespace Artha.Admin.Features.TopUps.Rules;

/// <summary>
/// A top-up above the merchant balance is accepted by Artha as pending and then rejected. When the balance is known
/// (Sandbox mode) the confirmation says so and the service refuses it before anything is sent; when it is unknown
/// (Artha's API does not report it) nothing can be concluded and the top-up goes ahead.
/// </summary>
public static class MerchantBalanceRule
{
    public static string? Refusal(decimal amount, Money? balance) =>
        balance is { } known && string.IsNullOrEmpty(known.Currency) is false && amount > known.Amount
            ? $"The merchant balance is only {known}, so Artha would reject a top-up of {new Money(amount, known.Currency)}. Lower the amount, or fund the merchant balance first. Nothing was sent."
            : null;
}
