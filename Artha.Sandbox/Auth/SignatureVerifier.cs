using System.Collections.Concurrent;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;

namespace Artha.Sandbox.Auth;

/// <summary>What the verifier needs from a request: nothing HTTP-specific, so the §3.4 vectors can be replayed directly.</summary>
public sealed record SignedRequest(
    string Method,
    string PathAndQuery,
    string? ApiKey,
    string? Timestamp,
    string? Nonce,
    string? BodyHash,
    string? Signature,
    ReadOnlyMemory<byte> Body);

/// <summary>Outcome of a verification: success, or the distinct error code and message for the 401.</summary>
public sealed record VerificationResult(bool Succeeded, string? ErrorCode, string? Message)
{
    public static readonly VerificationResult Success = new(true, null, null);
    public static VerificationResult Fail(string code, string message) => new(false, code, message);
}

/// <summary>
/// Implements the §3.5 checks in the documented order. Each failure has its own error code so a client developer
/// can tell a clock problem from a signing bug.
/// </summary>
public sealed class SignatureVerifier(IOptions<SandboxOptions> options, TimeProvider time)
{
    public const string MissingHeaders = "MISSING_AUTH_HEADERS";
    public const string UnknownApiKey = "UNKNOWN_API_KEY";
    public const string TimestampOutOfRange = "TIMESTAMP_OUT_OF_RANGE";
    public const string BodyHashMismatch = "BODY_HASH_MISMATCH";
    public const string InvalidSignature = "INVALID_SIGNATURE";
    public const string NonceReused = "NONCE_REUSED";

    // (api key, nonce) -> when it may be used again. Entries are purged lazily as they expire.
    private readonly ConcurrentDictionary<(string Key, string Nonce), DateTimeOffset> _seenNonces = new();
    private long _verifications;

    public VerificationResult Verify(SignedRequest request)
    {
        var o = options.Value;
        if (string.IsNullOrEmpty(request.ApiKey) || string.IsNullOrEmpty(request.Timestamp) || string.IsNullOrEmpty(request.Nonce)
            || string.IsNullOrEmpty(request.BodyHash) || string.IsNullOrEmpty(request.Signature))
            return VerificationResult.Fail(MissingHeaders,
                "All of X-API-Key, X-Timestamp, X-Nonce, X-Body-Hash and X-Signature are required.");

        if (!FixedTimeEquals(request.ApiKey, o.ApiKey))
            return VerificationResult.Fail(UnknownApiKey, "The API key is not known.");

        var now = time.GetUtcNow();
        if (!long.TryParse(request.Timestamp, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var epochSeconds)
            || !WithinTolerance(now.ToUnixTimeSeconds(), epochSeconds, o.TimestampToleranceSeconds))
            return VerificationResult.Fail(TimestampOutOfRange,
                $"X-Timestamp must be Unix epoch seconds within {o.TimestampToleranceSeconds} s of server time.");

        if (!FixedTimeEquals(request.BodyHash, ComputeBodyHash(request.Body.Span)))
            return VerificationResult.Fail(BodyHashMismatch, "X-Body-Hash is not base64(SHA-256(raw body)).");

        var expected = ComputeSignature(o.Secret, request.Method, request.PathAndQuery, request.Timestamp, request.Nonce, request.BodyHash);
        if (!FixedTimeEquals(request.Signature, expected))
            return VerificationResult.Fail(InvalidSignature, "X-Signature does not match the request.");

        // Rule 6 last: only a request that passed every other check consumes its nonce.
        if (Interlocked.Increment(ref _verifications) % 1024 == 0)
            PurgeExpired(now);
        var expiry = now.AddSeconds(o.NonceWindowSeconds);
        var accepted = false;
        _seenNonces.AddOrUpdate((request.ApiKey, request.Nonce),
            _ => { accepted = true; return expiry; },
            (_, until) =>
            {
                if (until > now) { accepted = false; return until; }
                accepted = true;
                return expiry;
            });
        return accepted
            ? VerificationResult.Success
            : VerificationResult.Fail(NonceReused, "X-Nonce was already used within the last 5 minutes.");
    }

    /// <summary>
    /// |now - timestamp| &lt;= tolerance for any two longs. In 64 bits the difference can overflow, and when it wraps to
    /// long.MinValue (timestamp = now - 2^63) Math.Abs throws: that used to turn a garbage header into a 500.
    /// </summary>
    public static bool WithinTolerance(long nowSeconds, long timestampSeconds, long toleranceSeconds) =>
        Int128.Abs((Int128)nowSeconds - timestampSeconds) <= toleranceSeconds;

    /// <summary>Forgets every nonce (sandbox reset).</summary>
    public void Reset() => _seenNonces.Clear();

    private void PurgeExpired(DateTimeOffset now)
    {
        foreach (var entry in _seenNonces)
            if (entry.Value <= now)
                _seenNonces.TryRemove(entry);
    }

    public static string ComputeBodyHash(ReadOnlySpan<byte> body) => Convert.ToBase64String(SHA256.HashData(body));

    public static string ComputeSignature(string secret, string method, string pathAndQuery, string timestamp, string nonce, string bodyHash)
    {
        var stringToSign = $"{method.ToUpperInvariant()}\n{pathAndQuery}\n{timestamp}\n{nonce}\n{bodyHash}";
        return Convert.ToBase64String(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes(stringToSign)));
    }

    private static bool FixedTimeEquals(string a, string b) =>
        CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(a), Encoding.UTF8.GetBytes(b));
}
