using System.Net;
using Artha.Client.Configuration;
using Microsoft.Extensions.Options;
using Polly;
using Polly.Retry;
using Polly.Timeout;

namespace Artha.Client.Http;

/// <summary>
/// Per-attempt timeout for every request, plus retries with jittered exponential back-off for GET requests only.
/// </summary>
/// <remarks>
/// POST and PATCH calls are never retried automatically. They move money or change card state (top-up, issue,
/// freeze, cancel, replace, set PIN, limits) and the Artha API offers no idempotency key: if a top-up times out
/// after the server accepted it, a retry would fund the card twice, and a retried replace could issue two cards.
/// The caller must instead check the outcome (top-up status, card state) before trying again.
/// The handler sits outside the signing handler, so every attempt is signed with a fresh nonce and timestamp.
/// </remarks>
public sealed class ArthaResilienceHandler : DelegatingHandler
{
    private readonly ResiliencePipeline<HttpResponseMessage> _readPipeline;
    private readonly ResiliencePipeline<HttpResponseMessage> _writePipeline;

    public ArthaResilienceHandler(IOptions<ArthaClientOptions> options, TimeProvider timeProvider)
    {
        var settings = options.Value;
        var timeout = new TimeoutStrategyOptions { Timeout = TimeSpan.FromSeconds(settings.TimeoutSeconds) };

        var readBuilder = new ResiliencePipelineBuilder<HttpResponseMessage> { TimeProvider = timeProvider };
        if (settings.MaxRetries > 0)
        {
            readBuilder.AddRetry(new RetryStrategyOptions<HttpResponseMessage>
            {
                MaxRetryAttempts = settings.MaxRetries,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Delay = TimeSpan.FromMilliseconds(settings.RetryBaseDelayMilliseconds),
                ShouldHandle = static args => ValueTask.FromResult(IsTransient(args.Outcome)),
                OnRetry = static args =>
                {
                    // The failed response is replaced by the next attempt; release its connection.
                    args.Outcome.Result?.Dispose();
                    return default;
                },
            });
        }

        _readPipeline = readBuilder.AddTimeout(timeout).Build();
        _writePipeline = new ResiliencePipelineBuilder<HttpResponseMessage> { TimeProvider = timeProvider }.AddTimeout(timeout).Build();
    }

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var pipeline = request.Method == HttpMethod.Get ? _readPipeline : _writePipeline;
        var response = await pipeline.ExecuteAsync(
            static (state, token) => new ValueTask<HttpResponseMessage>(state.Handler.SendCoreAsync(state.Request, token)),
            (Handler: this, Request: request),
            cancellationToken).ConfigureAwait(false);
        // The error mapping (ArthaRefitSettings) finds the endpoint, and so its sensitivity, through the response's
        // request: a real transport links them, a test double may not.
        response.RequestMessage ??= request;
        return response;
    }

    private Task<HttpResponseMessage> SendCoreAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
        base.SendAsync(request, cancellationToken);

    /// <summary>Transport failures, attempt timeouts, 408, 429 and 5xx are worth another GET attempt.</summary>
    internal static bool IsTransient(Outcome<HttpResponseMessage> outcome) => outcome switch
    {
        { Exception: HttpRequestException or TimeoutRejectedException } => true,
        { Result: { } response } => response.StatusCode is HttpStatusCode.RequestTimeout or HttpStatusCode.TooManyRequests || (int)response.StatusCode >= 500,
        _ => false,
    };
}
