using System.Text;
using Artha.Sandbox.Auth;
using Artha.Sandbox.Tests.Infrastructure;
using Microsoft.Extensions.Options;

namespace Artha.Sandbox.Tests;

/// <summary>The §3.4 worked examples replayed against the verifier with the docs' example credentials and an injected clock.</summary>
public class SignatureVerifierTests
{
    private const string DocSecret = "mJ8v3aQpT5y2rX6nK9cD4eH7sB1uF0gLzN2wV8tYqP=";
    private const string DocKey = "ak_live_8f3a9b2c1d4e5f6a";
    private static readonly DateTimeOffset DocTime = DateTimeOffset.FromUnixTimeSeconds(1707753600);

    private static (SignatureVerifier Verifier, ManualTimeProvider Time) Create()
    {
        var time = new ManualTimeProvider(DocTime);
        var options = Options.Create(new SandboxOptions { ApiKey = DocKey, Secret = DocSecret });
        return (new SignatureVerifier(options, time), time);
    }

    private static SignedRequest ExampleA(string? signature = "bImBRbX8HmMzE57t1VWHOxzWaZqTRftfjMd2ek1r3vo=") => new(
        "GET", "/ext/api/v1/cards?limit=10", DocKey, "1707753600", "550e8400-e29b-41d4-a716-446655440000",
        "47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=", signature, ReadOnlyMemory<byte>.Empty);

    private static SignedRequest ExampleB() => new(
        "POST", "/ext/api/v1/cards/a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11/topup", DocKey, "1707753600", "9f86d081884c7d659a2feaa0c55ad015",
        "x7tlrA0i76gerzkOW+vgAtGXXvOLD5z5tNtqdnhUJV8=", "J4j8rZumEFEV3WESo/Z0ets0xfYr7IHsWCRCZb6ng3c=",
        Encoding.UTF8.GetBytes("{\"amount\":500.0,\"currency\":\"GBP\"}"));

    [Fact]
    public void Example_A_get_without_body_verifies()
    {
        var (verifier, _) = Create();
        Assert.True(verifier.Verify(ExampleA()).Succeeded);
        Assert.Equal("bImBRbX8HmMzE57t1VWHOxzWaZqTRftfjMd2ek1r3vo=", TestSigner.Signature(DocSecret, "GET", "/ext/api/v1/cards?limit=10",
            "1707753600", "550e8400-e29b-41d4-a716-446655440000", TestSigner.BodyHash([])));
    }

    [Fact]
    public void Example_B_post_with_json_body_verifies()
    {
        var (verifier, _) = Create();
        Assert.True(verifier.Verify(ExampleB()).Succeeded);
    }

    [Fact]
    public void Each_failure_has_its_own_code()
    {
        var (verifier, time) = Create();
        Assert.Equal(SignatureVerifier.MissingHeaders, verifier.Verify(ExampleA() with { Nonce = "" }).ErrorCode);
        Assert.Equal(SignatureVerifier.UnknownApiKey, verifier.Verify(ExampleA() with { ApiKey = "ak_live_other" }).ErrorCode);
        Assert.Equal(SignatureVerifier.BodyHashMismatch, verifier.Verify(ExampleB() with { Body = Encoding.UTF8.GetBytes("{\"amount\":5000.0,\"currency\":\"GBP\"}") }).ErrorCode);
        Assert.Equal(SignatureVerifier.InvalidSignature, verifier.Verify(ExampleA() with { PathAndQuery = "/ext/api/v1/cards?limit=11" }).ErrorCode);
        Assert.Equal(SignatureVerifier.InvalidSignature, verifier.Verify(ExampleA() with { PathAndQuery = "/ext/api/v1/Cards?limit=10" }).ErrorCode);
        time.AdvanceSeconds(301);
        Assert.Equal(SignatureVerifier.TimestampOutOfRange, verifier.Verify(ExampleA()).ErrorCode);
    }

    [Fact]
    public void Timestamp_window_is_300_seconds_either_side()
    {
        var (verifier, time) = Create();
        time.AdvanceSeconds(300);
        Assert.True(verifier.Verify(ExampleA()).Succeeded);
        var (early, earlyTime) = Create();
        earlyTime.AdvanceSeconds(-300);
        Assert.True(early.Verify(ExampleA()).Succeeded);
        earlyTime.AdvanceSeconds(-1);
        Assert.Equal(SignatureVerifier.TimestampOutOfRange, early.Verify(ExampleB()).ErrorCode);
    }

    [Theory]
    [InlineData(long.MinValue)]
    [InlineData(long.MaxValue)]
    [InlineData(long.MinValue + 1707753600)] // now - 2^63: now minus this is exactly long.MinValue, whose Math.Abs throws
    [InlineData(long.MinValue + 1707753601)]
    [InlineData(long.MaxValue - 1707753600)]
    [InlineData(-1707753600)]
    [InlineData(0)]
    public void Extreme_timestamps_are_out_of_range_and_never_throw(long timestamp)
    {
        var (verifier, _) = Create();
        var result = verifier.Verify(ExampleA() with { Timestamp = timestamp.ToString(System.Globalization.CultureInfo.InvariantCulture) });
        Assert.Equal(SignatureVerifier.TimestampOutOfRange, result.ErrorCode);
    }

    [Theory]
    [InlineData("abc")]
    [InlineData("1707753600.0")]
    [InlineData("1.7e9")]
    [InlineData(" 1707753600")]
    [InlineData("99999999999999999999")]
    [InlineData("-99999999999999999999")]
    public void Unparsable_timestamps_are_out_of_range(string timestamp)
    {
        var (verifier, _) = Create();
        Assert.Equal(SignatureVerifier.TimestampOutOfRange, verifier.Verify(ExampleA() with { Timestamp = timestamp }).ErrorCode);
    }

    [Fact]
    public void A_clock_at_an_extreme_does_not_throw_either()
    {
        var verifier = new SignatureVerifier(Options.Create(new SandboxOptions { ApiKey = DocKey, Secret = DocSecret }),
            new ManualTimeProvider(DateTimeOffset.MaxValue));
        Assert.Equal(SignatureVerifier.TimestampOutOfRange, verifier.Verify(ExampleA() with { Timestamp = long.MinValue.ToString(System.Globalization.CultureInfo.InvariantCulture) }).ErrorCode);
        Assert.Equal(SignatureVerifier.TimestampOutOfRange, verifier.Verify(ExampleA()).ErrorCode);
    }

    [Fact]
    public void Nonce_is_rejected_when_reused_within_the_window_and_not_consumed_by_failures()
    {
        var (verifier, _) = Create();
        // A request failing an earlier check must not burn the nonce.
        Assert.False(verifier.Verify(ExampleA("AAAA")).Succeeded);
        Assert.True(verifier.Verify(ExampleA()).Succeeded);
        Assert.Equal(SignatureVerifier.NonceReused, verifier.Verify(ExampleA()).ErrorCode);
    }
}
