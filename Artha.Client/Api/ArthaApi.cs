using Artha.Client.Models;
using Artha.Client.Serialization;
using Refit;

namespace Artha.Client.Api;

// The Refit surface of the Artha API (reference §5), one interface per resource. The method names are the
// ArthaPathOptions property names: ArthaPathMappingHandler finds an endpoint's configured path template by the method
// name Refit puts in the request options, so a method must keep the name of its Artha:Paths:* key.
// The attribute paths are the default templates, relative to the base address (Artha:BaseUrl + Artha:PathPrefix).
// Query values arrive already formatted by the façade (ArthaClient); null values are left out by Refit.

/// <summary>Every Artha endpoint in one Refit client, so one HttpClient (one handler chain) serves them all.</summary>
internal interface IArthaApi : ICustomersApi, IApplicantsApi, IUploadsApi, IProductsApi, ICardsApi, ICardOperationsApi, ICardLimitsApi, IFundingApi, ITransactionsApi;

/// <summary>Rows 1–4.</summary>
internal interface ICustomersApi
{
    [Post("/Customers")]
    Task<Customer?> CreateCustomer([Body] CreateCustomerRequest request, CancellationToken cancellationToken);

    /// <remarks><paramref name="kycState"/> is renamed to <c>Artha:Paths:CustomerKycFilterParameter</c> by the path mapping.</remarks>
    [Get("/Customers")]
    Task<PagedResult<Customer>?> ListCustomers(int? limit, int? offset, string? search, string? type, string? kycState, string? createdFrom, string? createdTo, CancellationToken cancellationToken);

    [Get("/Customers/{id}")]
    Task<Customer?> GetCustomer(string id, CancellationToken cancellationToken);

    [Patch("/Customers/{id}")]
    Task<Customer?> UpdateCustomer(string id, [Body] UpdateCustomerRequest request, CancellationToken cancellationToken);
}

/// <summary>Rows 5–6.</summary>
internal interface IApplicantsApi
{
    [Post("/customers/{customerId}/products/{productId}/applicant")]
    Task<ApplicantStatusResult?> SubmitApplicant(string customerId, string productId, [Body] SubmitApplicantRequest request, CancellationToken cancellationToken);

    [Get("/customers/{customerId}/products/{productId}/applicantstatus")]
    Task<ApplicantStatusResult?> GetApplicantStatus(string customerId, string productId, CancellationToken cancellationToken);
}

/// <summary>Row 7. The multipart body is built by the façade (its part name is <c>Artha:Paths:UploadFormFieldName</c>).</summary>
internal interface IUploadsApi
{
    [Post("/uploadfile")]
    Task<List<UploadedFile>?> UploadFile([Body] HttpContent content, CancellationToken cancellationToken);
}

/// <summary>Rows 28–29.</summary>
internal interface IProductsApi
{
    [Get("/Products")]
    Task<PagedResult<Product>?> ListProducts(int? limit, int? offset, CancellationToken cancellationToken);

    [Get("/Products/{productId}")]
    Task<Product?> GetProduct(string productId, CancellationToken cancellationToken);
}

/// <summary>Rows 8–11.</summary>
internal interface ICardsApi
{
    [Post("/cards")]
    Task<Card?> IssueCard([Body] IssueCardRequest request, CancellationToken cancellationToken);

    [Get("/cards")]
    Task<PagedResult<Card>?> ListCards(int? limit, int? offset, string? customerId, string? status, string? type, string? productId, CancellationToken cancellationToken);

    [Get("/card/{cardId}")]
    Task<Card?> GetCard(string cardId, CancellationToken cancellationToken);

    [Get("/cards/{cardId}/sensitive")]
    [SensitiveEndpoint]
    Task<SensitiveCardDetails?> GetSensitiveCardDetails(string cardId, CancellationToken cancellationToken);
}

/// <summary>Rows 12–17: card state changes, never retried (ArthaResilienceHandler retries GETs only).</summary>
internal interface ICardOperationsApi
{
    [Post("/cards/{cardId}/activate")]
    Task<CardOperationResult?> ActivateCard(string cardId, [Body] ActivateCardRequest request, CancellationToken cancellationToken);

    [Post("/cards/{cardId}/freeze")]
    Task<CardOperationResult?> FreezeCard(string cardId, [Body] EmptyRequest request, CancellationToken cancellationToken);

    [Post("/cards/{cardId}/unfreeze")]
    Task<CardOperationResult?> UnfreezeCard(string cardId, [Body] EmptyRequest request, CancellationToken cancellationToken);

    [Post("/cards/{cardId}/cancel")]
    Task<CardOperationResult?> CancelCard(string cardId, [Body] CancelCardRequest request, CancellationToken cancellationToken);

    [Post("/cards/{cardId}/replace")]
    Task<CardOperationResult?> ReplaceCard(string cardId, [Body] ReplaceCardRequest request, CancellationToken cancellationToken);

    [Post("/cards/{cardId}/pin/set")]
    [SensitiveEndpoint]
    Task<CardOperationResult?> SetCardPin(string cardId, [Body] SetPinRequest request, CancellationToken cancellationToken);
}

/// <summary>Rows 18–19.</summary>
internal interface ICardLimitsApi
{
    [Get("/cards/{cardId}/limits")]
    Task<CardLimits?> GetCardLimits(string cardId, CancellationToken cancellationToken);

    [Post("/cards/{cardId}/limits")]
    Task<CardLimits?> UpdateCardLimits(string cardId, [Body] UpdateCardLimitsRequest request, CancellationToken cancellationToken);
}

/// <summary>Rows 20–23. A top-up moves money: it is a POST and never retried.</summary>
internal interface IFundingApi
{
    [Post("/cards/{cardId}/topup")]
    Task<TopUpResult?> TopUpCard(string cardId, [Body] TopUpRequest request, CancellationToken cancellationToken);

    [Get("/topupstatus/{topupId}")]
    Task<TopUp?> GetTopUpStatus(string topupId, CancellationToken cancellationToken);

    [Get("/cards/{cardId}/balance")]
    Task<CardBalance?> GetCardBalance(string cardId, CancellationToken cancellationToken);

    [Get("/cards/{cardId}/topups")]
    Task<PagedResult<TopUp>?> ListCardTopUps(string cardId, int? limit, int? offset, string? status, string? from, string? to, string? customerId, string? minAmount, string? maxAmount, CancellationToken cancellationToken);

    [Get("/topups")]
    Task<PagedResult<TopUp>?> ListTopUps(int? limit, int? offset, string? status, string? from, string? to, string? cardId, string? customerId, string? minAmount, string? maxAmount, CancellationToken cancellationToken);
}

/// <summary>Rows 24–27.</summary>
internal interface ITransactionsApi
{
    [Get("/transactions")]
    Task<PagedResult<Transaction>?> ListTransactions(int? limit, int? offset, string? status, string? type, string? from, string? to, string? merchant, string? minAmount, string? maxAmount, CancellationToken cancellationToken);

    [Get("/cards/{cardId}/transactions")]
    Task<PagedResult<Transaction>?> ListCardTransactions(string cardId, int? limit, int? offset, string? status, string? type, string? from, string? to, string? merchant, string? minAmount, string? maxAmount, CancellationToken cancellationToken);

    [Get("/customers/{customerId}/transactions")]
    Task<PagedResult<Transaction>?> ListCustomerTransactions(string customerId, int? limit, int? offset, string? status, string? type, string? from, string? to, string? merchant, string? minAmount, string? maxAmount, CancellationToken cancellationToken);

    [Get("/transactions/{transactionId}")]
    Task<Transaction?> GetTransaction(string transactionId, CancellationToken cancellationToken);
}

/// <summary>
/// Marks an endpoint whose requests or answers carry card secrets (PAN, CVV, PIN): the server's error text is then
/// left out of exceptions entirely.
/// </summary>
[AttributeUsage(AttributeTargets.Method)]
internal sealed class SensitiveEndpointAttribute : Attribute;
