using System.Text.Json;
using System.Text.Json.Serialization;
using Artha.Client.Models;

namespace Artha.Client.Webhooks;

/// <summary>
/// An outgoing Artha webhook (catalogue row 30). Payloads are snake_case; null fields are included as null;
/// amounts may be decimal strings or numbers. Parse with <see cref="ArthaWebhookParser"/>.
/// </summary>
public abstract record ArthaWebhookEvent
{
    /// <summary>The <c>event</c> name, e.g. <c>consume</c>, <c>cardholder.approved</c>, <c>card.freeze</c>.</summary>
    [JsonPropertyName("event")]
    public string Event { get; init; } = "";
}

/// <summary>Transaction events: <c>consume</c>, <c>refund</c>, <c>reversal</c>, <c>maintain_fee</c>, <c>settlement</c> (webhooks §1).</summary>
public sealed record TransactionWebhookEvent : ArthaWebhookEvent
{
    /// <summary>The five transaction event names.</summary>
    public static readonly IReadOnlyList<string> EventNames = ["consume", "refund", "reversal", "maintain_fee", "settlement"];

    [JsonPropertyName("transaction_id")] public string? TransactionId { get; init; }
    [JsonPropertyName("card_id")] public string? CardId { get; init; }
    [JsonPropertyName("customer_id")] public string? CustomerId { get; init; }
    [JsonPropertyName("original_transaction_id")] public string? OriginalTransactionId { get; init; }
    [JsonPropertyName("local_currency")] public string? LocalCurrency { get; init; }
    [JsonPropertyName("local_amount")] public decimal? LocalAmount { get; init; }
    [JsonPropertyName("authorized_amount")] public decimal? AuthorizedAmount { get; init; }
    [JsonPropertyName("authorized_currency")] public string? AuthorizedCurrency { get; init; }
    [JsonPropertyName("authorization_code")] public string? AuthorizationCode { get; init; }
    [JsonPropertyName("authorized_at")] public DateTimeOffset? AuthorizedAt { get; init; }
    [JsonPropertyName("fee")] public decimal? Fee { get; init; }
    [JsonPropertyName("fee_currency")] public string? FeeCurrency { get; init; }
    [JsonPropertyName("crossborder_fee")] public decimal? CrossborderFee { get; init; }
    [JsonPropertyName("crossborder_fee_currency")] public string? CrossborderFeeCurrency { get; init; }
    [JsonPropertyName("settle_amount")] public decimal? SettleAmount { get; init; }
    [JsonPropertyName("settle_currency")] public string? SettleCurrency { get; init; }
    [JsonPropertyName("settle_date")] public DateTimeOffset? SettleDate { get; init; }
    [JsonPropertyName("merchant_name")] public string? MerchantName { get; init; }
    [JsonPropertyName("merchant_category_code")] public string? MerchantCategoryCode { get; init; }
    [JsonPropertyName("merchant_country")] public string? MerchantCountry { get; init; }
    [JsonPropertyName("merchant_city")] public string? MerchantCity { get; init; }
    [JsonPropertyName("type")] public TransactionType? Type { get; init; }
    [JsonPropertyName("sub_type")] public string? SubType { get; init; }
    [JsonPropertyName("status")] public TransactionStatus? Status { get; init; }
    [JsonPropertyName("description")] public string? Description { get; init; }
}

/// <summary>
/// Card holder application (KYC/KYB outcome): <c>cardholder.reviewing</c>, <c>cardholder.approved</c>, <c>cardholder.rejected</c>.
/// Provisional shape: this section of the webhooks page was never retrieved.
/// </summary>
public sealed record CardholderApplicationWebhookEvent : ArthaWebhookEvent
{
    [JsonPropertyName("customer_id")] public string? CustomerId { get; init; }
    [JsonPropertyName("product_id")] public string? ProductId { get; init; }
    [JsonPropertyName("status")] public KycStatus? Status { get; init; }
    [JsonPropertyName("remarks")] public string? Remarks { get; init; }
}

/// <summary>
/// Card action: <c>card.freeze</c>, <c>card.unfreeze</c>, <c>card.cancel</c>, <c>card.activate</c>, <c>card.set_pin</c>.
/// Provisional shape (section not retrieved).
/// </summary>
public sealed record CardActionWebhookEvent : ArthaWebhookEvent
{
    /// <summary>The five card action event names.</summary>
    public static readonly IReadOnlyList<string> EventNames = ["card.freeze", "card.unfreeze", "card.cancel", "card.activate", "card.set_pin"];

    [JsonPropertyName("card_id")] public string? CardId { get; init; }
    [JsonPropertyName("customer_id")] public string? CustomerId { get; init; }
    [JsonPropertyName("product_id")] public string? ProductId { get; init; }
    /// <summary>The card status after the action.</summary>
    [JsonPropertyName("status")] public CardStatus? Status { get; init; }
    [JsonPropertyName("task_id")] public string? TaskId { get; init; }
    [JsonPropertyName("performed_at")] public DateTimeOffset? PerformedAt { get; init; }
}

/// <summary>
/// Card status (issuance outcome): <c>card.approved</c>, <c>card.rejected</c>, <c>card.under_review</c>.
/// Provisional shape (section not retrieved).
/// </summary>
public sealed record CardStatusWebhookEvent : ArthaWebhookEvent
{
    /// <summary>The three card status event names.</summary>
    public static readonly IReadOnlyList<string> EventNames = ["card.approved", "card.rejected", "card.under_review"];

    [JsonPropertyName("card_id")] public string? CardId { get; init; }
    [JsonPropertyName("customer_id")] public string? CustomerId { get; init; }
    [JsonPropertyName("product_id")] public string? ProductId { get; init; }
    [JsonPropertyName("status")] public string? Status { get; init; }
    [JsonPropertyName("remarks")] public string? Remarks { get; init; }
    [JsonPropertyName("task_id")] public string? TaskId { get; init; }
    [JsonPropertyName("performed_at")] public DateTimeOffset? PerformedAt { get; init; }
}

/// <summary>An event name this client does not know; the raw payload is kept.</summary>
public sealed record UnknownWebhookEvent : ArthaWebhookEvent
{
    public JsonElement Payload { get; init; }
}

[JsonSourceGenerationOptions(
    PropertyNameCaseInsensitive = true,
    NumberHandling = JsonNumberHandling.AllowReadingFromString)]
[JsonSerializable(typeof(TransactionWebhookEvent))]
[JsonSerializable(typeof(CardholderApplicationWebhookEvent))]
[JsonSerializable(typeof(CardActionWebhookEvent))]
[JsonSerializable(typeof(CardStatusWebhookEvent))]
internal sealed partial class ArthaWebhookJsonContext : JsonSerializerContext;
