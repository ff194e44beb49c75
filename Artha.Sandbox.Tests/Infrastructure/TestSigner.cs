using System.Globalization;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;

namespace Artha.Sandbox.Tests.Infrastructure;

/// <summary>
/// An independent implementation of the API reference §3 signing scheme (it shares no code with the sandbox),
/// so the tests check the sandbox against the specification rather than against itself.
/// </summary>
public sealed class TestSigner(string apiKey, string secret, Func<DateTimeOffset> clock)
{
    public string ApiKey { get; } = apiKey;

    public static string BodyHash(byte[] body) => Convert.ToBase64String(SHA256.HashData(body));

    public static string Signature(string secret, string method, string pathAndQuery, string timestamp, string nonce, string bodyHash)
    {
        using var hmac = new HMACSHA256(Encoding.UTF8.GetBytes(secret));
        var stringToSign = string.Join('\n', method, pathAndQuery, timestamp, nonce, bodyHash);
        return Convert.ToBase64String(hmac.ComputeHash(Encoding.UTF8.GetBytes(stringToSign)));
    }

    /// <summary>Builds a request whose body bytes are exactly the bytes hashed and sent.</summary>
    public HttpRequestMessage Create(HttpMethod method, string pathAndQuery, byte[]? body = null, string contentType = "application/json",
        string? nonce = null, long? timestamp = null)
    {
        var request = new HttpRequestMessage(method, pathAndQuery);
        body ??= [];
        if (body.Length > 0 || method != HttpMethod.Get)
        {
            request.Content = new ByteArrayContent(body);
            request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        }
        var ts = (timestamp ?? clock().ToUnixTimeSeconds()).ToString(CultureInfo.InvariantCulture);
        nonce ??= Guid.NewGuid().ToString();
        var bodyHash = BodyHash(body);
        request.Headers.Add("X-API-Key", ApiKey);
        request.Headers.Add("X-Timestamp", ts);
        request.Headers.Add("X-Nonce", nonce);
        request.Headers.Add("X-Body-Hash", bodyHash);
        request.Headers.Add("X-Signature", Signature(secret, method.Method, pathAndQuery, ts, nonce, bodyHash));
        return request;
    }
}
