namespace Artha.Client.Configuration;

/// <summary>
/// Settings for the Artha API client, bound from the <c>Artha</c> configuration section.
/// </summary>
public sealed class ArthaClientOptions
{
    /// <summary>The configuration section the options are bound from.</summary>
    public const string SectionName = "Artha";

    /// <summary>Scheme and host (optionally a base path) of the Artha API, e.g. <c>https://api.example.com</c>.</summary>
    public string BaseUrl { get; set; } = "";

    /// <summary>Public API key, sent in <c>X-API-Key</c>.</summary>
    public string ApiKey { get; set; } = "";

    /// <summary>Private HMAC secret; used as UTF-8 key bytes and never sent or logged.</summary>
    public string Secret { get; set; } = "";

    /// <summary>Path prefix in front of every endpoint path: <c>/api/v1</c> (default) or <c>/ext/api/v1</c>.</summary>
    public string PathPrefix { get; set; } = "/api/v1";

    /// <summary>Timeout of a single HTTP attempt, in seconds (fractions allowed).</summary>
    public double TimeoutSeconds { get; set; } = 30;

    /// <summary>Maximum automatic retries of an idempotent GET (0 disables retries).</summary>
    public int MaxRetries { get; set; } = 2;

    /// <summary>Base delay of the jittered exponential back-off between GET retries, in milliseconds.</summary>
    public int RetryBaseDelayMilliseconds { get; set; } = 500;

    /// <summary>Endpoint path templates, relative to <see cref="PathPrefix"/>.</summary>
    public ArthaPathOptions Paths { get; set; } = new();
}
