using System.Globalization;
using System.Net;
using System.Text;
using Artha.Sandbox.Tests.Infrastructure;

namespace Artha.Sandbox.Tests;

public class AuthTests(SandboxHost host) : IClassFixture<SandboxHost>
{
    private HttpRequestMessage Signed(string path, string? nonce = null, long? timestamp = null) =>
        host.Signer.Create(HttpMethod.Get, path, nonce: nonce, timestamp: timestamp);

    private static async Task AssertUnauthorized(ApiResponse r, string code)
    {
        Assert.Equal(HttpStatusCode.Unauthorized, r.Status);
        Assert.Equal(code, r.ErrorCode);
        Assert.False(string.IsNullOrEmpty(r.Json.GetProperty("error").GetProperty("message").GetString()));
        Assert.StartsWith("req_", r.Json.GetProperty("request_id").GetString());
        Assert.Equal(r.Json.GetProperty("request_id").GetString(), r.RequestIdHeader);
        Assert.True(DateTimeOffset.TryParse(r.Json.GetProperty("timestamp").GetString(), out _));
        await Task.CompletedTask;
    }

    [Fact]
    public async Task Signed_request_succeeds_on_both_prefixes_and_any_route_casing()
    {
        foreach (var path in new[] { "/api/v1/Products", "/ext/api/v1/products", "/API/V1/PRODUCTS?limit=2" })
        {
            var r = await host.Get(path);
            Assert.Equal(HttpStatusCode.OK, r.Status);
            Assert.NotNull(r.RequestIdHeader);
        }
    }

    [Fact]
    public async Task Missing_header_gives_MISSING_AUTH_HEADERS()
    {
        var request = Signed("/api/v1/Products");
        request.Headers.Remove("X-Nonce");
        await AssertUnauthorized(await host.SendRaw(request), "MISSING_AUTH_HEADERS");
        await AssertUnauthorized(await host.SendRaw(new HttpRequestMessage(HttpMethod.Get, "/api/v1/Products")), "MISSING_AUTH_HEADERS");
    }

    [Fact]
    public async Task Unknown_key_gives_UNKNOWN_API_KEY()
    {
        var signer = new TestSigner("ak_test_nobody", SandboxHost.Secret, host.Time.GetUtcNow);
        await AssertUnauthorized(await host.SendRaw(signer.Create(HttpMethod.Get, "/api/v1/Products")), "UNKNOWN_API_KEY");
    }

    [Fact]
    public async Task Stale_or_future_timestamp_gives_TIMESTAMP_OUT_OF_RANGE()
    {
        var now = host.Time.GetUtcNow().ToUnixTimeSeconds();
        await AssertUnauthorized(await host.SendRaw(Signed("/api/v1/Products", timestamp: now - 301)), "TIMESTAMP_OUT_OF_RANGE");
        await AssertUnauthorized(await host.SendRaw(Signed("/api/v1/Products", timestamp: now + 301)), "TIMESTAMP_OUT_OF_RANGE");
        Assert.Equal(HttpStatusCode.OK, (await host.SendRaw(Signed("/api/v1/Products", timestamp: now - 299))).Status);
    }

    [Theory]
    [InlineData("min")]
    [InlineData("max")]
    [InlineData("now-2^63")]
    [InlineData("abc")]
    [InlineData("1775034000.5")]
    [InlineData("99999999999999999999")]
    [InlineData("0x69CCE290")]
    public async Task Extreme_or_unparsable_timestamp_gives_TIMESTAMP_OUT_OF_RANGE_not_a_500(string kind)
    {
        var now = host.Time.GetUtcNow().ToUnixTimeSeconds();
        // now - 2^63 wraps to long.MinValue + now: the value whose difference from now is exactly long.MinValue.
        var timestamp = kind switch
        {
            "min" => long.MinValue.ToString(CultureInfo.InvariantCulture),
            "max" => long.MaxValue.ToString(CultureInfo.InvariantCulture),
            "now-2^63" => unchecked(now + long.MinValue).ToString(CultureInfo.InvariantCulture),
            _ => kind,
        };
        var request = Signed("/api/v1/Products");
        request.Headers.Remove("X-Timestamp");
        request.Headers.TryAddWithoutValidation("X-Timestamp", timestamp);
        var r = await host.SendRaw(request);
        await AssertUnauthorized(r, "TIMESTAMP_OUT_OF_RANGE");
        UnknownIdTests.AssertErrorBody(r, "TIMESTAMP_OUT_OF_RANGE");
    }

    [Fact]
    public async Task Tampered_body_gives_BODY_HASH_MISMATCH()
    {
        var request = host.Signer.Create(HttpMethod.Post, "/api/v1/customers", Encoding.UTF8.GetBytes("{\"type\":\"individual\"}"));
        request.Content = new StringContent("{\"type\":\"business\"}", Encoding.UTF8, "application/json");
        await AssertUnauthorized(await host.SendRaw(request), "BODY_HASH_MISMATCH");
    }

    [Fact]
    public async Task Wrong_secret_or_other_path_gives_INVALID_SIGNATURE()
    {
        var wrongSecret = new TestSigner(SandboxHost.ApiKey, "sk_wrong", host.Time.GetUtcNow);
        await AssertUnauthorized(await host.SendRaw(wrongSecret.Create(HttpMethod.Get, "/api/v1/Products")), "INVALID_SIGNATURE");
        // Signed for one path, sent to another: the path and query are part of the signature.
        var request = Signed("/api/v1/Products?limit=1");
        request.RequestUri = new Uri("/api/v1/Products?limit=2", UriKind.Relative);
        await AssertUnauthorized(await host.SendRaw(request), "INVALID_SIGNATURE");
    }

    [Fact]
    public async Task Reused_nonce_gives_NONCE_REUSED()
    {
        var nonce = Guid.NewGuid().ToString();
        Assert.Equal(HttpStatusCode.OK, (await host.SendRaw(Signed("/api/v1/Products", nonce))).Status);
        await AssertUnauthorized(await host.SendRaw(Signed("/api/v1/Products", nonce)), "NONCE_REUSED");
    }

    [Fact]
    public async Task Error_responses_of_handlers_carry_the_same_request_id_in_header_and_body()
    {
        var r = await host.Get("/api/v1/customers/" + Guid.NewGuid());
        Assert.Equal(HttpStatusCode.NotFound, r.Status);
        Assert.Equal("CUSTOMER_NOT_FOUND", r.ErrorCode);
        Assert.Equal(r.Json.GetProperty("request_id").GetString(), r.RequestIdHeader);
    }
}
