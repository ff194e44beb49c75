using System.Net;
using System.Text.Json;
using Artha.Sandbox.Tests.Infrastructure;

namespace Artha.Sandbox.Tests;

/// <summary>
/// The control endpoints that reach the transaction values nothing else produces: settle now, reverse (status
/// <c>reversed</c>), refund (type <c>refund</c>) and fee (type <c>fee</c>), with the card balance after each step.
/// </summary>
public class TransactionControlTests(SandboxHost host) : IClassFixture<SandboxHost>
{
    private Task<ApiResponse> Purchase(string cardId, decimal amount, string mcc = "5411", string merchant = "Tesco") =>
        host.Control(HttpMethod.Post, $"/_sandbox/cards/{cardId}/purchases", new { amount, merchantName = merchant, mcc });

    private Task<ApiResponse> Settle(string transactionId) => host.Control(HttpMethod.Post, $"/_sandbox/transactions/{transactionId}/settle");
    private Task<ApiResponse> Reverse(string transactionId) => host.Control(HttpMethod.Post, $"/_sandbox/transactions/{transactionId}/reverse");
    private Task<ApiResponse> Refund(string transactionId, object? body = null) =>
        host.Control(HttpMethod.Post, $"/_sandbox/transactions/{transactionId}/refund", body);
    private Task<ApiResponse> Fee(string cardId, object body) => host.Control(HttpMethod.Post, $"/_sandbox/cards/{cardId}/fees", body);

    /// <summary>The balance endpoint and the card's <c>balance</c> agree with the expected figures (total = available + hold).</summary>
    private async Task AssertBalance(string cardId, decimal available, decimal hold)
    {
        var balance = await host.Get($"/api/v1/cards/{cardId}/balance");
        Assert.Equal(HttpStatusCode.OK, balance.Status);
        Assert.Equal(available, balance.Dec("availableBalance"));
        Assert.Equal(hold, balance.Dec("holdAmount"));
        Assert.Equal(available + hold, balance.Dec("totalBalance"));
        Assert.Equal(available + hold, (await host.Get($"/api/v1/cards/{cardId}")).Dec("balance"));
    }

    private async Task<List<JsonElement>> List(string query) =>
        (await host.Get(query)).Json.GetProperty("data").EnumerateArray().ToList();

    private static void AssertConflict(ApiResponse r, string code)
    {
        Assert.Equal(HttpStatusCode.Conflict, r.Status);
        UnknownIdTests.AssertErrorBody(r, code);
    }

    // ------------------------------------------------------------------------------------------------ settle

    [Fact]
    public async Task Settle_turns_an_authorized_purchase_settled_now_and_releases_the_hold_once()
    {
        var (_, cardId) = await host.ActiveGbpCard(fund: 100m);
        var purchase = await Purchase(cardId, 30m);
        await AssertBalance(cardId, 70m, 30m);

        var settled = await Settle(purchase.Str("transactionId"));
        Assert.Equal(HttpStatusCode.OK, settled.Status);
        Assert.Equal("settled", settled.Str("status"));
        Assert.Equal(30m, settled.Dec("settleAmount"));
        Assert.Equal(host.Time.GetUtcNow().UtcDateTime, settled.Json.GetProperty("settleDate").GetDateTime());
        await AssertBalance(cardId, 70m, 0m);

        // The scheduled settlement finds it settled already: the hold is not released twice.
        host.Time.AdvanceSeconds(61);
        await AssertBalance(cardId, 70m, 0m);
        Assert.Equal("settled", (await host.Get($"/api/v1/transactions/{purchase.Str("transactionId")}")).Str("status"));
        AssertConflict(await Settle(purchase.Str("transactionId")), "TRANSACTION_NOT_SETTLEABLE");
    }

    [Fact]
    public async Task Settle_refuses_what_is_not_an_authorized_card_spend()
    {
        var (_, cardId) = await host.ActiveGbpCard(fund: 20m);
        var declined = await Purchase(cardId, 80m);
        Assert.Equal("declined", declined.Str("status"));
        AssertConflict(await Settle(declined.Str("transactionId")), "TRANSACTION_NOT_SETTLEABLE");
        var topUp = (await List($"/api/v1/cards/{cardId}/transactions?type=top_up")).Single();
        var r = await Settle(topUp.GetProperty("transactionId").GetString()!);
        AssertConflict(r, "TRANSACTION_NOT_SETTLEABLE");
        Assert.Contains("top_up", r.Json.GetProperty("error").GetProperty("message").GetString());

        var missing = await Settle(Guid.NewGuid().ToString());
        Assert.Equal(HttpStatusCode.NotFound, missing.Status);
        UnknownIdTests.AssertErrorBody(missing, "TRANSACTION_NOT_FOUND");
    }

    // ------------------------------------------------------------------------------------------------ reverse

    [Fact]
    public async Task Reverse_returns_the_hold_to_the_available_balance_and_the_purchase_stays_reversed()
    {
        var (_, cardId) = await host.ActiveGbpCard(fund: 100m);
        var purchase = await Purchase(cardId, 30m);
        var id = purchase.Str("transactionId");
        await AssertBalance(cardId, 70m, 30m);

        var reversed = await Reverse(id);
        Assert.Equal(HttpStatusCode.OK, reversed.Status);
        Assert.Equal(id, reversed.Str("transactionId"));
        Assert.Equal("reversed", reversed.Str("status"));
        Assert.Equal("purchase", reversed.Str("type"));
        Assert.Equal(0m, reversed.Dec("settleAmount"));
        await AssertBalance(cardId, 100m, 0m);

        var got = await host.Get($"/api/v1/transactions/{id}");
        Assert.Equal("reversed", got.Str("status"));
        Assert.Equal(id, (await List($"/api/v1/cards/{cardId}/transactions?status=reversed")).Single().GetProperty("transactionId").GetString());
        Assert.Single(await List($"/api/v1/transactions?cardId={cardId}&type=purchase&status=reversed"));

        // The settlement that was scheduled for it does nothing: still reversed, nothing held or released twice.
        host.Time.AdvanceSeconds(61);
        Assert.Equal("reversed", (await host.Get($"/api/v1/transactions/{id}")).Str("status"));
        await AssertBalance(cardId, 100m, 0m);

        // A reversed purchase no longer counts towards the spending limits: the full daily limit is usable again.
        await host.Post($"/api/v1/cards/{cardId}/limits", new { dailyLimit = 50m });
        Assert.Equal("authorized", (await Purchase(cardId, 50m)).Str("status"));
    }

    [Fact]
    public async Task Reverse_works_for_an_authorized_atm_withdrawal()
    {
        var (_, cardId) = await host.ActiveGbpCard(fund: 100m);
        Assert.Equal(HttpStatusCode.OK, (await host.Post($"/api/v1/cards/{cardId}/limits", new { atmWithdrawalLimit = 200m })).Status);
        var atm = await Purchase(cardId, 20m, mcc: "6011", merchant: "ATM");
        Assert.Equal("atm_withdrawal", atm.Str("type"));
        Assert.Equal("authorized", atm.Str("status"));
        await AssertBalance(cardId, 80m, 20m);

        var reversed = await Reverse(atm.Str("transactionId"));
        Assert.Equal("reversed", reversed.Str("status"));
        Assert.Equal("atm_withdrawal", reversed.Str("type"));
        await AssertBalance(cardId, 100m, 0m);
    }

    [Fact]
    public async Task Reverse_is_409_unless_the_transaction_is_authorized_and_404_for_an_unknown_id()
    {
        var (_, cardId) = await host.ActiveGbpCard(fund: 100m);
        var settled = await Purchase(cardId, 10m);
        await Settle(settled.Str("transactionId"));
        var declined = await Purchase(cardId, 600m);
        Assert.Equal("declined", declined.Str("status"));
        var reversed = await Purchase(cardId, 5m);
        Assert.Equal(HttpStatusCode.OK, (await Reverse(reversed.Str("transactionId"))).Status);
        var topUpId = (await List($"/api/v1/cards/{cardId}/transactions?type=top_up")).Single().GetProperty("transactionId").GetString()!;
        await AssertBalance(cardId, 90m, 0m);

        foreach (var (id, status) in new[] { (settled.Str("transactionId"), "settled"), (declined.Str("transactionId"), "declined"),
                     (reversed.Str("transactionId"), "reversed"), (topUpId, "settled") })
        {
            var r = await Reverse(id);
            AssertConflict(r, "TRANSACTION_NOT_REVERSIBLE");
            Assert.Contains($"is {status}", r.Json.GetProperty("error").GetProperty("message").GetString());
        }
        // Nothing moved.
        await AssertBalance(cardId, 90m, 0m);

        var missing = Guid.NewGuid().ToString();
        var notFound = await Reverse(missing);
        Assert.Equal(HttpStatusCode.NotFound, notFound.Status);
        UnknownIdTests.AssertErrorBody(notFound, "TRANSACTION_NOT_FOUND", missing);
    }

    // ------------------------------------------------------------------------------------------------ refund

    [Fact]
    public async Task Refund_of_a_settled_purchase_creates_settled_refunds_up_to_the_settled_amount()
    {
        var (customerId, cardId) = await host.ActiveGbpCard(fund: 100m);
        var purchase = await Purchase(cardId, 40m, merchant: "Coffee Shop Ltd", mcc: "5814");
        var purchaseId = purchase.Str("transactionId");
        await Settle(purchaseId);
        await AssertBalance(cardId, 60m, 0m);

        var partial = await Refund(purchaseId, new { amount = 15m });
        Assert.Equal(HttpStatusCode.Created, partial.Status);
        Assert.Equal("refund", partial.Str("type"));
        Assert.Equal("settled", partial.Str("status"));
        Assert.Equal(purchaseId, partial.Str("originalTransactionId"));
        Assert.NotEqual(purchaseId, partial.Str("transactionId"));
        Assert.Equal(15m, partial.Dec("authorizedAmount"));
        Assert.Equal(15m, partial.Dec("settleAmount"));
        Assert.Equal("GBP", partial.Str("authorizedCurrency"));
        Assert.Equal("Coffee Shop Ltd", partial.Str("merchantName"));
        Assert.Equal(cardId, partial.Str("cardId"));
        Assert.Equal(customerId, partial.Str("customerId"));
        await AssertBalance(cardId, 75m, 0m);

        // Default amount: what remains refundable (25.00).
        var rest = await Refund(purchaseId);
        Assert.Equal(HttpStatusCode.Created, rest.Status);
        Assert.Equal(25m, rest.Dec("authorizedAmount"));
        Assert.Equal(purchaseId, rest.Str("originalTransactionId"));
        await AssertBalance(cardId, 100m, 0m);

        // Fully refunded: nothing more, not even the default.
        foreach (var body in new object?[] { new { amount = 0.01m }, null })
        {
            var more = await Refund(purchaseId, body);
            Assert.Equal(HttpStatusCode.UnprocessableEntity, more.Status);
            Assert.Equal("REFUND_EXCEEDS_REMAINING", more.ErrorCode);
            Assert.Contains("0.00", more.Json.GetProperty("error").GetProperty("message").GetString());
            Assert.Equal("At most 0.00.", more.Fields.GetProperty("amount")[0].GetString());
        }
        await AssertBalance(cardId, 100m, 0m);

        // The purchase itself is unchanged; the refunds are transactions of their own, on the API and in the filters.
        var original = await host.Get($"/api/v1/transactions/{purchaseId}");
        Assert.Equal("settled", original.Str("status"));
        Assert.Equal(JsonValueKind.Null, original.Json.GetProperty("originalTransactionId").ValueKind);
        var got = await host.Get($"/api/v1/transactions/{partial.Str("transactionId")}");
        Assert.Equal(purchaseId, got.Str("originalTransactionId"));
        Assert.Equal("refund", got.Str("type"));
        var refunds = await List($"/api/v1/cards/{cardId}/transactions?type=refund");
        Assert.Equal([rest.Str("transactionId"), partial.Str("transactionId")], refunds.Select(t => t.GetProperty("transactionId").GetString()));
        Assert.Equal(2, (await List($"/api/v1/transactions?cardId={cardId}&type=refund&status=settled")).Count);
        Assert.Equal(2, (await List($"/api/v1/customers/{customerId}/transactions?type=refund")).Count);
        Assert.Empty(await List($"/api/v1/cards/{cardId}/transactions?type=refund&status=authorized"));
    }

    [Fact]
    public async Task Refund_amount_must_be_positive_with_two_decimals_and_at_most_what_remains()
    {
        var (_, cardId) = await host.ActiveGbpCard(fund: 100m);
        var purchase = await Purchase(cardId, 40m);
        var id = purchase.Str("transactionId");
        await Settle(id);

        var tooMuch = await Refund(id, new { amount = 40.01m });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, tooMuch.Status);
        Assert.Equal("REFUND_EXCEEDS_REMAINING", tooMuch.ErrorCode);
        Assert.Equal("At most 40.00.", tooMuch.Fields.GetProperty("amount")[0].GetString());
        foreach (var amount in new object[] { 0m, -5m, 1.234m, "lots" })
        {
            var r = await Refund(id, new { amount });
            Assert.Equal(HttpStatusCode.UnprocessableEntity, r.Status);
            Assert.Equal("VALIDATION_FAILED", r.ErrorCode);
            Assert.True(r.Fields.TryGetProperty("amount", out _));
        }
        // None of the refused refunds moved money or left a transaction.
        await AssertBalance(cardId, 60m, 0m);
        Assert.Empty(await List($"/api/v1/cards/{cardId}/transactions?type=refund"));
        Assert.Equal(HttpStatusCode.Created, (await Refund(id, new { amount = 40m })).Status);
        await AssertBalance(cardId, 100m, 0m);
    }

    [Fact]
    public async Task Refund_is_409_unless_the_original_is_a_settled_purchase_and_404_for_an_unknown_id()
    {
        var (_, cardId) = await host.ActiveGbpCard(fund: 100m);
        Assert.Equal(HttpStatusCode.OK, (await host.Post($"/api/v1/cards/{cardId}/limits", new { atmWithdrawalLimit = 200m })).Status);
        var authorized = await Purchase(cardId, 10m);
        var declined = await Purchase(cardId, 600m);
        var reversed = await Purchase(cardId, 5m);
        await Reverse(reversed.Str("transactionId"));
        var atm = await Purchase(cardId, 20m, mcc: "6011", merchant: "ATM");
        await Settle(atm.Str("transactionId"));
        var settled = await Purchase(cardId, 8m);
        await Settle(settled.Str("transactionId"));
        var refund = await Refund(settled.Str("transactionId"), new { amount = 3m });
        var fee = await Fee(cardId, new { amount = 1m });
        var topUpId = (await List($"/api/v1/cards/{cardId}/transactions?type=top_up")).Single().GetProperty("transactionId").GetString()!;
        await AssertBalance(cardId, 64m, 10m);

        foreach (var (id, what) in new[]
                 {
                     (authorized.Str("transactionId"), "purchase is authorized"), (declined.Str("transactionId"), "purchase is declined"),
                     (reversed.Str("transactionId"), "purchase is reversed"), (atm.Str("transactionId"), "atm_withdrawal is settled"),
                     (refund.Str("transactionId"), "refund is settled"), (fee.Str("transactionId"), "fee is settled"), (topUpId, "top_up is settled"),
                 })
        {
            var r = await Refund(id, new { amount = 1m });
            AssertConflict(r, "TRANSACTION_NOT_REFUNDABLE");
            Assert.Contains(what, r.Json.GetProperty("error").GetProperty("message").GetString());
        }
        await AssertBalance(cardId, 64m, 10m);

        var missing = Guid.NewGuid().ToString();
        var notFound = await Refund(missing, new { amount = -1m });
        Assert.Equal(HttpStatusCode.NotFound, notFound.Status);
        UnknownIdTests.AssertErrorBody(notFound, "TRANSACTION_NOT_FOUND", missing);
    }

    // ------------------------------------------------------------------------------------------------ fees

    [Fact]
    public async Task Fee_debits_the_card_as_a_settled_fee_transaction()
    {
        var (customerId, cardId) = await host.ActiveGbpCard(fund: 20m);
        var fee = await Fee(cardId, new { amount = 2.5m, description = "Monthly card fee" });
        Assert.Equal(HttpStatusCode.Created, fee.Status);
        Assert.Equal("fee", fee.Str("type"));
        Assert.Equal("maintain_fee", fee.Str("subType"));
        Assert.Equal("settled", fee.Str("status"));
        Assert.Equal(2.5m, fee.Dec("authorizedAmount"));
        Assert.Equal(2.5m, fee.Dec("settleAmount"));
        Assert.Equal("GBP", fee.Str("authorizedCurrency"));
        Assert.Equal("Monthly card fee", fee.Str("description"));
        Assert.Equal(JsonValueKind.Null, fee.Json.GetProperty("originalTransactionId").ValueKind);
        Assert.Equal(customerId, fee.Str("customerId"));
        await AssertBalance(cardId, 17.5m, 0m);

        var defaulted = await Fee(cardId, new { amount = 1m, currency = "gbp" });
        Assert.Equal("settled", defaulted.Str("status"));
        Assert.Equal("Card maintenance fee", defaulted.Str("description"));
        await AssertBalance(cardId, 16.5m, 0m);

        Assert.Equal("fee", (await host.Get($"/api/v1/transactions/{fee.Str("transactionId")}")).Str("type"));
        Assert.Equal(2, (await List($"/api/v1/cards/{cardId}/transactions?type=fee&status=settled")).Count);
        Assert.Equal(2, (await List($"/api/v1/transactions?customerId={customerId}&type=fee")).Count);
    }

    [Fact]
    public async Task Fee_is_declined_like_a_purchase_when_the_balance_card_or_currency_does_not_allow_it()
    {
        var (_, cardId) = await host.ActiveGbpCard(fund: 20m);
        var tooMuch = await Fee(cardId, new { amount = 20.01m });
        Assert.Equal(HttpStatusCode.Created, tooMuch.Status);
        Assert.Equal("fee", tooMuch.Str("type"));
        Assert.Equal("declined", tooMuch.Str("status"));
        Assert.Contains("insufficient_funds", tooMuch.Str("description"));
        Assert.Equal(0m, tooMuch.Dec("settleAmount"));
        Assert.Equal(JsonValueKind.Null, tooMuch.Json.GetProperty("authorizationCode").ValueKind);
        Assert.Contains("currency_mismatch", (await Fee(cardId, new { amount = 1m, currency = "EUR" })).Str("description"));
        await host.Post($"/api/v1/cards/{cardId}/freeze");
        Assert.Contains("card_not_active", (await Fee(cardId, new { amount = 1m })).Str("description"));
        await host.Post($"/api/v1/cards/{cardId}/unfreeze");
        await AssertBalance(cardId, 20m, 0m);
        Assert.Equal(3, (await List($"/api/v1/cards/{cardId}/transactions?type=fee&status=declined")).Count);

        // Exactly the available balance is fine; holds are not available.
        await Purchase(cardId, 5m);
        Assert.Equal("declined", (await Fee(cardId, new { amount = 15.01m })).Str("status"));
        Assert.Equal("settled", (await Fee(cardId, new { amount = 15m })).Str("status"));
        await AssertBalance(cardId, 0m, 5m);
    }

    [Fact]
    public async Task Fee_body_is_validated_and_an_unknown_card_is_404_first()
    {
        var (_, cardId) = await host.ActiveGbpCard(fund: 20m);
        foreach (var body in new object[] { new { }, new { amount = 0m }, new { amount = -1m }, new { amount = 1.001m }, new { amount = 1m, currency = "POUNDS" } })
        {
            var r = await Fee(cardId, body);
            Assert.Equal(HttpStatusCode.UnprocessableEntity, r.Status);
            Assert.Equal("VALIDATION_FAILED", r.ErrorCode);
        }
        await AssertBalance(cardId, 20m, 0m);
        Assert.Empty(await List($"/api/v1/cards/{cardId}/transactions?type=fee"));

        var missing = Guid.NewGuid().ToString();
        var notFound = await Fee(missing, new { amount = -1m });
        Assert.Equal(HttpStatusCode.NotFound, notFound.Status);
        UnknownIdTests.AssertErrorBody(notFound, "CARD_NOT_FOUND", missing);
    }

    // ------------------------------------------------------------------------------------------------ all together

    [Fact]
    public async Task Every_documented_transaction_type_and_status_is_reachable_on_one_card()
    {
        var (_, cardId) = await host.ActiveGbpCard(fund: 100m);
        Assert.Equal(HttpStatusCode.OK, (await host.Post($"/api/v1/cards/{cardId}/limits", new { atmWithdrawalLimit = 50m })).Status);
        var authorized = await Purchase(cardId, 10m);
        var settled = await Purchase(cardId, 20m);
        await Settle(settled.Str("transactionId"));
        await Refund(settled.Str("transactionId"), new { amount = 5m });
        await Reverse((await Purchase(cardId, 7m)).Str("transactionId"));
        await Purchase(cardId, 900m);
        await Purchase(cardId, 15m, mcc: "6011", merchant: "ATM");
        await Fee(cardId, new { amount = 1.5m });
        // 100 - 10 (held) - 20 + 5 - 15 (held) - 1.5 = 58.5 available, 25 held.
        await AssertBalance(cardId, 58.5m, 25m);

        var all = await List($"/api/v1/cards/{cardId}/transactions?limit=100");
        Assert.Equal(["atm_withdrawal", "fee", "purchase", "refund", "top_up"], all.Select(t => t.GetProperty("type").GetString()).Distinct().Order());
        Assert.Equal(["authorized", "declined", "reversed", "settled"], all.Select(t => t.GetProperty("status").GetString()).Distinct().Order());
        foreach (var t in all)
        {
            var original = t.GetProperty("originalTransactionId");
            if (t.GetProperty("type").GetString() == "refund")
                Assert.Equal(settled.Str("transactionId"), original.GetString());
            else
                Assert.Equal(JsonValueKind.Null, original.ValueKind);
        }
        Assert.Equal(authorized.Str("transactionId"),
            (await List($"/api/v1/cards/{cardId}/transactions?type=purchase&status=authorized")).Single().GetProperty("transactionId").GetString());
    }
}
