using System.Net;
using System.Text;
using System.Text.Json;
using Artha.Client.Configuration;
using Artha.Client.Errors;
using Artha.Client.Http;
using Artha.Client.Models;
using Artha.Client.Tests.Infrastructure;
using Polly.Timeout;
using Refit;

namespace Artha.Client.Tests;

/// <summary>ArthaRefitSettings: Refit's exception, transport and deserialization hooks keep the client's typed errors.</summary>
public class ExceptionMappingTests
{
    private static readonly CancellationToken None = CancellationToken.None;

    private static ArthaRefitSettings Settings(string baseUrl = "https://artha.test/gateway") =>
        new(new ArthaClientOptions { BaseUrl = baseUrl, ApiKey = "k", Secret = "s", TimeoutSeconds = 0.2 });

    private static HttpResponseMessage Answer(HttpStatusCode status, string body, string? method = "GetCard", string uri = "https://artha.test/gateway/api/v1/card/k1")
    {
        var request = new HttpRequestMessage(HttpMethod.Get, uri);
        if (method is not null)
        {
            request.Options.Set(new HttpRequestOptionsKey<string>(HttpRequestMessageOptions.MethodName), method);
        }

        return new HttpResponseMessage(status) { RequestMessage = request, Content = new StringContent(body, Encoding.UTF8, "application/json") };
    }

    [Fact]
    public async Task A_success_is_no_exception_and_hands_X_Request_Id_to_the_reader()
    {
        using var response = Answer(HttpStatusCode.OK, "{}");
        response.Headers.Add("X-Request-Id", "req_ok");

        var exception = await Settings().CheckResponseAsync(response);

        Assert.Null(exception);
        Assert.Equal(["req_ok"], response.Content.Headers.GetValues("X-Request-Id"));
    }

    [Fact]
    public async Task A_non_success_becomes_an_ArthaApiException_naming_the_path_below_the_base_url()
    {
        using var response = Answer(HttpStatusCode.InternalServerError, """{"error":{"code":"INTERNAL","message":"try later"},"request_id":"req_5"}""");

        var exception = Assert.IsType<ArthaApiException>(await Settings().CheckResponseAsync(response));

        Assert.Equal(HttpStatusCode.InternalServerError, exception.StatusCode);
        Assert.Equal("INTERNAL", exception.ErrorCode);
        Assert.Equal("try later", exception.ServerMessage);
        Assert.Equal("Artha API GET /api/v1/card/k1 failed with 500 InternalServerError (INTERNAL): try later [request_id req_5]", exception.Message);
    }

    [Theory]
    [InlineData("SetCardPin")]
    [InlineData("GetSensitiveCardDetails")]
    [InlineData(null)]
    public async Task Sensitive_or_untraceable_answers_drop_the_server_text(string? method)
    {
        using var response = Answer(HttpStatusCode.UnprocessableEntity, """{"error":{"code":"PIN_REJECTED","message":"PIN 1234 for 4111111111114242"}}""", method);

        var exception = Assert.IsType<ArthaApiException>(await Settings().CheckResponseAsync(response));

        Assert.Null(exception.ServerMessage);
        Assert.Equal("PIN_REJECTED", exception.ErrorCode);
        Assert.DoesNotContain("1234", exception.Message);
        Assert.DoesNotContain("4111111111114242", exception.Message);
    }

    [Fact]
    public void Transport_failures_keep_their_types_and_messages()
    {
        var settings = Settings();
        using var request = new HttpRequestMessage(HttpMethod.Post, "https://artha.test/gateway/api/v1/cards/k1/topup?x=1");

        var timeout = Assert.IsType<ArthaTransportException>(settings.MapTransportFailure(request, new TimeoutRejectedException(), None));
        Assert.Equal(ArthaTransportFailure.Timeout, timeout.Kind);
        Assert.Equal("Artha API POST /api/v1/cards/k1/topup timed out after 0.2 s.", timeout.Message);

        var inner = Assert.IsType<ArthaTransportException>(settings.MapTransportFailure(request, new TaskCanceledException(), None));
        Assert.Equal(ArthaTransportFailure.Timeout, inner.Kind);
        Assert.Equal("Artha API POST /api/v1/cards/k1/topup timed out.", inner.Message);

        var refused = new HttpRequestException(HttpRequestError.ConnectionError, "Connection refused (artha.test:443)");
        var connection = Assert.IsType<ArthaTransportException>(settings.MapTransportFailure(request, refused, None));
        Assert.Equal(ArthaTransportFailure.Connection, connection.Kind);
        Assert.Equal("Artha API POST /api/v1/cards/k1/topup failed before a response was received (ConnectionError).", connection.Message);
        Assert.Same(refused, connection.InnerException);
    }

    [Fact]
    public void The_callers_cancellation_and_unrelated_exceptions_pass_through_unchanged()
    {
        var settings = Settings();
        using var request = new HttpRequestMessage(HttpMethod.Get, "https://artha.test/gateway/api/v1/card/k1");
        using var cancellation = new CancellationTokenSource();
        cancellation.Cancel();
        var cancelled = new OperationCanceledException(cancellation.Token);
        var other = new InvalidOperationException("boom");

        Assert.Same(cancelled, settings.MapTransportFailure(request, cancelled, cancellation.Token));
        Assert.Same(other, settings.MapTransportFailure(request, other, None));
    }

    [Theory]
    [InlineData(HttpStatusCode.BadRequest)]
    [InlineData(HttpStatusCode.Unauthorized)]
    [InlineData(HttpStatusCode.Forbidden)]
    [InlineData(HttpStatusCode.Conflict)]
    [InlineData(HttpStatusCode.TooManyRequests)]
    [InlineData(HttpStatusCode.InternalServerError)]
    [InlineData(HttpStatusCode.GatewayTimeout)]
    public async Task Every_non_success_of_a_money_or_card_state_POST_is_one_typed_exception_and_never_retried(HttpStatusCode status)
    {
        using var host = new ArthaTestHost();
        host.Handler.Fallback = status;

        var topUp = await Assert.ThrowsAsync<ArthaApiException>(() => host.Client.Funding.TopUpAsync("k1", new TopUpRequest(10m, "GBP"), None));
        var freeze = await Assert.ThrowsAsync<ArthaApiException>(() => host.Client.CardOperations.FreezeAsync("k1", None));

        Assert.Equal(status, topUp.StatusCode);
        Assert.Equal(status, freeze.StatusCode);
        Assert.Equal(2, host.Handler.Requests.Count);
    }

    [Fact]
    public async Task A_malformed_success_body_surfaces_as_the_readers_JsonException_not_a_Refit_exception()
    {
        using var host = new ArthaTestHost();
        host.Handler.RespondJson("""{"id": "k1", """);

        await Assert.ThrowsAnyAsync<JsonException>(() => host.Client.Cards.GetAsync("k1", None));
    }

    [Fact]
    public async Task A_required_resource_with_an_empty_body_is_a_JsonException()
    {
        using var host = new ArthaTestHost();
        host.Handler.Respond(HttpStatusCode.OK, null);

        var error = await Assert.ThrowsAsync<JsonException>(() => host.Client.Cards.GetAsync("k1", None));

        Assert.Contains("empty body", error.Message);
    }
}
