using System.Net;
using Artha.Client.Errors;
using Artha.Client.Models;
using Artha.Client.Tests.Infrastructure;

namespace Artha.Client.Tests;

public class ErrorsAndResilienceTests
{
    private static readonly CancellationToken None = CancellationToken.None;

    [Fact]
    public async Task Validation_422_maps_code_message_request_id_and_field_errors()
    {
        using var host = new ArthaTestHost();
        host.Handler.Respond(HttpStatusCode.UnprocessableEntity, """
            {"error":{"code":"VALIDATION_ERROR","message":"Request is invalid","fields":{"currency":["must match the card currency"],"amount":"must be positive"}},"request_id":"req_1","timestamp":"2024-01-15T10:30:00Z"}
            """);

        var error = await Assert.ThrowsAsync<ArthaApiException>(() => host.Client.Funding.TopUpAsync("k1", new TopUpRequest(-1m, "USD"), None));

        Assert.Equal(HttpStatusCode.UnprocessableEntity, error.StatusCode);
        Assert.Equal("VALIDATION_ERROR", error.ErrorCode);
        Assert.Equal("req_1", error.RequestId);
        Assert.Equal(["must match the card currency"], error.FieldErrors["currency"]);
        Assert.Equal(["must be positive"], error.FieldErrors["amount"]);
        Assert.Contains("Request is invalid", error.Message);
    }

    [Fact]
    public async Task Not_found_404_with_error_details_shape_is_mapped()
    {
        using var host = new ArthaTestHost();
        host.Handler.Respond(HttpStatusCode.NotFound, """{"error":{"code":"CARD_NOT_FOUND","message":"Card not found","details":{"cardId":["unknown"]}},"request_id":"req_2"}""");

        var error = await Assert.ThrowsAsync<ArthaApiException>(() => host.Client.Cards.GetAsync("k404", None));

        Assert.Equal(HttpStatusCode.NotFound, error.StatusCode);
        Assert.Equal("CARD_NOT_FOUND", error.ErrorCode);
        Assert.Equal(["unknown"], error.FieldErrors["cardId"]);
        Assert.Single(host.Handler.Requests);
    }

    [Fact]
    public async Task Conflict_409_with_flat_message_and_code_is_mapped()
    {
        using var host = new ArthaTestHost();
        host.Handler.Respond(HttpStatusCode.Conflict, """{"code":"DUPLICATE_EMAIL","message":"Email already exists"}""");

        var error = await Assert.ThrowsAsync<ArthaApiException>(() => host.Client.Customers.CreateAsync(new CreateCustomerRequest
        {
            Type = CustomerType.Individual, Email = "a@b.c", PhoneCode = "+44", PhoneNumber = "1", Country = "GB",
        }, None));

        Assert.Equal(HttpStatusCode.Conflict, error.StatusCode);
        Assert.Equal("DUPLICATE_EMAIL", error.ErrorCode);
        Assert.Equal("Email already exists", error.ServerMessage);
        Assert.Empty(error.FieldErrors);
    }

    [Fact]
    public async Task Problem_details_errors_map_to_field_errors()
    {
        using var host = new ArthaTestHost();
        host.Handler.Respond(HttpStatusCode.BadRequest, """{"title":"One or more validation errors occurred.","errors":{"Email":["The Email field is required."]},"traceId":"00-abc"}""");

        var error = await Assert.ThrowsAsync<ArthaApiException>(() => host.Client.Customers.UpdateAsync("c1", new UpdateCustomerRequest(), None));

        Assert.Equal(["The Email field is required."], error.FieldErrors["email"]);
        Assert.Equal("00-abc", error.RequestId);
    }

    [Fact]
    public async Task Non_json_error_body_still_gives_status()
    {
        using var host = new ArthaTestHost(new Dictionary<string, string?> { ["Artha:MaxRetries"] = "0" });
        host.Handler.Respond(_ => Task.FromResult(new HttpResponseMessage(HttpStatusCode.BadGateway) { Content = new StringContent("<html>bad gateway</html>") }));

        var error = await Assert.ThrowsAsync<ArthaApiException>(() => host.Client.Products.GetAsync("p1", None));

        Assert.Equal(HttpStatusCode.BadGateway, error.StatusCode);
        Assert.Null(error.ErrorCode);
    }

    [Fact]
    public async Task Error_messages_of_sensitive_calls_never_echo_server_text_or_pans()
    {
        using var host = new ArthaTestHost();
        host.Handler.Respond(HttpStatusCode.UnprocessableEntity, """{"error":{"code":"PIN_REJECTED","message":"PIN 9876 rejected for card 4111111111114242"}}""");

        var error = await Assert.ThrowsAsync<ArthaApiException>(() => host.Client.CardOperations.SetPinAsync("k1", "9876", None));

        Assert.DoesNotContain("9876", error.Message);
        Assert.DoesNotContain("4111111111114242", error.Message);
        Assert.Null(error.ServerMessage);
        Assert.Equal("PIN_REJECTED", error.ErrorCode);
    }

    [Fact]
    public void Pan_like_digit_runs_in_server_messages_are_redacted()
    {
        var error = ArthaErrorParser.Create(HttpStatusCode.BadRequest, """{"message":"card 4111 1111 1111 4242 invalid"}"""u8, "GET", "/api/v1/cards", sensitive: false);

        Assert.DoesNotContain("4242", error.Message);
        Assert.Contains("[REDACTED]", error.Message);
    }

    [Fact]
    public async Task Get_is_retried_on_503_and_succeeds()
    {
        using var host = new ArthaTestHost();
        host.Handler.Respond(HttpStatusCode.ServiceUnavailable, null).RespondJson("""{"cardId":"k1","availableBalance":1}""");

        var balance = await host.Client.Funding.GetBalanceAsync("k1", None);

        Assert.Equal(1m, balance.AvailableBalance);
        Assert.Equal(2, host.Handler.Requests.Count);
        // Each attempt is signed afresh: a reused nonce would be rejected as a replay.
        Assert.NotEqual(host.Handler.Requests[0].Header("X-Nonce"), host.Handler.Requests[1].Header("X-Nonce"));
        Assert.All(host.Handler.Requests, ArthaTestHost.AssertSigned);
    }

    [Fact]
    public async Task Get_retries_stop_after_MaxRetries_and_surface_the_last_status()
    {
        using var host = new ArthaTestHost(new Dictionary<string, string?> { ["Artha:MaxRetries"] = "2" });
        host.Handler.Fallback = HttpStatusCode.TooManyRequests;

        var error = await Assert.ThrowsAsync<ArthaApiException>(() => host.Client.Transactions.GetAsync("x1", None));

        Assert.Equal(HttpStatusCode.TooManyRequests, error.StatusCode);
        Assert.Equal(3, host.Handler.Requests.Count);
    }

    [Fact]
    public async Task Post_top_up_is_not_retried_on_503()
    {
        using var host = new ArthaTestHost();
        host.Handler.Fallback = HttpStatusCode.ServiceUnavailable;

        var error = await Assert.ThrowsAsync<ArthaApiException>(() => host.Client.Funding.TopUpAsync("k1", new TopUpRequest(10m, "GBP"), None));

        Assert.Equal(HttpStatusCode.ServiceUnavailable, error.StatusCode);
        Assert.Single(host.Handler.Requests);
    }

    [Fact]
    public async Task Get_404_is_not_retried()
    {
        using var host = new ArthaTestHost();
        host.Handler.Fallback = HttpStatusCode.NotFound;

        await Assert.ThrowsAsync<ArthaApiException>(() => host.Client.Customers.GetAsync("c1", None));

        Assert.Single(host.Handler.Requests);
    }

    [Fact]
    public async Task Attempt_timeout_raises_transport_exception_of_kind_timeout()
    {
        using var host = new ArthaTestHost(new Dictionary<string, string?> { ["Artha:TimeoutSeconds"] = "0.2", ["Artha:MaxRetries"] = "0" });
        host.Handler.Respond(async token =>
        {
            await Task.Delay(Timeout.Infinite, token);
            return RecordingHandler.Response(HttpStatusCode.OK, "{}");
        });

        var error = await Assert.ThrowsAsync<ArthaTransportException>(() => host.Client.Cards.GetAsync("k1", None));

        Assert.Equal(ArthaTransportFailure.Timeout, error.Kind);
    }

    [Fact]
    public async Task Caller_cancellation_propagates_as_OperationCanceledException_not_timeout()
    {
        using var host = new ArthaTestHost(new Dictionary<string, string?> { ["Artha:TimeoutSeconds"] = "30" });
        using var cancellation = new CancellationTokenSource();
        host.Handler.Respond(async token =>
        {
            cancellation.Cancel();
            await Task.Delay(Timeout.Infinite, token);
            return RecordingHandler.Response(HttpStatusCode.OK, "{}");
        });

        var error = await Assert.ThrowsAnyAsync<OperationCanceledException>(() => host.Client.Cards.GetAsync("k1", cancellation.Token));

        Assert.Equal(cancellation.Token, error.CancellationToken);
        Assert.Single(host.Handler.Requests);
    }

    [Fact]
    public async Task Connection_failure_raises_transport_exception_of_kind_connection_after_get_retries()
    {
        using var host = new ArthaTestHost(new Dictionary<string, string?> { ["Artha:MaxRetries"] = "1" });
        for (var i = 0; i < 2; i++)
        {
            host.Handler.Respond(_ => throw new HttpRequestException(HttpRequestError.ConnectionError, "Connection refused (artha.test:443)"));
        }

        var error = await Assert.ThrowsAsync<ArthaTransportException>(() => host.Client.Products.ListAsync(null, None));

        Assert.Equal(ArthaTransportFailure.Connection, error.Kind);
        Assert.Equal(2, host.Handler.Requests.Count);
    }
}
