using System.Net.Http.Json;
using System.Text.Json;
using Artha.Admin.Data;
using Artha.Admin.Tests.Infrastructure;
using Artha.Client;
using Microsoft.Extensions.DependencyInjection;

namespace Artha.Admin.Tests.Hosting;

/// <summary>The portal with <c>Artha:SendInstanceHeader=true</c> and a fixed instance id.</summary>
public sealed class NamedInstancePortalFactory : PortalFactory
{
    protected override IEnumerable<KeyValuePair<string, string?>> Settings =>
    [
        new("Artha:SendInstanceHeader", "true"),
        new("WorkLeases:InstanceId", "portal-under-test"),
    ];
}

/// <summary>
/// <c>Artha:SendInstanceHeader</c>: on, every Artha call names the instance (its work-lease id) in
/// <c>X-Portal-Instance</c>, which the sandbox's request log shows as the caller; off (the default), nothing is sent.
/// </summary>
public class PortalInstanceHeaderTests
{
    [Fact]
    public async Task With_the_setting_on_every_Artha_call_names_the_instance_by_its_work_lease_id()
    {
        await using var portal = new NamedInstancePortalFactory();
        Assert.Equal("portal-under-test", portal.Services.GetRequiredService<WorkLeases>().InstanceId);
        Assert.All(await ProductListRequestsAsync(portal), r => Assert.Equal("portal-under-test", r.GetProperty("instance").GetString()));
    }

    [Fact]
    public async Task By_default_no_instance_header_is_sent()
    {
        await using var portal = new PortalFactory();
        Assert.All(await ProductListRequestsAsync(portal), r => Assert.Equal(JsonValueKind.Null, r.GetProperty("instance").ValueKind));
    }

    /// <summary>Lists the products through the portal's Artha client; returns the sandbox's log of those requests.</summary>
    private static async Task<List<JsonElement>> ProductListRequestsAsync(PortalFactory portal)
    {
        await using (var scope = portal.Services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<IArthaClient>().Products.ListAsync(null, CancellationToken.None);
        }
        using var control = portal.SandboxControl();
        var log = await control.GetFromJsonAsync<JsonElement>("/_sandbox/requests?path=/api/v1/Products&method=GET");
        var requests = log.GetProperty("data").EnumerateArray().ToList();
        Assert.NotEmpty(requests);
        return requests;
    }
}
