using System.Net;
using Artha.Client.Models;
using Artha.Client.Tests.Infrastructure;

namespace Artha.Client.Tests;

public class FundingAndTransactionsTests
{
    private static readonly CancellationToken None = CancellationToken.None;

    [Fact]
    public async Task Top_up_posts_amount_as_json_number_and_reads_snake_case_wrapped_202()
    {
        using var host = new ArthaTestHost();
        host.Handler.Respond(HttpStatusCode.Accepted, """{"data":{"card_id":"a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11","amount":500,"currency":"GBP","status":"processing","transaction_id":"txn_topup_001","task_id":"task_001","performed_at":"2024-01-15T10:30:00Z"}}""");

        var result = await host.Client.Funding.TopUpAsync("a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11", new TopUpRequest(500.0m, "GBP"), None);

        ArthaTestHost.AssertRequest(host.Handler.Single, HttpMethod.Post, "/api/v1/cards/a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11/topup", """{"amount":500.0,"currency":"GBP"}""");
        Assert.Equal("x7tlrA0i76gerzkOW+vgAtGXXvOLD5z5tNtqdnhUJV8=", host.Handler.Single.Header("X-Body-Hash"));
        Assert.Equal(TopUpStatus.Processing, result.Status);
        Assert.Equal("txn_topup_001", result.TopUpId);
        Assert.Equal(500m, result.Amount);
    }

    [Fact]
    public async Task Top_up_status_uses_the_seed_topupstatus_path_and_reads_bare_camelCase()
    {
        using var host = new ArthaTestHost();
        host.Handler.RespondJson("""{"id":"3fa85f64","cardId":"7c9e6679","amount":100.50,"currency":"USD","status":"Approved","createdAt":"2026-03-31T10:15:30Z"}""");

        var topUp = await host.Client.Funding.GetTopUpStatusAsync("txn_topup_001", None);

        ArthaTestHost.AssertRequest(host.Handler.Single, HttpMethod.Get, "/api/v1/topupstatus/txn_topup_001");
        Assert.Equal(TopUpStatus.Approved, topUp.Status);
        Assert.Equal(100.50m, topUp.Amount);
    }

    [Fact]
    public async Task Balance_reads_snake_case_amounts()
    {
        using var host = new ArthaTestHost();
        host.Handler.RespondJson("""{"card_id":"k1","available_balance":450.0,"hold_amount":"50.0","total_balance":500.0,"currency":"GBP","retrieved_at":"2024-01-15T10:30:00Z"}""");

        var balance = await host.Client.Funding.GetBalanceAsync("k1", None);

        ArthaTestHost.AssertRequest(host.Handler.Single, HttpMethod.Get, "/api/v1/cards/k1/balance");
        Assert.Equal(450.0m, balance.AvailableBalance);
        Assert.Equal(50.0m, balance.HoldAmount);
        Assert.Equal(balance.AvailableBalance + balance.HoldAmount, balance.TotalBalance);
    }

    [Fact]
    public async Task Card_top_up_history_sends_filters_without_card_filter_and_reads_bare_array()
    {
        using var host = new ArthaTestHost();
        host.Handler.RespondJson("""[{"id":"t1","card_id":"k1","amount":"25.00","status":"rejected"}]""");

        var page = await host.Client.Funding.ListCardTopUpsAsync("k1", new TopUpListQuery
        {
            Limit = 5,
            Status = TopUpStatus.Rejected,
            From = new DateTimeOffset(2024, 1, 1, 0, 0, 0, TimeSpan.Zero),
            CardId = "ignored",
            MinAmount = 10.5m,
        }, None);

        ArthaTestHost.AssertRequest(host.Handler.Single, HttpMethod.Get, "/api/v1/cards/k1/topups?limit=5&status=rejected&from=2024-01-01T00%3A00%3A00Z&minAmount=10.5");
        var topUp = Assert.Single(page.Items);
        Assert.Equal(25.00m, topUp.Amount);
        Assert.Equal(TopUpStatus.Rejected, topUp.Status);
    }

    [Fact]
    public async Task All_top_ups_history_sends_every_filter_and_reads_wrapped_paged_object()
    {
        using var host = new ArthaTestHost();
        host.Handler.RespondJson("""{"data":{"items":[{"id":"t1"},{"id":"t2"}],"total":12,"limit":2,"offset":4},"request_id":"req_9"}""");

        var page = await host.Client.Funding.ListTopUpsAsync(new TopUpListQuery
        {
            Limit = 2,
            Offset = 4,
            Status = TopUpStatus.Approved,
            From = new DateTimeOffset(2024, 1, 1, 0, 0, 0, TimeSpan.Zero),
            To = new DateTimeOffset(2024, 2, 1, 0, 0, 0, TimeSpan.Zero),
            CardId = "k1",
            CustomerId = "c1",
            MinAmount = 1m,
            MaxAmount = 999.99m,
        }, None);

        ArthaTestHost.AssertRequest(host.Handler.Single, HttpMethod.Get,
            "/api/v1/topups?limit=2&offset=4&status=approved&from=2024-01-01T00%3A00%3A00Z&to=2024-02-01T00%3A00%3A00Z&cardId=k1&customerId=c1&minAmount=1&maxAmount=999.99");
        Assert.Equal(2, page.Items.Count);
        Assert.Equal((12, 2, 4), (page.Total, page.Limit, page.Offset));
        Assert.Equal("req_9", page.RequestId);
    }

    [Fact]
    public async Task List_all_transactions_sends_every_filter_and_reads_paged_object()
    {
        using var host = new ArthaTestHost();
        host.Handler.RespondJson("""{"data":[{"transactionId":"x1","type":"purchase","status":"settled","authorizedAmount":18.25}],"total":1,"limit":50,"offset":0}""");

        var page = await host.Client.Transactions.ListAsync(new TransactionListQuery
        {
            Limit = 50,
            Offset = 0,
            Status = TransactionStatus.Settled,
            Type = TransactionType.Purchase,
            From = new DateTimeOffset(2025, 6, 1, 0, 0, 0, TimeSpan.Zero),
            To = new DateTimeOffset(2025, 6, 30, 0, 0, 0, TimeSpan.Zero),
            Merchant = "Coffee & Co",
            MinAmount = 5m,
            MaxAmount = 100m,
        }, None);

        ArthaTestHost.AssertRequest(host.Handler.Single, HttpMethod.Get,
            "/api/v1/transactions?limit=50&offset=0&status=settled&type=purchase&from=2025-06-01T00%3A00%3A00Z&to=2025-06-30T00%3A00%3A00Z&merchant=Coffee%20%26%20Co&minAmount=5&maxAmount=100");
        var transaction = Assert.Single(page.Items);
        Assert.Equal(TransactionType.Purchase, transaction.Type);
        Assert.Equal(18.25m, transaction.AuthorizedAmount);
    }

    [Fact]
    public async Task List_card_transactions_reads_bare_snake_case_array()
    {
        using var host = new ArthaTestHost();
        host.Handler.RespondJson("""[{"transaction_id":"x1","card_id":"k1","type":"atm_withdrawal","status":"authorized","local_amount":"1500.00","merchant_category_code":"5812"}]""");

        var page = await host.Client.Transactions.ListByCardAsync("k1", new TransactionListQuery { Type = TransactionType.AtmWithdrawal }, None);

        ArthaTestHost.AssertRequest(host.Handler.Single, HttpMethod.Get, "/api/v1/cards/k1/transactions?type=atm_withdrawal");
        var transaction = Assert.Single(page.Items);
        Assert.Equal(TransactionType.AtmWithdrawal, transaction.Type);
        Assert.Equal(1500.00m, transaction.LocalAmount);
        Assert.Equal("5812", transaction.MerchantCategoryCode);
    }

    [Fact]
    public async Task List_customer_transactions_uses_customer_path_and_reads_items_object()
    {
        using var host = new ArthaTestHost();
        host.Handler.RespondJson("""{"items":[{"transactionId":"x1"}],"total":1}""");

        var page = await host.Client.Transactions.ListByCustomerAsync("c1", null, None);

        ArthaTestHost.AssertRequest(host.Handler.Single, HttpMethod.Get, "/api/v1/customers/c1/transactions");
        Assert.Equal("x1", Assert.Single(page.Items).TransactionId);
    }

    [Fact]
    public async Task Get_transaction_reads_wrapped_snake_case()
    {
        using var host = new ArthaTestHost();
        host.Handler.RespondJson("""{"data":{"transaction_id":"c1a2b3d4","card_id":"ef0c9071","original_transaction_id":null,"local_currency":"INR","settle_date":"2025-06-02T00:00:00Z","status":"reversed","crossborder_fee":"0.25"}}""");

        var transaction = await host.Client.Transactions.GetAsync("c1a2b3d4", None);

        ArthaTestHost.AssertRequest(host.Handler.Single, HttpMethod.Get, "/api/v1/transactions/c1a2b3d4");
        Assert.Equal("INR", transaction.LocalCurrency);
        Assert.Equal(TransactionStatus.Reversed, transaction.Status);
        Assert.Equal(0.25m, transaction.CrossborderFee);
        Assert.Null(transaction.OriginalTransactionId);
    }
}
