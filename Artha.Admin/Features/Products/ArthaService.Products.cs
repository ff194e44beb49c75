using Artha.Admin.Auditing;
using Artha.Admin.Security;
using Artha.Client.Models;

namespace Artha.Admin.Services;

public sealed partial class ArthaService
{
    public Task<ListPage<ProductView>> ListProductsAsync(int offset, int limit, CancellationToken cancellationToken = default) =>
        ReadAsync(Permission.ViewProgramme, "product.list", null, async ct =>
        {
            var page = await artha.Products.ListAsync(new PageQuery { Offset = offset, Limit = limit }, ct);
            return new ListPage<ProductView>(page.Items.Select(ToView).ToList(), page.Total, offset);
        }, cancellationToken);

    public Task<ProductView> GetProductAsync(string productId, CancellationToken cancellationToken = default) =>
        ReadAsync(Permission.ViewProgramme, "product.get", new AuditTarget("product", productId),
            async ct => ToView(await artha.Products.GetAsync(productId, ct)), cancellationToken);

    /// <summary>Every product, for pickers (products are few; pages through them to be safe).</summary>
    public async Task<IReadOnlyList<ProductView>> AllProductsAsync(CancellationToken cancellationToken = default)
    {
        var all = new List<ProductView>();
        for (var offset = 0; offset < 1000; offset += 100)
        {
            var page = await ListProductsAsync(offset, 100, cancellationToken);
            all.AddRange(page.Items);
            if (page.Items.Count < 100)
            {
                break;
            }
        }
        return all;
    }

    private static ProductView ToView(Product product) => new(
        product.ProductId ?? product.Id ?? "",
        product.Name ?? "(unnamed product)",
        product.Organization,
        product.Type?.Value,
        product.Country,
        product.Currency,
        product.Status,
        product.Bin,
        product.KycRequirements ?? []);
}
