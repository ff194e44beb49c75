using System.Diagnostics;
using System.Net;
using System.Text.Json;
using Artha.Admin.Hosting;
using Artha.Admin.Security;
using Artha.Admin.Services;
using Artha.Admin.Tests.Cards;
using Artha.Admin.Tests.Infrastructure;
using Artha.Admin.Tests.LiveStatus;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

namespace Artha.Admin.Tests.Hosting;

/// <summary>The portal with OpenTelemetry's in-memory exporters added after its own telemetry set-up.</summary>
public sealed class TelemetryPortalFactory : LivePortalFactory
{
    public List<Activity> Spans { get; } = [];
    public List<MetricSnapshot> Metrics { get; } = [];

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureTestServices(services => services
            .ConfigureOpenTelemetryTracerProvider(tracing => tracing.AddInMemoryExporter(Spans))
            .ConfigureOpenTelemetryMeterProvider(metrics => metrics.AddInMemoryExporter(Metrics)));
    }

    /// <summary>Everything recorded so far, exported now.</summary>
    public (IReadOnlyList<Activity> Spans, IReadOnlyList<MetricSnapshot> Metrics) Collect()
    {
        Services.GetRequiredService<TracerProvider>().ForceFlush();
        Services.GetRequiredService<MeterProvider>().ForceFlush();
        lock (Spans)
        {
            lock (Metrics)
            {
                return (Spans.ToList(), Metrics.ToList());
            }
        }
    }
}

/// <summary>
/// Traces (requests, Artha calls, EF Core) and the Artha.Admin meter reach an exporter; no card number, CVV, query
/// string or secret is in any attribute even after a reveal of the full card details; /health reports as JSON.
/// </summary>
public class TelemetryTests(TelemetryPortalFactory portal) : IClassFixture<TelemetryPortalFactory>
{
    [Fact]
    public async Task Requests_artha_calls_and_ef_commands_are_traced_and_the_meter_records_calls_errors_lag_backlog_and_circuits()
    {
        var (_, cardId) = await portal.SeedActiveCardAsync();
        using var browser = await portal.SignInAsync("operations@artha.local", "Operations!Dev2026");
        (await browser.GetAsync("/")).Dispose();
        await using (var operations = portal.ScopeAs(PortalRoles.Operations))
        {
            var artha = operations.ServiceProvider.GetRequiredService<ArthaService>();
            await artha.FreezeCardAsync(cardId);
            await Assert.ThrowsAnyAsync<Exception>(() => artha.FreezeCardAsync("card_does_not_exist_" + Guid.NewGuid().ToString("N")));
        }
        using (var webhook = LiveStatusTestExtensions.SignedWebhook(LiveStatusTestExtensions.TopUpEvent("tu_" + Guid.NewGuid().ToString("N"), "approved")))
        {
            var response = await portal.CreateClient().SendAsync(webhook);
            Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        }
        await portal.Services.GetRequiredService<WatchBacklogSampler>().SampleAsync(CancellationToken.None);

        // The metric reader exports periodically: wait until every instrument this test asserts has points (not only
        // a name), so a slow export under load cannot make the assertions below read an earlier, partial snapshot.
        string[] expected = ["artha.webhook.lag", "artha.watch.backlog", "artha.watch.oldest_due_age", "artha.client.duration", "artha.client.errors"];
        var (spans, metrics) = await EventuallyAsync(m => expected.All(name => Points(m, name).Count > 0));

        Assert.Contains(spans, s => s.Kind == ActivityKind.Server && s.Source.Name == "Microsoft.AspNetCore" && s.GetTagItem("http.route") is not null);
        Assert.Contains(spans, s => s.Kind == ActivityKind.Client && s.Source.Name == "System.Net.Http" && s.GetTagItem("url.full") is string url && url.Contains("/cards/"));
        Assert.Contains(spans, s => s.Source.Name.Contains("EntityFrameworkCore"));

        var calls = Points(metrics, "artha.client.duration");
        Assert.Contains(calls, p => p.Tags.TryGetValue("artha.endpoint", out var e) && e is string name && name.Contains("Freeze") && Equals(p.Tags["artha.outcome"], "ok"));
        var errors = Points(metrics, "artha.client.errors");
        Assert.Contains(errors, p => p.Tags.TryGetValue("artha.endpoint", out var e) && e is string name && name.Length > 0 && name != "unknown");
        Assert.NotEmpty(Points(metrics, "artha.webhook.lag"));
        Assert.NotEmpty(Points(metrics, "artha.watch.backlog"));
        Assert.NotEmpty(Points(metrics, "artha.watch.oldest_due_age"));
        Assert.Contains(metrics, m => m.Name == "artha.circuits.open" || m.Name.StartsWith("http.server", StringComparison.Ordinal));
    }

    [Fact]
    public async Task No_card_number_cvv_query_string_or_secret_reaches_any_span_or_metric_attribute()
    {
        var (_, cardId) = await portal.SeedActiveCardAsync();
        RevealedCardDetails details;
        await using (var operations = portal.ScopeAs(PortalRoles.Operations).SteppedUp())
        {
            details = await operations.ServiceProvider.GetRequiredService<ArthaService>()
                .RevealCardDetailsAsync(cardId, "Customer asked on a verified call");
        }
        Assert.False(string.IsNullOrEmpty(details.CardNumber));
        using var browser = await portal.SignInAsync("support@artha.local", "Support!Dev2026");
        (await browser.GetAsync($"/cards?search={details.CardNumber}&cvv={details.Cvv}")).Dispose();
        (await browser.GetAsync($"/cards/{details.CardNumber}")).Dispose();

        var (spans, metrics) = portal.Collect();

        var values = spans.SelectMany(s => s.TagObjects.Select(t => (s.DisplayName, t.Key, Value: t.Value?.ToString() ?? "")))
            .Concat(spans.Select(s => (s.DisplayName, Key: "(name)", Value: s.DisplayName)))
            .Concat(metrics.SelectMany(m => m.MetricPoints.SelectMany(p => PointTags(p).Select(t => (m.Name, t.Key, Value: t.Value?.ToString() ?? "")))))
            .ToList();
        Assert.NotEmpty(values);
        Assert.DoesNotContain(values, v => v.Value.Contains(details.CardNumber!));
        Assert.DoesNotContain(values, v => v.Value == details.Cvv);
        Assert.DoesNotContain(values, v => v.Value.Contains("cvv=") || v.Value.Contains("search="));
        Assert.DoesNotContain(values, v => v.Key == "url.query");
        Assert.DoesNotContain(values, v => v.Value.Contains("sk_test_sandbox_secret") || v.Value.Contains("ak_test_sandbox"));
    }

    [Fact]
    public async Task Health_reports_the_database_artha_and_the_poller_as_json()
    {
        var response = await portal.CreateClient().GetAsync("/health");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.StartsWith("application/json", response.Content.Headers.ContentType?.ToString());
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var checks = json.RootElement.GetProperty("checks");
        Assert.Equal("Healthy", checks.GetProperty("database").GetProperty("status").GetString());
        Assert.Equal("Healthy", checks.GetProperty("artha").GetProperty("status").GetString());
        var poller = checks.GetProperty("poller");
        Assert.Equal("Healthy", poller.GetProperty("status").GetString());
        Assert.True(poller.GetProperty("data").GetProperty("lagSeconds").GetDouble() >= 0);
        Assert.True(poller.GetProperty("data").GetProperty("dueWatches").GetInt32() >= 0);
        Assert.Equal("Healthy", json.RootElement.GetProperty("status").GetString());
    }

    private async Task<(IReadOnlyList<Activity> Spans, IReadOnlyList<MetricSnapshot> Metrics)> EventuallyAsync(Func<IReadOnlyList<MetricSnapshot>, bool> ready)
    {
        var until = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            var collected = portal.Collect();
            if (ready(collected.Metrics) || DateTime.UtcNow > until)
            {
                return collected;
            }
            await Task.Delay(100);
        }
    }

    private sealed record Point(IReadOnlyDictionary<string, object?> Tags);

    private static List<Point> Points(IReadOnlyList<MetricSnapshot> metrics, string name) =>
        metrics.Where(m => m.Name == name)
            .SelectMany(m => m.MetricPoints)
            .Select(p => new Point(PointTags(p).ToDictionary(t => t.Key, t => t.Value)))
            .ToList();

    private static List<KeyValuePair<string, object?>> PointTags(MetricPoint point)
    {
        var tags = new List<KeyValuePair<string, object?>>();
        foreach (var tag in point.Tags)
        {
            tags.Add(tag);
        }
        return tags;
    }
}
