using Artha.Client.Api;
using Artha.Client.Configuration;
using Artha.Client.Http;
using Artha.Client.Signing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Refit;

namespace Artha.Client;

/// <summary>Dependency-injection registration of the Artha client.</summary>
public static class ArthaServiceCollectionExtensions
{
    /// <summary>Name of the Artha <see cref="HttpClient"/> in <c>IHttpClientFactory</c> (unchanged from the typed-client registration).</summary>
    public const string HttpClientName = nameof(IArthaClient);

    /// <summary>
    /// Registers <see cref="IArthaClient"/> over the source-generated Refit client (<c>AddRefitGeneratedClient</c>) with the path mapping, resilience,
    /// logging and signing handlers (all built from singletons and options only: handlers outlive any scope),
    /// binding and validating (at start-up) the <c>Artha</c> section of <paramref name="configuration"/>. Nothing is
    /// read from configuration here: options are bound lazily, and the base address is applied each time an
    /// HttpClient is configured, so values set before the host is built are honoured.
    /// </summary>
    /// <returns>The HttpClient builder, e.g. to replace the primary handler in tests.</returns>
    public static IHttpClientBuilder AddArthaClient(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);

        services.AddOptions<ArthaClientOptions>()
            .Bind(configuration.GetSection(ArthaClientOptions.SectionName))
            .ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<ArthaClientOptions>, ArthaClientOptionsValidator>());

        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<IArthaNonceGenerator, GuidNonceGenerator>();
        services.TryAddSingleton(provider =>
        {
            var options = provider.GetRequiredService<IOptions<ArthaClientOptions>>().Value;
            return new ArthaRequestSigner(options.ApiKey, options.Secret, provider.GetRequiredService<TimeProvider>(), provider.GetRequiredService<IArthaNonceGenerator>());
        });
        services.TryAddTransient<ArthaPathMappingHandler>();
        services.TryAddTransient<ArthaResilienceHandler>();
        services.TryAddTransient<ArthaLoggingHandler>();
        services.TryAddTransient<ArthaSigningHandler>();

        // The public façade over the Refit client; transient like the typed client it wraps.
        services.AddTransient<IArthaClient>(static provider => new ArthaClient(provider.GetRequiredService<IArthaApi>(), provider.GetRequiredService<IOptions<ArthaClientOptions>>()));

        return services
            // Named as the typed client before Refit was ("IArthaClient"), so configuration by client name keeps applying.
            .AddRefitGeneratedClient<IArthaApi>(
                static provider => new ArthaRefitSettings(provider.GetRequiredService<IOptions<ArthaClientOptions>>().Value).Create(),
                HttpClientName)
            // ArthaLoggingHandler writes the one allow-listed line per attempt; the factory's own request/response lines
            // would repeat it four times over (with the full URI) and cost allocations on every call.
            .RemoveAllLoggers()
            .ConfigureHttpClient(static (provider, httpClient) =>
            {
                // Base URL + prefix, ending with '/': Refit appends the endpoint paths, so any base path is kept.
                httpClient.BaseAddress = ArthaRefitSettings.BaseAddress(provider.GetRequiredService<IOptions<ArthaClientOptions>>().Value);
                // The per-attempt timeout lives in the resilience handler; HttpClient's own would cut across retries.
                httpClient.Timeout = Timeout.InfiniteTimeSpan;
            })
            // Outermost first: path mapping (once per call), retry/timeout, one log line per attempt, a fresh signature per attempt.
            .AddHttpMessageHandler<ArthaPathMappingHandler>()
            .AddHttpMessageHandler<ArthaResilienceHandler>()
            .AddHttpMessageHandler<ArthaLoggingHandler>()
            .AddHttpMessageHandler<ArthaSigningHandler>();
    }
}
