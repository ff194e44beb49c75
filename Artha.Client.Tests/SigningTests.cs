using System.Text;
using Artha.Client.Signing;
using Artha.Client.Tests.Infrastructure;

namespace Artha.Client.Tests;

public class SigningTests
{
    private const string DocSecret = "mJ8v3aQpT5y2rX6nK9cD4eH7sB1uF0gLzN2wV8tYqP=";

    private sealed class FixedNonce(string nonce) : IArthaNonceGenerator
    {
        public string NewNonce() => nonce;
    }

    private static ArthaRequestSigner Signer(string nonce, string secret = DocSecret) =>
        new("ak_live_8f3a9b2c1d4e5f6a", secret, new FixedClock(DateTimeOffset.FromUnixTimeSeconds(1707753600)), new FixedNonce(nonce));

    [Fact]
    public void Worked_example_A_get_without_body_produces_the_reference_signature()
    {
        var headers = Signer("550e8400-e29b-41d4-a716-446655440000").Sign("GET", "/ext/api/v1/cards?limit=10", ReadOnlySpan<byte>.Empty);

        Assert.Equal("ak_live_8f3a9b2c1d4e5f6a", headers.ApiKey);
        Assert.Equal("1707753600", headers.Timestamp);
        Assert.Equal("550e8400-e29b-41d4-a716-446655440000", headers.Nonce);
        Assert.Equal("47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=", headers.BodyHash);
        Assert.Equal("bImBRbX8HmMzE57t1VWHOxzWaZqTRftfjMd2ek1r3vo=", headers.Signature);
    }

    [Fact]
    public void Worked_example_B_post_with_json_body_produces_the_reference_signature()
    {
        var body = Encoding.UTF8.GetBytes("""{"amount":500.0,"currency":"GBP"}""");

        var headers = Signer("9f86d081884c7d659a2feaa0c55ad015").Sign("POST", "/ext/api/v1/cards/a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11/topup", body);

        Assert.Equal("x7tlrA0i76gerzkOW+vgAtGXXvOLD5z5tNtqdnhUJV8=", headers.BodyHash);
        Assert.Equal("J4j8rZumEFEV3WESo/Z0ets0xfYr7IHsWCRCZb6ng3c=", headers.Signature);
    }

    [Fact]
    public void A_wrong_secret_produces_a_different_signature()
    {
        var headers = Signer("550e8400-e29b-41d4-a716-446655440000", "not-the-secret").Sign("GET", "/ext/api/v1/cards?limit=10", ReadOnlySpan<byte>.Empty);

        Assert.NotEqual("bImBRbX8HmMzE57t1VWHOxzWaZqTRftfjMd2ek1r3vo=", headers.Signature);
    }

    [Fact]
    public void Lower_case_method_is_signed_upper_case()
    {
        var signer = Signer("550e8400-e29b-41d4-a716-446655440000");

        Assert.Equal(
            signer.Sign("GET", "/ext/api/v1/cards?limit=10", ReadOnlySpan<byte>.Empty).Signature,
            signer.Sign("get", "/ext/api/v1/cards?limit=10", ReadOnlySpan<byte>.Empty).Signature);
    }

    [Fact]
    public void Long_paths_beyond_the_stack_buffer_are_signed_like_short_ones()
    {
        var path = "/ext/api/v1/cards?search=" + new string('x', 3000);
        var headers = Signer("n1").Sign("GET", path, ReadOnlySpan<byte>.Empty);

        var expected = ArthaRequestSigner.ComputeSignature(Encoding.UTF8.GetBytes(DocSecret), "GET", path, "1707753600", "n1", ArthaRequestSigner.EmptyBodyHash);
        using var hmac = new System.Security.Cryptography.HMACSHA256(Encoding.UTF8.GetBytes(DocSecret));
        var independent = Convert.ToBase64String(hmac.ComputeHash(Encoding.UTF8.GetBytes($"GET\n{path}\n1707753600\nn1\n{ArthaRequestSigner.EmptyBodyHash}")));
        Assert.Equal(independent, headers.Signature);
        Assert.Equal(independent, expected);
    }

    [Fact]
    public void Default_nonce_is_fresh_32_hex_digits_per_request()
    {
        var generator = new GuidNonceGenerator();

        var first = generator.NewNonce();
        var second = generator.NewNonce();

        Assert.Matches("^[0-9a-f]{32}$", first);
        Assert.NotEqual(first, second);
    }

    [Fact]
    public void Signed_headers_ToString_hides_the_signature()
    {
        var headers = Signer("n1").Sign("GET", "/x", ReadOnlySpan<byte>.Empty);

        Assert.DoesNotContain(headers.Signature, headers.ToString());
    }

    [Fact]
    public async Task Each_request_through_the_handler_gets_its_own_nonce()
    {
        using var host = new ArthaTestHost();
        host.Handler.RespondJson("""{"id":"p1"}""").RespondJson("""{"id":"p1"}""");

        await host.Client.Products.GetAsync("p1", CancellationToken.None);
        await host.Client.Products.GetAsync("p1", CancellationToken.None);

        Assert.NotEqual(host.Handler.Requests[0].Header("X-Nonce"), host.Handler.Requests[1].Header("X-Nonce"));
        Assert.All(host.Handler.Requests, ArthaTestHost.AssertSigned);
    }
}
