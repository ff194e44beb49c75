using Artha.Client.Configuration;
using Artha.Client.Errors;
using Artha.Client.Serialization;
using Polly.Timeout;
using Refit;

namespace Artha.Client.Http;

/// <summary>
/// The <see cref="RefitSettings"/> of the Artha client: the tolerant source-generated content serializer, and the
/// three exception hooks that keep the client's typed errors.
/// <list type="bullet">
/// <item><see cref="CheckResponseAsync"/> (Refit's <c>ExceptionFactory</c>): every non-2xx answer becomes an
/// <see cref="ArthaApiException"/> through <see cref="ArthaErrorParser"/> (server text dropped on sensitive endpoints).</item>
/// <item><see cref="MapTransportFailure"/> (<c>TransportExceptionFactory</c>): attempt timeouts and connection failures
/// become <see cref="ArthaTransportException"/>; the caller's cancellation stays an <see cref="OperationCanceledException"/>.</item>
/// <item><c>DeserializationExceptionFactory</c>: a malformed body surfaces as the reader's own <see cref="System.Text.Json.JsonException"/>,
/// not as a Refit exception holding the raw response.</item>
/// </list>
/// </summary>
internal sealed class ArthaRefitSettings
{
    private static readonly ValueTask<Exception?> NoException = new((Exception?)null);
    private static readonly HttpRequestOptionsKey<string> MethodNameKey = new(HttpRequestMessageOptions.MethodName);

    private readonly ArthaClientOptions _options;
    private readonly string _basePath;

    public ArthaRefitSettings(ArthaClientOptions options)
    {
        _options = options;
        // Messages name the path below the base URL (prefix + endpoint), as they always did.
        _basePath = new Uri(options.BaseUrl, UriKind.Absolute).AbsolutePath.TrimEnd('/');
    }

    /// <summary>Base address of the Refit HttpClient: the base URL with the prefix, ending in '/'.</summary>
    public static Uri BaseAddress(ArthaClientOptions options) =>
        new(options.BaseUrl.TrimEnd('/') + options.PathPrefix.TrimEnd('/') + "/", UriKind.Absolute);

    public RefitSettings Create() => new(ArthaContentSerializer.Instance)
    {
        // Synchronous serialisation into ArthaJsonContent: no streamed body, nothing re-buffered.
        RequestBodySerialization = RequestBodySerializationMode.Buffered,
        ExceptionFactory = CheckResponseAsync,
        TransportExceptionFactory = MapTransportFailure,
        DeserializationExceptionFactory = static (_, exception) => new ValueTask<Exception?>(exception),
    };

    /// <summary>Null for a success (after handing <c>X-Request-Id</c> to the reader); the typed API exception otherwise.</summary>
    internal ValueTask<Exception?> CheckResponseAsync(HttpResponseMessage response)
    {
        var headerRequestId = response.Headers.TryGetValues(ArthaContentSerializer.RequestIdHeader, out var ids) ? ids.FirstOrDefault() : null;
        if (response.IsSuccessStatusCode)
        {
            // Bare (newest-generation) bodies carry no request_id; the header, when sent, still identifies the call.
            if (headerRequestId is not null)
            {
                response.Content.Headers.TryAddWithoutValidation(ArthaContentSerializer.RequestIdHeader, headerRequestId);
            }

            return NoException;
        }

        return CreateApiExceptionAsync(response, headerRequestId);
    }

    private async ValueTask<Exception?> CreateApiExceptionAsync(HttpResponseMessage response, string? headerRequestId)
    {
        using (response)
        {
            var body = await response.Content.ReadAsByteArrayAsync().ConfigureAwait(false);
            var request = response.RequestMessage;
            // An answer that cannot be traced to its endpoint is treated as sensitive: its server text is dropped.
            var sensitive = request is null || !request.Options.TryGetValue(MethodNameKey, out var method) || ArthaPathMappingHandler.SensitiveEndpoints.Contains(method);
            return ArthaErrorParser.Create(response.StatusCode, body, request?.Method.Method ?? "?", PathOf(request), sensitive, headerRequestId);
        }
    }

    internal Exception MapTransportFailure(HttpRequestMessage request, Exception exception, CancellationToken cancellationToken) => exception switch
    {
        TimeoutRejectedException => new ArthaTransportException(ArthaTransportFailure.Timeout, $"Artha API {request.Method} {PathOf(request)} timed out after {_options.TimeoutSeconds} s.", exception),
        // Not the caller's token: an inner timeout (e.g. HttpClient.Timeout) fired.
        OperationCanceledException when !cancellationToken.IsCancellationRequested => new ArthaTransportException(ArthaTransportFailure.Timeout, $"Artha API {request.Method} {PathOf(request)} timed out.", exception),
        // The inner message is kept out of ours (it can name the host or echo request details); it stays in InnerException.
        HttpRequestException http => new ArthaTransportException(ArthaTransportFailure.Connection, $"Artha API {request.Method} {PathOf(request)} failed before a response was received ({http.HttpRequestError}).", exception),
        _ => exception,
    };

    /// <summary>The request path without base path and query, e.g. <c>/api/v1/cards/k1</c>.</summary>
    private string PathOf(HttpRequestMessage? request)
    {
        if (request?.RequestUri is not { } uri)
        {
            return "/";
        }

        var path = uri.IsAbsoluteUri ? uri.AbsolutePath : "/" + uri.OriginalString.Split('?')[0].TrimStart('/');
        return _basePath.Length > 0 && path.StartsWith(_basePath + "/", StringComparison.Ordinal) ? path[_basePath.Length..] : path;
    }
}
