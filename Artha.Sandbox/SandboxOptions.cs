namespace Artha.Sandbox;

/// <summary>
/// Sandbox settings, bound from the <c>Sandbox</c> configuration section
/// (command line <c>--Sandbox:KycDelaySeconds=1</c>, environment <c>Sandbox__KycDelaySeconds=1</c>).
/// Defaults live here rather than in an appsettings.json so that a host embedding the sandbox keeps its own settings file.
/// </summary>
public sealed class SandboxOptions
{
    public const string SectionName = "Sandbox";

    /// <summary>The one API key the sandbox accepts (§3.1).</summary>
    public string ApiKey { get; set; } = "ak_test_sandbox";

    /// <summary>The HMAC secret paired with <see cref="ApiKey"/>; its UTF-8 bytes are the HMAC key (§3.3).</summary>
    public string Secret { get; set; } = "sk_test_sandbox_secret";

    /// <summary>Accepted clock skew between X-Timestamp and server time, in seconds (§3.5 rule 3).</summary>
    public int TimestampToleranceSeconds { get; set; } = 300;

    /// <summary>How long a nonce stays "used" for an API key, in seconds (§3.2: 5 minutes).</summary>
    public int NonceWindowSeconds { get; set; } = 300;

    /// <summary>Delay between KYC submission (Pending) and its outcome.</summary>
    public double KycDelaySeconds { get; set; } = 3;

    /// <summary>Delay between card issuance (state pending) and state active/failed.</summary>
    public double CardIssueDelaySeconds { get; set; } = 3;

    /// <summary>Delay between top-up creation (pending) and approved/rejected.</summary>
    public double TopUpDelaySeconds { get; set; } = 3;

    /// <summary>Delay after which an authorised purchase settles (hold released, status settled).</summary>
    public double PurchaseSettlementDelaySeconds { get; set; } = 60;

    /// <summary>Opening merchant portal balance, per currency (every currency starts with this amount).</summary>
    public decimal MerchantOpeningBalance { get; set; } = 100000.00m;

    /// <summary>When set, every state change is POSTed here as a §14 webhook.</summary>
    public string? WebhookUrl { get; set; }

    /// <summary>Secret used to sign webhook deliveries; falls back to <see cref="Secret"/>. The signing scheme is provisional (§14.5).</summary>
    public string? WebhookSecret { get; set; }

    /// <summary>Delivery attempts per webhook event before it is dropped.</summary>
    public int WebhookMaxAttempts { get; set; } = 5;

    /// <summary>First retry delay in milliseconds; doubles on every further attempt.</summary>
    public int WebhookInitialRetryDelayMilliseconds { get; set; } = 500;

    /// <summary>How often the background lifecycle timer completes due work and emits its webhooks.</summary>
    public int LifecycleTickMilliseconds { get; set; } = 250;
}
