using System.Globalization;
using System.Net;
using System.Text.Json;
using Artha.Sandbox.Tests.Infrastructure;

namespace Artha.Sandbox.Tests;

/// <summary>
/// Every card route answers an unknown card id with 404 CARD_NOT_FOUND in the §4.8 error body. Bodies are valid, so
/// the unknown id is the only thing wrong with each request.
/// </summary>
public class UnknownIdTests(SandboxHost host) : IClassFixture<SandboxHost>
{
    private const string Missing = "0b9e0c55-3c1e-4a57-9d7e-6a1f00000404";

    [Theory]
    [InlineData("GET", "/api/v1/cards/{id}/sensitive", null)]
    [InlineData("POST", "/api/v1/cards/{id}/activate", """{"activationCode":"123456"}""")]
    [InlineData("POST", "/api/v1/cards/{id}/unfreeze", "{}")]
    [InlineData("POST", "/api/v1/cards/{id}/cancel", """{"reason":"Lost"}""")]
    [InlineData("POST", "/api/v1/cards/{id}/replace", """{"reason":"Damaged"}""")]
    [InlineData("POST", "/api/v1/cards/{id}/pin/set", """{"pin":"4821"}""")]
    [InlineData("POST", "/api/v1/cards/{id}/limits", """{"dailyLimit":100}""")]
    [InlineData("GET", "/api/v1/cards/{id}/transactions", null)]
    [InlineData("GET", "/api/v1/cards/{id}/transactions?limit=50&offset=0&type=purchase", null)]
    [InlineData("GET", "/api/v1/cards/{id}/topups", null)]
    [InlineData("GET", "/api/v1/cards/{id}/topups?status=approved", null)]
    // Already covered elsewhere for the status code only; here for the body shape too.
    [InlineData("GET", "/api/v1/cards/{id}", null)]
    [InlineData("GET", "/api/v1/card/{id}", null)]
    [InlineData("POST", "/api/v1/cards/{id}/freeze", "{}")]
    [InlineData("GET", "/api/v1/cards/{id}/limits", null)]
    [InlineData("GET", "/api/v1/cards/{id}/balance", null)]
    [InlineData("POST", "/api/v1/cards/{id}/topup", """{"amount":10,"currency":"GBP"}""")]
    [InlineData("GET", "/api/v1/transactions?cardId={id}", null)]
    [InlineData("POST", "/ext/api/v1/cards/{id}/pin/set", """{"pin":"4821"}""")]
    [InlineData("GET", "/ext/api/v1/Cards/{id}/Sensitive", null)]
    public async Task Unknown_card_id_is_404_CARD_NOT_FOUND_with_the_error_body(string method, string template, string? body)
    {
        var r = await host.Send(new HttpMethod(method), template.Replace("{id}", Missing), body);

        Assert.Equal(HttpStatusCode.NotFound, r.Status);
        AssertErrorBody(r, "CARD_NOT_FOUND", Missing);
    }

    /// <summary>The card is looked up before the body is validated: an unknown card with an invalid body is still 404.</summary>
    [Theory]
    [InlineData("/api/v1/cards/{id}/activate", """{"activationCode":{"nested":true}}""")]
    [InlineData("/api/v1/cards/{id}/cancel", """{"reason":["not","a","string"]}""")]
    [InlineData("/api/v1/cards/{id}/replace", """{"shippingAddress":{"city":"Berlin"}}""")]
    [InlineData("/api/v1/cards/{id}/pin/set", """{"pin":"12"}""")]
    [InlineData("/api/v1/cards/{id}/limits", """{"dailyLimit":-1}""")]
    [InlineData("/api/v1/cards/{id}/topup", """{"amount":-1,"currency":"POUNDS"}""")]
    [InlineData("/_sandbox/cards/{id}/purchases", """{"amount":-1}""")]
    [InlineData("/_sandbox/cards/{id}/fees", """{"amount":0}""")]
    public async Task Unknown_card_id_is_404_even_when_the_body_is_invalid(string template, string body)
    {
        var path = template.Replace("{id}", Missing);
        var r = path.StartsWith("/_sandbox", StringComparison.Ordinal)
            ? await host.SendRaw(new HttpRequestMessage(HttpMethod.Post, path) { Content = new StringContent(body, System.Text.Encoding.UTF8, "application/json") })
            : await host.Send(HttpMethod.Post, path, body);

        Assert.Equal(HttpStatusCode.NotFound, r.Status);
        AssertErrorBody(r, "CARD_NOT_FOUND", Missing);

        // The same invalid body on a card that exists is still refused with 422.
        var (_, cardId) = await host.ActiveGbpCard();
        var existing = template.Replace("{id}", cardId);
        var known = existing.StartsWith("/_sandbox", StringComparison.Ordinal)
            ? await host.SendRaw(new HttpRequestMessage(HttpMethod.Post, existing) { Content = new StringContent(body, System.Text.Encoding.UTF8, "application/json") })
            : await host.Send(HttpMethod.Post, existing, body);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, known.Status);
        Assert.Equal("VALIDATION_FAILED", known.ErrorCode);
    }

    [Fact]
    public async Task A_card_that_exists_still_answers_the_same_routes()
    {
        // Guards the theory above against passing for the wrong reason (e.g. a route that never matches).
        var (_, cardId) = await host.ActiveGbpCard(fund: 20m);
        Assert.Equal(HttpStatusCode.OK, (await host.Get($"/api/v1/cards/{cardId}/sensitive")).Status);
        Assert.Equal(HttpStatusCode.OK, (await host.Get($"/api/v1/cards/{cardId}/transactions")).Status);
        Assert.Equal(1, (await host.Get($"/api/v1/cards/{cardId}/topups")).Json.GetProperty("total").GetInt32());
        Assert.Equal(HttpStatusCode.OK, (await host.Post($"/api/v1/cards/{cardId}/pin/set", new { pin = "4821" })).Status);
        Assert.Equal(HttpStatusCode.OK, (await host.Post($"/api/v1/cards/{cardId}/limits", new { dailyLimit = 100 })).Status);
        Assert.Equal(HttpStatusCode.OK, (await host.Post($"/api/v1/cards/{cardId}/freeze", "{}")).Status);
        Assert.Equal(HttpStatusCode.OK, (await host.Post($"/api/v1/cards/{cardId}/unfreeze", "{}")).Status);
        Assert.Equal(HttpStatusCode.Accepted, (await host.Post($"/api/v1/cards/{cardId}/replace", new { reason = "Damaged" })).Status);
    }

    /// <summary>The §4.8 shape: exactly error{code,message}, request_id (= X-Request-Id) and an ISO 8601 timestamp; no fields on a 404.</summary>
    internal static void AssertErrorBody(ApiResponse r, string code, string? idInMessage = null)
    {
        Assert.Equal(JsonValueKind.Object, r.Json.ValueKind);
        Assert.Equal(["error", "request_id", "timestamp"], r.Json.EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal));
        var error = r.Json.GetProperty("error");
        Assert.Equal(code, error.GetProperty("code").GetString());
        var message = error.GetProperty("message").GetString();
        Assert.False(string.IsNullOrWhiteSpace(message));
        if (idInMessage is not null)
            Assert.Contains(idInMessage, message);
        Assert.False(error.TryGetProperty("fields", out _));
        var requestId = r.Json.GetProperty("request_id").GetString();
        Assert.StartsWith("req_", requestId);
        Assert.Equal(requestId, r.RequestIdHeader);
        Assert.True(DateTimeOffset.TryParseExact(r.Json.GetProperty("timestamp").GetString(), "yyyy-MM-dd'T'HH:mm:ss'Z'",
            CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out _));
    }
}
