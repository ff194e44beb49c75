using Artha.Sandbox.Auth;
using Artha.Sandbox.Control;
using Artha.Sandbox.Diagnostics;
using Artha.Sandbox.Endpoints;
using Artha.Sandbox.Http;
using Artha.Sandbox.Lifecycle;
using Artha.Sandbox.State;
using Artha.Sandbox.Webhooks;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Artha.Sandbox;

/// <summary>
/// Hosting entry points. <see cref="Create"/> builds the standalone app (used by Program.cs and by hosts that embed
/// the sandbox on its own port); <see cref="AddArthaSandbox"/> + <see cref="MapArthaSandbox"/> mount it in any host.
/// </summary>
public static class SandboxApp
{
    /// <summary>
    /// Builds the fully configured, unstarted sandbox app. <paramref name="configure"/> runs before the sandbox services
    /// are added, so it can set configuration (<c>b.Configuration["Sandbox:KycDelaySeconds"]</c>) or register a
    /// <see cref="TimeProvider"/> that the sandbox then uses.
    /// </summary>
    public static WebApplication Create(string[] args, Action<WebApplicationBuilder>? configure = null)
    {
        var builder = WebApplication.CreateBuilder(args);
        configure?.Invoke(builder);
        builder.Services.AddArthaSandbox(builder.Configuration);
        var app = builder.Build();
        // Every response, including 404s for unknown paths, carries X-Request-Id.
        app.Use((context, next) =>
        {
            RequestIds.Get(context);
            return next(context);
        });
        app.MapGet("/", () => Results.Text(
            "Artha.Sandbox: Artha card-issuing API simulator. API under /api/v1 and /ext/api/v1 (HMAC-signed, see README); control under /_sandbox."));
        app.MapArthaSandbox();
        return app;
    }

    /// <summary>Registers the sandbox state, auth, lifecycle timer and webhook delivery; options from the <c>Sandbox</c> section.</summary>
    public static IServiceCollection AddArthaSandbox(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<SandboxOptions>().Bind(configuration.GetSection(SandboxOptions.SectionName));
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<WebhookQueue>();
        services.TryAddSingleton<SandboxStore>();
        services.TryAddSingleton<SignatureVerifier>();
        services.TryAddSingleton<RequestLog>();
        services.TryAddSingleton<RequestStalls>();
        services.TryAddSingleton<LifecycleProcessor>();
        services.AddHostedService<LifecycleBackgroundService>();
        services.AddHostedService<WebhookDispatcher>();
        services.AddHttpClient(WebhookDispatcher.HttpClientName, client => client.Timeout = TimeSpan.FromSeconds(10));
        return services;
    }

    /// <summary>Maps every Artha API route under /api/v1 and /ext/api/v1, plus the /_sandbox control endpoints.</summary>
    public static IEndpointRouteBuilder MapArthaSandbox(this IEndpointRouteBuilder endpoints)
    {
        foreach (var prefix in new[] { "/api/v1", "/ext/api/v1" })
        {
            var api = endpoints.MapGroup(prefix).AddEndpointFilter<SandboxRequestFilter>();
            CustomerEndpoints.Map(api);
            ProductEndpoints.Map(api);
            CardEndpoints.Map(api);
            FundingEndpoints.Map(api);
            TransactionEndpoints.Map(api);
        }
        ControlEndpoints.Map(endpoints);
        return endpoints;
    }
}
