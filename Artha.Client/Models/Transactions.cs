namespace Artha.Client.Models;

/// <summary>A card transaction.</summary>
public sealed record Transaction : ArthaResponse
{
    public string TransactionId { get; init; } = "";
    public string? CardId { get; init; }
    public string? CustomerId { get; init; }
    public string? OriginalTransactionId { get; init; }
    public string? LocalCurrency { get; init; }
    public decimal? LocalAmount { get; init; }
    public decimal? AuthorizedAmount { get; init; }
    public string? AuthorizedCurrency { get; init; }
    public string? AuthorizationCode { get; init; }
    public DateTimeOffset? AuthorizedAt { get; init; }
    public decimal? Fee { get; init; }
    public string? FeeCurrency { get; init; }
    public decimal? CrossborderFee { get; init; }
    public string? CrossborderFeeCurrency { get; init; }
    public decimal? SettleAmount { get; init; }
    public string? SettleCurrency { get; init; }
    public DateTimeOffset? SettleDate { get; init; }
    public string? MerchantName { get; init; }
    public string? MerchantCategoryCode { get; init; }
    public string? MerchantCountry { get; init; }
    public string? MerchantCity { get; init; }
    public TransactionType? Type { get; init; }
    public string? SubType { get; init; }
    public TransactionStatus? Status { get; init; }
    public string? Description { get; init; }
}

/// <summary>Filters of the transaction lists; null values are not sent.</summary>
public sealed record TransactionListQuery : PageQuery
{
    public TransactionStatus? Status { get; init; }
    public TransactionType? Type { get; init; }
    public DateTimeOffset? From { get; init; }
    public DateTimeOffset? To { get; init; }
    /// <summary>Merchant name filter (<c>merchant</c>).</summary>
    public string? Merchant { get; init; }
    public decimal? MinAmount { get; init; }
    public decimal? MaxAmount { get; init; }
}

/// <summary>A card product.</summary>
public sealed record Product : ArthaResponse
{
    public string? ProductId { get; init; }
    /// <summary>Some shapes use <c>id</c> instead of <c>productId</c>.</summary>
    public string? Id { get; init; }
    public string? Name { get; init; }
    /// <summary>Card scheme, e.g. <c>Master</c>.</summary>
    public string? Organization { get; init; }
    public CardType? Type { get; init; }
    public string? Country { get; init; }
    public string? Bin { get; init; }
    public string? Currency { get; init; }
    public string? Status { get; init; }
    /// <summary>KYC requirement codes (e.g. <c>FullName</c>, <c>Passport</c>); <c>kyc_requirements</c> on the wire.</summary>
    public IReadOnlyList<string>? KycRequirements { get; init; }
    /// <summary>Which customers the product is for (<c>individual</c>: KYC, <c>business</c>: KYB), when Artha says.</summary>
    public string? CustomerType { get; init; }
}
