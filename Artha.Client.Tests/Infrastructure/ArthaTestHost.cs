using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Artha.Client.Tests.Infrastructure;

/// <summary>A fixed clock for signatures; timers stay real so Polly delays and timeouts still work.</summary>
public sealed class FixedClock(DateTimeOffset now) : TimeProvider
{
    public override DateTimeOffset GetUtcNow() => now;
}

/// <summary>The real DI registration (<c>AddArthaClient</c>) over a <see cref="RecordingHandler"/>.</summary>
public sealed class ArthaTestHost : IDisposable
{
    public const string BaseUrl = "https://artha.test";
    public const string ApiKey = "ak_test_0123456789";
    public const string Secret = "mJ8v3aQpT5y2rX6nK9cD4eH7sB1uF0gLzN2wV8tYqP=";
    public static readonly DateTimeOffset Now = DateTimeOffset.FromUnixTimeSeconds(1_707_753_600);

    private readonly ServiceProvider _provider;

    public ArthaTestHost(IDictionary<string, string?>? settings = null, ILoggerProvider? loggerProvider = null)
    {
        var values = new Dictionary<string, string?>
        {
            ["Artha:BaseUrl"] = BaseUrl,
            ["Artha:ApiKey"] = ApiKey,
            ["Artha:Secret"] = Secret,
            ["Artha:RetryBaseDelayMilliseconds"] = "1",
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            values[key] = value;
        }

        var configuration = new ConfigurationBuilder().AddInMemoryCollection(values).Build();
        var services = new ServiceCollection();
        services.AddLogging(builder =>
        {
            builder.SetMinimumLevel(LogLevel.Trace);
            if (loggerProvider is not null)
            {
                builder.AddProvider(loggerProvider);
            }
        });
        services.AddSingleton<TimeProvider>(new FixedClock(Now));
        services.AddArthaClient(configuration).ConfigurePrimaryHttpMessageHandler(() => Handler);
        _provider = services.BuildServiceProvider(validateScopes: true);
        Client = _provider.GetRequiredService<IArthaClient>();
    }

    public RecordingHandler Handler { get; } = new();

    public IArthaClient Client { get; }

    public void Dispose() => _provider.Dispose();

    /// <summary>Checks the five auth headers, recomputing hash and signature independently of the client's signer.</summary>
    public static void AssertSigned(CapturedRequest request)
    {
        Assert.Equal(ApiKey, request.Header("X-API-Key"));
        Assert.Equal("1707753600", request.Header("X-Timestamp"));
        var nonce = request.Header("X-Nonce");
        Assert.Matches("^[0-9a-f]{32}$", nonce);

        var expectedBodyHash = Convert.ToBase64String(SHA256.HashData(request.Body));
        Assert.Equal(expectedBodyHash, request.Header("X-Body-Hash"));

        var stringToSign = $"{request.Method.Method}\n{request.PathAndQuery}\n1707753600\n{nonce}\n{expectedBodyHash}";
        using var hmac = new HMACSHA256(Encoding.UTF8.GetBytes(Secret));
        var expectedSignature = Convert.ToBase64String(hmac.ComputeHash(Encoding.UTF8.GetBytes(stringToSign)));
        Assert.Equal(expectedSignature, request.Header("X-Signature"));
    }

    /// <summary>Method, exact path and query, signature; and the exact JSON body (null: no body).</summary>
    public static void AssertRequest(CapturedRequest request, HttpMethod method, string pathAndQuery, string? json = null)
    {
        Assert.Equal(method, request.Method);
        Assert.Equal(pathAndQuery, request.PathAndQuery);
        if (json is null)
        {
            Assert.Empty(request.Body);
        }
        else
        {
            Assert.Equal(json, request.BodyText);
            Assert.StartsWith("application/json", request.ContentType);
        }

        AssertSigned(request);
    }
}
