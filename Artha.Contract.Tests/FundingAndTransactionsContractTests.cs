using Artha.Client.Models;
using Artha.Contract.Tests.Infrastructure;

namespace Artha.Contract.Tests;

/// <summary>Top-up history, balances and the transaction lists, client ↔ sandbox.</summary>
public class FundingAndTransactionsContractTests(SandboxFixture sandbox) : IClassFixture<SandboxFixture>
{
    private static readonly CancellationToken Ct = CancellationToken.None;

    [Fact]
    public async Task Card_top_up_history_lists_the_cards_top_ups_filtered_by_status()
    {
        var (_, card) = await sandbox.Scenarios.ActiveVirtualCardAsync();
        var approved = await sandbox.Scenarios.TopUpAsync(card.Id, 100m);
        var rejected = await sandbox.Scenarios.TopUpAsync(card.Id, 20.13m);

        var all = await sandbox.Client.Funding.ListCardTopUpsAsync(card.Id, null, Ct);
        var onlyRejected = await sandbox.Client.Funding.ListCardTopUpsAsync(card.Id, new TopUpListQuery { Status = TopUpStatus.Rejected }, Ct);

        Assert.Equal([rejected.Id, approved.Id], all.Items.Select(t => t.Id));
        var single = Assert.Single(onlyRejected.Items);
        Assert.Equal((20.13m, "GBP"), (single.Amount!.Value, single.Currency));
    }

    [Fact]
    public async Task All_top_ups_history_filters_by_customer_and_amount_range()
    {
        var (customer, card) = await sandbox.Scenarios.ActiveVirtualCardAsync();
        var (_, otherCustomersCard) = await sandbox.Scenarios.ActiveVirtualCardAsync();
        await sandbox.Scenarios.TopUpAsync(otherCustomersCard.Id, 60m);
        await sandbox.Scenarios.TopUpAsync(card.Id, 10m);
        var inRange = await sandbox.Scenarios.TopUpAsync(card.Id, 60m);
        await sandbox.Scenarios.TopUpAsync(card.Id, 500m);

        var page = await sandbox.Client.Funding.ListTopUpsAsync(new TopUpListQuery { CustomerId = customer.Id, MinAmount = 50m, MaxAmount = 100m }, Ct);

        var single = Assert.Single(page.Items);
        Assert.Equal(inRange.Id, single.Id);
        Assert.Equal(card.Id, single.CardId);
        Assert.Equal(TopUpStatus.Approved, single.Status);
    }

    [Fact]
    public async Task Balance_holds_authorised_purchases_apart_from_the_available_amount()
    {
        var (_, card) = await sandbox.Scenarios.ActiveVirtualCardAsync();
        await sandbox.Scenarios.TopUpAsync(card.Id, 200m);
        await sandbox.Control.PurchaseAsync(card.Id, 45.50m, "Coffee Shop Ltd");

        var balance = await sandbox.Client.Funding.GetBalanceAsync(card.Id, Ct);

        Assert.Equal(154.50m, balance.AvailableBalance);
        Assert.Equal(45.50m, balance.HoldAmount);
        Assert.Equal(200m, balance.TotalBalance);
    }

    [Fact]
    public async Task Card_transactions_filter_by_type_and_page_newest_first()
    {
        var (_, card) = await sandbox.Scenarios.ActiveVirtualCardAsync();
        var topUp = await sandbox.Scenarios.TopUpAsync(card.Id, 300m);
        var first = await sandbox.Control.PurchaseAsync(card.Id, 10m, "Bakery");
        var second = await sandbox.Control.PurchaseAsync(card.Id, 20m, "Bookshop");

        var purchases = await sandbox.Client.Transactions.ListByCardAsync(card.Id, new TransactionListQuery { Type = TransactionType.Purchase }, Ct);
        var secondPage = await sandbox.Client.Transactions.ListByCardAsync(card.Id, new TransactionListQuery { Limit = 2, Offset = 2 }, Ct);

        Assert.Equal([second, first], purchases.Items.Select(t => t.TransactionId));
        Assert.All(purchases.Items, t => Assert.Equal(TransactionStatus.Authorized, t.Status));
        Assert.Equal(3, secondPage.Total);
        Assert.Equal(topUp.Id, Assert.Single(secondPage.Items).TransactionId);
    }

    [Fact]
    public async Task Card_transactions_filter_by_date_range()
    {
        var (_, card) = await sandbox.Scenarios.ActiveVirtualCardAsync();
        var topUp = await sandbox.Scenarios.TopUpAsync(card.Id, 30m);
        var now = DateTimeOffset.UtcNow;

        var around = await sandbox.Client.Transactions.ListByCardAsync(card.Id, new TransactionListQuery { From = now.AddHours(-1), To = now.AddHours(1) }, Ct);
        var later = await sandbox.Client.Transactions.ListByCardAsync(card.Id, new TransactionListQuery { From = now.AddHours(1) }, Ct);

        Assert.Equal(topUp.Id, Assert.Single(around.Items).TransactionId);
        Assert.Empty(later.Items);
        Assert.Equal(0, later.Total);
    }

    [Fact]
    public async Task All_transactions_filter_by_merchant_and_amount()
    {
        var (_, card) = await sandbox.Scenarios.ActiveVirtualCardAsync();
        await sandbox.Scenarios.TopUpAsync(card.Id, 300m);
        var merchant = "Merchant " + Guid.NewGuid().ToString("N")[..8];
        await sandbox.Control.PurchaseAsync(card.Id, 5m, merchant);
        var expected = await sandbox.Control.PurchaseAsync(card.Id, 75m, merchant);

        var page = await sandbox.Client.Transactions.ListAsync(new TransactionListQuery { Merchant = merchant, MinAmount = 50m }, Ct);

        var single = Assert.Single(page.Items);
        Assert.Equal(expected, single.TransactionId);
        Assert.Equal(merchant, single.MerchantName);
    }

    [Fact]
    public async Task Customer_transactions_cover_every_card_of_that_customer_only()
    {
        var (customer, card) = await sandbox.Scenarios.ActiveVirtualCardAsync();
        var (_, otherCard) = await sandbox.Scenarios.ActiveVirtualCardAsync();
        var topUp = await sandbox.Scenarios.TopUpAsync(card.Id, 40m);
        await sandbox.Scenarios.TopUpAsync(otherCard.Id, 40m);

        var page = await sandbox.Client.Transactions.ListByCustomerAsync(customer.Id, null, Ct);

        var single = Assert.Single(page.Items);
        Assert.Equal(topUp.Id, single.TransactionId);
        Assert.Equal(customer.Id, single.CustomerId);
    }

    [Fact]
    public async Task Get_transaction_returns_the_purchase_with_merchant_amount_and_currency()
    {
        var (customer, card) = await sandbox.Scenarios.ActiveVirtualCardAsync();
        await sandbox.Scenarios.TopUpAsync(card.Id, 100m);
        var id = await sandbox.Control.PurchaseAsync(card.Id, 12.34m, "Coffee Shop Ltd");

        var transaction = await sandbox.Client.Transactions.GetAsync(id, Ct);

        Assert.Equal((card.Id, customer.Id), (transaction.CardId, transaction.CustomerId));
        Assert.Equal(TransactionType.Purchase, transaction.Type);
        Assert.Equal(12.34m, transaction.AuthorizedAmount);
        Assert.Equal("GBP", transaction.AuthorizedCurrency);
        Assert.Equal(("Coffee Shop Ltd", "London"), (transaction.MerchantName, transaction.MerchantCity));
    }
}
