using Artha.Client;
using Artha.Sandbox;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Artha.Contract.Tests.Infrastructure;

/// <summary>
/// One real sandbox per test class (IClassFixture), started with <see cref="SandboxApp.Create"/> on a random loopback
/// port with short lifecycle delays, and a real <see cref="IArthaClient"/> (the production <c>AddArthaClient</c>
/// registration, real sockets, real signing) pointed at it.
/// </summary>
public class SandboxFixture : IAsyncLifetime
{
    public const string ApiKey = "ak_test_sandbox";
    public const string Secret = "sk_test_sandbox_secret";

    private readonly List<ServiceProvider> _providers = [];
    private WebApplication? _app;

    /// <summary>Delay of KYC review, card issuance and top-up completion: long enough to see "pending" first, short enough for fast tests.</summary>
    protected virtual string LifecycleDelaySeconds => "0.3";

    public Uri BaseAddress { get; private set; } = null!;

    /// <summary>Client with the default prefix (<c>/api/v1</c>).</summary>
    public IArthaClient Client { get; private set; } = null!;

    /// <summary>Plain HTTP client for the unauthenticated <c>/_sandbox</c> control endpoints.</summary>
    public HttpClient Control { get; private set; } = null!;

    public Scenarios Scenarios => new(Client);

    public async Task InitializeAsync()
    {
        _app = SandboxApp.Create(["--urls", "http://127.0.0.1:0"], b =>
        {
            b.Logging.SetMinimumLevel(LogLevel.Warning);
            b.Configuration["Sandbox:KycDelaySeconds"] = LifecycleDelaySeconds;
            b.Configuration["Sandbox:CardIssueDelaySeconds"] = LifecycleDelaySeconds;
            b.Configuration["Sandbox:TopUpDelaySeconds"] = LifecycleDelaySeconds;
            b.Configuration["Sandbox:LifecycleTickMilliseconds"] = "50";
        });
        await _app.StartAsync();
        var address = _app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        BaseAddress = new Uri(address);
        Control = new HttpClient { BaseAddress = BaseAddress };
        Client = CreateClient();
    }

    /// <summary>A further client against this sandbox; <paramref name="overrides"/> replace <c>Artha:*</c> settings.</summary>
    public IArthaClient CreateClient(IDictionary<string, string?>? overrides = null) =>
        CreateClient(BaseAddress, overrides, _providers);

    /// <summary>Builds a client through the real DI registration; the provider is disposed with <paramref name="owner"/>.</summary>
    public static IArthaClient CreateClient(Uri baseAddress, IDictionary<string, string?>? overrides, List<ServiceProvider> owner)
    {
        var values = new Dictionary<string, string?>
        {
            ["Artha:BaseUrl"] = baseAddress.ToString(),
            ["Artha:ApiKey"] = ApiKey,
            ["Artha:Secret"] = Secret,
            ["Artha:TimeoutSeconds"] = "10",
            ["Artha:RetryBaseDelayMilliseconds"] = "10",
        };
        foreach (var (key, value) in overrides ?? new Dictionary<string, string?>())
        {
            values[key] = value;
        }

        var configuration = new ConfigurationBuilder().AddInMemoryCollection(values).Build();
        var services = new ServiceCollection();
        services.AddLogging(builder => builder.SetMinimumLevel(LogLevel.Warning));
        services.AddArthaClient(configuration);
        var provider = services.BuildServiceProvider(validateScopes: true);
        owner.Add(provider);
        return provider.GetRequiredService<IArthaClient>();
    }

    public async Task DisposeAsync()
    {
        foreach (var provider in _providers)
        {
            await provider.DisposeAsync();
        }

        Control?.Dispose();
        if (_app is not null)
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }
    }
}
