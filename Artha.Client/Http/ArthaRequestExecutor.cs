using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Artha.Client.Configuration;
using Artha.Client.Errors;
using Artha.Client.Models;
using Artha.Client.Serialization;
using Polly.Timeout;

namespace Artha.Client.Http;

/// <summary>
/// Sends one Artha request through the typed <see cref="HttpClient"/> (resilience → logging → signing handlers) and
/// turns the outcome into a model or an <see cref="ArthaException"/>.
/// </summary>
internal sealed class ArthaRequestExecutor(HttpClient httpClient, ArthaClientOptions options)
{
    public ArthaPathOptions Paths => options.Paths;

    public ArthaUriBuilder Uri(string template, params ReadOnlySpan<(string Name, string Value)> arguments) =>
        new(options.PathPrefix, template, arguments);

    public static ArthaJsonContent Json<TRequest>(TRequest body, JsonTypeInfo<TRequest> typeInfo) =>
        new(JsonSerializer.SerializeToUtf8Bytes(body, typeInfo));

    public async Task<T> GetAsync<T>(ArthaUriBuilder uri, JsonTypeInfo<T> typeInfo, CancellationToken cancellationToken, bool sensitive = false)
        where T : class =>
        await SendAsync(HttpMethod.Get, uri, null, typeInfo, sensitive, cancellationToken).ConfigureAwait(false)
        ?? throw EmptyBody(HttpMethod.Get, uri);

    public Task<PagedResult<T>> GetPageAsync<T>(ArthaUriBuilder uri, JsonTypeInfo<List<T>> listTypeInfo, CancellationToken cancellationToken) =>
        SendRawAsync(HttpMethod.Get, uri, null, false, body => ArthaResponseReader.ReadPage(body, listTypeInfo), cancellationToken);

    public async Task<T> SendRequiredAsync<T>(HttpMethod method, ArthaUriBuilder uri, HttpContent content, JsonTypeInfo<T> typeInfo, CancellationToken cancellationToken, bool sensitive = false)
        where T : class =>
        await SendAsync(method, uri, content, typeInfo, sensitive, cancellationToken).ConfigureAwait(false)
        ?? throw EmptyBody(method, uri);

    public Task<T?> SendAsync<T>(HttpMethod method, ArthaUriBuilder uri, HttpContent? content, JsonTypeInfo<T> typeInfo, bool sensitive, CancellationToken cancellationToken)
        where T : class =>
        SendRawAsync(method, uri, content, sensitive, body => ArthaResponseReader.Read(body, typeInfo), cancellationToken);

    private async Task<T> SendRawAsync<T>(HttpMethod method, ArthaUriBuilder uri, HttpContent? content, bool sensitive, Func<ReadOnlyMemory<byte>, T> parse, CancellationToken cancellationToken)
    {
        var relative = uri.ToString();
        using var request = new HttpRequestMessage(method, new Uri(relative, UriKind.Relative)) { Content = content };
        HttpResponseMessage response;
        try
        {
            response = await httpClient.SendAsync(request, HttpCompletionOption.ResponseContentRead, cancellationToken).ConfigureAwait(false);
        }
        catch (TimeoutRejectedException exception)
        {
            throw new ArthaTransportException(ArthaTransportFailure.Timeout, $"Artha API {method} {PathOf(relative)} timed out after {options.TimeoutSeconds} s.", exception);
        }
        catch (OperationCanceledException exception) when (!cancellationToken.IsCancellationRequested)
        {
            // Not the caller's token: an inner timeout (e.g. HttpClient.Timeout) fired.
            throw new ArthaTransportException(ArthaTransportFailure.Timeout, $"Artha API {method} {PathOf(relative)} timed out.", exception);
        }
        catch (HttpRequestException exception)
        {
            // The inner message is kept out of ours (it can name the host or echo request details); it stays in InnerException.
            throw new ArthaTransportException(ArthaTransportFailure.Connection, $"Artha API {method} {PathOf(relative)} failed before a response was received ({exception.HttpRequestError}).", exception);
        }

        using (response)
        {
            var body = await response.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
            // Bare (newest-generation) bodies carry no request_id; the header, when sent, still identifies the call for support.
            var headerRequestId = response.Headers.TryGetValues("X-Request-Id", out var ids) ? ids.FirstOrDefault() : null;
            if (!response.IsSuccessStatusCode)
            {
                throw ArthaErrorParser.Create(response.StatusCode, body, method.Method, PathOf(relative), sensitive, headerRequestId);
            }

            var result = parse(body);
            if (result is ArthaResponse { RequestId: null } resource && headerRequestId is not null)
            {
                resource.RequestId = headerRequestId;
            }
            return result;
        }
    }

    private static JsonException EmptyBody(HttpMethod method, ArthaUriBuilder uri) =>
        new($"Artha API {method} {PathOf(uri.ToString())} returned an empty body where a resource was expected.");

    private static string PathOf(string relative)
    {
        var query = relative.IndexOf('?');
        return "/" + (query < 0 ? relative : relative[..query]);
    }
}
