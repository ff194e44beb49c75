using System.Text.Json;
using Artha.Admin.Data;
using Artha.Client.Webhooks;

namespace Artha.Admin.LiveStatus.Webhooks;

/// <summary>
/// Applies queued webhook events: an outcome Artha pushes (KYC decision, card issued/failed, top-up approved/rejected)
/// completes the matching watch at once, exactly as the poller would, so its polling stops early; other events
/// (card actions, transactions) become routine changes so open pages refresh. A card status event of a customer with a
/// replacement still looking for its new card makes that search poll at once. The event has already been
/// acknowledged, so a failure here is logged and left to the poller, which resolves the watch anyway.
/// </summary>
public sealed class WebhookProcessor(WebhookInbox inbox, StatusWatchResolver resolver, IStatusEventStream events, TimeProvider clock, ILogger<WebhookProcessor> logger,
    StatusWatchSignal signal, Hosting.PortalMetrics? metrics = null)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await foreach (var webhook in inbox.Reader.ReadAllAsync(stoppingToken))
            {
                try
                {
                    await ApplyAsync(webhook, stoppingToken);
                    metrics?.RecordWebhookLag(clock.GetUtcNow().UtcDateTime - webhook.ReceivedAtUtc, webhook.Event.Event);
                }
                catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
                {
                    break;
                }
                catch (Exception ex)
                {
                    logger.LogError(ex, "Webhook {Event} {EventId} could not be applied; polling will resolve any watch it concerned.", webhook.Event.Event, webhook.EventId);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutting down.
        }
    }

    public async Task ApplyAsync(ReceivedWebhook webhook, CancellationToken cancellationToken)
    {
        switch (webhook.Event)
        {
            case CardholderApplicationWebhookEvent { CustomerId: { } customerId, Status: { } status } kyc:
                await ResolveOrAnnounceAsync(WatchKind.Kyc, customerId, kyc.ProductId, status.Value, webhook, cancellationToken,
                    () => new StatusChange(StatusSubject.Kyc, customerId, status.Value, $"KYC for customer {customerId} {WatchStatuses.Read(WatchKind.Kyc, status.Value).Verb}", Now)
                    { CustomerId = customerId, ProductId = kyc.ProductId, IsNotable = false });
                break;
            case CardStatusWebhookEvent { CardId: { } cardId } card:
                // The issuance outcome: card.approved = state active, card.rejected = failed, card.under_review = pending.
                var state = card.Event.ToLowerInvariant() switch
                {
                    "card.approved" => "active",
                    "card.rejected" => "failed",
                    _ => "pending",
                };
                await ResolveOrAnnounceAsync(WatchKind.CardIssuance, cardId, null, state, webhook, cancellationToken,
                    () => new StatusChange(StatusSubject.Card, cardId, state, $"Card {cardId} {WatchStatuses.Read(WatchKind.CardIssuance, state).Verb}", Now)
                    { CardId = cardId, CustomerId = card.CustomerId, ProductId = card.ProductId, IsNotable = false });
                if (card.CustomerId is { Length: > 0 } cardCustomer
                    && await resolver.ExpediteReplacementSearchAsync(cardCustomer, card.ProductId, cardId, cancellationToken) is var expedited and > 0)
                {
                    // Perhaps the new card of a replacement Artha did not name: its watch looks now (the poll applies the rule).
                    logger.LogInformation("Webhook {Event} {EventId}: card {CardId} of customer {CustomerId}; {Count} replacement watch(es) look now.",
                        webhook.Event.Event, webhook.EventId, cardId, cardCustomer, expedited);
                    signal.Notify();
                }
                break;
            case CardActionWebhookEvent { CardId: { } cardId } action:
                var cardStatus = action.Status?.Value ?? action.Event;
                await events.PublishAsync(new StatusChange(StatusSubject.Card, cardId, cardStatus, $"Card {cardId} is {cardStatus} ({action.Event})", Now)
                { CardId = cardId, CustomerId = action.CustomerId, ProductId = action.ProductId, IsNotable = false }, cancellationToken);
                break;
            case TransactionWebhookEvent { TransactionId: { } transactionId } transaction:
                var transactionStatus = transaction.Status?.Value ?? transaction.Event;
                await events.PublishAsync(new StatusChange(StatusSubject.Transaction, transactionId, transactionStatus,
                    $"Transaction {transactionId} on card {transaction.CardId} {transactionStatus} ({transaction.Event})", Now)
                { CardId = transaction.CardId, CustomerId = transaction.CustomerId, IsNotable = false }, cancellationToken);
                break;
            case UnknownWebhookEvent { Event: var name } unknown when string.Equals(name, "top_up", StringComparison.OrdinalIgnoreCase):
                // Sandbox addition (§14 has no top-up event): transaction_id is the top-up id.
                var topUpId = StringOf(unknown.Payload, "transaction_id");
                var topUpStatus = StringOf(unknown.Payload, "status");
                if (topUpId is null || topUpStatus is null)
                {
                    break;
                }
                var topUpCard = StringOf(unknown.Payload, "card_id");
                await ResolveOrAnnounceAsync(WatchKind.TopUp, topUpId, null, topUpStatus, webhook, cancellationToken,
                    () => new StatusChange(StatusSubject.TopUp, topUpId, topUpStatus, $"Top-up {topUpId} {WatchStatuses.Read(WatchKind.TopUp, topUpStatus).Verb}", Now)
                    { CardId = topUpCard, CustomerId = StringOf(unknown.Payload, "customer_id"), IsNotable = false });
                break;
            default:
                logger.LogDebug("Webhook {Event} {EventId} carries nothing the portal tracks.", webhook.Event.Event, webhook.EventId);
                break;
        }
    }

    private DateTime Now => clock.GetUtcNow().UtcDateTime;

    /// <summary>Completes (or updates) the matching watches; with none, tells open pages anyway so they refresh.</summary>
    private async Task ResolveOrAnnounceAsync(WatchKind kind, string entityId, string? productId, string status, ReceivedWebhook webhook,
        CancellationToken cancellationToken, Func<StatusChange> routineChange)
    {
        var touched = await resolver.ApplyPushedStatusAsync(kind, entityId, productId, status, cancellationToken);
        logger.LogInformation("Webhook {Event} {EventId}: {Kind} {EntityId} is {Status}; {Touched} watch(es) updated.",
            webhook.Event.Event, webhook.EventId, kind, entityId, status, touched);
        if (touched == 0)
        {
            await events.PublishAsync(routineChange(), cancellationToken);
        }
    }

    private static string? StringOf(JsonElement payload, string name) =>
        payload.ValueKind == JsonValueKind.Object && payload.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String
            ? value.GetString()
            : null;
}
