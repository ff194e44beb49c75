using System.Globalization;
using System.Net.Http.Headers;
using System.Text.Json;
using Artha.Client.Api;
using Artha.Client.Configuration;
using Artha.Client.Models;
using Artha.Client.Serialization;
using Microsoft.Extensions.Options;

namespace Artha.Client;

/// <summary>
/// The <see cref="IArthaClient"/> façade over the Refit client <see cref="IArthaApi"/>. Each resource adapter only
/// checks arguments, formats query values (ISO 8601 UTC dates, invariant decimals, open-enum values) and turns an
/// absent body into an empty page or, where a resource is required, a <see cref="JsonException"/>. Building,
/// sending, signing and reading requests is Refit's and the handlers' job.
/// </summary>
public sealed class ArthaClient : IArthaClient
{
    internal ArthaClient(IArthaApi api, IOptions<ArthaClientOptions> options)
    {
        Customers = new CustomersClient(api);
        Applicants = new ApplicantsClient(api);
        Uploads = new UploadsClient(api, options.Value.Paths.UploadFormFieldName);
        Products = new ProductsClient(api);
        Cards = new CardsClient(api);
        CardOperations = new CardOperationsClient(api);
        Limits = new CardLimitsClient(api);
        Funding = new FundingClient(api);
        Transactions = new TransactionsClient(api);
    }

    public ICustomersClient Customers { get; }
    public IApplicantsClient Applicants { get; }
    public IUploadsClient Uploads { get; }
    public IProductsClient Products { get; }
    public ICardsClient Cards { get; }
    public ICardOperationsClient CardOperations { get; }
    public ICardLimitsClient Limits { get; }
    public IFundingClient Funding { get; }
    public ITransactionsClient Transactions { get; }

    private sealed class CustomersClient(ICustomersApi api) : ICustomersClient
    {
        public async Task<Customer> CreateAsync(CreateCustomerRequest request, CancellationToken cancellationToken)
        {
            ArgumentNullException.ThrowIfNull(request);
            return Required(await api.CreateCustomer(request, cancellationToken).ConfigureAwait(false), "POST", "CreateCustomer");
        }

        public async Task<PagedResult<Customer>> ListAsync(CustomerListQuery? query, CancellationToken cancellationToken) =>
            Page(await api.ListCustomers(query?.Limit, query?.Offset, query?.Search, query?.Type?.Value, query?.KycStatus?.Value, Format(query?.CreatedFrom), Format(query?.CreatedTo), cancellationToken).ConfigureAwait(false));

        public async Task<Customer> GetAsync(string customerId, CancellationToken cancellationToken) =>
            Required(await api.GetCustomer(Id(customerId), cancellationToken).ConfigureAwait(false), "GET", "GetCustomer");

        public async Task<Customer> UpdateAsync(string customerId, UpdateCustomerRequest request, CancellationToken cancellationToken)
        {
            ArgumentNullException.ThrowIfNull(request);
            return Required(await api.UpdateCustomer(Id(customerId), request, cancellationToken).ConfigureAwait(false), "PATCH", "UpdateCustomer");
        }
    }

    private sealed class ApplicantsClient(IApplicantsApi api) : IApplicantsClient
    {
        public Task<ApplicantStatusResult?> SubmitAsync(string customerId, string productId, SubmitApplicantRequest request, CancellationToken cancellationToken)
        {
            ArgumentNullException.ThrowIfNull(request);
            return api.SubmitApplicant(Id(customerId), Id(productId), request, cancellationToken);
        }

        public async Task<ApplicantStatusResult> GetStatusAsync(string customerId, string productId, CancellationToken cancellationToken) =>
            Required(await api.GetApplicantStatus(Id(customerId), Id(productId), cancellationToken).ConfigureAwait(false), "GET", "GetApplicantStatus");
    }

    private sealed class UploadsClient(IUploadsApi api, string formFieldName) : IUploadsClient
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
                content.Add(part, formFieldName, file.FileName);
            }

            return await api.UploadFile(content, cancellationToken).ConfigureAwait(false) ?? [];
        }
    }

    private sealed class ProductsClient(IProductsApi api) : IProductsClient
    {
        public async Task<PagedResult<Product>> ListAsync(PageQuery? query, CancellationToken cancellationToken) =>
            Page(await api.ListProducts(query?.Limit, query?.Offset, cancellationToken).ConfigureAwait(false));

        public async Task<Product> GetAsync(string productId, CancellationToken cancellationToken) =>
            Required(await api.GetProduct(Id(productId), cancellationToken).ConfigureAwait(false), "GET", "GetProduct");
    }

    private sealed class CardsClient(ICardsApi api) : ICardsClient
    {
        public async Task<Card> IssueAsync(IssueCardRequest request, CancellationToken cancellationToken)
        {
            ArgumentNullException.ThrowIfNull(request);
            return Required(await api.IssueCard(request, cancellationToken).ConfigureAwait(false), "POST", "IssueCard");
        }

        public async Task<PagedResult<Card>> ListAsync(CardListQuery? query, CancellationToken cancellationToken) =>
            Page(await api.ListCards(query?.Limit, query?.Offset, query?.CustomerId, query?.Status?.Value, query?.Type?.Value, query?.ProductId, cancellationToken).ConfigureAwait(false));

        public async Task<Card> GetAsync(string cardId, CancellationToken cancellationToken) =>
            Required(await api.GetCard(Id(cardId), cancellationToken).ConfigureAwait(false), "GET", "GetCard");

        public async Task<SensitiveCardDetails> GetSensitiveDetailsAsync(string cardId, CancellationToken cancellationToken) =>
            Required(await api.GetSensitiveCardDetails(Id(cardId), cancellationToken).ConfigureAwait(false), "GET", "GetSensitiveCardDetails");
    }

    private sealed class CardOperationsClient(ICardOperationsApi api) : ICardOperationsClient
    {
        public async Task<CardOperationResult> ActivateAsync(string cardId, ActivateCardRequest? request, CancellationToken cancellationToken) =>
            Required(await api.ActivateCard(Id(cardId), request ?? new ActivateCardRequest(), cancellationToken).ConfigureAwait(false), "POST", "ActivateCard");

        // Operations without fields send "{}", as the documented examples do.
        public async Task<CardOperationResult> FreezeAsync(string cardId, CancellationToken cancellationToken) =>
            Required(await api.FreezeCard(Id(cardId), EmptyRequest.Instance, cancellationToken).ConfigureAwait(false), "POST", "FreezeCard");

        public async Task<CardOperationResult> UnfreezeAsync(string cardId, CancellationToken cancellationToken) =>
            Required(await api.UnfreezeCard(Id(cardId), EmptyRequest.Instance, cancellationToken).ConfigureAwait(false), "POST", "UnfreezeCard");

        public async Task<CardOperationResult> CancelAsync(string cardId, CancelCardRequest request, CancellationToken cancellationToken)
        {
            ArgumentNullException.ThrowIfNull(request);
            return Required(await api.CancelCard(Id(cardId), request, cancellationToken).ConfigureAwait(false), "POST", "CancelCard");
        }

        public Task<CardOperationResult?> ReplaceAsync(string cardId, ReplaceCardRequest request, CancellationToken cancellationToken)
        {
            ArgumentNullException.ThrowIfNull(request);
            return api.ReplaceCard(Id(cardId), request, cancellationToken);
        }

        public async Task<CardOperationResult> SetPinAsync(string cardId, string pin, CancellationToken cancellationToken)
        {
            // Validated locally so a malformed PIN never reaches the wire or a server error message.
            if (pin is null || pin.Length is < 4 or > 6 || !pin.All(char.IsAsciiDigit))
            {
                throw new ArgumentException("The PIN must be 4 to 6 digits.", nameof(pin));
            }

            return Required(await api.SetCardPin(Id(cardId), new SetPinRequest { Pin = pin }, cancellationToken).ConfigureAwait(false), "POST", "SetCardPin");
        }
    }

    private sealed class CardLimitsClient(ICardLimitsApi api) : ICardLimitsClient
    {
        public async Task<CardLimits> GetAsync(string cardId, CancellationToken cancellationToken) =>
            Required(await api.GetCardLimits(Id(cardId), cancellationToken).ConfigureAwait(false), "GET", "GetCardLimits");

        public async Task<CardLimits> UpdateAsync(string cardId, UpdateCardLimitsRequest request, CancellationToken cancellationToken)
        {
            ArgumentNullException.ThrowIfNull(request);
            return Required(await api.UpdateCardLimits(Id(cardId), request, cancellationToken).ConfigureAwait(false), "POST", "UpdateCardLimits");
        }
    }

    private sealed class FundingClient(IFundingApi api) : IFundingClient
    {
        public async Task<TopUpResult> TopUpAsync(string cardId, TopUpRequest request, CancellationToken cancellationToken)
        {
            ArgumentNullException.ThrowIfNull(request);
            return Required(await api.TopUpCard(Id(cardId), request, cancellationToken).ConfigureAwait(false), "POST", "TopUpCard");
        }

        public async Task<TopUp> GetTopUpStatusAsync(string topUpId, CancellationToken cancellationToken) =>
            Required(await api.GetTopUpStatus(Id(topUpId), cancellationToken).ConfigureAwait(false), "GET", "GetTopUpStatus");

        public async Task<CardBalance> GetBalanceAsync(string cardId, CancellationToken cancellationToken) =>
            Required(await api.GetCardBalance(Id(cardId), cancellationToken).ConfigureAwait(false), "GET", "GetCardBalance");

        // The per-card list names its card in the path, so the card filter is not sent.
        public async Task<PagedResult<TopUp>> ListCardTopUpsAsync(string cardId, TopUpListQuery? query, CancellationToken cancellationToken) =>
            Page(await api.ListCardTopUps(Id(cardId), query?.Limit, query?.Offset, query?.Status?.Value, Format(query?.From), Format(query?.To), query?.CustomerId, Format(query?.MinAmount), Format(query?.MaxAmount), cancellationToken).ConfigureAwait(false));

        public async Task<PagedResult<TopUp>> ListTopUpsAsync(TopUpListQuery? query, CancellationToken cancellationToken) =>
            Page(await api.ListTopUps(query?.Limit, query?.Offset, query?.Status?.Value, Format(query?.From), Format(query?.To), query?.CardId, query?.CustomerId, Format(query?.MinAmount), Format(query?.MaxAmount), cancellationToken).ConfigureAwait(false));
    }

    private sealed class TransactionsClient(ITransactionsApi api) : ITransactionsClient
    {
        public async Task<PagedResult<Transaction>> ListAsync(TransactionListQuery? query, CancellationToken cancellationToken) =>
            Page(await api.ListTransactions(query?.Limit, query?.Offset, query?.Status?.Value, query?.Type?.Value, Format(query?.From), Format(query?.To), query?.Merchant, Format(query?.MinAmount), Format(query?.MaxAmount), cancellationToken).ConfigureAwait(false));

        public async Task<PagedResult<Transaction>> ListByCardAsync(string cardId, TransactionListQuery? query, CancellationToken cancellationToken) =>
            Page(await api.ListCardTransactions(Id(cardId), query?.Limit, query?.Offset, query?.Status?.Value, query?.Type?.Value, Format(query?.From), Format(query?.To), query?.Merchant, Format(query?.MinAmount), Format(query?.MaxAmount), cancellationToken).ConfigureAwait(false));

        public async Task<PagedResult<Transaction>> ListByCustomerAsync(string customerId, TransactionListQuery? query, CancellationToken cancellationToken) =>
            Page(await api.ListCustomerTransactions(Id(customerId), query?.Limit, query?.Offset, query?.Status?.Value, query?.Type?.Value, Format(query?.From), Format(query?.To), query?.Merchant, Format(query?.MinAmount), Format(query?.MaxAmount), cancellationToken).ConfigureAwait(false));

        public async Task<Transaction> GetAsync(string transactionId, CancellationToken cancellationToken) =>
            Required(await api.GetTransaction(Id(transactionId), cancellationToken).ConfigureAwait(false), "GET", "GetTransaction");
    }

    /// <summary>A path argument must be present: an empty one would address a different endpoint.</summary>
    private static string Id(string value, [System.Runtime.CompilerServices.CallerArgumentExpression(nameof(value))] string? name = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(value, name);
        return value;
    }

    private static T Required<T>(T? resource, string method, string endpoint) where T : class =>
        resource ?? throw new JsonException($"Artha API {method} {endpoint} returned an empty body where a resource was expected.");

    private static PagedResult<T> Page<T>(PagedResult<T>? page) => page ?? new PagedResult<T>([], null, null, null);

    /// <summary>ISO 8601 UTC, e.g. <c>2024-01-15T10:30:00Z</c>.</summary>
    private static string? Format(DateTimeOffset? value) =>
        value?.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    private static string? Format(decimal? value) => value?.ToString(CultureInfo.InvariantCulture);
}
