using System.Net;
using Artha.Sandbox.State;
using Artha.Sandbox.Tests.Infrastructure;

namespace Artha.Sandbox.Tests;

/// <summary>The README's deterministic rules: last name Reject/Review, +cardfail emails, .13 amounts, merchant balance.</summary>
public class DeterministicOutcomeTests(SandboxHost host) : IClassFixture<SandboxHost>
{
    private const string Product = DefaultProducts.GbpVirtualId;

    [Fact]
    public async Task Last_name_Reject_is_rejected_with_remarks_and_can_resubmit()
    {
        var id = await host.CreateIndividual("Reject");
        await host.Post($"/api/v1/customers/{id}/products/{Product}/applicant", SandboxHost.GbpKyc(id, "Reject"));
        host.Time.AdvanceSeconds(3);
        var status = await host.Get($"/api/v1/customers/{id}/products/{Product}/applicantstatus");
        Assert.Equal("Rejected", status.Str("applicantStatus"));
        Assert.Contains("Reject", status.Str("remarks"));
        Assert.Equal("rejected", (await host.Get($"/api/v1/customers/{id}")).Str("kycState"));
        Assert.Equal("KYC_NOT_APPROVED", (await host.Post("/api/v1/cards", new { customerId = id, productId = Product, currency = "GBP" })).ErrorCode);
        // Phase 3 "rejected → correct and resubmit".
        Assert.Equal("Pending", (await host.Post($"/api/v1/customers/{id}/products/{Product}/applicant", SandboxHost.GbpKyc(id, "Doe"))).Str("applicantStatus"));
        host.Time.AdvanceSeconds(3);
        Assert.Equal("Approved", (await host.Get($"/api/v1/customers/{id}/products/{Product}/applicantstatus")).Str("applicantStatus"));
    }

    [Fact]
    public async Task Last_name_Review_stays_under_review()
    {
        var id = await host.CreateIndividual("Review");
        await host.Post($"/api/v1/customers/{id}/products/{Product}/applicant", SandboxHost.GbpKyc(id, "Review"));
        host.Time.AdvanceSeconds(3);
        Assert.Equal("UnderReview", (await host.Get($"/api/v1/customers/{id}/products/{Product}/applicantstatus")).Str("applicantStatus"));
        host.Time.Advance(TimeSpan.FromDays(2));
        Assert.Equal("UnderReview", (await host.Get($"/api/v1/customers/{id}/products/{Product}/applicantstatus")).Str("applicantStatus"));
        Assert.Equal("under_review", (await host.Get($"/api/v1/customers/{id}")).Str("kycState"));
    }

    [Fact]
    public async Task Email_with_cardfail_makes_issuance_fail()
    {
        var id = await host.CreateIndividual(email: $"jane+cardfail.{Guid.NewGuid():N}@example.com");
        await host.Post($"/api/v1/customers/{id}/products/{Product}/applicant", SandboxHost.GbpKyc(id));
        host.Time.AdvanceSeconds(3);
        var cardId = (await host.Post("/api/v1/cards", new { customerId = id, productId = Product, currency = "GBP" })).Str("id");
        Assert.Equal("pending", (await host.Get($"/api/v1/card/{cardId}")).Str("state"));
        host.Time.AdvanceSeconds(3);
        var card = await host.Get($"/api/v1/card/{cardId}");
        Assert.Equal("failed", card.Str("state"));
        Assert.Contains("+cardfail", card.Str("failureReason"));
        Assert.Equal("INVALID_CARD_STATE", (await host.Post($"/api/v1/cards/{cardId}/topup", new { amount = 10, currency = "GBP" })).ErrorCode);
    }

    [Fact]
    public async Task Amount_ending_13_is_rejected_and_refunded_to_the_merchant()
    {
        var (_, cardId) = await host.ActiveGbpCard();
        var before = await MerchantGbp();
        var topUp = await host.Post($"/api/v1/cards/{cardId}/topup", new { amount = 100.13m, currency = "GBP" });
        Assert.Equal(before - 100.13m, await MerchantGbp());
        Assert.Equal("pending", (await host.Get($"/api/v1/topupstatus/{topUp.Str("transactionId")}")).Str("status"));
        host.Time.AdvanceSeconds(3);
        var status = await host.Get($"/api/v1/topupstatus/{topUp.Str("transactionId")}");
        Assert.Equal("rejected", status.Str("status"));
        Assert.Contains("credited back", status.Str("remarks"));
        Assert.Equal(before, await MerchantGbp());
        Assert.Equal(0m, (await host.Get($"/api/v1/cards/{cardId}/balance")).Dec("availableBalance"));
        Assert.Equal("declined", (await host.Get($"/api/v1/transactions/{topUp.Str("transactionId")}")).Str("status"));
    }

    [Fact]
    public async Task Amount_above_merchant_balance_is_rejected()
    {
        var (_, cardId) = await host.ActiveGbpCard();
        var before = await MerchantGbp();
        var topUp = await host.Post($"/api/v1/cards/{cardId}/topup", new { amount = before + 1m, currency = "GBP" });
        Assert.Equal(HttpStatusCode.Accepted, topUp.Status);
        Assert.Equal(before, await MerchantGbp());
        host.Time.AdvanceSeconds(3);
        var status = await host.Get($"/api/v1/topupstatus/{topUp.Str("id")}");
        Assert.Equal("rejected", status.Str("status"));
        Assert.Contains("merchant", status.Str("remarks"));
        Assert.Equal(before, await MerchantGbp());
    }

    private async Task<decimal> MerchantGbp()
    {
        var r = await host.Control(HttpMethod.Get, "/_sandbox/merchant-balance");
        return r.Json.GetProperty("balances").EnumerateArray().Single(b => b.GetProperty("currency").GetString() == "GBP")
            .GetProperty("available").GetDecimal();
    }
}
