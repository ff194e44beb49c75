using Artha.Client.Configuration;
using Artha.Client.Http;
using Microsoft.Extensions.Options;

namespace Artha.Client;

/// <summary>The <see cref="IArthaClient"/> implementation; a typed HttpClient client created by IHttpClientFactory.</summary>
public sealed class ArthaClient : IArthaClient
{
    public ArthaClient(HttpClient httpClient, IOptions<ArthaClientOptions> options)
    {
        var executor = new ArthaRequestExecutor(httpClient, options.Value);
        Customers = new CustomersClient(executor);
        Applicants = new ApplicantsClient(executor);
        Uploads = new UploadsClient(executor);
        Products = new ProductsClient(executor);
        Cards = new CardsClient(executor);
        CardOperations = new CardOperationsClient(executor);
        Limits = new CardLimitsClient(executor);
        Funding = new FundingClient(executor);
        Transactions = new TransactionsClient(executor);
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
}
