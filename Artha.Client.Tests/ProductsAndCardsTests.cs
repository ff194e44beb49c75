using System.Net;
using Artha.Client.Models;
using Artha.Client.Tests.Infrastructure;

namespace Artha.Client.Tests;

public class ProductsAndCardsTests
{
    private static readonly CancellationToken None = CancellationToken.None;

    [Fact]
    public async Task List_products_reads_a_bare_array()
    {
        using var host = new ArthaTestHost();
        host.Handler.RespondJson("""[{"productId":"999a47bf-5c73-4a93-9827-0182f075355d","name":"PREMIUM BANKING CARD","organization":"Master","type":"Virtual","country":null,"bin":"632","currency":"USDT","status":"Active"}]""");

        var page = await host.Client.Products.ListAsync(null, None);

        ArthaTestHost.AssertRequest(host.Handler.Single, HttpMethod.Get, "/api/v1/Products");
        var product = Assert.Single(page.Items);
        Assert.Equal(CardType.Virtual, product.Type);
        Assert.Equal("632", product.Bin);
    }

    [Fact]
    public async Task List_products_reads_an_items_object_with_paging()
    {
        using var host = new ArthaTestHost();
        host.Handler.RespondJson("""{"items":[{"productId":"p1"},{"productId":"p2"}],"total":"2","limit":10,"offset":0}""");

        var page = await host.Client.Products.ListAsync(new PageQuery { Limit = 10, Offset = 0 }, None);

        ArthaTestHost.AssertRequest(host.Handler.Single, HttpMethod.Get, "/api/v1/Products?limit=10&offset=0");
        Assert.Equal(["p1", "p2"], page.Items.Select(p => p.ProductId));
        Assert.Equal(2, page.Total);
    }

    [Fact]
    public async Task Get_product_reads_snake_case_kyc_requirements()
    {
        using var host = new ArthaTestHost();
        host.Handler.RespondJson("""{"data":{"product_id":"p1","name":"GBP Virtual","kyc_requirements":["FullName","Comms","Passport","Face"]}}""");

        var product = await host.Client.Products.GetAsync("p1", None);

        ArthaTestHost.AssertRequest(host.Handler.Single, HttpMethod.Get, "/api/v1/Products/p1");
        Assert.Equal(["FullName", "Comms", "Passport", "Face"], product.KycRequirements);
    }

    [Fact]
    public async Task Issue_posts_card_request_and_reads_snake_case_wrapped_card()
    {
        using var host = new ArthaTestHost();
        host.Handler.Respond(HttpStatusCode.Created, """
            {"data":{"id":"a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11","customer_id":"3fa85f64","product_id":"7c9e6679","product_name":"GBP Virtual Prepaid",
             "card_type":"virtual","card_number_masked":"****4242","currency":"GBP","status":"inactive","balance":"0.00","created_at":"2024-01-15T10:30:00Z"}}
            """);

        var card = await host.Client.Cards.IssueAsync(new IssueCardRequest
        {
            CustomerId = "3fa85f64",
            ProductId = "7c9e6679",
            Currency = "GBP",
            ShippingAddress = new Address { AddressLine1 = "10 Downing Street", City = "London", PostalCode = "SW1A 2AA", Country = "GB" },
        }, None);

        ArthaTestHost.AssertRequest(host.Handler.Single, HttpMethod.Post, "/api/v1/cards",
            """{"customerId":"3fa85f64","productId":"7c9e6679","currency":"GBP","shippingAddress":{"addressLine1":"10 Downing Street","city":"London","postalCode":"SW1A 2AA","country":"GB"}}""");
        Assert.Equal("a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11", card.Id);
        Assert.Equal(CardType.Virtual, card.CardType);
        Assert.Equal(CardStatus.Inactive, card.Status);
        Assert.Equal("****4242", card.CardNumberMasked);
        Assert.Equal(0.00m, card.Balance);
    }

    [Fact]
    public async Task List_cards_sends_filters_and_reads_data_object()
    {
        using var host = new ArthaTestHost();
        host.Handler.RespondJson("""{"data":[{"id":"k1","status":"frozen","cardType":"Physical"}],"total":1}""");

        var page = await host.Client.Cards.ListAsync(new CardListQuery { Limit = 10, CustomerId = "c/1", Status = CardStatus.Frozen, Type = CardType.Physical, ProductId = "p1" }, None);

        ArthaTestHost.AssertRequest(host.Handler.Single, HttpMethod.Get, "/api/v1/cards?limit=10&customerId=c%2F1&status=frozen&type=physical&productId=p1");
        var card = Assert.Single(page.Items);
        Assert.Equal(CardStatus.Frozen, card.Status);
        Assert.Equal(CardType.Physical, card.CardType);
        Assert.Equal(1, page.Total);
    }

    [Fact]
    public async Task Get_card_uses_the_singular_seed_path_and_reads_state_and_status()
    {
        using var host = new ArthaTestHost();
        host.Handler.RespondJson("""{"id":"k1","customerId":"c1","state":"pending","status":"inactive","balance":450.0}""");

        var card = await host.Client.Cards.GetAsync("k1", None);

        ArthaTestHost.AssertRequest(host.Handler.Single, HttpMethod.Get, "/api/v1/card/k1");
        Assert.Equal(CardState.Pending, card.State);
        Assert.Equal(CardStatus.Inactive, card.Status);
        Assert.Equal(450.0m, card.Balance);
        Assert.Null(card.ReplacedByCardId);
    }

    [Fact]
    public async Task Get_card_reads_the_replacement_links_the_sandbox_sends_in_either_casing()
    {
        using var host = new ArthaTestHost();
        host.Handler.RespondJson("""{"data":{"id":"k2","replaces_card_id":"k1","replacedByCardId":"k3","state":"active","status":"cancelled"}}""");

        var card = await host.Client.Cards.GetAsync("k2", None);

        Assert.Equal("k1", card.ReplacesCardId);
        Assert.Equal("k3", card.ReplacedByCardId);
    }

    [Fact]
    public async Task Get_card_path_and_prefix_are_configurable()
    {
        using var host = new ArthaTestHost(new Dictionary<string, string?> { ["Artha:PathPrefix"] = "/ext/api/v1", ["Artha:Paths:GetCard"] = "/cards/{cardId}" });
        host.Handler.RespondJson("""{"id":"k1","state":"active","status":"active"}""");

        await host.Client.Cards.GetAsync("k1", None);

        ArthaTestHost.AssertRequest(host.Handler.Single, HttpMethod.Get, "/ext/api/v1/cards/k1");
    }

    [Fact]
    public async Task Sensitive_details_are_read_and_their_ToString_is_redacted()
    {
        using var host = new ArthaTestHost();
        host.Handler.RespondJson("""{"data":{"id":"k1","card_number":"4111111111114242","cvv":"123","expiry_date":"12/27","cardholder_name":"JANE DOE"}}""");

        var details = await host.Client.Cards.GetSensitiveDetailsAsync("k1", None);

        ArthaTestHost.AssertRequest(host.Handler.Single, HttpMethod.Get, "/api/v1/cards/k1/sensitive");
        Assert.Equal("4111111111114242", details.CardNumber);
        Assert.Equal("123", details.Cvv);
        Assert.Equal("12/27", details.ExpiryDate);
        var printed = details.ToString();
        Assert.DoesNotContain("4111111111114242", printed);
        Assert.DoesNotContain("123", printed);
        Assert.DoesNotContain("12/27", printed);
        Assert.DoesNotContain("JANE DOE", printed);
        Assert.Contains("****4242", printed);
    }
}
