using System.Net;
using System.Text.Json;
using Artha.Sandbox.State;
using Artha.Sandbox.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Artha.Sandbox.Tests;

/// <summary>
/// Seeded history must read like real history whatever the sizes: the customer exists before the card is funded, the
/// funding top-up comes before every purchase, nothing is in the future, and each card's list is in the order the
/// newest-first pages expect (oldest first by authorizedAt inside the store).
/// </summary>
public class SeedConsistencyTests(SandboxHost host) : IClassFixture<SandboxHost>
{
    private SandboxStore Store => host.App.Services.GetRequiredService<SandboxStore>();

    [Theory]
    [InlineData(3000, 1, 3)]
    // With the old layout (funding at start + i minutes, purchases every 90 days / (K + 1)) every customer from
    // about the 2 566th on had a funding top-up dated after its first purchases.
    [InlineData(3000, 1, 100)]
    [InlineData(7, 3, 40)]
    public async Task Seeded_card_pages_are_newest_first_with_the_funding_top_up_before_every_purchase(int customers, int cards, int transactions)
    {
        await host.Control(HttpMethod.Post, "/_sandbox/reset");
        var seed = await host.Control(HttpMethod.Post,
            $"/_sandbox/seed?customers={customers}&cardsPerCustomer={cards}&transactionsPerCard={transactions}");
        Assert.Equal(HttpStatusCode.OK, seed.Status);
        Assert.Equal(customers * cards * transactions, seed.Json.GetProperty("transactions").GetInt32());

        // Over HTTP: the first seeded card and the last one (newest first, so data[0] of the cards list), which had
        // the latest funding date.
        var firstCard = seed.Json.GetProperty("cardIds")[0].GetString()!;
        var lastCard = (await host.Get("/api/v1/cards?limit=1")).Json.GetProperty("data")[0].GetProperty("id").GetString()!;
        foreach (var cardId in new[] { firstCard, lastCard })
            await AssertCardHistoryOverHttp(cardId, transactions);

        // In process: every seeded card, its whole list.
        var now = host.Time.GetUtcNow().UtcDateTime;
        var allCards = Store.ListCards(new CardFilter(null, null, null, null, null), new Paging(int.MaxValue, 0)).Data;
        Assert.Equal(customers * cards, allCards.Count);
        var customersById = Store.ListCustomers(new CustomerFilter(null, null, null, null, null, null), new Paging(int.MaxValue, 0)).Data
            .ToDictionary(c => c.Id);
        foreach (var card in allCards)
        {
            var list = Store.ListTransactions(new TransactionFilter(null, null, null, null, null, null, null, card.Id, null), new Paging(int.MaxValue, 0)).Data;
            AssertNewestFirstFundingLast(list, transactions, customersById[card.CustomerId].CreatedAt, now);
        }
    }

    [Fact]
    public void A_card_with_more_purchases_than_minutes_in_90_days_is_still_in_order()
    {
        // 200 000 purchases over 90 days are 39 s apart: the old up-to-59 s jitter put neighbours out of order. The HTTP
        // endpoint caps transactionsPerCard at 100 000, so this drives the store directly.
        Store.Reset();
        var result = Store.Seed(1, 1, 200_000, 42);
        var cardId = result.CardIds.Single();
        var list = Store.ListTransactions(new TransactionFilter(null, null, null, null, null, null, null, cardId, null), new Paging(int.MaxValue, 0)).Data;
        var customer = Store.GetCustomer(result.CustomerIds.Single());
        AssertNewestFirstFundingLast(list, 200_000, customer.CreatedAt, host.Time.GetUtcNow().UtcDateTime);
    }

    [Fact]
    public async Task After_seeding_a_new_purchase_is_the_newest_on_its_card_and_customer_pages()
    {
        await host.Control(HttpMethod.Post, "/_sandbox/reset");
        var seed = await host.Control(HttpMethod.Post, "/_sandbox/seed?customers=3000&cardsPerCustomer=1&transactionsPerCard=3");
        Assert.Equal(HttpStatusCode.OK, seed.Status);
        var card = (await host.Get("/api/v1/cards?limit=1")).Json.GetProperty("data")[0];
        var cardId = card.GetProperty("id").GetString()!;
        var purchase = await host.Control(HttpMethod.Post, $"/_sandbox/cards/{cardId}/purchases", new { amount = 1.5m, merchantName = "Corner Shop", mcc = "5411" });
        Assert.Equal("authorized", purchase.Str("status"));

        var page = (await host.Get($"/api/v1/cards/{cardId}/transactions")).Json;
        Assert.Equal(4, page.GetProperty("total").GetInt32());
        Assert.Equal(purchase.Str("transactionId"), page.GetProperty("data")[0].GetProperty("transactionId").GetString());
        Assert.Equal("top_up", page.GetProperty("data")[3].GetProperty("type").GetString());
        var customerPage = (await host.Get($"/api/v1/customers/{card.GetProperty("customerId").GetString()}/transactions")).Json;
        Assert.Equal(purchase.Str("transactionId"), customerPage.GetProperty("data")[0].GetProperty("transactionId").GetString());
        AssertNonIncreasing(customerPage.GetProperty("data").EnumerateArray().Select(AuthorizedAt).ToList());
    }

    [Fact]
    public void Seeded_declines_give_a_reason_that_is_true_and_balances_add_up()
    {
        Store.Reset();
        var result = Store.Seed(20, 2, 60, 42);
        var declines = 0;
        foreach (var cardId in result.CardIds)
        {
            var list = Store.ListTransactions(new TransactionFilter(null, null, null, null, null, null, null, cardId, null), new Paging(int.MaxValue, 0)).Data;
            // Oldest first: the funding top-up, then the purchases; the running balance never goes below zero, so a
            // seeded decline is never for want of funds.
            var running = 0m;
            foreach (var t in list.Reverse())
            {
                if (t.Type == "top_up") running += t.SettleAmount;
                else if (t.Status == "settled") running -= t.SettleAmount;
                else
                {
                    Assert.Equal("declined", t.Status);
                    Assert.Equal("Declined: do_not_honor", t.Description);
                    Assert.True(t.AuthorizedAmount <= running, "a seeded decline would have been covered by the balance anyway");
                    declines++;
                }
                Assert.True(running >= 0, $"card {cardId} goes below zero at {t.TransactionId}");
            }
            var balance = Store.GetBalance(cardId);
            Assert.Equal(running, balance.AvailableBalance);
            Assert.Equal(0m, balance.HoldAmount);
        }
        Assert.True(declines > 0, "the seed produced no declined purchase to check");
    }

    private async Task AssertCardHistoryOverHttp(string cardId, int transactions)
    {
        var rows = new List<JsonElement>();
        for (var offset = 0; offset < transactions; offset += 100)
        {
            var page = await host.Get($"/api/v1/cards/{cardId}/transactions?limit=100&offset={offset}");
            Assert.Equal(HttpStatusCode.OK, page.Status);
            Assert.Equal(transactions, page.Json.GetProperty("total").GetInt32());
            rows.AddRange(page.Json.GetProperty("data").EnumerateArray());
        }
        Assert.Equal(transactions, rows.Count);
        AssertNonIncreasing(rows.Select(AuthorizedAt).ToList());
        var topUp = rows[^1];
        Assert.Equal("top_up", topUp.GetProperty("type").GetString());
        Assert.All(rows.SkipLast(1), r =>
        {
            Assert.Equal("purchase", r.GetProperty("type").GetString());
            Assert.True(AuthorizedAt(r) > AuthorizedAt(topUp), "a purchase is dated before the card's funding top-up");
        });
        var cardTopUps = (await host.Get($"/api/v1/cards/{cardId}/topups")).Json.GetProperty("data");
        Assert.Equal(topUp.GetProperty("transactionId").GetString(), cardTopUps[0].GetProperty("id").GetString());
        Assert.Equal(AuthorizedAt(topUp), cardTopUps[0].GetProperty("createdAt").GetDateTime());
        // The paged order is also what the type filter (a scan, not the index) returns.
        var purchases = (await host.Get($"/api/v1/cards/{cardId}/transactions?type=purchase&limit=100")).Json.GetProperty("data");
        Assert.Equal(rows.Take(Math.Min(100, transactions - 1)).Select(r => r.GetProperty("transactionId").GetString()),
            purchases.EnumerateArray().Select(r => r.GetProperty("transactionId").GetString()));
    }

    private static void AssertNewestFirstFundingLast(IReadOnlyList<TransactionResponse> list, int expected, DateTime customerCreatedAt, DateTime now)
    {
        Assert.Equal(expected, list.Count);
        AssertNonIncreasing(list.Select(t => t.AuthorizedAt).ToList());
        var funding = list[^1];
        Assert.Equal("top_up", funding.Type);
        Assert.True(funding.AuthorizedAt >= customerCreatedAt, "the card was funded before its customer was created");
        for (var i = 0; i < list.Count - 1; i++)
        {
            Assert.Equal("purchase", list[i].Type);
            Assert.True(list[i].AuthorizedAt > funding.AuthorizedAt, $"purchase {list[i].TransactionId} is not after the funding top-up");
            Assert.True(list[i].AuthorizedAt <= now, "a seeded purchase is in the future");
            if (list[i].SettleDate is { } settled)
                Assert.True(settled <= now && settled >= list[i].AuthorizedAt, "a seeded purchase settles in the future or before it was authorised");
        }
    }

    private static DateTime AuthorizedAt(JsonElement t) => t.GetProperty("authorizedAt").GetDateTime();

    private static void AssertNonIncreasing(IReadOnlyList<DateTime> times)
    {
        for (var i = 1; i < times.Count; i++)
            Assert.True(times[i - 1] >= times[i], $"row {i} ({times[i]:O}) is newer than row {i - 1} ({times[i - 1]:O})");
    }
}
