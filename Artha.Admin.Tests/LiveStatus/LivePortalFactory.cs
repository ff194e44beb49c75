using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using Artha.Admin.Data;
using Artha.Admin.LiveStatus;
using Artha.Admin.LiveStatus.Webhooks;
using Artha.Admin.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Artha.Admin.Tests.LiveStatus;

/// <summary>The portal with its embedded sandbox, polling every second or so and Artha answering after one second.</summary>
public class LivePortalFactory : PortalFactory
{
    protected override IEnumerable<KeyValuePair<string, string?>> Settings => FastPolling.Concat(ExtraSettings);

    /// <summary>More settings for one portal (e.g. Artha:Mode=Live).</summary>
    public IReadOnlyDictionary<string, string?> ExtraSettings { get; init; } = new Dictionary<string, string?>();

    public static readonly IReadOnlyDictionary<string, string?> FastPolling = new Dictionary<string, string?>
    {
        ["LiveStatus:TopUp:InitialIntervalSeconds"] = "0.5",
        ["LiveStatus:TopUp:MaxIntervalSeconds"] = "1",
        ["LiveStatus:Kyc:InitialIntervalSeconds"] = "0.5",
        ["LiveStatus:Kyc:MaxIntervalSeconds"] = "1",
        ["LiveStatus:CardIssuance:InitialIntervalSeconds"] = "0.5",
        ["LiveStatus:CardIssuance:MaxIntervalSeconds"] = "1",
        ["Sandbox:TopUpDelaySeconds"] = "1",
        ["Sandbox:KycDelaySeconds"] = "1",
        ["Sandbox:CardIssueDelaySeconds"] = "1",
    };
}

/// <summary>Helpers shared by the integration tests.</summary>
public static class LiveStatusTestExtensions
{
    public static async Task<StatusWatch> WatchRowAsync(this PortalFactory portal, long id)
    {
        await using var db = await portal.Services.GetRequiredService<IDbContextFactory<AdminDbContext>>().CreateDbContextAsync();
        return await db.StatusWatches.AsNoTracking().SingleAsync(w => w.Id == id);
    }

    /// <summary>Waits (≤ <paramref name="seconds"/>) for the watch to leave Active.</summary>
    public static async Task<StatusWatch> WaitUntilFinishedAsync(this PortalFactory portal, long id, double seconds = 15)
    {
        var until = DateTime.UtcNow.AddSeconds(seconds);
        while (true)
        {
            var watch = await portal.WatchRowAsync(id);
            if (watch.Outcome != WatchOutcome.Active || DateTime.UtcNow > until)
            {
                return watch;
            }
            await Task.Delay(100);
        }
    }

    /// <summary>Records every change published on the portal's stream from now on.</summary>
    public static (List<StatusChange> Changes, IDisposable Subscription) Listen(this PortalFactory portal) =>
        portal.Services.GetRequiredService<IStatusEventStream>().Listen();

    /// <summary>Records every change <paramref name="stream"/> delivers from now on (lock the list to read it).</summary>
    public static (List<StatusChange> Changes, IDisposable Subscription) Listen(this IStatusEventStream stream)
    {
        var changes = new List<StatusChange>();
        var subscription = stream.Subscribe(change =>
        {
            lock (changes)
            {
                changes.Add(change);
            }
            return Task.CompletedTask;
        });
        return (changes, subscription);
    }

    /// <summary>
    /// Waits (≤ <paramref name="seconds"/>) until <paramref name="changes"/> holds a change matching <paramref name="match"/>.
    /// A watch's row is committed before its change is published, so a test that saw the row finished may be a moment
    /// ahead of the change; assert on the list after this.
    /// </summary>
    public static async Task WaitForChangeAsync(this List<StatusChange> changes, Func<StatusChange, bool> match, double seconds = 10)
    {
        var until = DateTime.UtcNow.AddSeconds(seconds);
        while (DateTime.UtcNow < until)
        {
            lock (changes)
            {
                if (changes.Any(match))
                {
                    return;
                }
            }
            await Task.Delay(20);
        }
    }

    /// <summary>A webhook delivery signed like the embedded sandbox signs them (§3 scheme, the sandbox's key and secret).</summary>
    public static HttpRequestMessage SignedWebhook(string json, DateTimeOffset? at = null, string? nonce = null, string secret = "sk_test_sandbox_secret")
    {
        var body = Encoding.UTF8.GetBytes(json);
        var timestamp = (at ?? DateTimeOffset.UtcNow).ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture);
        nonce ??= Guid.NewGuid().ToString("N");
        var bodyHash = Convert.ToBase64String(SHA256.HashData(body));
        var request = new HttpRequestMessage(HttpMethod.Post, ArthaWebhookEndpoint.Path) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        request.Headers.Add("X-API-Key", "ak_test_sandbox");
        request.Headers.Add("X-Timestamp", timestamp);
        request.Headers.Add("X-Nonce", nonce);
        request.Headers.Add("X-Body-Hash", bodyHash);
        request.Headers.Add("X-Signature", HmacWebhookSignatureVerifier.ComputeSignature(secret, "POST", ArthaWebhookEndpoint.Path, timestamp, nonce, bodyHash));
        return request;
    }

    public static string TopUpEvent(string topUpId, string status, string? eventId = null) =>
        $$"""{"event":"top_up","event_id":"{{eventId ?? "evt_" + Guid.NewGuid().ToString("N")}}","event_type":"top_up","created_at":"2026-11-21T09:00:00Z","card_id":"card-x","customer_id":null,"transaction_id":"{{topUpId}}","product_id":null,"status":"{{status}}"}""";

    /// <summary>The same event as real Artha may send it: no <c>event_id</c> (the docs never promise one).</summary>
    public static string TopUpEventWithoutId(string topUpId, string status, string amount = "50.00") =>
        $$"""{"event":"top_up","created_at":"2026-11-21T09:00:00Z","card_id":"card-x","customer_id":null,"transaction_id":"{{topUpId}}","product_id":null,"status":"{{status}}","authorized_amount":"{{amount}}","authorized_currency":"GBP"}""";
}
