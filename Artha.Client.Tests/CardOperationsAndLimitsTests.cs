using System.Net;
using Artha.Client.Models;
using Artha.Client.Serialization;
using Artha.Client.Tests.Infrastructure;

namespace Artha.Client.Tests;

public class CardOperationsAndLimitsTests
{
    private static readonly CancellationToken None = CancellationToken.None;

    private const string OperationSnake = """{"data":{"card_id":"k1","customer_id":"c1","product_id":"p1","card_type":"virtual","action":"{0}","status":"{1}","message":null,"task_id":null,"performed_at":"2024-01-15T10:30:00Z"}}""";

    private static string Operation(string action, string status) => OperationSnake.Replace("{0}", action).Replace("{1}", status);

    [Fact]
    public async Task Activate_posts_activation_code_and_reads_snake_case_operation()
    {
        using var host = new ArthaTestHost();
        host.Handler.RespondJson(Operation("activate", "active"));

        var result = await host.Client.CardOperations.ActivateAsync("k1", new ActivateCardRequest { ActivationCode = "A1B2C3" }, None);

        ArthaTestHost.AssertRequest(host.Handler.Single, HttpMethod.Post, "/api/v1/cards/k1/activate", """{"activationCode":"A1B2C3"}""");
        Assert.Equal(CardAction.Activate, result.Action);
        Assert.Equal("active", result.Status);
        Assert.Equal("k1", result.CardId);
        Assert.Equal(new DateTimeOffset(2024, 1, 15, 10, 30, 0, TimeSpan.Zero), result.PerformedAt);
    }

    [Fact]
    public async Task Freeze_posts_empty_object()
    {
        using var host = new ArthaTestHost();
        host.Handler.RespondJson(Operation("freeze", "frozen"));

        var result = await host.Client.CardOperations.FreezeAsync("k1", None);

        ArthaTestHost.AssertRequest(host.Handler.Single, HttpMethod.Post, "/api/v1/cards/k1/freeze", "{}");
        Assert.Equal(CardAction.Freeze, result.Action);
    }

    [Fact]
    public async Task A_bare_body_takes_its_request_id_from_the_X_Request_Id_header()
    {
        using var host = new ArthaTestHost();
        host.Handler.Respond(_ =>
        {
            var response = new HttpResponseMessage(System.Net.HttpStatusCode.OK)
            {
                Content = new StringContent("""{"cardId":"k1","action":"freeze","status":"frozen"}""", System.Text.Encoding.UTF8, "application/json"),
            };
            response.Headers.Add("X-Request-Id", "req_from_header");
            return Task.FromResult(response);
        });

        var result = await host.Client.CardOperations.FreezeAsync("k1", None);

        Assert.Equal("req_from_header", result.RequestId);
    }

    [Fact]
    public async Task An_error_without_a_request_id_in_its_body_takes_it_from_the_header()
    {
        using var host = new ArthaTestHost();
        host.Handler.Respond(_ =>
        {
            var response = new HttpResponseMessage(System.Net.HttpStatusCode.Conflict)
            {
                Content = new StringContent("""{"error":{"code":"INVALID_CARD_STATE","message":"Card is cancelled."}}""", System.Text.Encoding.UTF8, "application/json"),
            };
            response.Headers.Add("X-Request-Id", "req_conflict");
            return Task.FromResult(response);
        });

        var error = await Assert.ThrowsAsync<Artha.Client.Errors.ArthaApiException>(() => host.Client.CardOperations.FreezeAsync("k1", None));

        Assert.Equal("req_conflict", error.RequestId);
    }

    [Fact]
    public async Task Unfreeze_posts_empty_object_to_unfreeze_path()
    {
        using var host = new ArthaTestHost();
        host.Handler.RespondJson("""{"cardId":"k1","action":"unfreeze","status":"active"}""");

        var result = await host.Client.CardOperations.UnfreezeAsync("k1", None);

        ArthaTestHost.AssertRequest(host.Handler.Single, HttpMethod.Post, "/api/v1/cards/k1/unfreeze", "{}");
        Assert.Equal(CardAction.Unfreeze, result.Action);
    }

    [Fact]
    public async Task Cancel_posts_reason()
    {
        using var host = new ArthaTestHost();
        host.Handler.RespondJson("""{"cardId":"k1","action":"cancel","status":"cancelled"}""");

        var result = await host.Client.CardOperations.CancelAsync("k1", new CancelCardRequest { Reason = "Customer reported card as lost." }, None);

        ArthaTestHost.AssertRequest(host.Handler.Single, HttpMethod.Post, "/api/v1/cards/k1/cancel", """{"reason":"Customer reported card as lost."}""");
        Assert.Equal("cancelled", result.Status);
    }

    [Fact]
    public async Task Replace_posts_reason_and_shipping_address_and_reads_bare_202_body()
    {
        using var host = new ArthaTestHost();
        host.Handler.Respond(HttpStatusCode.Accepted, """{"cardId":"ef0c9071","customerId":"49cf2793","productId":"999a47bf","cardType":"Virtual","action":"replace","status":"success","message":"Card replaced successfully","taskId":"task_123456789"}""");

        var result = await host.Client.CardOperations.ReplaceAsync("ef0c9071", new ReplaceCardRequest
        {
            Reason = "Card damaged beyond use",
            ShippingAddress = new Address { AddressLine1 = "10 Downing Street", City = "London", PostalCode = "SW1A 2AA", Country = "GB" },
        }, None);

        ArthaTestHost.AssertRequest(host.Handler.Single, HttpMethod.Post, "/api/v1/cards/ef0c9071/replace",
            """{"reason":"Card damaged beyond use","shippingAddress":{"addressLine1":"10 Downing Street","city":"London","postalCode":"SW1A 2AA","country":"GB"}}""");
        Assert.Equal("task_123456789", result!.TaskId);
        Assert.Equal(CardType.Virtual, result.CardType);
        Assert.Equal(CardAction.Replace, result.Action);
    }

    [Fact]
    public async Task Replace_accepts_a_202_without_body()
    {
        using var host = new ArthaTestHost();
        host.Handler.Respond(HttpStatusCode.Accepted, null);

        var result = await host.Client.CardOperations.ReplaceAsync("k1", new ReplaceCardRequest(), None);

        ArthaTestHost.AssertRequest(host.Handler.Single, HttpMethod.Post, "/api/v1/cards/k1/replace", "{}");
        Assert.Null(result);
    }

    [Fact]
    public async Task Set_pin_posts_pin_to_pin_set_path()
    {
        using var host = new ArthaTestHost();
        host.Handler.RespondJson(Operation("set_pin", "active"));

        var result = await host.Client.CardOperations.SetPinAsync("k1", "1234", None);

        ArthaTestHost.AssertRequest(host.Handler.Single, HttpMethod.Post, "/api/v1/cards/k1/pin/set", """{"pin":"1234"}""");
        Assert.Equal(CardAction.SetPin, result.Action);
    }

    [Theory]
    [InlineData("123")]
    [InlineData("1234567")]
    [InlineData("12a4")]
    public async Task Set_pin_rejects_a_malformed_pin_without_sending(string pin)
    {
        using var host = new ArthaTestHost();

        var error = await Assert.ThrowsAsync<ArgumentException>(() => host.Client.CardOperations.SetPinAsync("k1", pin, None));

        Assert.DoesNotContain(pin, error.Message);
        Assert.Empty(host.Handler.Requests);
    }

    [Fact]
    public async Task Get_limits_reads_amounts_given_as_strings_and_numbers()
    {
        using var host = new ArthaTestHost();
        host.Handler.RespondJson("""{"card_id":"k1","daily_limit":"500.00","monthly_limit":5000.0,"per_transaction_limit":250,"atm_withdrawal_limit":"200","yearly_limit":50000,"lifetime_limit":null,"currency":"GBP"}""");

        var limits = await host.Client.Limits.GetAsync("k1", None);

        ArthaTestHost.AssertRequest(host.Handler.Single, HttpMethod.Get, "/api/v1/cards/k1/limits");
        Assert.Equal(500.00m, limits.DailyLimit);
        Assert.Equal(5000.0m, limits.MonthlyLimit);
        Assert.Equal(250m, limits.PerTransactionLimit);
        Assert.Equal(200m, limits.AtmWithdrawalLimit);
        Assert.Equal(50000m, limits.YearlyLimit);
        Assert.Null(limits.LifetimeLimit);
    }

    [Fact]
    public async Task Update_limits_omits_unset_limits_and_sends_null_for_reset()
    {
        using var host = new ArthaTestHost();
        host.Handler.RespondJson("""{"cardId":"k1","dailyLimit":1000.0,"monthlyLimit":null}""");

        var limits = await host.Client.Limits.UpdateAsync("k1", new UpdateCardLimitsRequest
        {
            DailyLimit = 1000.0m,
            MonthlyLimit = Optional.Null<decimal?>(),
        }, None);

        ArthaTestHost.AssertRequest(host.Handler.Single, HttpMethod.Post, "/api/v1/cards/k1/limits", """{"dailyLimit":1000.0,"monthlyLimit":null}""");
        Assert.Equal(1000.0m, limits.DailyLimit);
    }

    [Fact]
    public async Task Update_limits_with_nothing_set_sends_an_empty_object()
    {
        using var host = new ArthaTestHost();
        host.Handler.RespondJson("""{"cardId":"k1"}""");

        await host.Client.Limits.UpdateAsync("k1", new UpdateCardLimitsRequest(), None);

        ArthaTestHost.AssertRequest(host.Handler.Single, HttpMethod.Post, "/api/v1/cards/k1/limits", "{}");
    }
}
