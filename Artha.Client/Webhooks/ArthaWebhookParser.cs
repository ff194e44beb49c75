using System.Text.Json;

namespace Artha.Client.Webhooks;

/// <summary>
/// Turns a webhook request body into a typed <see cref="ArthaWebhookEvent"/> by its <c>event</c> name. The Artha
/// docs publish no webhook signature scheme, so authenticating the sender (allow-listing, a secret URL) is up to
/// the receiving endpoint.
/// </summary>
public static class ArthaWebhookParser
{
    /// <summary>Parses a webhook body.</summary>
    /// <exception cref="JsonException">The body is not a JSON object with a string <c>event</c>.</exception>
    public static ArthaWebhookEvent Parse(ReadOnlySpan<byte> utf8Json)
    {
        var reader = new Utf8JsonReader(utf8Json);
        using var document = JsonDocument.ParseValue(ref reader);
        var root = document.RootElement;
        if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("event", out var eventElement) || eventElement.ValueKind != JsonValueKind.String)
        {
            throw new JsonException("A webhook payload must be a JSON object with a string 'event'.");
        }

        var name = eventElement.GetString()!;
        var context = ArthaWebhookJsonContext.Default;
        ArthaWebhookEvent? parsed = Classify(name) switch
        {
            WebhookCategory.Transaction => root.Deserialize(context.TransactionWebhookEvent),
            WebhookCategory.CardholderApplication => root.Deserialize(context.CardholderApplicationWebhookEvent),
            WebhookCategory.CardAction => root.Deserialize(context.CardActionWebhookEvent),
            WebhookCategory.CardStatus => root.Deserialize(context.CardStatusWebhookEvent),
            _ => new UnknownWebhookEvent { Event = name, Payload = root.Clone() },
        };
        return parsed ?? throw new JsonException("The webhook payload is null.");
    }

    private static WebhookCategory Classify(string name)
    {
        if (Contains(TransactionWebhookEvent.EventNames, name))
        {
            return WebhookCategory.Transaction;
        }

        if (name.StartsWith("cardholder.", StringComparison.OrdinalIgnoreCase))
        {
            return WebhookCategory.CardholderApplication;
        }

        if (Contains(CardActionWebhookEvent.EventNames, name))
        {
            return WebhookCategory.CardAction;
        }

        return Contains(CardStatusWebhookEvent.EventNames, name) ? WebhookCategory.CardStatus : WebhookCategory.Unknown;
    }

    private static bool Contains(IReadOnlyList<string> names, string name) =>
        names.Any(candidate => string.Equals(candidate, name, StringComparison.OrdinalIgnoreCase));

    private enum WebhookCategory
    {
        Unknown,
        Transaction,
        CardholderApplication,
        CardAction,
        CardStatus,
    }
}
