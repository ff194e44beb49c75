using System.Net;
using System.Net.Http.Headers;

namespace Artha.Client.Http;

/// <summary>
/// JSON request content serialised exactly once: the signing handler hashes <see cref="Bytes"/> and the same
/// bytes go on the wire, so the body hash can never drift from what is sent.
/// </summary>
public sealed class ArthaJsonContent : HttpContent
{
    private static readonly MediaTypeHeaderValue JsonMediaType = new("application/json") { CharSet = "utf-8" };

    public ArthaJsonContent(ReadOnlyMemory<byte> utf8Json)
    {
        Bytes = utf8Json;
        Headers.ContentType = JsonMediaType;
    }

    /// <summary>The exact UTF-8 JSON bytes that are sent.</summary>
    public ReadOnlyMemory<byte> Bytes { get; }

    protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context) =>
        stream.WriteAsync(Bytes).AsTask();

    protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context, CancellationToken cancellationToken) =>
        stream.WriteAsync(Bytes, cancellationToken).AsTask();

    protected override void SerializeToStream(Stream stream, TransportContext? context, CancellationToken cancellationToken) =>
        stream.Write(Bytes.Span);

    protected override bool TryComputeLength(out long length)
    {
        length = Bytes.Length;
        return true;
    }
}
