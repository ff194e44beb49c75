using System.Text;
using Artha.Client.Models;
using Artha.Contract.Tests.Infrastructure;

namespace Artha.Contract.Tests;

/// <summary>Products and document uploads, client ↔ sandbox.</summary>
public class ProductsAndUploadsContractTests(SandboxFixture sandbox) : IClassFixture<SandboxFixture>
{
    private static readonly CancellationToken Ct = CancellationToken.None;

    [Fact]
    public async Task List_products_returns_the_sandbox_catalogue_with_kyc_requirements()
    {
        var page = await sandbox.Client.Products.ListAsync(null, Ct);

        Assert.Equal(4, page.Total);
        var gbp = Assert.Single(page.Items, p => p.ProductId == Products.GbpVirtual);
        Assert.Equal("GBP Virtual Prepaid", gbp.Name);
        Assert.Equal(["FullName", "Comms", "Address"], gbp.KycRequirements);
        Assert.Contains(page.Items, p => p.ProductId == Products.EurPhysical && p.Type == CardType.Physical);
    }

    [Fact]
    public async Task Get_product_returns_type_currency_status_and_requirements()
    {
        var product = await sandbox.Client.Products.GetAsync(Products.EurPhysical, Ct);

        Assert.Equal(Products.EurPhysical, product.ProductId);
        Assert.Equal("EUR Physical Debit", product.Name);
        Assert.Equal(CardType.Physical, product.Type);
        Assert.Equal("EUR", product.Currency);
        Assert.Equal("Active", product.Status);
        Assert.Equal(["FullName", "Comms", "FullAddress", "Passport", "Face"], product.KycRequirements);
    }

    [Fact]
    public async Task Upload_returns_one_url_per_file_that_serves_the_uploaded_bytes()
    {
        var front = Encoding.UTF8.GetBytes("front of passport");
        var back = Encoding.UTF8.GetBytes("back of passport");

        var uploaded = await sandbox.Client.Uploads.UploadAsync(
        [
            new UploadFile("passport_front.jpg", new MemoryStream(front), "image/jpeg"),
            new UploadFile("passport_back.jpg", new MemoryStream(back), "image/jpeg"),
        ], Ct);

        Assert.Equal(2, uploaded.Count);
        Assert.Equal(["passport_front.jpg", "passport_back.jpg"], uploaded.Select(u => u.FileName));
        Assert.Equal(front, await sandbox.Control.GetByteArrayAsync(uploaded[0].FileUrl));
        Assert.Equal(back, await sandbox.Control.GetByteArrayAsync(uploaded[1].FileUrl));
    }
}
