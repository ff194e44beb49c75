using System.Net;
using Artha.Client.Configuration;
using Artha.Client.Http;
using Artha.Client.Models;
using Artha.Client.Tests.Infrastructure;

namespace Artha.Client.Tests;

/// <summary>ArthaPathMappingHandler: Artha:Paths:* and Artha:PathPrefix over Refit's constant attribute paths.</summary>
public class PathMappingTests
{
    private static readonly CancellationToken None = CancellationToken.None;

    [Fact]
    public void Every_path_option_names_a_Refit_endpoint_whose_attribute_path_is_the_default()
    {
        var defaults = new ArthaPathOptions().All().ToDictionary(path => path.Name, path => path.Template);

        Assert.Equal(30, ArthaPathMappingHandler.Endpoints.Count);
        Assert.Equal(defaults.Keys.Order(), ArthaPathMappingHandler.Endpoints.Keys.Order());
        foreach (var (name, endpoint) in ArthaPathMappingHandler.Endpoints)
        {
            Assert.Equal(defaults[name], endpoint.Template);
        }

        Assert.Equal(["GetSensitiveCardDetails", "SetCardPin"], ArthaPathMappingHandler.SensitiveEndpoints.Order());
    }

    [Fact]
    public async Task A_configured_template_may_reorder_and_rename_placeholders_and_keeps_the_escaped_values()
    {
        using var host = new ArthaTestHost(new Dictionary<string, string?> { ["Artha:Paths:GetApplicantStatus"] = "/applicants/{PRODUCTID}/of/{customerId}/status" });
        host.Handler.RespondJson("""{"customerId":"c 1","productId":"p/1","applicantStatus":"Approved"}""");

        await host.Client.Applicants.GetStatusAsync("c 1", "p/1", None);

        ArthaTestHost.AssertRequest(host.Handler.Single, HttpMethod.Get, "/api/v1/applicants/p%2F1/of/c%201/status");
    }

    [Fact]
    public async Task A_mapped_list_path_keeps_its_query_string()
    {
        using var host = new ArthaTestHost(new Dictionary<string, string?> { ["Artha:Paths:ListCardTopUps"] = "/funding/{cardId}/history" });
        host.Handler.RespondJson("[]");

        await host.Client.Funding.ListCardTopUpsAsync("k1", new TopUpListQuery { Limit = 5, MinAmount = 10.5m }, None);

        ArthaTestHost.AssertRequest(host.Handler.Single, HttpMethod.Get, "/api/v1/funding/k1/history?limit=5&minAmount=10.5");
    }

    [Fact]
    public async Task The_customers_kyc_filter_is_renamed_in_place()
    {
        using var host = new ArthaTestHost(new Dictionary<string, string?> { ["Artha:Paths:CustomerKycFilterParameter"] = "kyc_state" });
        host.Handler.RespondJson("[]");

        await host.Client.Customers.ListAsync(new CustomerListQuery { Limit = 1, KycStatus = KycStatus.Approved, Search = "kycState=x" }, None);

        ArthaTestHost.AssertRequest(host.Handler.Single, HttpMethod.Get, "/api/v1/Customers?limit=1&search=kycState%3Dx&kyc_state=approved");
    }

    [Fact]
    public async Task Base_path_ext_prefix_and_a_mapped_path_combine()
    {
        using var host = new ArthaTestHost(new Dictionary<string, string?>
        {
            ["Artha:BaseUrl"] = "https://artha.test/gateway/",
            ["Artha:PathPrefix"] = "/ext/api/v1",
            ["Artha:Paths:TopUpCard"] = "/cards/{cardId}/fund",
        });
        host.Handler.Respond(HttpStatusCode.Accepted, """{"topUpId":"t1","status":"pending"}""");

        await host.Client.Funding.TopUpAsync("k1", new TopUpRequest(5m, "GBP"), None);

        ArthaTestHost.AssertRequest(host.Handler.Single, HttpMethod.Post, "/gateway/ext/api/v1/cards/k1/fund", """{"amount":5,"currency":"GBP"}""");
    }

    [Fact]
    public async Task Unmapped_endpoints_keep_their_attribute_path_under_an_empty_prefix()
    {
        using var host = new ArthaTestHost(new Dictionary<string, string?> { ["Artha:PathPrefix"] = "", ["Artha:Paths:GetCard"] = "/cards/{cardId}" });
        host.Handler.RespondJson("""{"cardId":"k1","availableBalance":1}""");

        await host.Client.Funding.GetBalanceAsync("k1", None);

        ArthaTestHost.AssertRequest(host.Handler.Single, HttpMethod.Get, "/cards/k1/balance");
    }

    [Fact]
    public async Task Every_retry_of_a_mapped_GET_goes_to_the_mapped_path_and_is_signed_afresh()
    {
        using var host = new ArthaTestHost(new Dictionary<string, string?> { ["Artha:Paths:GetCardBalance"] = "/balances/{cardId}" });
        host.Handler.Respond(HttpStatusCode.ServiceUnavailable, null).RespondJson("""{"cardId":"k1","availableBalance":1}""");

        await host.Client.Funding.GetBalanceAsync("k1", None);

        Assert.Equal(2, host.Handler.Requests.Count);
        Assert.All(host.Handler.Requests, request => ArthaTestHost.AssertRequest(request, HttpMethod.Get, "/api/v1/balances/k1"));
    }

    [Fact]
    public async Task A_template_with_a_placeholder_the_endpoint_lacks_fails_the_call_before_sending()
    {
        using var host = new ArthaTestHost(new Dictionary<string, string?> { ["Artha:Paths:GetCard"] = "/cards/{id}" });

        var error = await Assert.ThrowsAsync<FormatException>(() => host.Client.Cards.GetAsync("k1", None));

        Assert.Contains("/cards/{id}", error.Message);
        Assert.Empty(host.Handler.Requests);
    }

    [Fact]
    public void The_rewrite_replaces_only_the_endpoint_segments_at_the_end_of_the_path()
    {
        var rewrite = new ArthaPathMappingHandler.PathRewrite("/cards/{cardId}/limits", "/limits/{cardId}", kycFilterParameter: null);

        var mapped = rewrite.Apply(new Uri("https://h.test/cards/api/v1/cards/k%2F1/limits?x=1"));

        Assert.Equal("/cards/api/v1/limits/k%2F1?x=1", mapped.PathAndQuery);
    }
}
