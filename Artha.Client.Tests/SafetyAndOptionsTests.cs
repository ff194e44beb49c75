using Artha.Client.Configuration;
using Artha.Client.Tests.Infrastructure;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Http;
using Microsoft.Extensions.Options;

namespace Artha.Client.Tests;

public class SafetyAndOptionsTests
{
    private static readonly CancellationToken None = CancellationToken.None;

    [Fact]
    public async Task Logs_of_sensitive_details_and_set_pin_calls_contain_no_pan_cvv_pin_secret_or_signature()
    {
        var logs = new CapturingLoggerProvider();
        using var host = new ArthaTestHost(loggerProvider: logs);
        host.Handler.RespondJson("""{"id":"k1","cardNumber":"4111111111114242","cvv":"987","expiryDate":"12/27","cardholderName":"JANE DOE"}""");
        host.Handler.RespondJson("""{"cardId":"k1","action":"set_pin","status":"active"}""");

        var details = await host.Client.Cards.GetSensitiveDetailsAsync("k1", None);
        await host.Client.CardOperations.SetPinAsync("k1", "604215", None);

        var text = logs.AllText;
        Assert.Contains("/api/v1/cards/k1/sensitive", text);
        Assert.Contains("/api/v1/cards/k1/pin/set", text);
        Assert.Contains("200", text);
        Assert.DoesNotContain("4111111111114242", text);
        Assert.DoesNotContain("987", text);
        Assert.DoesNotContain("JANE DOE", text);
        Assert.DoesNotContain("604215", text);
        Assert.DoesNotContain(ArthaTestHost.Secret, text);
        Assert.DoesNotContain(ArthaTestHost.ApiKey, text);
        foreach (var request in host.Handler.Requests)
        {
            Assert.DoesNotContain(request.Header("X-Signature"), text);
        }

        Assert.Equal("4111111111114242", details.CardNumber);
    }

    [Fact]
    public void Missing_or_invalid_options_fail_validation_with_clear_messages()
    {
        var result = new ArthaClientOptionsValidator().Validate(null, new ArthaClientOptions
        {
            BaseUrl = "artha.example.com",
            PathPrefix = "api/v1",
            TimeoutSeconds = 0,
            MaxRetries = -1,
            Paths = new ArthaPathOptions { GetCard = "card/{cardId}" },
        });

        Assert.True(result.Failed);
        Assert.Contains("Artha:BaseUrl must be an absolute http(s) URL.", result.Failures!);
        Assert.Contains("Artha:ApiKey is required.", result.Failures!);
        Assert.Contains("Artha:Secret is required.", result.Failures!);
        Assert.Contains(result.Failures!, f => f.StartsWith("Artha:PathPrefix"));
        Assert.Contains(result.Failures!, f => f.StartsWith("Artha:TimeoutSeconds"));
        Assert.Contains(result.Failures!, f => f.StartsWith("Artha:MaxRetries"));
        Assert.Contains("Artha:Paths:GetCard must start with '/' and contain no query string.", result.Failures!);
    }

    [Fact]
    public void Valid_options_pass_validation()
    {
        var result = new ArthaClientOptionsValidator().Validate(null, new ArthaClientOptions { BaseUrl = "https://api.example.com", ApiKey = "k", Secret = "s" });

        Assert.True(result.Succeeded);
    }

    [Fact]
    public void Resolving_the_client_with_bad_configuration_throws_the_validation_message()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["Artha:BaseUrl"] = "ftp://x" }).Build();
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddArthaClient(configuration);
        using var provider = services.BuildServiceProvider();

        var error = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IOptions<ArthaClientOptions>>().Value);

        Assert.Contains("Artha:BaseUrl must be an absolute http(s) URL.", error.Message);
    }

    [Fact]
    public async Task Base_url_set_in_configuration_after_registration_is_used()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection().Build();
        var services = new ServiceCollection();
        services.AddLogging();
        var handler = new RecordingHandler().RespondJson("""{"productId":"p1"}""");
        services.AddArthaClient(configuration).ConfigurePrimaryHttpMessageHandler(() => handler);
        configuration["Artha:BaseUrl"] = "https://late.example.com/gateway/";
        configuration["Artha:ApiKey"] = "k";
        configuration["Artha:Secret"] = "s";
        using var provider = services.BuildServiceProvider();

        await provider.GetRequiredService<IArthaClient>().Products.GetAsync("p1", None);

        Assert.Equal("https://late.example.com/gateway/api/v1/Products/p1", handler.Single.Uri.ToString());
    }

    [Fact]
    public async Task The_HttpClient_keeps_its_name_so_configuration_by_name_still_applies()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Artha:BaseUrl"] = "https://artha.test", ["Artha:ApiKey"] = "k", ["Artha:Secret"] = "s",
        }).Build();
        var services = new ServiceCollection();
        services.AddLogging();
        var handler = new RecordingHandler().RespondJson("""{"productId":"p1"}""");
        services.AddArthaClient(configuration).ConfigurePrimaryHttpMessageHandler(() => handler);
        var seen = new List<string>();
        services.Configure<HttpClientFactoryOptions>(nameof(IArthaClient), options => options.HttpMessageHandlerBuilderActions.Add(
            builder => builder.AdditionalHandlers.Add(new ObservingHandler(seen))));
        using var provider = services.BuildServiceProvider();

        await provider.GetRequiredService<IArthaClient>().Products.GetAsync("p1", None);

        Assert.Equal("IArthaClient", ArthaServiceCollectionExtensions.HttpClientName);
        Assert.Equal(["/api/v1/Products/p1"], seen);
    }

    private sealed class ObservingHandler(List<string> seen) : DelegatingHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            seen.Add(request.RequestUri!.AbsolutePath);
            return base.SendAsync(request, cancellationToken);
        }
    }
}
