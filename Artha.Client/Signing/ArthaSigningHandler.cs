using Artha.Client.Http;

namespace Artha.Client.Signing;

/// <summary>
/// Adds the five Artha authentication headers to every request. It runs inside the retry handler, so each
/// attempt gets a fresh timestamp and nonce (a nonce must not be reused within 5 minutes).
/// </summary>
public sealed class ArthaSigningHandler(ArthaRequestSigner signer) : DelegatingHandler
{
    public const string ApiKeyHeader = "X-API-Key";
    public const string TimestampHeader = "X-Timestamp";
    public const string NonceHeader = "X-Nonce";
    public const string BodyHashHeader = "X-Body-Hash";
    public const string SignatureHeader = "X-Signature";

    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var uri = request.RequestUri ?? throw new InvalidOperationException("The request has no URI to sign.");
        if (!uri.IsAbsoluteUri)
        {
            throw new InvalidOperationException("The request URI must be absolute before signing.");
        }

        // JSON bodies (every call but uploads) are already bytes: sign and send without an extra async step.
        switch (request.Content)
        {
            case null:
                return SignAndSend(request, uri, ReadOnlySpan<byte>.Empty, cancellationToken);
            case ArthaJsonContent json:
                return SignAndSend(request, uri, json.Bytes.Span, cancellationToken);
            default:
                return SignBufferedAndSendAsync(request, uri, request.Content, cancellationToken);
        }
    }

    private async Task<HttpResponseMessage> SignBufferedAndSendAsync(HttpRequestMessage request, Uri uri, HttpContent content, CancellationToken cancellationToken)
    {
        // Buffer other content (multipart uploads) so the bytes hashed are the bytes later sent.
        await content.LoadIntoBufferAsync(cancellationToken).ConfigureAwait(false);
        var body = await content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
        return await SignAndSend(request, uri, body, cancellationToken).ConfigureAwait(false);
    }

    private Task<HttpResponseMessage> SignAndSend(HttpRequestMessage request, Uri uri, ReadOnlySpan<byte> body, CancellationToken cancellationToken)
    {
        // PathAndQuery is the escaped form that SocketsHttpHandler writes into the request line.
        var headers = signer.Sign(request.Method.Method, uri.PathAndQuery, body);

        var target = request.Headers;
        target.Remove(ApiKeyHeader);
        target.Remove(TimestampHeader);
        target.Remove(NonceHeader);
        target.Remove(BodyHashHeader);
        target.Remove(SignatureHeader);
        target.TryAddWithoutValidation(ApiKeyHeader, headers.ApiKey);
        target.TryAddWithoutValidation(TimestampHeader, headers.Timestamp);
        target.TryAddWithoutValidation(NonceHeader, headers.Nonce);
        target.TryAddWithoutValidation(BodyHashHeader, headers.BodyHash);
        target.TryAddWithoutValidation(SignatureHeader, headers.Signature);

        return base.SendAsync(request, cancellationToken);
    }
}
