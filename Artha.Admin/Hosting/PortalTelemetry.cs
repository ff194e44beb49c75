using System.Diagnostics;
using System.Text.RegularExpressions;
using Artha.Client;
using Microsoft.AspNetCore.Components.Server.Circuits;
using Microsoft.Extensions.DependencyInjection.Extensions;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace Artha.Admin.Hosting;

/// <summary>
/// OpenTelemetry for the portal: traces of ASP.NET Core requests, Artha calls (the <c>IArthaClient</c> HttpClient)
/// and EF Core commands; metrics of the <c>Artha.Admin</c> meter (<see cref="PortalMetrics"/>) plus ASP.NET Core's and
/// HttpClient's own. Exported over OTLP only when <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> is set (the standard
/// <c>OTEL_*</c> variables configure it); otherwise nothing leaves the process. Every span passes
/// <see cref="SensitiveDataScrubber"/> before any exporter sees it.
/// </summary>
public static class PortalTelemetry
{
    public const string OtlpEndpointVariable = "OTEL_EXPORTER_OTLP_ENDPOINT";

    public static WebApplicationBuilder AddPortalTelemetry(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddSingleton<PortalMetrics>();
        services.TryAddEnumerable(ServiceDescriptor.Scoped<CircuitHandler, CircuitMetricsHandler>());
        services.AddSingleton<WatchBacklogSampler>();
        services.AddHostedService(sp => sp.GetRequiredService<WatchBacklogSampler>());

        // Outermost on the Artha client, so a sample covers the whole call, retries included.
        services.AddTransient<ArthaCallMetricsHandler>();
        services.AddHttpClient(ArthaServiceCollectionExtensions.HttpClientName)
            .ConfigureAdditionalHttpMessageHandlers((handlers, sp) => handlers.Insert(0, sp.GetRequiredService<ArthaCallMetricsHandler>()));

        var otlp = !string.IsNullOrWhiteSpace(builder.Configuration[OtlpEndpointVariable]);
        services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService(
                serviceName: builder.Configuration["OTEL_SERVICE_NAME"] ?? "artha-admin",
                serviceInstanceId: Environment.MachineName + ":" + Environment.ProcessId))
            .WithTracing(tracing =>
            {
                tracing
                    .AddSource(PortalMetrics.MeterName)
                    .AddAspNetCoreInstrumentation(options =>
                    {
                        // Static files and the health probe would drown the interesting spans.
                        options.Filter = context => !context.Request.Path.StartsWithSegments("/_framework")
                            && !context.Request.Path.StartsWithSegments("/_content")
                            && !context.Request.Path.StartsWithSegments(PortalHealth.Path);
                        options.RecordException = false;
                    })
                    .AddHttpClientInstrumentation(options => options.RecordException = false)
                    .AddEntityFrameworkCoreInstrumentation()
                    // First processor: exporters added after it only ever see scrubbed spans.
                    .AddProcessor(new SensitiveDataScrubber());
                if (otlp)
                {
                    tracing.AddOtlpExporter();
                }
            })
            .WithMetrics(metrics =>
            {
                metrics
                    .AddMeter(PortalMetrics.MeterName)
                    .AddAspNetCoreInstrumentation()
                    .AddHttpClientInstrumentation();
                if (otlp)
                {
                    metrics.AddOtlpExporter();
                }
            });
        return builder;
    }
}

/// <summary>
/// Runs as each span ends, before any exporter: drops query strings and bodies (<c>url.query</c>, the query part of
/// <c>url.full</c>, request/response bodies, SQL parameters) and exception messages (instrumentations also record none), and replaces anything
/// shaped like a card number (12–19 digits) in the remaining string attributes and the span name.
/// </summary>
public sealed partial class SensitiveDataScrubber : BaseProcessor<Activity>
{
    private static readonly HashSet<string> Dropped = new(StringComparer.OrdinalIgnoreCase)
    {
        "url.query", "http.request.body", "http.response.body", "db.parameters", "exception.message", "exception.stacktrace",
    };

    private static readonly HashSet<string> Urls = new(StringComparer.OrdinalIgnoreCase) { "url.full", "http.url", "http.target", "url.original" };

    public override void OnEnd(Activity activity)
    {
        List<(string Key, string? Value)>? changes = null;
        foreach (var tag in activity.TagObjects)
        {
            if (Dropped.Contains(tag.Key) || tag.Key.StartsWith("db.query.parameter.", StringComparison.OrdinalIgnoreCase))
            {
                (changes ??= []).Add((tag.Key, null));
                continue;
            }
            if (tag.Value is not string text)
            {
                continue;
            }
            var clean = Urls.Contains(tag.Key) ? WithoutQuery(text) : text;
            clean = Security.CardNumberText.Remove(clean);
            if (!ReferenceEquals(clean, text) && clean != text)
            {
                (changes ??= []).Add((tag.Key, clean));
            }
        }
        if (changes is not null)
        {
            foreach (var (key, value) in changes)
            {
                activity.SetTag(key, value);
            }
        }
        var name = Security.CardNumberText.Remove(activity.DisplayName);
        if (name != activity.DisplayName)
        {
            activity.DisplayName = name;
        }
    }

    private static string WithoutQuery(string url)
    {
        var cut = url.IndexOfAny(['?', '#']);
        return cut < 0 ? url : url[..cut];
    }
}
