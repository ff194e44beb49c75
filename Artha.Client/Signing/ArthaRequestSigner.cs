using System.Buffers;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Artha.Client.Signing;

/// <summary>The five authentication header values of one signed request.</summary>
public readonly record struct ArthaSignedHeaders(string ApiKey, string Timestamp, string Nonce, string BodyHash, string Signature)
{
    /// <summary>Never print the signature (it authenticates the request for the nonce window).</summary>
    public override string ToString() => $"ArthaSignedHeaders {{ ApiKey = {ApiKey}, Timestamp = {Timestamp}, Nonce = {Nonce}, BodyHash = {BodyHash}, Signature = *** }}";
}

/// <summary>Source of request nonces; replaceable so tests can use fixed values.</summary>
public interface IArthaNonceGenerator
{
    string NewNonce();
}

/// <summary>Default nonce: a random GUID in "N" format (32 hex digits), unique per request.</summary>
public sealed class GuidNonceGenerator : IArthaNonceGenerator
{
    public string NewNonce() => Guid.NewGuid().ToString("N");
}

/// <summary>
/// Computes the Artha HMAC-SHA256 request signature (API reference §3):
/// <c>X-Signature = base64(HMAC-SHA256(UTF-8 secret, "METHOD\nPATH_AND_QUERY\nTIMESTAMP\nNONCE\nBODY_HASH"))</c>
/// with <c>BODY_HASH = base64(SHA-256(body bytes))</c>. Works on spans and stack buffers so a signature costs only
/// the header strings it returns. Keyed HMAC and SHA-256 contexts are reused per thread: re-keying an OpenSSL
/// HMAC for every request costs more than hashing the few hundred bytes to sign.
/// </summary>
public sealed class ArthaRequestSigner : IDisposable
{
    /// <summary>base64(SHA-256 of the empty byte string), the body hash of every request without a body.</summary>
    public const string EmptyBodyHash = "47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=";

    private const int StackBufferLimit = 1024;
    private readonly string _apiKey;
    private readonly byte[] _secretKey;
    private readonly TimeProvider _timeProvider;
    private readonly IArthaNonceGenerator _nonceGenerator;
    private readonly ThreadLocal<IncrementalHash> _hmac;
    private readonly ThreadLocal<IncrementalHash> _sha256;

    public ArthaRequestSigner(string apiKey, string secret, TimeProvider? timeProvider = null, IArthaNonceGenerator? nonceGenerator = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(apiKey);
        ArgumentException.ThrowIfNullOrEmpty(secret);
        _apiKey = apiKey;
        _secretKey = Encoding.UTF8.GetBytes(secret);
        _timeProvider = timeProvider ?? TimeProvider.System;
        _nonceGenerator = nonceGenerator ?? new GuidNonceGenerator();
        _hmac = new ThreadLocal<IncrementalHash>(() => IncrementalHash.CreateHMAC(HashAlgorithmName.SHA256, _secretKey), trackAllValues: true);
        _sha256 = new ThreadLocal<IncrementalHash>(() => IncrementalHash.CreateHash(HashAlgorithmName.SHA256), trackAllValues: true);
    }

    /// <summary>Signs a request now, with a fresh nonce.</summary>
    /// <param name="method">HTTP method (upper-cased if needed).</param>
    /// <param name="pathAndQuery">The exact path and query sent on the wire, e.g. <c>/api/v1/cards?limit=10</c>.</param>
    /// <param name="body">The exact body bytes sent (empty when there is no body).</param>
    public ArthaSignedHeaders Sign(string method, string pathAndQuery, ReadOnlySpan<byte> body)
    {
        var timestamp = _timeProvider.GetUtcNow().ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        var nonce = _nonceGenerator.NewNonce();
        string bodyHash;
        if (body.IsEmpty)
        {
            bodyHash = EmptyBodyHash;
        }
        else
        {
            var sha256 = _sha256.Value!;
            sha256.AppendData(body);
            Span<byte> digest = stackalloc byte[SHA256.HashSizeInBytes];
            sha256.GetHashAndReset(digest);
            bodyHash = Convert.ToBase64String(digest);
        }

        var signature = ComputeSignature(method, pathAndQuery, timestamp, nonce, bodyHash, _hmac.Value!, static (state, stringToSign, mac) =>
        {
            var hmac = (IncrementalHash)state;
            hmac.AppendData(stringToSign);
            hmac.GetHashAndReset(mac);
        });
        return new ArthaSignedHeaders(_apiKey, timestamp, nonce, bodyHash, signature);
    }

    public void Dispose()
    {
        foreach (var hash in _hmac.Values.Concat(_sha256.Values))
        {
            hash.Dispose();
        }

        _hmac.Dispose();
        _sha256.Dispose();
    }

    /// <summary>base64(SHA-256(body)).</summary>
    public static string ComputeBodyHash(ReadOnlySpan<byte> body)
    {
        if (body.IsEmpty)
        {
            return EmptyBodyHash;
        }

        Span<byte> digest = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(body, digest);
        return Convert.ToBase64String(digest);
    }

    /// <summary>base64(HMAC-SHA256(secretKey, METHOD\nPATH_AND_QUERY\nTIMESTAMP\nNONCE\nBODY_HASH)).</summary>
    public static string ComputeSignature(ReadOnlySpan<byte> secretKey, string method, string pathAndQuery, string timestamp, string nonce, string bodyHash)
    {
        return ComputeSignature(method, pathAndQuery, timestamp, nonce, bodyHash, secretKey.ToArray(), static (state, stringToSign, mac) => HMACSHA256.HashData((byte[])state, stringToSign, mac));
    }

    private delegate void MacFunction(object state, ReadOnlySpan<byte> stringToSign, Span<byte> mac);

    private static string ComputeSignature(string method, string pathAndQuery, string timestamp, string nonce, string bodyHash, object macState, MacFunction computeMac)
    {
        // Every component is ASCII except possibly the path, so the UTF-8 maximum is a safe buffer size.
        var maxLength = Encoding.UTF8.GetMaxByteCount(method.Length + pathAndQuery.Length + timestamp.Length + nonce.Length + bodyHash.Length) + 4;
        byte[]? rented = null;
        var buffer = maxLength <= StackBufferLimit ? stackalloc byte[StackBufferLimit] : (rented = ArrayPool<byte>.Shared.Rent(maxLength));
        try
        {
            var written = 0;
            written += WriteUpperInvariantAscii(method, buffer);
            buffer[written++] = (byte)'\n';
            written += Encoding.UTF8.GetBytes(pathAndQuery, buffer[written..]);
            buffer[written++] = (byte)'\n';
            written += Encoding.UTF8.GetBytes(timestamp, buffer[written..]);
            buffer[written++] = (byte)'\n';
            written += Encoding.UTF8.GetBytes(nonce, buffer[written..]);
            buffer[written++] = (byte)'\n';
            written += Encoding.UTF8.GetBytes(bodyHash, buffer[written..]);

            Span<byte> mac = stackalloc byte[HMACSHA256.HashSizeInBytes];
            computeMac(macState, buffer[..written], mac);
            return Convert.ToBase64String(mac);
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<byte>.Shared.Return(rented, clearArray: true);
            }
        }
    }

    private static int WriteUpperInvariantAscii(string method, Span<byte> destination)
    {
        for (var i = 0; i < method.Length; i++)
        {
            var c = method[i];
            destination[i] = (byte)(c is >= 'a' and <= 'z' ? c - 32 : c);
        }

        return method.Length;
    }
}
