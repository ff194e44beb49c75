using System.Net;
using Artha.Client.Errors;
using Artha.Contract.Tests.Infrastructure;
using Artha.Sandbox;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Artha.Contract.Tests;

/// <summary>Authentication failures and transport failures as typed client exceptions.</summary>
public class AuthAndTransportContractTests(SandboxFixture sandbox) : IClassFixture<SandboxFixture>
{
    private static readonly CancellationToken Ct = CancellationToken.None;

    [Fact]
    public async Task A_wrong_secret_is_a_401_ArthaApiException_with_the_signature_code()
    {
        var client = sandbox.CreateClient(new Dictionary<string, string?> { ["Artha:Secret"] = "sk_test_not_the_sandbox_secret" });

        var error = await Assert.ThrowsAsync<ArthaApiException>(() => client.Products.ListAsync(null, Ct));

        Assert.Equal(HttpStatusCode.Unauthorized, error.StatusCode);
        Assert.Equal("INVALID_SIGNATURE", error.ErrorCode);
        Assert.DoesNotContain("sk_test_", error.Message);
    }

    [Fact]
    public async Task An_unknown_api_key_is_a_401_ArthaApiException_with_the_key_code()
    {
        var client = sandbox.CreateClient(new Dictionary<string, string?> { ["Artha:ApiKey"] = "ak_test_unknown" });

        var error = await Assert.ThrowsAsync<ArthaApiException>(() => client.Products.ListAsync(null, Ct));

        Assert.Equal(HttpStatusCode.Unauthorized, error.StatusCode);
        Assert.Equal("UNKNOWN_API_KEY", error.ErrorCode);
    }

    [Fact]
    public async Task A_stopped_sandbox_is_an_ArthaTransportException_of_kind_Connection()
    {
        var stopped = SandboxApp.Create(["--urls", "http://127.0.0.1:0"], b => b.Logging.SetMinimumLevel(LogLevel.Warning));
        await stopped.StartAsync();
        var address = new Uri(stopped.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
        await stopped.StopAsync();
        await stopped.DisposeAsync();
        var owned = new List<ServiceProvider>();
        try
        {
            var client = SandboxFixture.CreateClient(address, new Dictionary<string, string?> { ["Artha:MaxRetries"] = "1" }, owned);

            var error = await Assert.ThrowsAsync<ArthaTransportException>(() => client.Products.ListAsync(null, Ct));

            Assert.Equal(ArthaTransportFailure.Connection, error.Kind);
            Assert.Contains("/api/v1/Products", error.Message);
        }
        finally
        {
            owned.ForEach(provider => provider.Dispose());
        }
    }
}
