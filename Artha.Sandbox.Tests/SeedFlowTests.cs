using System.Net;
using Artha.Sandbox.State;
using Artha.Sandbox.Tests.Infrastructure;

namespace Artha.Sandbox.Tests;

/// <summary>The seven phases of seed-docs/card-api-integration-flow.txt, driven by the independent signer.</summary>
public class SeedFlowTests(SandboxHost host) : IClassFixture<SandboxHost>
{
    [Fact]
    public async Task Seven_phases_complete_observing_pending_and_final_statuses()
    {
        // Phase 1: create customer
        var created = await host.Post("/api/v1/customers", new
        {
            type = "individual", firstName = "Jane", lastName = "Doe", email = SandboxHost.UniqueEmail("flow"), phoneCode = "+44",
            phoneNumber = "7700900000", dateOfBirth = "1990-06-15", gender = "female", country = "GB", externalReference = "usr_12345",
        });
        Assert.Equal(HttpStatusCode.Created, created.Status);
        var customerId = created.Str("id");
        Assert.Equal("active", created.Str("status"));
        Assert.Equal("not_submitted", created.Str("kycState"));
        var productId = DefaultProducts.GbpVirtualId;

        // Phase 3 before phase 2: no application yet reads UnderReview (§7.5).
        Assert.Equal("UnderReview", (await host.Get($"/api/v1/customers/{customerId}/products/{productId}/applicantstatus")).Str("applicantStatus"));

        // Phase 2: submit KYC
        var submitted = await host.Post($"/api/v1/customers/{customerId}/products/{productId}/applicant", SandboxHost.GbpKyc(customerId));
        Assert.Equal(HttpStatusCode.OK, submitted.Status);
        Assert.Equal("Pending", submitted.Str("applicantStatus"));

        // Phase 3: poll KYC status: pending until the delay passes, then approved.
        Assert.Equal("Pending", (await host.Get($"/api/v1/customers/{customerId}/products/{productId}/applicantstatus")).Str("applicantStatus"));
        Assert.Equal("pending", (await host.Get($"/api/v1/customers/{customerId}")).Str("kycState"));
        host.Time.AdvanceSeconds(3);
        var approved = await host.Get($"/api/v1/customers/{customerId}/products/{productId}/applicantstatus");
        Assert.Equal("Approved", approved.Str("applicantStatus"));
        Assert.Equal("KYC verification completed successfully", approved.Str("remarks"));
        Assert.Equal("approved", (await host.Get($"/api/v1/customers/{customerId}")).Str("kycState"));

        // Phase 4: issue card
        var issued = await host.Post("/api/v1/cards", new { customerId, productId, currency = "GBP" });
        Assert.Equal(HttpStatusCode.Created, issued.Status);
        var cardId = issued.Str("id");
        Assert.Equal("pending", issued.Str("state"));
        Assert.Equal("inactive", issued.Str("status"));

        // Phase 5: poll the singular card path until state active.
        Assert.Equal("pending", (await host.Get($"/api/v1/card/{cardId}")).Str("state"));
        host.Time.AdvanceSeconds(3);
        var card = await host.Get($"/api/v1/card/{cardId}");
        Assert.Equal("active", card.Str("state"));
        Assert.Equal("active", card.Str("status"));
        Assert.Matches(@"^\*{4}\d{4}$", card.Str("cardNumberMasked"));
        Assert.Equal(card.Str("last4"), card.Str("cardNumberMasked")[^4..]);
        Assert.Equal("virtual", card.Str("type"));
        Assert.Equal("GBP", card.Str("currency"));
        Assert.Equal(customerId, card.Str("customerId"));
        Assert.Equal(productId, card.Str("productId"));
        Assert.True(card.Json.TryGetProperty("createdAt", out _));

        // Phase 6: top up
        var merchantBefore = await MerchantGbp();
        var topUp = await host.Post($"/api/v1/cards/{cardId}/topup", new { amount = 500.0m, currency = "GBP" });
        Assert.Equal(HttpStatusCode.Accepted, topUp.Status);
        Assert.Equal("pending", topUp.Str("status"));
        var topUpId = topUp.Str("transactionId");
        Assert.Equal(merchantBefore - 500m, await MerchantGbp());

        // Phase 7: poll the seed path, then approved with the balance credited and a top_up transaction.
        Assert.Equal("pending", (await host.Get($"/api/v1/topupstatus/{topUpId}")).Str("status"));
        Assert.Equal(0m, (await host.Get($"/api/v1/cards/{cardId}/balance")).Dec("availableBalance"));
        host.Time.AdvanceSeconds(3);
        var status = await host.Get($"/api/v1/topupstatus/{topUpId}");
        Assert.Equal("approved", status.Str("status"));
        Assert.Equal(500m, status.Dec("amount"));
        Assert.Equal(cardId, status.Str("cardId"));
        Assert.Equal("approved", (await host.Get($"/api/v1/cards/topupstatus/{topUpId}")).Str("status"));
        Assert.Equal("approved", (await host.Get($"/ext/api/v1/cards/topupstatus/{topUp.Str("taskId")}")).Str("status"));
        var balance = await host.Get($"/api/v1/cards/{cardId}/balance");
        Assert.Equal(500m, balance.Dec("availableBalance"));
        Assert.Equal(0m, balance.Dec("holdAmount"));
        Assert.Equal(500m, balance.Dec("totalBalance"));
        var transactions = await host.Get($"/api/v1/cards/{cardId}/transactions");
        var first = transactions.Json.GetProperty("data")[0];
        Assert.Equal(topUpId, first.GetProperty("transactionId").GetString());
        Assert.Equal("top_up", first.GetProperty("type").GetString());
        Assert.Equal("settled", first.GetProperty("status").GetString());
    }

    [Fact]
    public async Task Physical_card_is_state_active_status_inactive_until_activated_with_a_code()
    {
        var customerId = await host.CreateIndividual();
        var productId = DefaultProducts.EurPhysicalId;
        var kyc = new
        {
            kycDetails = new
            {
                customerId, firstName = "Jane", lastName = "Doe", gender = "female", dob = "1990-06-15", email = "jane@example.com",
                mobileCode = "+49", mobile = "15112345678", addressLine1 = "Unter den Linden 1", city = "Berlin", postalCode = "10117",
                country = "DE", idType = "passport", idNumber = "C01X00T47", profilePicFront = "https://files.example/front.jpg",
                profilePicBack = "https://files.example/back.jpg", docExpiryDate = "2030-01-01", faceImage = "https://files.example/face.jpg",
            },
        };
        Assert.Equal(HttpStatusCode.OK, (await host.Post($"/api/v1/customers/{customerId}/products/{productId}/applicant", kyc)).Status);
        host.Time.AdvanceSeconds(3);
        var noAddress = await host.Post("/api/v1/cards", new { customerId, productId, currency = "EUR" });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, noAddress.Status);
        Assert.True(noAddress.Fields.TryGetProperty("shippingAddress", out _));

        var issued = await host.Post("/api/v1/cards", new
        {
            customer_id = customerId, product_id = productId, currency = "EUR",
            shipping_address = new { address_line_1 = "Unter den Linden 1", city = "Berlin", postal_code = "10117", country = "DE" },
        });
        Assert.Equal(HttpStatusCode.Created, issued.Status);
        var cardId = issued.Str("id");
        Assert.Equal("Unter den Linden 1", issued.Json.GetProperty("shippingAddress").GetProperty("addressLine1").GetString());
        host.Time.AdvanceSeconds(3);
        var card = await host.Get($"/api/v1/cards/{cardId}");
        Assert.Equal("active", card.Str("state"));
        Assert.Equal("inactive", card.Str("status"));
        Assert.Equal("physical", card.Str("cardType"));

        var topUpInactive = await host.Post($"/api/v1/cards/{cardId}/topup", new { amount = 10m, currency = "EUR" });
        Assert.Equal(HttpStatusCode.Conflict, topUpInactive.Status);
        Assert.Equal("INVALID_CARD_STATE", topUpInactive.ErrorCode);

        var badCode = await host.Post($"/api/v1/cards/{cardId}/activate", new { activationCode = "A1B2C3" });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, badCode.Status);
        Assert.Equal("INVALID_ACTIVATION_CODE", badCode.ErrorCode);
        var activated = await host.Post($"/api/v1/cards/{cardId}/activate", new { activation_code = card.Str("last4") });
        Assert.Equal(HttpStatusCode.OK, activated.Status);
        Assert.Equal("activate", activated.Str("action"));
        Assert.Equal("active", activated.Str("status"));
        var again = await host.Post($"/api/v1/cards/{cardId}/activate", new { activationCode = "123456" });
        Assert.Equal(HttpStatusCode.Conflict, again.Status);
    }

    private async Task<decimal> MerchantGbp()
    {
        var r = await host.Control(HttpMethod.Get, "/_sandbox/merchant-balance");
        return r.Json.GetProperty("balances").EnumerateArray().Single(b => b.GetProperty("currency").GetString() == "GBP")
            .GetProperty("available").GetDecimal();
    }
}
