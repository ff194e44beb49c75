using Artha.Client.Configuration;
using Artha.Client.Http;
using Artha.Client.Signing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Artha.Client;

/// <summary>Dependency-injection registration of the Artha client.</summary>
public static class ArthaServiceCollectionExtensions
{
    /// <summary>
    /// Registers <see cref="IArthaClient"/> as a typed HttpClient with the resilience, logging and signing handlers,
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
        services.TryAddTransient<ArthaResilienceHandler>();
        services.TryAddTransient<ArthaLoggingHandler>();
        services.TryAddTransient<ArthaSigningHandler>();

        return services.AddHttpClient<IArthaClient, ArthaClient>()
            .ConfigureHttpClient(static (provider, httpClient) =>
            {
                var options = provider.GetRequiredService<IOptions<ArthaClientOptions>>().Value;
                // A trailing slash keeps any base path when relative endpoint paths are resolved against it.
                httpClient.BaseAddress = new Uri(options.BaseUrl.TrimEnd('/') + "/", UriKind.Absolute);
                // The per-attempt timeout lives in the resilience handler; HttpClient's own would cut across retries.
                httpClient.Timeout = Timeout.InfiniteTimeSpan;
            })
            // Outermost first: retry/timeout, then one log line per attempt, then a fresh signature per attempt.
            .AddHttpMessageHandler<ArthaResilienceHandler>()
            .AddHttpMessageHandler<ArthaLoggingHandler>()
            .AddHttpMessageHandler<ArthaSigningHandler>();
    }
}
