namespace Artha.Sandbox.State;

// Wire shapes of the REST API (camelCase by SandboxJson.Api). Field names follow the newest doc generation (§1.2 G4)
// and the seed flow; where docs disagree a second, clearly named alias is added (e.g. card id + cardId).

public sealed record ListResponse<T>(IReadOnlyList<T> Data, int Total, int Limit, int Offset);

public sealed record CustomerResponse(
    string Id, string CustomerId, string Type, string? FirstName, string? MiddleName, string? LastName, string? BusinessName,
    string Email, string? PhoneCode, string? PhoneNumber, string? Country, string? State, string? DateOfBirth, string? Gender,
    string? ExternalReference, AddressInfo? Address, BusinessInfo? Business, string Status, string KycState,
    DateTime CreatedAt, DateTime? UpdatedAt);

public sealed record ApplicantStatusResponse(
    string CustomerId, string ProductId, string ApplicantStatus, string? Remarks, DateTime? SubmittedAt, DateTime? UpdatedAt);

public sealed record CardResponse(
    string Id, string CardId, string CustomerId, string ProductId, string ProductName, string Provider, string CardType, string Type,
    string CardNumberMasked, string Last4, string Currency, string Status, string State, string? FailureReason, decimal Balance,
    AddressInfo? ShippingAddress, string? ReplacesCardId, string? ReplacedByCardId, DateTime CreatedAt, DateTime? UpdatedAt);

public sealed record SensitiveCardResponse(
    string Id, string CardId, string CardNumber, string Cvv, string ExpiryDate, string CardholderName, string? IframeUrl);

public sealed record CardOperationResponse(
    string CardId, string CustomerId, string ProductId, string CardType, string Action, string Status, string? Message,
    string? TaskId, string? NewCardId, DateTime PerformedAt);

public sealed record LimitsResponse(
    string CardId, decimal? DailyLimit, decimal? MonthlyLimit, decimal? PerTransactionLimit, decimal? AtmWithdrawalLimit,
    decimal? YearlyLimit, decimal? LifetimeLimit, string Currency);

public sealed record BalanceResponse(
    string CardId, decimal AvailableBalance, decimal HoldAmount, decimal TotalBalance, string Currency, DateTime RetrievedAt);

/// <summary>Top Up Card (202) and Get Top-Up Status share this shape; <c>id</c> = <c>topupId</c> = <c>transactionId</c>.</summary>
public sealed record TopUpResponse(
    string Id, string TopupId, string TransactionId, string TaskId, string CardId, string CustomerId, decimal Amount,
    string Currency, string Status, string? Remarks, DateTime CreatedAt, DateTime? CompletedAt, DateTime PerformedAt);

public sealed record TransactionResponse(
    string TransactionId, string Id, string CardId, string CustomerId, string? OriginalTransactionId, string? LocalCurrency,
    decimal LocalAmount, decimal AuthorizedAmount, string? AuthorizedCurrency, string? AuthorizationCode, DateTime AuthorizedAt,
    decimal Fee, string? FeeCurrency, decimal CrossborderFee, string? CrossborderFeeCurrency, decimal SettleAmount,
    string? SettleCurrency, DateTime? SettleDate, string? MerchantName, string? MerchantCategoryCode, string? MerchantCountry,
    string? MerchantCity, string Type, string? SubType, string Status, string? Description);

public sealed record ProductLimitsResponse(
    decimal? DailyLimit, decimal? MonthlyLimit, decimal? PerTransactionLimit, decimal? AtmWithdrawalLimit, decimal? YearlyLimit,
    decimal? LifetimeLimit);

public sealed record ProductResponse(
    string ProductId, string Id, string Name, string Organization, string Type, string CardType, string? Country, string Bin,
    string Currency, string Status, IReadOnlyList<string> KycRequirements, string CustomerType, string Provider,
    string? Description, ProductLimitsResponse DefaultLimits);

public sealed record UploadedFileResponse(string FileId, string FileName, string FileUrl, string? ContentType, long Size);

public sealed record UploadResponse(IReadOnlyList<UploadedFileResponse> Data);

public sealed record MerchantBalanceEntry(string Currency, decimal Available);

public sealed record MerchantBalanceResponse(IReadOnlyList<MerchantBalanceEntry> Balances, decimal OpeningBalancePerCurrency);

public sealed record SeedResponse(int Customers, int Cards, int Transactions, long ElapsedMilliseconds,
    IReadOnlyList<string> CustomerIds, IReadOnlyList<string> CardIds);

internal static class ResponseMapping
{
    public static DateTime Utc(DateTimeOffset t) => t.UtcDateTime;
    public static DateTime? Utc(DateTimeOffset? t) => t?.UtcDateTime;

    public static CustomerResponse ToResponse(this CustomerRecord c) => new(
        c.Id, c.Id, c.Type, c.FirstName, c.MiddleName, c.LastName, c.BusinessName, c.Email, c.PhoneCode, c.PhoneNumber,
        c.Country, c.State, c.DateOfBirth, c.Gender, c.ExternalReference, c.Address, c.Business, c.Status, c.KycState,
        Utc(c.CreatedAt), Utc(c.UpdatedAt));

    public static ApplicantStatusResponse ToResponse(this ApplicationRecord a) => new(
        a.CustomerId, a.ProductId, a.Status, a.Remarks, Utc(a.SubmittedAt), Utc(a.UpdatedAt));

    public static CardResponse ToResponse(this CardRecord c) => new(
        c.Id, c.Id, c.Customer.Id, c.Product.ProductId, c.Product.Name, c.Product.Provider, c.Product.CardType, c.Product.CardType,
        "****" + c.Last4, c.Last4, c.Currency, c.Status, c.State, c.FailureReason, c.AvailableBalance + c.HoldAmount,
        c.ShippingAddress, c.ReplacesCardId, c.ReplacedByCardId, Utc(c.CreatedAt), Utc(c.UpdatedAt));

    public static LimitsResponse ToLimitsResponse(this CardRecord c) => new(
        c.Id, c.Limits.Daily, c.Limits.Monthly, c.Limits.PerTransaction, c.Limits.AtmWithdrawal, c.Limits.Yearly, c.Limits.Lifetime,
        c.Currency);

    public static TopUpResponse ToResponse(this TopUpRecord t) => new(
        t.Id, t.Id, t.Id, t.TaskId, t.Card.Id, t.Card.Customer.Id, t.Amount, t.Currency, t.Status, t.Remarks, Utc(t.CreatedAt),
        Utc(t.CompletedAt), Utc(t.CompletedAt ?? t.CreatedAt));

    public static TransactionResponse ToResponse(this TransactionRecord t) => new(
        t.TransactionId, t.TransactionId, t.Card.Id, t.Card.Customer.Id, t.OriginalTransactionId, t.LocalCurrency ?? t.Currency,
        t.LocalAmount, t.Amount, t.Currency, t.AuthorizationCode, Utc(t.AuthorizedAt), t.Fee, t.Currency, t.CrossborderFee,
        t.Currency, t.SettleAmount, t.Currency, Utc(t.SettleDate), t.MerchantName, t.MerchantCategoryCode, t.MerchantCountry,
        t.MerchantCity, t.Type, t.SubType, t.Status, t.Description);

    public static ProductResponse ToResponse(this ProductRecord p) => new(
        p.ProductId, p.ProductId, p.Name, p.Organization, p.Type, p.CardType, p.Country, p.Bin, p.Currency, p.Status,
        p.KycRequirements, p.CustomerType, p.Provider, p.Description,
        new ProductLimitsResponse(p.DefaultLimits.Daily, p.DefaultLimits.Monthly, p.DefaultLimits.PerTransaction,
            p.DefaultLimits.AtmWithdrawal, p.DefaultLimits.Yearly, p.DefaultLimits.Lifetime));
}
