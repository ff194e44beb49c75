using System.Collections.Concurrent;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Artha.Client.Signing;
using Microsoft.Extensions.Options;

namespace Artha.Admin.LiveStatus.Webhooks;

/// <summary>One webhook delivery as received: the request target exactly as sent, the headers and the raw body.</summary>
public sealed record WebhookDelivery(string Method, string PathAndQuery, IHeaderDictionary Headers, ReadOnlyMemory<byte> Body);

/// <summary>Accepted, or refused with a code and a message for the 401 body.</summary>
public sealed record WebhookVerification(bool Succeeded, string? ErrorCode, string? Message)
{
    public static readonly WebhookVerification Success = new(true, null, null);
    public static WebhookVerification Fail(string code, string message) => new(false, code, message);
}

/// <summary>
/// Decides whether a delivery really comes from Artha. Artha has not published its webhook signature (§14.5), so
/// the default, <see cref="HmacWebhookSignatureVerifier"/>, uses the §3 request scheme the sandbox signs with; when
/// Artha documents its own, register another implementation in place of it.
/// </summary>
public interface IWebhookSignatureVerifier
{
    WebhookVerification Verify(WebhookDelivery delivery);
}

/// <summary>
/// The §3 scheme over a delivery: X-API-Key, X-Timestamp (±tolerance), X-Nonce (not reused within the window),
/// X-Body-Hash = base64(SHA-256(body)), X-Signature = base64(HMAC-SHA256(secret, "POST\n{path and query}\n{timestamp}\n{nonce}\n{body hash}")).
/// Checked in the §3.5 order; only a delivery that passes every other check uses up its nonce.
/// </summary>
public sealed class HmacWebhookSignatureVerifier(IOptionsMonitor<WebhookReceiverOptions> options, TimeProvider clock) : IWebhookSignatureVerifier
{
    public const string NotConfigured = "WEBHOOKS_NOT_CONFIGURED";
    public const string MissingHeaders = "MISSING_AUTH_HEADERS";
    public const string UnknownApiKey = "UNKNOWN_API_KEY";
    public const string TimestampOutOfRange = "TIMESTAMP_OUT_OF_RANGE";
    public const string BodyHashMismatch = "BODY_HASH_MISMATCH";
    public const string InvalidSignature = "INVALID_SIGNATURE";
    public const string NonceReused = "NONCE_REUSED";

    // Keyed by the nonce alone: X-API-Key is not covered by the signature, so a replay under another key must still be caught.
    private readonly ConcurrentDictionary<string, DateTimeOffset> _seenNonces = new(StringComparer.Ordinal);
    private long _verifications;

    public WebhookVerification Verify(WebhookDelivery delivery)
    {
        var o = options.CurrentValue;
        if (string.IsNullOrEmpty(o.Secret))
        {
            return WebhookVerification.Fail(NotConfigured, "Webhooks are not configured on this portal (set Artha:WebhookSecret).");
        }
        string? Header(string name) => delivery.Headers.TryGetValue(name, out var value) ? value.ToString() : null;
        var apiKey = Header("X-API-Key");
        var timestamp = Header("X-Timestamp");
        var nonce = Header("X-Nonce");
        var bodyHash = Header("X-Body-Hash");
        var signature = Header("X-Signature");
        if (string.IsNullOrEmpty(apiKey) || string.IsNullOrEmpty(timestamp) || string.IsNullOrEmpty(nonce)
            || string.IsNullOrEmpty(bodyHash) || string.IsNullOrEmpty(signature))
        {
            return WebhookVerification.Fail(MissingHeaders, "All of X-API-Key, X-Timestamp, X-Nonce, X-Body-Hash and X-Signature are required.");
        }
        if (!string.IsNullOrEmpty(o.ApiKey) && !FixedTimeEquals(apiKey, o.ApiKey))
        {
            return WebhookVerification.Fail(UnknownApiKey, "The API key is not the one this portal expects.");
        }
        var now = clock.GetUtcNow();
        // The skew in 128 bits: in 64 bits now - (now - 2^63) wraps to long.MinValue and Math.Abs throws (a 500).
        if (!long.TryParse(timestamp, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var epochSeconds)
            || Int128.Abs((Int128)now.ToUnixTimeSeconds() - epochSeconds) > o.TimestampToleranceSeconds)
        {
            return WebhookVerification.Fail(TimestampOutOfRange, $"X-Timestamp must be Unix epoch seconds within {o.TimestampToleranceSeconds} s of the portal's time.");
        }
        if (!FixedTimeEquals(bodyHash, ArthaRequestSigner.ComputeBodyHash(delivery.Body.Span)))
        {
            return WebhookVerification.Fail(BodyHashMismatch, "X-Body-Hash is not base64(SHA-256(raw body)).");
        }
        if (!FixedTimeEquals(signature, ComputeSignature(o.Secret, delivery.Method, delivery.PathAndQuery, timestamp, nonce, bodyHash)))
        {
            return WebhookVerification.Fail(InvalidSignature, "X-Signature does not match the delivery.");
        }

        if (Interlocked.Increment(ref _verifications) % 1024 == 0)
        {
            foreach (var entry in _seenNonces)
            {
                if (entry.Value <= now)
                {
                    _seenNonces.TryRemove(entry);
                }
            }
        }
        var expiry = now.AddSeconds(Math.Max(o.NonceWindowSeconds, o.TimestampToleranceSeconds));
        var accepted = false;
        _seenNonces.AddOrUpdate(nonce,
            _ => { accepted = true; return expiry; },
            (_, until) =>
            {
                if (until > now)
                {
                    accepted = false;
                    return until;
                }
                accepted = true;
                return expiry;
            });
        return accepted ? WebhookVerification.Success : WebhookVerification.Fail(NonceReused, "X-Nonce was already used: a replayed delivery.");
    }

    /// <summary>The same §3 signature the Artha client computes for its requests (one implementation for both directions).</summary>
    public static string ComputeSignature(string secret, string method, string pathAndQuery, string timestamp, string nonce, string bodyHash) =>
        ArthaRequestSigner.ComputeSignature(Encoding.UTF8.GetBytes(secret), method, pathAndQuery, timestamp, nonce, bodyHash);

    private static bool FixedTimeEquals(string a, string b) =>
        CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(a), Encoding.UTF8.GetBytes(b));
}
