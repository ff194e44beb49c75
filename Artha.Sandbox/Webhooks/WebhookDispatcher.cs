using System.Security.Cryptography;
using System.Text.Json;
using Artha.Sandbox.Auth;
using Artha.Sandbox.Http;
using Microsoft.Extensions.Options;

namespace Artha.Sandbox.Webhooks;

/// <summary>
/// Delivers queued webhook events to <see cref="SandboxOptions.WebhookUrl"/>, signed with the §3 request scheme
/// (provisional: Artha's real webhook signature is not documented, §14.5) and retried with exponential backoff.
/// Each event is delivered on its own task so one failing receiver does not hold up later events.
/// </summary>
public sealed class WebhookDispatcher(
    WebhookQueue queue,
    IHttpClientFactory httpClientFactory,
    IOptions<SandboxOptions> options,
    TimeProvider time,
    ILogger<WebhookDispatcher> logger) : BackgroundService
{
    public const string HttpClientName = "Artha.Sandbox.Webhooks";
    private readonly SemaphoreSlim _concurrency = new(8);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await foreach (var webhookEvent in queue.Reader.ReadAllAsync(stoppingToken))
            {
                await _concurrency.WaitAsync(stoppingToken);
                _ = Task.Run(async () =>
                {
                    try { await DeliverAsync(webhookEvent, stoppingToken); }
                    finally { _concurrency.Release(); }
                }, CancellationToken.None);
            }
        }
        catch (OperationCanceledException)
        {
            // Host shutting down; undelivered events are dropped with the in-memory state.
        }
    }

    private async Task DeliverAsync(WebhookEvent webhookEvent, CancellationToken cancellationToken)
    {
        var o = options.Value;
        if (string.IsNullOrWhiteSpace(o.WebhookUrl) || !Uri.TryCreate(o.WebhookUrl, UriKind.Absolute, out var url))
            return;
        var body = JsonSerializer.SerializeToUtf8Bytes(webhookEvent.Payload, SandboxJson.Webhook);
        var delay = TimeSpan.FromMilliseconds(Math.Max(1, o.WebhookInitialRetryDelayMilliseconds));
        var attempts = Math.Max(1, o.WebhookMaxAttempts);
        for (var attempt = 1; attempt <= attempts; attempt++)
        {
            try
            {
                using var request = BuildSignedRequest(url, body, o.WebhookSecret ?? o.Secret, o.ApiKey, webhookEvent, attempt);
                using var client = httpClientFactory.CreateClient(HttpClientName);
                using var response = await client.SendAsync(request, cancellationToken);
                if (response.IsSuccessStatusCode)
                    return;
                logger.LogWarning("Webhook {EventType} {EventId} attempt {Attempt}/{Attempts}: HTTP {Status}",
                    webhookEvent.EventType, webhookEvent.EventId, attempt, attempts, (int)response.StatusCode);
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
            {
                logger.LogWarning("Webhook {EventType} {EventId} attempt {Attempt}/{Attempts} failed: {Error}",
                    webhookEvent.EventType, webhookEvent.EventId, attempt, attempts, e.Message);
            }
            if (attempt < attempts)
            {
                await Task.Delay(delay, cancellationToken);
                delay *= 2;
            }
        }
        logger.LogError("Webhook {EventType} {EventId} dropped after {Attempts} attempts", webhookEvent.EventType, webhookEvent.EventId, attempts);
    }

    /// <summary>Same five headers as an API request; the path signed is the receiver URL's path and query.</summary>
    private HttpRequestMessage BuildSignedRequest(Uri url, byte[] body, string secret, string apiKey, WebhookEvent webhookEvent, int attempt)
    {
        var timestamp = time.GetUtcNow().ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture);
        var nonce = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
        var bodyHash = SignatureVerifier.ComputeBodyHash(body);
        var signature = SignatureVerifier.ComputeSignature(secret, "POST", url.PathAndQuery, timestamp, nonce, bodyHash);
        var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");
        request.Headers.Add("X-API-Key", apiKey);
        request.Headers.Add("X-Timestamp", timestamp);
        request.Headers.Add("X-Nonce", nonce);
        request.Headers.Add("X-Body-Hash", bodyHash);
        request.Headers.Add("X-Signature", signature);
        request.Headers.Add("X-Webhook-Event-Id", webhookEvent.EventId);
        request.Headers.Add("X-Webhook-Attempt", attempt.ToString(System.Globalization.CultureInfo.InvariantCulture));
        return request;
    }
}
