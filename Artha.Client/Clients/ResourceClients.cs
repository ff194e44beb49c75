using System.Net.Http.Headers;
using Artha.Client.Http;
using Artha.Client.Models;
using Artha.Client.Serialization;

namespace Artha.Client;

internal sealed class CustomersClient(ArthaRequestExecutor executor) : ICustomersClient
{
    private static readonly ArthaJsonContext Json = ArthaJsonContext.Default;

    public Task<Customer> CreateAsync(CreateCustomerRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        return executor.SendRequiredAsync(HttpMethod.Post, executor.Uri(executor.Paths.CreateCustomer), ArthaRequestExecutor.Json(request, Json.CreateCustomerRequest), Json.Customer, cancellationToken);
    }

    public Task<PagedResult<Customer>> ListAsync(CustomerListQuery? query, CancellationToken cancellationToken)
    {
        var uri = executor.Uri(executor.Paths.ListCustomers)
            .Page(query)
            .Query("search", query?.Search)
            .Query("type", query?.Type)
            .Query(executor.Paths.CustomerKycFilterParameter, query?.KycStatus)
            .Query("createdFrom", query?.CreatedFrom)
            .Query("createdTo", query?.CreatedTo);
        return executor.GetPageAsync(uri, Json.ListCustomer, cancellationToken);
    }

    public Task<Customer> GetAsync(string customerId, CancellationToken cancellationToken) =>
        executor.GetAsync(executor.Uri(executor.Paths.GetCustomer, ("id", customerId)), Json.Customer, cancellationToken);

    public Task<Customer> UpdateAsync(string customerId, UpdateCustomerRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        return executor.SendRequiredAsync(HttpMethod.Patch, executor.Uri(executor.Paths.UpdateCustomer, ("id", customerId)), ArthaRequestExecutor.Json(request, Json.UpdateCustomerRequest), Json.Customer, cancellationToken);
    }
}

internal sealed class ApplicantsClient(ArthaRequestExecutor executor) : IApplicantsClient
{
    private static readonly ArthaJsonContext Json = ArthaJsonContext.Default;

    public Task<ApplicantStatusResult?> SubmitAsync(string customerId, string productId, SubmitApplicantRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var uri = executor.Uri(executor.Paths.SubmitApplicant, ("customerId", customerId), ("productId", productId));
        return executor.SendAsync(HttpMethod.Post, uri, ArthaRequestExecutor.Json(request, Json.SubmitApplicantRequest), Json.ApplicantStatusResult, sensitive: false, cancellationToken);
    }

    public Task<ApplicantStatusResult> GetStatusAsync(string customerId, string productId, CancellationToken cancellationToken) =>
        executor.GetAsync(executor.Uri(executor.Paths.GetApplicantStatus, ("customerId", customerId), ("productId", productId)), Json.ApplicantStatusResult, cancellationToken);
}

internal sealed class UploadsClient(ArthaRequestExecutor executor) : IUploadsClient
{
    public async Task<IReadOnlyList<UploadedFile>> UploadAsync(IReadOnlyList<UploadFile> files, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(files);
        if (files.Count == 0)
        {
            throw new ArgumentException("At least one file is required.", nameof(files));
        }

        // The signing handler buffers this content, hashes the buffered bytes and the same buffer is sent.
        using var content = new MultipartFormDataContent();
        foreach (var file in files)
        {
            var part = new StreamContent(file.Content);
            part.Headers.ContentType = MediaTypeHeaderValue.Parse(file.ContentType);
            content.Add(part, executor.Paths.UploadFormFieldName, file.FileName);
        }

        var uploaded = await executor.SendAsync(HttpMethod.Post, executor.Uri(executor.Paths.UploadFile), content, ArthaJsonContext.Default.ListUploadedFile, sensitive: false, cancellationToken).ConfigureAwait(false);
        return uploaded ?? [];
    }
}

internal sealed class ProductsClient(ArthaRequestExecutor executor) : IProductsClient
{
    private static readonly ArthaJsonContext Json = ArthaJsonContext.Default;

    public Task<PagedResult<Product>> ListAsync(PageQuery? query, CancellationToken cancellationToken) =>
        executor.GetPageAsync(executor.Uri(executor.Paths.ListProducts).Page(query), Json.ListProduct, cancellationToken);

    public Task<Product> GetAsync(string productId, CancellationToken cancellationToken) =>
        executor.GetAsync(executor.Uri(executor.Paths.GetProduct, ("productId", productId)), Json.Product, cancellationToken);
}

internal sealed class CardsClient(ArthaRequestExecutor executor) : ICardsClient
{
    private static readonly ArthaJsonContext Json = ArthaJsonContext.Default;

    public Task<Card> IssueAsync(IssueCardRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        return executor.SendRequiredAsync(HttpMethod.Post, executor.Uri(executor.Paths.IssueCard), ArthaRequestExecutor.Json(request, Json.IssueCardRequest), Json.Card, cancellationToken);
    }

    public Task<PagedResult<Card>> ListAsync(CardListQuery? query, CancellationToken cancellationToken)
    {
        var uri = executor.Uri(executor.Paths.ListCards)
            .Page(query)
            .Query("customerId", query?.CustomerId)
            .Query("status", query?.Status)
            .Query("type", query?.Type)
            .Query("productId", query?.ProductId);
        return executor.GetPageAsync(uri, Json.ListCard, cancellationToken);
    }

    public Task<Card> GetAsync(string cardId, CancellationToken cancellationToken) =>
        executor.GetAsync(executor.Uri(executor.Paths.GetCard, ("cardId", cardId)), Json.Card, cancellationToken);

    public Task<SensitiveCardDetails> GetSensitiveDetailsAsync(string cardId, CancellationToken cancellationToken) =>
        executor.GetAsync(executor.Uri(executor.Paths.GetSensitiveCardDetails, ("cardId", cardId)), Json.SensitiveCardDetails, cancellationToken, sensitive: true);
}

internal sealed class CardOperationsClient(ArthaRequestExecutor executor) : ICardOperationsClient
{
    private static readonly ArthaJsonContext Json = ArthaJsonContext.Default;

    public Task<CardOperationResult> ActivateAsync(string cardId, ActivateCardRequest? request, CancellationToken cancellationToken) =>
        Post(executor.Paths.ActivateCard, cardId, ArthaRequestExecutor.Json(request ?? new ActivateCardRequest(), Json.ActivateCardRequest), cancellationToken);

    // Operations without fields send "{}", as the documented examples do.
    public Task<CardOperationResult> FreezeAsync(string cardId, CancellationToken cancellationToken) =>
        Post(executor.Paths.FreezeCard, cardId, ArthaRequestExecutor.Json(EmptyRequest.Instance, Json.EmptyRequest), cancellationToken);

    public Task<CardOperationResult> UnfreezeAsync(string cardId, CancellationToken cancellationToken) =>
        Post(executor.Paths.UnfreezeCard, cardId, ArthaRequestExecutor.Json(EmptyRequest.Instance, Json.EmptyRequest), cancellationToken);

    public Task<CardOperationResult> CancelAsync(string cardId, CancelCardRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        return Post(executor.Paths.CancelCard, cardId, ArthaRequestExecutor.Json(request, Json.CancelCardRequest), cancellationToken);
    }

    public Task<CardOperationResult?> ReplaceAsync(string cardId, ReplaceCardRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var uri = executor.Uri(executor.Paths.ReplaceCard, ("cardId", cardId));
        return executor.SendAsync(HttpMethod.Post, uri, ArthaRequestExecutor.Json(request, Json.ReplaceCardRequest), Json.CardOperationResult, sensitive: false, cancellationToken);
    }

    public Task<CardOperationResult> SetPinAsync(string cardId, string pin, CancellationToken cancellationToken)
    {
        // Validated locally so a malformed PIN never reaches the wire or a server error message.
        if (pin is null || pin.Length is < 4 or > 6 || !pin.All(char.IsAsciiDigit))
        {
            throw new ArgumentException("The PIN must be 4 to 6 digits.", nameof(pin));
        }

        var uri = executor.Uri(executor.Paths.SetCardPin, ("cardId", cardId));
        return executor.SendRequiredAsync(HttpMethod.Post, uri, ArthaRequestExecutor.Json(new SetPinRequest { Pin = pin }, Json.SetPinRequest), Json.CardOperationResult, cancellationToken, sensitive: true);
    }

    private Task<CardOperationResult> Post(string template, string cardId, ArthaJsonContent content, CancellationToken cancellationToken) =>
        executor.SendRequiredAsync(HttpMethod.Post, executor.Uri(template, ("cardId", cardId)), content, Json.CardOperationResult, cancellationToken);
}

internal sealed class CardLimitsClient(ArthaRequestExecutor executor) : ICardLimitsClient
{
    private static readonly ArthaJsonContext Json = ArthaJsonContext.Default;

    public Task<CardLimits> GetAsync(string cardId, CancellationToken cancellationToken) =>
        executor.GetAsync(executor.Uri(executor.Paths.GetCardLimits, ("cardId", cardId)), Json.CardLimits, cancellationToken);

    public Task<CardLimits> UpdateAsync(string cardId, UpdateCardLimitsRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        return executor.SendRequiredAsync(HttpMethod.Post, executor.Uri(executor.Paths.UpdateCardLimits, ("cardId", cardId)), ArthaRequestExecutor.Json(request, Json.UpdateCardLimitsRequest), Json.CardLimits, cancellationToken);
    }
}

internal sealed class FundingClient(ArthaRequestExecutor executor) : IFundingClient
{
    private static readonly ArthaJsonContext Json = ArthaJsonContext.Default;

    public Task<TopUpResult> TopUpAsync(string cardId, TopUpRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        return executor.SendRequiredAsync(HttpMethod.Post, executor.Uri(executor.Paths.TopUpCard, ("cardId", cardId)), ArthaRequestExecutor.Json(request, Json.TopUpRequest), Json.TopUpResult, cancellationToken);
    }

    public Task<TopUp> GetTopUpStatusAsync(string topUpId, CancellationToken cancellationToken) =>
        executor.GetAsync(executor.Uri(executor.Paths.GetTopUpStatus, ("topupId", topUpId)), Json.TopUp, cancellationToken);

    public Task<CardBalance> GetBalanceAsync(string cardId, CancellationToken cancellationToken) =>
        executor.GetAsync(executor.Uri(executor.Paths.GetCardBalance, ("cardId", cardId)), Json.CardBalance, cancellationToken);

    public Task<PagedResult<TopUp>> ListCardTopUpsAsync(string cardId, TopUpListQuery? query, CancellationToken cancellationToken) =>
        executor.GetPageAsync(Filters(executor.Uri(executor.Paths.ListCardTopUps, ("cardId", cardId)), query, includeCard: false), Json.ListTopUp, cancellationToken);

    public Task<PagedResult<TopUp>> ListTopUpsAsync(TopUpListQuery? query, CancellationToken cancellationToken) =>
        executor.GetPageAsync(Filters(executor.Uri(executor.Paths.ListTopUps), query, includeCard: true), Json.ListTopUp, cancellationToken);

    private static ArthaUriBuilder Filters(ArthaUriBuilder uri, TopUpListQuery? query, bool includeCard) => uri
        .Page(query)
        .Query("status", query?.Status)
        .Query("from", query?.From)
        .Query("to", query?.To)
        .Query("cardId", includeCard ? query?.CardId : null)
        .Query("customerId", query?.CustomerId)
        .Query("minAmount", query?.MinAmount)
        .Query("maxAmount", query?.MaxAmount);
}

internal sealed class TransactionsClient(ArthaRequestExecutor executor) : ITransactionsClient
{
    private static readonly ArthaJsonContext Json = ArthaJsonContext.Default;

    public Task<PagedResult<Transaction>> ListAsync(TransactionListQuery? query, CancellationToken cancellationToken) =>
        executor.GetPageAsync(Filters(executor.Uri(executor.Paths.ListTransactions), query), Json.ListTransaction, cancellationToken);

    public Task<PagedResult<Transaction>> ListByCardAsync(string cardId, TransactionListQuery? query, CancellationToken cancellationToken) =>
        executor.GetPageAsync(Filters(executor.Uri(executor.Paths.ListCardTransactions, ("cardId", cardId)), query), Json.ListTransaction, cancellationToken);

    public Task<PagedResult<Transaction>> ListByCustomerAsync(string customerId, TransactionListQuery? query, CancellationToken cancellationToken) =>
        executor.GetPageAsync(Filters(executor.Uri(executor.Paths.ListCustomerTransactions, ("customerId", customerId)), query), Json.ListTransaction, cancellationToken);

    public Task<Transaction> GetAsync(string transactionId, CancellationToken cancellationToken) =>
        executor.GetAsync(executor.Uri(executor.Paths.GetTransaction, ("transactionId", transactionId)), Json.Transaction, cancellationToken);

    private static ArthaUriBuilder Filters(ArthaUriBuilder uri, TransactionListQuery? query) => uri
        .Page(query)
        .Query("status", query?.Status)
        .Query("type", query?.Type)
        .Query("from", query?.From)
        .Query("to", query?.To)
        .Query("merchant", query?.Merchant)
        .Query("minAmount", query?.MinAmount)
        .Query("maxAmount", query?.MaxAmount);
}
