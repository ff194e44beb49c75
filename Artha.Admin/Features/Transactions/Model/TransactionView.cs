namespace Artha.Admin.Services;

/// <summary>A card transaction as the portal shows it. <see cref="Amount"/> is in the card's billing currency.</summary>
public sealed record TransactionView(
    string Id, string? CardId, string? CustomerId, string Type, string? SubType, string Status,
    decimal Amount, string Currency, decimal? LocalAmount, string? LocalCurrency,
    decimal? Fee, string? FeeCurrency, decimal? CrossborderFee, string? CrossborderFeeCurrency,
    decimal? SettleAmount, string? SettleCurrency, DateTimeOffset? SettleDate,
    string? MerchantName, string? MerchantCategoryCode, string? MerchantCountry, string? MerchantCity,
    string? AuthorizationCode, DateTimeOffset? AuthorizedAt, string? OriginalTransactionId, string? Description)
{
    public Money Money => new(Amount, Currency);
}
