using Artha.Admin.Security;
using Artha.Admin.Services;
using Artha.Admin.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Artha.Admin.Tests.Features.Products;

public class ProductsServiceTests(PortalFactory portal) : IClassFixture<PortalFactory>
{
    [Theory]
    [InlineData(PortalRoles.Support)]
    [InlineData(PortalRoles.Operations)]
    [InlineData(PortalRoles.Finance)]
    [InlineData(PortalRoles.Admin)]
    public async Task Every_role_lists_products_with_their_kyc_requirements(string role)
    {
        await using var scope = portal.ScopeAs(role);
        var artha = scope.ServiceProvider.GetRequiredService<ArthaService>();

        var page = await artha.ListProductsAsync(0, 20);

        Assert.NotEmpty(page.Items);
        Assert.All(page.Items, p => Assert.False(string.IsNullOrEmpty(p.Id)));
        Assert.Contains(page.Items, p => p.KycRequirements.Count > 0);
    }

    [Fact]
    public async Task A_product_is_read_by_id()
    {
        await using var scope = portal.ScopeAs(PortalRoles.Support);
        var artha = scope.ServiceProvider.GetRequiredService<ArthaService>();
        var first = (await artha.ListProductsAsync(0, 1)).Items[0];

        var product = await artha.GetProductAsync(first.Id);

        Assert.Equal(first.Name, product.Name);
    }

    [Fact]
    public async Task An_unknown_product_is_reported_as_not_found_with_advice()
    {
        await using var scope = portal.ScopeAs(PortalRoles.Support);
        var artha = scope.ServiceProvider.GetRequiredService<ArthaService>();

        var error = await Assert.ThrowsAsync<ArthaOperationException>(() => artha.GetProductAsync("no-such-product"));

        Assert.Equal(ArthaFailureKind.NotFound, error.Kind);
        Assert.Contains("reload", error.Message, StringComparison.OrdinalIgnoreCase);
        Assert.NotNull(error.RequestId);
    }

    [Fact]
    public async Task A_signed_out_caller_is_refused_and_the_refusal_is_audited()
    {
        await using var scope = portal.ScopeAsAnonymous();
        var artha = scope.ServiceProvider.GetRequiredService<ArthaService>();

        await Assert.ThrowsAsync<PermissionDeniedException>(() => artha.ListProductsAsync(0, 20));

        var refusal = (await portal.LatestAuditAsync()).First(a => a.Action == "product.list");
        Assert.Equal(Artha.Admin.Auditing.AuditOutcome.Refused, refusal.Outcome);
    }
}
