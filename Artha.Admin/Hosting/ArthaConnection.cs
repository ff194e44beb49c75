#if ARTHA_SANDBOX
using Artha.Sandbox;
#endif

namespace Artha.Admin.Hosting;

public enum ArthaMode
{
    /// <summary>The embedded Artha.Sandbox, started in this process on a private loopback port.</summary>
    Sandbox,
    /// <summary>The real Artha API at <c>Artha:BaseUrl</c> with <c>Artha:ApiKey</c> and <c>Artha:Secret</c>.</summary>
    Live,
}

/// <summary>Decides which Artha the portal talks to, and starts the embedded sandbox in <see cref="ArthaMode.Sandbox"/> mode.</summary>
public static class ArthaConnection
{
    public const string DefaultSandboxApiKey = "ak_test_sandbox";
    public const string DefaultSandboxSecret = "sk_test_sandbox_secret";

    public static ArthaMode GetArthaMode(this IConfiguration configuration) =>
        configuration.GetValue("Artha:Mode", ArthaMode.Sandbox);

    /// <summary>
    /// Whether Artha.Sandbox is compiled into this build. Builds include it; <c>dotnet publish</c> leaves it out unless
    /// <c>-p:IncludeSandbox=true</c> (Artha.Admin.csproj), so a production publish carries no simulator.
    /// </summary>
    public const bool SandboxIncluded =
#if ARTHA_SANDBOX
        true;
#else
        false;
#endif

    /// <summary>
    /// In Sandbox mode, starts Artha.Sandbox before the portal's services are built and points the
    /// <c>Artha</c> configuration section at it, so the Artha client needs no special case.
    /// </summary>
    public static WebApplicationBuilder AddArthaConnection(this WebApplicationBuilder builder)
    {
        var sandbox = builder.Configuration.GetArthaMode() == ArthaMode.Sandbox;
        // Outside Development the simulator runs only with Artha:AllowSandbox=true (SafeStart), and every page then says so.
        builder.Services.AddSingleton(new SandboxNotice(sandbox && !builder.Environment.IsDevelopment()));
        if (!sandbox)
        {
            builder.Services.AddSingleton<Services.IMerchantBalanceSource, Services.UnknownMerchantBalance>();
            builder.Services.AddSingleton<Services.ISandboxTools, Services.NoSandboxTools>();
            return builder;
        }
#if ARTHA_SANDBOX
        return builder.AddEmbeddedSandbox();
#else
        throw new InvalidOperationException(
            "Artha:Mode is Sandbox, but this build of the portal does not contain the Artha sandbox. Set Artha:Mode=Live, or publish with -p:IncludeSandbox=true.");
#endif
    }

#if ARTHA_SANDBOX
    private static WebApplicationBuilder AddEmbeddedSandbox(this WebApplicationBuilder builder)
    {

        var sandboxSettings = builder.Configuration.GetSection("Sandbox").AsEnumerable(makePathsRelative: false)
            .Where(kv => kv.Value is not null)
            .ToDictionary(kv => kv.Key, kv => kv.Value);
        var apiKey = builder.Configuration["Sandbox:ApiKey"] ?? DefaultSandboxApiKey;
        var secret = builder.Configuration["Sandbox:Secret"] ?? DefaultSandboxSecret;
        var address = ResolveEmbeddedAddress(builder.Configuration["Sandbox:EmbeddedUrl"]);
        sandboxSettings["Sandbox:ApiKey"] = apiKey;
        sandboxSettings["Sandbox:Secret"] = secret;
        // Point the sandbox's webhooks at this portal's receiver unless configured otherwise (or turned off with
        // Sandbox:PortalWebhooks=false). Without a known address the sandbox sends none and polling resolves watches.
        if (string.IsNullOrWhiteSpace(builder.Configuration["Sandbox:WebhookUrl"])
            && builder.Configuration.GetValue("Sandbox:PortalWebhooks", true)
            && ResolvePortalWebhookUrl(builder.Configuration) is { } webhookUrl)
        {
            sandboxSettings["Sandbox:WebhookUrl"] = webhookUrl.ToString();
        }

        // The sandbox itself starts with the portal's hosted services (after the portal is built), but its
        // address is fixed now so the Artha client is configured like any other Artha.
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Artha:BaseUrl"] = address.ToString(),
            ["Artha:ApiKey"] = apiKey,
            ["Artha:Secret"] = secret,
        });
        builder.Services.AddSingleton(sp => new EmbeddedSandbox(address, sandboxSettings, sp.GetRequiredService<ILogger<EmbeddedSandbox>>()));
        builder.Services.AddHostedService(sp => sp.GetRequiredService<EmbeddedSandbox>());
        builder.Services.AddHttpClient(nameof(Services.SandboxMerchantBalance));
        builder.Services.AddSingleton<Services.IMerchantBalanceSource, Services.SandboxMerchantBalance>();
        builder.Services.AddHttpClient(nameof(Services.EmbeddedSandboxTools));
        builder.Services.AddSingleton<Services.ISandboxTools, Services.EmbeddedSandboxTools>();
        return builder;
    }

#endif

    /// <summary>
    /// The portal's own <c>/webhooks/artha</c> as the sandbox can reach it, from the addresses the portal is told to
    /// listen on (<c>urls</c>, i.e. <c>--urls</c> or <c>ASPNETCORE_URLS</c>; else <c>http_ports</c>). Wildcard hosts
    /// become loopback; an https-only or port-0 address, or no address at all (e.g. Kestrel's implicit default, or a
    /// test host), gives null: webhooks stay off rather than guessing at a port another program may own.
    /// </summary>
    internal static Uri? ResolvePortalWebhookUrl(IConfiguration configuration)
    {
        var candidates = (configuration["urls"] ?? "").Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToList();
        candidates.AddRange((configuration["http_ports"] ?? "").Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(port => $"http://127.0.0.1:{port}"));
        foreach (var candidate in candidates)
        {
            var normalized = candidate.Replace("://*", "://127.0.0.1", StringComparison.Ordinal)
                .Replace("://+", "://127.0.0.1", StringComparison.Ordinal)
                .Replace("://0.0.0.0", "://127.0.0.1", StringComparison.Ordinal)
                .Replace("://[::]", "://127.0.0.1", StringComparison.Ordinal);
            if (Uri.TryCreate(normalized, UriKind.Absolute, out var uri) && uri.Scheme == Uri.UriSchemeHttp && uri.Port > 0)
            {
                return new UriBuilder(uri) { Path = "/webhooks/artha", Query = "" }.Uri;
            }
        }
        return null;
    }

#if ARTHA_SANDBOX
    /// <summary>
    /// <c>Sandbox:EmbeddedUrl</c> with port 0 (the default) means "any free loopback port": one is reserved now
    /// and handed to the sandbox when it starts, so two portals (or test hosts) never collide.
    /// </summary>
    private static Uri ResolveEmbeddedAddress(string? configured)
    {
        var uri = new Uri(string.IsNullOrWhiteSpace(configured) ? "http://127.0.0.1:0" : configured);
        if (uri.Port != 0)
        {
            return uri;
        }
        using var probe = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        probe.Start();
        var port = ((System.Net.IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        return new UriBuilder(uri) { Port = port }.Uri;
    }
#endif
}

/// <summary>Whether every page shows the simulator banner (Sandbox mode outside Development, see <c>Artha:AllowSandbox</c>).</summary>
public sealed record SandboxNotice(bool Show);

#if ARTHA_SANDBOX
/// <summary>Artha.Sandbox running inside the portal's process on a loopback port; started and stopped with the portal.</summary>
public sealed class EmbeddedSandbox(Uri address, IReadOnlyDictionary<string, string?> settings, ILogger<EmbeddedSandbox> logger)
    : IHostedService, IAsyncDisposable
{
    private WebApplication? _app;

    public Uri Address { get; } = address;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        _app = SandboxApp.Create(["--urls", Address.GetLeftPart(UriPartial.Authority)], builder =>
        {
            builder.Configuration.AddInMemoryCollection(settings);
            // The portal logs what matters about the sandbox; its own start-up chatter would only confuse.
            builder.Logging.AddFilter("Microsoft.Hosting.Lifetime", LogLevel.Warning);
        });
        await _app.StartAsync(cancellationToken);
        logger.LogInformation("Embedded Artha sandbox listening on {Address} (Artha:Mode=Sandbox).", Address);
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (_app is not null)
        {
            await _app.StopAsync(cancellationToken);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.DisposeAsync();
        }
    }
}
#endif
