using Artha.Client.Models;

namespace Artha.Client;

/// <summary>
/// Typed, signed client for the Artha card-issuing API, grouped by resource. Register it with
/// <c>services.AddArthaClient(configuration)</c>. Every call throws <see cref="Errors.ArthaApiException"/> for a non-2xx
/// response and <see cref="Errors.ArthaTransportException"/> for a timeout or connection failure; cancelling the
/// token throws <see cref="OperationCanceledException"/>.
/// </summary>
public interface IArthaClient
{
    ICustomersClient Customers { get; }
    IApplicantsClient Applicants { get; }
    IUploadsClient Uploads { get; }
    IProductsClient Products { get; }
    ICardsClient Cards { get; }
    ICardOperationsClient CardOperations { get; }
    ICardLimitsClient Limits { get; }
    IFundingClient Funding { get; }
    ITransactionsClient Transactions { get; }
}

/// <summary>Customers (catalogue rows 1–4).</summary>
public interface ICustomersClient
{
    /// <summary>Create Customer — <c>POST /Customers</c>.</summary>
    Task<Customer> CreateAsync(CreateCustomerRequest request, CancellationToken cancellationToken);

    /// <summary>List Customers — <c>GET /Customers</c> with paging and filters.</summary>
    Task<PagedResult<Customer>> ListAsync(CustomerListQuery? query, CancellationToken cancellationToken);

    /// <summary>Get Customer — <c>GET /Customers/{id}</c>.</summary>
    Task<Customer> GetAsync(string customerId, CancellationToken cancellationToken);

    /// <summary>Update Customer — <c>PATCH /Customers/{id}</c>; only set fields are sent.</summary>
    Task<Customer> UpdateAsync(string customerId, UpdateCustomerRequest request, CancellationToken cancellationToken);
}

/// <summary>KYC/KYB applications per customer and product (rows 5–6).</summary>
public interface IApplicantsClient
{
    /// <summary>Submit KYC/KYB Applicant. Returns the acknowledgement, or null when the server sends no body.</summary>
    Task<ApplicantStatusResult?> SubmitAsync(string customerId, string productId, SubmitApplicantRequest request, CancellationToken cancellationToken);

    /// <summary>Get Applicant KYC Status.</summary>
    Task<ApplicantStatusResult> GetStatusAsync(string customerId, string productId, CancellationToken cancellationToken);
}

/// <summary>Document uploads (row 7).</summary>
public interface IUploadsClient
{
    /// <summary>Upload Documents — multipart <c>POST /uploadfile</c>; returns the stored URLs for KYC file fields.</summary>
    Task<IReadOnlyList<UploadedFile>> UploadAsync(IReadOnlyList<UploadFile> files, CancellationToken cancellationToken);
}

/// <summary>Card products (rows 28–29).</summary>
public interface IProductsClient
{
    Task<PagedResult<Product>> ListAsync(PageQuery? query, CancellationToken cancellationToken);

    Task<Product> GetAsync(string productId, CancellationToken cancellationToken);
}

/// <summary>Cards (rows 8–11).</summary>
public interface ICardsClient
{
    /// <summary>Issue Card. Not retried automatically.</summary>
    Task<Card> IssueAsync(IssueCardRequest request, CancellationToken cancellationToken);

    Task<PagedResult<Card>> ListAsync(CardListQuery? query, CancellationToken cancellationToken);

    /// <summary>Get Card — <c>GET /card/{cardId}</c> by default; read <see cref="Card.State"/> while polling after issue.</summary>
    Task<Card> GetAsync(string cardId, CancellationToken cancellationToken);

    /// <summary>Get Sensitive Card Details (PAN, CVV, expiry). Never log the result.</summary>
    Task<SensitiveCardDetails> GetSensitiveDetailsAsync(string cardId, CancellationToken cancellationToken);
}

/// <summary>Card state changes (rows 12–17). None is retried automatically.</summary>
public interface ICardOperationsClient
{
    Task<CardOperationResult> ActivateAsync(string cardId, ActivateCardRequest? request, CancellationToken cancellationToken);

    Task<CardOperationResult> FreezeAsync(string cardId, CancellationToken cancellationToken);

    Task<CardOperationResult> UnfreezeAsync(string cardId, CancellationToken cancellationToken);

    Task<CardOperationResult> CancelAsync(string cardId, CancelCardRequest request, CancellationToken cancellationToken);

    /// <summary>Replace Card (202, asynchronous). Returns null when the server sends no body.</summary>
    Task<CardOperationResult?> ReplaceAsync(string cardId, ReplaceCardRequest request, CancellationToken cancellationToken);

    /// <summary>Set / Reset Card PIN (4–6 digits). The PIN is never logged or put in exception messages.</summary>
    Task<CardOperationResult> SetPinAsync(string cardId, string pin, CancellationToken cancellationToken);
}

/// <summary>Spending limits (rows 18–19).</summary>
public interface ICardLimitsClient
{
    Task<CardLimits> GetAsync(string cardId, CancellationToken cancellationToken);

    /// <summary>Update Card Limits; unset fields are left unchanged, explicit nulls reset.</summary>
    Task<CardLimits> UpdateAsync(string cardId, UpdateCardLimitsRequest request, CancellationToken cancellationToken);
}

/// <summary>Funding (rows 20–23).</summary>
public interface IFundingClient
{
    /// <summary>Top Up Card (202). Never retried automatically: a retry could fund the card twice.</summary>
    Task<TopUpResult> TopUpAsync(string cardId, TopUpRequest request, CancellationToken cancellationToken);

    /// <summary>Get Top-Up Status; <paramref name="topUpId"/> is <see cref="TopUpResult.TopUpId"/> (the transaction id).</summary>
    Task<TopUp> GetTopUpStatusAsync(string topUpId, CancellationToken cancellationToken);

    Task<CardBalance> GetBalanceAsync(string cardId, CancellationToken cancellationToken);

    /// <summary>List Top-Up History of one card.</summary>
    Task<PagedResult<TopUp>> ListCardTopUpsAsync(string cardId, TopUpListQuery? query, CancellationToken cancellationToken);

    /// <summary>List Top-Up History across all cards.</summary>
    Task<PagedResult<TopUp>> ListTopUpsAsync(TopUpListQuery? query, CancellationToken cancellationToken);
}

/// <summary>Transactions (rows 24–27).</summary>
public interface ITransactionsClient
{
    Task<PagedResult<Transaction>> ListAsync(TransactionListQuery? query, CancellationToken cancellationToken);

    Task<PagedResult<Transaction>> ListByCardAsync(string cardId, TransactionListQuery? query, CancellationToken cancellationToken);

    Task<PagedResult<Transaction>> ListByCustomerAsync(string customerId, TransactionListQuery? query, CancellationToken cancellationToken);

    Task<Transaction> GetAsync(string transactionId, CancellationToken cancellationToken);
}
