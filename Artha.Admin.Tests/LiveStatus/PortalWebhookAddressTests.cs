using Artha.Admin.Hosting;
using Microsoft.Extensions.Configuration;

namespace Artha.Admin.Tests.LiveStatus;

public class PortalWebhookAddressTests
{
    [Theory]
    [InlineData("http://localhost:5000", null, "http://localhost:5000/webhooks/artha")]
    [InlineData("https://localhost:5001;http://localhost:5000", null, "http://localhost:5000/webhooks/artha")]
    [InlineData("http://*:8080", null, "http://127.0.0.1:8080/webhooks/artha")]
    [InlineData("http://0.0.0.0:8081", null, "http://127.0.0.1:8081/webhooks/artha")]
    [InlineData(null, "8082", "http://127.0.0.1:8082/webhooks/artha")]
    public void The_sandbox_posts_webhooks_to_the_address_the_portal_listens_on(string? urls, string? httpPorts, string expected)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["urls"] = urls, ["http_ports"] = httpPorts }).Build();

        Assert.Equal(expected, ArthaConnection.ResolvePortalWebhookUrl(configuration)?.ToString());
    }

    [Theory]
    [InlineData(null)]
    [InlineData("http://127.0.0.1:0")]
    [InlineData("https://localhost:5001")]
    public void Without_a_known_http_address_webhooks_stay_off(string? urls)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["urls"] = urls }).Build();

        Assert.Null(ArthaConnection.ResolvePortalWebhookUrl(configuration));
    }
}
