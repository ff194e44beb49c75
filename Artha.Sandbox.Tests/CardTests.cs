using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Artha.Sandbox.State;
using Artha.Sandbox.Tests.Infrastructure;

namespace Artha.Sandbox.Tests;

public class CardTests(SandboxHost host) : IClassFixture<SandboxHost>
{
    [Fact]
    public async Task Issue_card_requires_approved_kyc_matching_currency_and_known_ids()
    {
        var customerId = await host.CreateIndividual();
        var product = DefaultProducts.GbpVirtualId;
        var notApproved = await host.Post("/api/v1/cards", new { customerId, productId = product, currency = "GBP" });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, notApproved.Status);
        Assert.Equal("KYC_NOT_APPROVED", notApproved.ErrorCode);
        await host.Post($"/api/v1/customers/{customerId}/products/{product}/applicant", SandboxHost.GbpKyc(customerId));
        Assert.Equal("KYC_NOT_APPROVED", (await host.Post("/api/v1/cards", new { customerId, productId = product, currency = "GBP" })).ErrorCode);
        host.Time.AdvanceSeconds(3);
        Assert.True((await host.Post("/api/v1/cards", new { customerId, productId = product, currency = "EUR" })).Fields.TryGetProperty("currency", out _));
        Assert.True((await host.Post("/api/v1/cards", new { })).Fields.TryGetProperty("customerId", out _));
        Assert.Equal("CUSTOMER_NOT_FOUND", (await host.Post("/api/v1/cards", new { customerId = Guid.NewGuid(), productId = product, currency = "GBP" })).ErrorCode);
        Assert.Equal("PRODUCT_NOT_FOUND", (await host.Post("/api/v1/cards", new { customerId, productId = Guid.NewGuid(), currency = "GBP" })).ErrorCode);
        Assert.Equal(HttpStatusCode.Created, (await host.Post("/api/v1/cards", new { customerId, productId = product, currency = "GBP" })).Status);
        Assert.Equal("CARD_NOT_FOUND", (await host.Get($"/api/v1/cards/{Guid.NewGuid()}")).ErrorCode);
    }

    [Fact]
    public async Task Freeze_unfreeze_cancel_follow_the_lifecycle()
    {
        var (_, cardId) = await host.ActiveGbpCard();
        var unfreezeActive = await host.Post($"/api/v1/cards/{cardId}/unfreeze");
        Assert.Equal(HttpStatusCode.Conflict, unfreezeActive.Status);
        Assert.Equal("INVALID_CARD_STATE", unfreezeActive.ErrorCode);

        var frozen = await host.Post($"/api/v1/cards/{cardId}/freeze", "{}");
        Assert.Equal(HttpStatusCode.OK, frozen.Status);
        Assert.Equal("freeze", frozen.Str("action"));
        Assert.Equal("frozen", frozen.Str("status"));
        Assert.Equal(cardId, frozen.Str("cardId"));
        Assert.True(frozen.Json.TryGetProperty("performedAt", out _));
        Assert.Equal(HttpStatusCode.Conflict, (await host.Post($"/api/v1/cards/{cardId}/freeze")).Status);
        Assert.Equal("INVALID_CARD_STATE", (await host.Post($"/api/v1/cards/{cardId}/topup", new { amount = 10, currency = "GBP" })).ErrorCode);
        Assert.Equal("active", (await host.Post($"/api/v1/cards/{cardId}/unfreeze")).Str("status"));

        var cancelled = await host.Post($"/api/v1/cards/{cardId}/cancel", new { reason = "Customer reported card as lost." });
        Assert.Equal("cancelled", cancelled.Str("status"));
        Assert.Equal("cancel", cancelled.Str("action"));
        Assert.Equal("INVALID_CARD_STATE", (await host.Post($"/api/v1/cards/{cardId}/freeze")).ErrorCode);
        Assert.Equal("INVALID_CARD_STATE", (await host.Post($"/api/v1/cards/{cardId}/cancel")).ErrorCode);
        Assert.Equal("INVALID_CARD_STATE", (await host.Post($"/api/v1/cards/{cardId}/topup", new { amount = 10, currency = "GBP" })).ErrorCode);
        Assert.Equal(HttpStatusCode.NotFound, (await host.Post($"/api/v1/cards/{Guid.NewGuid()}/freeze")).Status);
        var (_, other) = await host.ActiveGbpCard();
        Assert.True((await host.Post($"/api/v1/cards/{other}/cancel", new { reason = new string('x', 501) })).Fields.TryGetProperty("reason", out _));
    }

    [Fact]
    public async Task Operations_on_a_pending_card_are_409()
    {
        var customerId = await host.CreateIndividual();
        var product = DefaultProducts.GbpVirtualId;
        await host.Post($"/api/v1/customers/{customerId}/products/{product}/applicant", SandboxHost.GbpKyc(customerId));
        host.Time.AdvanceSeconds(3);
        var cardId = (await host.Post("/api/v1/cards", new { customerId, productId = product, currency = "GBP" })).Str("id");
        Assert.Equal("INVALID_CARD_STATE", (await host.Post($"/api/v1/cards/{cardId}/topup", new { amount = 10, currency = "GBP" })).ErrorCode);
        Assert.Equal("INVALID_CARD_STATE", (await host.Post($"/api/v1/cards/{cardId}/freeze")).ErrorCode);
        Assert.Equal("INVALID_CARD_STATE", (await host.Get($"/api/v1/cards/{cardId}/sensitive")).ErrorCode);
    }

    [Fact]
    public async Task Replace_cancels_old_card_and_issues_a_new_one_asynchronously()
    {
        var (customerId, cardId) = await host.ActiveGbpCard(fund: 40m);
        var replaced = await host.Post($"/api/v1/cards/{cardId}/replace", new { reason = "Card damaged beyond use" });
        Assert.Equal(HttpStatusCode.Accepted, replaced.Status);
        Assert.Equal("replace", replaced.Str("action"));
        Assert.Equal("cancelled", replaced.Str("status"));
        Assert.StartsWith("task_", replaced.Str("taskId"));
        var newCardId = replaced.Str("newCardId");
        Assert.Equal("cancelled", (await host.Get($"/api/v1/cards/{cardId}")).Str("status"));
        Assert.Equal(newCardId, (await host.Get($"/api/v1/cards/{cardId}")).Str("replacedByCardId"));
        Assert.Equal("pending", (await host.Get($"/api/v1/card/{newCardId}")).Str("state"));
        host.Time.AdvanceSeconds(3);
        var newCard = await host.Get($"/api/v1/card/{newCardId}");
        Assert.Equal("active", newCard.Str("state"));
        Assert.Equal("active", newCard.Str("status"));
        Assert.Equal(cardId, newCard.Str("replacesCardId"));
        Assert.Equal(40m, (await host.Get($"/api/v1/cards/{newCardId}/balance")).Dec("availableBalance"));
        Assert.Equal(2, (await host.Get($"/api/v1/cards?customerId={customerId}")).Json.GetProperty("total").GetInt32());
        Assert.Equal("INVALID_CARD_STATE", (await host.Post($"/api/v1/cards/{cardId}/replace")).ErrorCode);
    }

    [Fact]
    public async Task Set_pin_accepts_digits_only_and_never_echoes_the_pin()
    {
        var (_, cardId) = await host.ActiveGbpCard();
        Assert.True((await host.Post($"/api/v1/cards/{cardId}/pin/set", new { pin = "12a4" })).Fields.TryGetProperty("pin", out _));
        Assert.True((await host.Post($"/api/v1/cards/{cardId}/pin/set", new { pin = "123" })).Fields.TryGetProperty("pin", out _));
        var ok = await host.Post($"/api/v1/cards/{cardId}/pin/set", new { pin = "4821" });
        Assert.Equal(HttpStatusCode.OK, ok.Status);
        Assert.Equal("set_pin", ok.Str("action"));
        AssertPinAbsent(ok.Json, "4821");
        AssertPinAbsent((await host.Get($"/api/v1/cards/{cardId}")).Json, "4821");
    }

    /// <summary>
    /// No property named like a PIN and no value equal to it. (A plain substring check would fail at random: a
    /// generated id or a timestamp can contain the same four digits.)
    /// </summary>
    private static void AssertPinAbsent(System.Text.Json.JsonElement element, string pin)
    {
        switch (element.ValueKind)
        {
            case System.Text.Json.JsonValueKind.Object:
                foreach (var property in element.EnumerateObject())
                {
                    Assert.False(System.Text.RegularExpressions.Regex.IsMatch(property.Name, "^(new_?)?pin(_?code)?$", System.Text.RegularExpressions.RegexOptions.IgnoreCase),
                        $"The response has a PIN property '{property.Name}'.");
                    AssertPinAbsent(property.Value, pin);
                }
                break;
            case System.Text.Json.JsonValueKind.Array:
                foreach (var item in element.EnumerateArray())
                {
                    AssertPinAbsent(item, pin);
                }
                break;
            case System.Text.Json.JsonValueKind.String or System.Text.Json.JsonValueKind.Number:
                Assert.NotEqual(pin, element.ToString());
                break;
        }
    }

    [Fact]
    public async Task Sensitive_details_are_luhn_valid()
    {
        var (_, cardId) = await host.ActiveGbpCard();
        var r = await host.Get($"/api/v1/cards/{cardId}/sensitive");
        Assert.Equal(HttpStatusCode.OK, r.Status);
        var pan = r.Str("cardNumber");
        Assert.Equal(16, pan.Length);
        Assert.True(CardNumbers.IsLuhnValid(pan));
        Assert.StartsWith("453201", pan);
        Assert.Equal((await host.Get($"/api/v1/cards/{cardId}")).Str("last4"), pan[^4..]);
        Assert.Matches(@"^\d{3}$", r.Str("cvv"));
        Assert.Matches(@"^\d{2}/\d{2}$", r.Str("expiryDate"));
        Assert.Equal("JANE DOE", r.Str("cardholderName"));
    }

    [Fact]
    public async Task Limits_update_absent_keeps_null_resets_negative_fails()
    {
        var (_, cardId) = await host.ActiveGbpCard();
        var limits = await host.Get($"/api/v1/cards/{cardId}/limits");
        Assert.Equal(1000m, limits.Dec("dailyLimit"));
        Assert.Equal("GBP", limits.Str("currency"));
        var updated = await host.Post($"/api/v1/cards/{cardId}/limits", new { dailyLimit = 1500.0, monthlyLimit = 9000 });
        Assert.Equal(1500m, updated.Dec("dailyLimit"));
        Assert.Equal(9000m, updated.Dec("monthlyLimit"));
        var reset = await host.Post($"/ext/api/v1/cards/{cardId}/limits", """{"daily_limit":null}""");
        Assert.Equal(1000m, reset.Dec("dailyLimit"));
        Assert.Equal(9000m, reset.Dec("monthlyLimit"));
        Assert.Equal(500m, reset.Dec("perTransactionLimit"));
        Assert.Equal(JsonValueKind.Null, reset.Json.GetProperty("lifetimeLimit").ValueKind);
        var negative = await host.Post($"/api/v1/cards/{cardId}/limits", new { perTransactionLimit = -1 });
        Assert.True(negative.Fields.TryGetProperty("perTransactionLimit", out _));
        Assert.Equal(HttpStatusCode.NotFound, (await host.Get($"/api/v1/cards/{Guid.NewGuid()}/limits")).Status);
    }

    [Fact]
    public async Task Top_up_validation_and_lookup_failures()
    {
        var (_, cardId) = await host.ActiveGbpCard();
        Assert.True((await host.Post($"/api/v1/cards/{cardId}/topup", new { amount = 0, currency = "GBP" })).Fields.TryGetProperty("amount", out _));
        Assert.True((await host.Post($"/api/v1/cards/{cardId}/topup", new { amount = 1.005, currency = "GBP" })).Fields.TryGetProperty("amount", out _));
        Assert.Equal("CURRENCY_MISMATCH", (await host.Post($"/api/v1/cards/{cardId}/topup", new { amount = 10, currency = "EUR" })).ErrorCode);
        Assert.Equal(HttpStatusCode.NotFound, (await host.Post($"/api/v1/cards/{Guid.NewGuid()}/topup", new { amount = 10, currency = "GBP" })).Status);
        Assert.Equal("TOPUP_NOT_FOUND", (await host.Get($"/api/v1/topupstatus/{Guid.NewGuid()}")).ErrorCode);
        Assert.Equal("TRANSACTION_NOT_FOUND", (await host.Get($"/api/v1/transactions/{Guid.NewGuid()}")).ErrorCode);
        Assert.Equal(HttpStatusCode.NotFound, (await host.Get($"/api/v1/cards/{Guid.NewGuid()}/balance")).Status);
    }

    [Fact]
    public async Task Top_up_history_and_transaction_lists_filter()
    {
        var (customerId, cardId) = await host.ActiveGbpCard(fund: 100m);
        await host.Post($"/api/v1/cards/{cardId}/topup", new { amount = 25.50m, currency = "GBP" });
        var history = await host.Get($"/api/v1/cards/{cardId}/topups");
        Assert.Equal(2, history.Json.GetProperty("total").GetInt32());
        Assert.Equal("pending", history.Json.GetProperty("data")[0].GetProperty("status").GetString());
        Assert.Equal(1, (await host.Get($"/api/v1/cards/{cardId}/topups?status=approved")).Json.GetProperty("total").GetInt32());
        Assert.Equal(1, (await host.Get($"/api/v1/topups?customerId={customerId}&minAmount=50")).Json.GetProperty("total").GetInt32());
        Assert.Equal(1, (await host.Get($"/api/v1/topups?cardId={cardId}&maxAmount=30")).Json.GetProperty("total").GetInt32());

        var purchase = await host.Control(HttpMethod.Post, $"/_sandbox/cards/{cardId}/purchases", new { amount = 12.5m, currency = "GBP", merchantName = "Coffee Shop Ltd", mcc = "5814" });
        Assert.Equal(HttpStatusCode.Created, purchase.Status);
        var all = await host.Get($"/api/v1/transactions?cardId={cardId}");
        Assert.Equal(2, all.Json.GetProperty("total").GetInt32());
        Assert.Equal(1, (await host.Get($"/api/v1/transactions?cardId={cardId}&type=purchase")).Json.GetProperty("total").GetInt32());
        Assert.Equal(1, (await host.Get($"/api/v1/transactions?customerId={customerId}&merchant=coffee")).Json.GetProperty("total").GetInt32());
        Assert.Equal(1, (await host.Get($"/api/v1/cards/{cardId}/transactions?status=authorized&minAmount=10&maxAmount=20")).Json.GetProperty("total").GetInt32());
        var future = host.Time.GetUtcNow().AddDays(1).ToString("yyyy-MM-dd");
        Assert.Equal(0, (await host.Get($"/api/v1/transactions?cardId={cardId}&from={future}")).Json.GetProperty("total").GetInt32());
        Assert.Equal(2, (await host.Get($"/api/v1/transactions?cardId={cardId}&to={future}")).Json.GetProperty("total").GetInt32());
        var one = await host.Get($"/api/v1/transactions/{purchase.Str("transactionId")}");
        Assert.Equal("Coffee Shop Ltd", one.Str("merchantName"));
        Assert.Equal("5814", one.Str("merchantCategoryCode"));
        Assert.Equal(12.5m, one.Dec("authorizedAmount"));
        Assert.True((await host.Get("/api/v1/transactions")).Json.GetProperty("total").GetInt32() >= 2);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, (await host.Get("/api/v1/transactions?minAmount=abc")).Status);
    }

    [Fact]
    public async Task Cards_list_filters_by_customer_status_type_and_product()
    {
        var (customerId, cardId) = await host.ActiveGbpCard();
        Assert.Equal(1, (await host.Get($"/api/v1/cards?customerId={customerId}&status=active&type=virtual&productId={DefaultProducts.GbpVirtualId}")).Json.GetProperty("total").GetInt32());
        Assert.Equal(0, (await host.Get($"/api/v1/cards?customerId={customerId}&status=frozen")).Json.GetProperty("total").GetInt32());
        Assert.Equal(0, (await host.Get($"/api/v1/cards?customerId={customerId}&type=physical")).Json.GetProperty("total").GetInt32());
        var list = await host.Get("/ext/api/v1/cards?limit=10");
        Assert.True(list.Json.GetProperty("data").GetArrayLength() <= 10);
        Assert.Equal(cardId, (await host.Get($"/api/v1/cards?customerId={customerId}")).Json.GetProperty("data")[0].GetProperty("id").GetString());
    }

    [Fact]
    public async Task Products_list_and_get()
    {
        var list = await host.Get("/api/v1/Products");
        Assert.Equal(4, list.Json.GetProperty("total").GetInt32());
        var product = await host.Get($"/api/v1/Products/{DefaultProducts.EurPhysicalId}");
        Assert.Equal("Physical", product.Str("type"));
        Assert.Equal("EUR", product.Str("currency"));
        Assert.Contains("Passport", product.Json.GetProperty("kycRequirements").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal("business", (await host.Get($"/api/v1/products/{DefaultProducts.UsdBusinessId}")).Str("customerType"));
        Assert.Equal(1, (await host.Get("/api/v1/Products?currency=GBP")).Json.GetProperty("total").GetInt32());
        Assert.Equal("PRODUCT_NOT_FOUND", (await host.Get($"/api/v1/Products/{Guid.NewGuid()}")).ErrorCode);
    }

    [Fact]
    public async Task Upload_file_returns_urls_usable_in_kyc_and_downloadable()
    {
        using var form = new MultipartFormDataContent();
        var bytes = new byte[] { 1, 2, 3, 4, 5 };
        var part = new ByteArrayContent(bytes);
        part.Headers.ContentType = new MediaTypeHeaderValue("image/jpeg");
        form.Add(part, "file", "passport_front.jpg");
        var body = await form.ReadAsByteArrayAsync();
        var request = host.Signer.Create(HttpMethod.Post, "/api/v1/uploadfile", body, form.Headers.ContentType!.ToString());
        var r = await host.SendRaw(request);
        Assert.Equal(HttpStatusCode.OK, r.Status);
        var file = r.Json.GetProperty("data")[0];
        Assert.Equal("passport_front.jpg", file.GetProperty("fileName").GetString());
        var url = file.GetProperty("fileUrl").GetString()!;
        Assert.Equal(bytes, await host.Client.GetByteArrayAsync(url));
        var empty = await host.Post("/api/v1/uploadfile", new { });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, empty.Status);
    }
}
