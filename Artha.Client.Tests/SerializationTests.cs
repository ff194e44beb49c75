using System.Text.Json;
using Artha.Client.Models;
using Artha.Client.Serialization;
using Artha.Client.Webhooks;

namespace Artha.Client.Tests;

public class SerializationTests
{
    [Theory]
    [InlineData("under_review")]
    [InlineData("UnderReview")]
    [InlineData("underreview")]
    [InlineData("UNDER-REVIEW")]
    public void Open_enum_compares_ignoring_case_underscores_and_hyphens(string spelling)
    {
        KycStatus status = spelling;

        Assert.Equal(KycStatus.UnderReview, status);
        Assert.True(status == KycStatus.UnderReview);
        Assert.Equal(KycStatus.UnderReview.GetHashCode(), status.GetHashCode());
        Assert.True(status.IsKnown);
    }

    [Fact]
    public void Open_enum_keeps_unknown_values_and_round_trips_them()
    {
        var status = JsonSerializer.Deserialize("\"escalated\"", ArthaJsonContext.Default.Options.GetTypeInfo(typeof(KycStatus)));

        var value = Assert.IsType<KycStatus>(status);
        Assert.False(value.IsKnown);
        Assert.Equal("escalated", value.Value);
        Assert.NotEqual(KycStatus.Rejected, value);
        Assert.Equal("\"escalated\"", JsonSerializer.Serialize(value, ArthaJsonContext.Default.Options.GetTypeInfo(typeof(KycStatus))));
    }

    [Fact]
    public void Default_open_enum_has_empty_value_and_is_unknown()
    {
        var status = default(CardStatus);

        Assert.Equal("", status.Value);
        Assert.False(status.IsKnown);
    }

    [Fact]
    public void Optional_unset_is_omitted_and_set_null_is_written_as_null()
    {
        var json = JsonSerializer.Serialize(new UpdateCustomerRequest { Email = "new@example.com", State = Optional.Null<string?>() }, ArthaJsonContext.Default.UpdateCustomerRequest);

        Assert.Equal("""{"email":"new@example.com","state":null}""", json);
    }

    [Fact]
    public void Optional_unset_differs_from_set_null()
    {
        Assert.False(Optional<decimal?>.Unset.IsSet);
        Assert.True(Optional.Null<decimal?>().IsSet);
        Assert.NotEqual(Optional<decimal?>.Unset, Optional.Null<decimal?>());
    }

    [Fact]
    public void Amounts_are_read_from_numbers_and_strings_and_written_as_numbers()
    {
        var fromNumber = ArthaResponseReader.Read("""{"amount":100.50}"""u8.ToArray(), ArthaJsonContext.Default.TopUp);
        var fromString = ArthaResponseReader.Read("""{"amount":"100.50"}"""u8.ToArray(), ArthaJsonContext.Default.TopUp);

        Assert.Equal(100.50m, fromNumber!.Amount);
        Assert.Equal(100.50m, fromString!.Amount);
        Assert.Equal("""{"amount":100.50,"currency":"USD"}""", JsonSerializer.Serialize(new TopUpRequest(100.50m, "USD"), ArthaJsonContext.Default.TopUpRequest));
    }

    [Theory]
    [InlineData("address_line_1", "addressLine1")]
    [InlineData("card_number_masked", "cardNumberMasked")]
    [InlineData("cardId", "cardId")]
    [InlineData("_private", "private")]
    public void Snake_case_keys_are_converted_to_camelCase(string key, string expected) =>
        Assert.Equal(expected, ArthaResponseReader.ToCamelCase(key));

    [Fact]
    public void Transaction_webhook_is_parsed_with_string_amounts()
    {
        var parsed = ArthaWebhookParser.Parse("""
            {"event":"consume","transaction_id":"txn_001abc","card_id":"card_001abc","customer_id":"cust_001abc","original_transaction_id":null,
             "local_currency":"INR","local_amount":"1500.00","authorized_amount":"18.25","authorized_currency":"USD","authorization_code":"AUTH123",
             "authorized_at":"2025-06-01T10:30:00Z","fee":"0.50","fee_currency":"USD","crossborder_fee":"0.25","crossborder_fee_currency":"USD",
             "settle_amount":"18.00","settle_currency":"USD","settle_date":"2025-06-02T00:00:00Z","merchant_name":"Amazon IN",
             "merchant_category_code":"5411","merchant_country":"IN","merchant_city":"Mumbai","type":"consume","sub_type":"consume",
             "status":"approved","description":"Grocery purchase"}
            """u8);

        var transaction = Assert.IsType<TransactionWebhookEvent>(parsed);
        Assert.Equal("consume", transaction.Event);
        Assert.Equal(18.25m, transaction.AuthorizedAmount);
        Assert.Equal(1500.00m, transaction.LocalAmount);
        Assert.Equal(TransactionType.Consume, transaction.Type);
        Assert.Equal(TransactionStatus.Approved, transaction.Status);
        Assert.Equal("Mumbai", transaction.MerchantCity);
        Assert.Null(transaction.OriginalTransactionId);
    }

    [Fact]
    public void Cardholder_application_webhook_is_parsed()
    {
        var parsed = ArthaWebhookParser.Parse("""{"event":"cardholder.rejected","customer_id":"c1","product_id":"p1","status":"rejected","remarks":"blurry document"}"""u8);

        var application = Assert.IsType<CardholderApplicationWebhookEvent>(parsed);
        Assert.Equal(KycStatus.Rejected, application.Status);
        Assert.Equal("blurry document", application.Remarks);
    }

    [Fact]
    public void Card_action_webhook_is_parsed()
    {
        var parsed = ArthaWebhookParser.Parse("""{"event":"card.freeze","card_id":"k1","customer_id":"c1","product_id":"p1","status":"frozen","task_id":null,"performed_at":"2025-06-01T10:30:00Z"}"""u8);

        var action = Assert.IsType<CardActionWebhookEvent>(parsed);
        Assert.Equal(CardStatus.Frozen, action.Status);
        Assert.Equal("k1", action.CardId);
    }

    [Fact]
    public void Card_status_webhook_is_parsed()
    {
        var parsed = ArthaWebhookParser.Parse("""{"event":"card.under_review","card_id":"k1","customer_id":"c1","product_id":"p1","status":"under_review","remarks":null}"""u8);

        var status = Assert.IsType<CardStatusWebhookEvent>(parsed);
        Assert.Equal("card.under_review", status.Event);
        Assert.Equal("under_review", status.Status);
    }

    [Fact]
    public void Unknown_webhook_event_keeps_the_raw_payload()
    {
        var parsed = ArthaWebhookParser.Parse("""{"event":"recharge","amount":"5.00"}"""u8);

        var unknown = Assert.IsType<UnknownWebhookEvent>(parsed);
        Assert.Equal("5.00", unknown.Payload.GetProperty("amount").GetString());
    }

    [Fact]
    public void Webhook_without_event_is_rejected()
    {
        Assert.ThrowsAny<JsonException>(() => ArthaWebhookParser.Parse("""{"card_id":"k1"}"""u8));
    }
}
