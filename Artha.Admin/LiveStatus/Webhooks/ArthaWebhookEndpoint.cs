using System.Text.Json;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Options;

namespace Artha.Admin.LiveStatus.Webhooks;

/// <summary>
/// <c>POST /webhooks/artha</c>: outside the cookie sign-in (Artha is not a user) and without antiforgery (Artha
/// cannot hold a token); authenticated instead by <see cref="IWebhookSignatureVerifier"/>. It verifies, parses,
/// de-duplicates (by event id, else by the derived key of <see cref="WebhookDeduplication"/>) and queues, then answers at once: 202 queued, 200 duplicate, 401 unsigned/stale/replayed,
/// 400 unreadable, 413 too large, 503 queue full (the sender retries).
/// </summary>
public static class ArthaWebhookEndpoint
{
    public const string Path = "/webhooks/artha";

    public static IEndpointConventionBuilder MapArthaWebhooks(this IEndpointRouteBuilder endpoints) =>
        endpoints.MapPost(Path, HandleAsync)
            .AllowAnonymous()
            .DisableAntiforgery()
            .WithName("ArthaWebhook");

    private static async Task<IResult> HandleAsync(
        HttpContext context, IWebhookSignatureVerifier verifier, WebhookInbox inbox, IOptionsMonitor<WebhookReceiverOptions> options,
        TimeProvider clock, ILoggerFactory loggers)
    {
        var logger = loggers.CreateLogger(typeof(ArthaWebhookEndpoint).FullName!);
        var body = await ReadBodyAsync(context.Request, options.CurrentValue.MaxBodyBytes, context.RequestAborted);
        if (body is null)
        {
            return Error(StatusCodes.Status413PayloadTooLarge, "PAYLOAD_TOO_LARGE", "The delivery is larger than this receiver accepts.");
        }

        var verification = verifier.Verify(new WebhookDelivery(context.Request.Method, RequestTarget(context), context.Request.Headers, body));
        if (!verification.Succeeded)
        {
            logger.LogWarning("Refused an Artha webhook delivery from {Remote}: {Code}.", context.Connection.RemoteIpAddress, verification.ErrorCode);
            return Error(StatusCodes.Status401Unauthorized, verification.ErrorCode ?? "UNAUTHORIZED", verification.Message ?? "The delivery is not authenticated.");
        }

        ReceivedWebhook webhook;
        try
        {
            webhook = ReceivedWebhook.Parse(body, context.Request.Headers["X-Webhook-Event-Id"].FirstOrDefault(), clock.GetUtcNow().UtcDateTime);
        }
        catch (JsonException ex)
        {
            logger.LogWarning("Unreadable Artha webhook delivery: {Error}", ex.Message);
            return Error(StatusCodes.Status400BadRequest, "MALFORMED_JSON", "The body is not a webhook event (a JSON object with a string 'event').");
        }

        var eventId = webhook.EventId;
        return inbox.TryAccept(webhook) switch
        {
            WebhookAcceptance.Queued => Results.Json(new { status = "accepted", event_id = eventId }, statusCode: StatusCodes.Status202Accepted),
            WebhookAcceptance.Duplicate => Results.Json(new { status = "duplicate", event_id = eventId }, statusCode: StatusCodes.Status200OK),
            _ => Error(StatusCodes.Status503ServiceUnavailable, "BUSY", "Too many deliveries are waiting; retry later."),
        };
    }

    /// <summary>The request target exactly as received (what the sender signed), falling back to the decoded parts.</summary>
    private static string RequestTarget(HttpContext context)
    {
        var raw = context.Features.Get<IHttpRequestFeature>()?.RawTarget;
        return !string.IsNullOrEmpty(raw) && raw.StartsWith('/')
            ? raw
            : $"{context.Request.PathBase}{context.Request.Path}{context.Request.QueryString}";
    }

    private static async Task<byte[]?> ReadBodyAsync(HttpRequest request, int maxBytes, CancellationToken cancellationToken)
    {
        if (request.ContentLength > maxBytes)
        {
            return null;
        }
        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, cancellationToken)) > 0)
        {
            if (buffer.Length + read > maxBytes)
            {
                return null;
            }
            buffer.Write(chunk, 0, read);
        }
        return buffer.ToArray();
    }

    private static IResult Error(int status, string code, string message) =>
        Results.Json(new { error = new { code, message } }, statusCode: status);
}
