using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using Artha.Sandbox.State;
using Artha.Sandbox.Tests.Infrastructure;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Artha.Sandbox.Tests;

/// <summary>
/// A receiver that holds every event's first delivery open (no answer at all) until the test opens the gate, then answers
/// that attempt 503 and every later attempt 200. The dispatcher's HTTP timeout (10 s) is far longer than the test needs.
/// </summary>
public sealed class StalledReceiverHost : SandboxHost
{
    private WebApplication _receiver = null!;
    private readonly TaskCompletionSource _gate = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly ConcurrentDictionary<string, int> _attempts = new();
    private string _receiverUrl = "";

    public sealed record Attempt(string EventId, string EventType, string? CustomerId, int Number, string Outcome);

    /// <summary>Attempts that reached the receiver (Outcome "held" until they finish).</summary>
    public ConcurrentQueue<Attempt> Arrived { get; } = new();
    /// <summary>Attempts that are over: "answered 503", "answered 200" or "aborted" (the sender gave up).</summary>
    public ConcurrentQueue<Attempt> Finished { get; } = new();

    public void OpenGate() => _gate.TrySetResult();

    protected override async Task BeforeStartAsync()
    {
        var builder = WebApplication.CreateBuilder(["--urls", "http://127.0.0.1:0"]);
        builder.Logging.ClearProviders();
        _receiver = builder.Build();
        _receiver.MapPost("/hooks", async (HttpContext context) =>
        {
            using var buffer = new MemoryStream();
            await context.Request.Body.CopyToAsync(buffer);
            var json = JsonDocument.Parse(buffer.ToArray()).RootElement;
            var eventId = json.GetProperty("event_id").GetString()!;
            var number = _attempts.AddOrUpdate(eventId, 1, (_, n) => n + 1);
            var attempt = new Attempt(eventId, json.GetProperty("event_type").GetString()!, json.GetProperty("customer_id").GetString(), number, "held");
            Arrived.Enqueue(attempt);
            if (number > 1)
            {
                Finished.Enqueue(attempt with { Outcome = "answered 200" });
                return Results.Ok();
            }
            try
            {
                await _gate.Task.WaitAsync(context.RequestAborted);
            }
            catch (OperationCanceledException)
            {
                Finished.Enqueue(attempt with { Outcome = "aborted" });
                throw;
            }
            Finished.Enqueue(attempt with { Outcome = "answered 503" });
            return Results.StatusCode(StatusCodes.Status503ServiceUnavailable);
        });
        await _receiver.StartAsync();
        _receiverUrl = _receiver.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First() + "/hooks";
    }

    protected override void Configure(WebApplicationBuilder builder)
    {
        builder.Configuration["Sandbox:WebhookUrl"] = _receiverUrl;
        builder.Configuration["Sandbox:WebhookInitialRetryDelayMilliseconds"] = "20";
        builder.Configuration["Sandbox:WebhookMaxAttempts"] = "3";
    }

    public override async Task DisposeAsync()
    {
        OpenGate();
        await base.DisposeAsync();
        await _receiver.StopAsync();
        await _receiver.DisposeAsync();
    }
}

public class StalledReceiverTests(StalledReceiverHost host) : IClassFixture<StalledReceiverHost>
{
    [Fact]
    public async Task Api_calls_return_while_the_receiver_holds_the_delivery_open_and_the_delivery_is_retried_afterwards()
    {
        var customerId = await host.CreateIndividual();
        var product = DefaultProducts.GbpVirtualId;

        var submitted = await host.Post($"/api/v1/customers/{customerId}/products/{product}/applicant", SandboxHost.GbpKyc(customerId));
        Assert.Equal(HttpStatusCode.OK, submitted.Status);
        Assert.Equal("Pending", submitted.Str("applicantStatus"));
        // The call has returned; the receiver has not finished (answered or timed out) any delivery: none waited for.
        Assert.Empty(host.Finished);

        // The cardholder.reviewing delivery is now held open at the receiver...
        Assert.True(await Eventually(() => host.Arrived.Any(a => a.CustomerId == customerId && a.EventType == "cardholder.reviewing")),
            "the first delivery never reached the receiver");
        // ...and further state changes still complete and answer while it hangs.
        host.Time.AdvanceSeconds(3.1);
        Assert.Equal("Approved", (await host.Get($"/api/v1/customers/{customerId}/products/{product}/applicantstatus")).Str("applicantStatus"));
        var card = await host.Post("/api/v1/cards", new { customerId, productId = product, currency = "GBP" });
        Assert.Equal(HttpStatusCode.Created, card.Status);
        Assert.Empty(host.Finished);

        // Once the receiver answers (503 to each first attempt), every event is delivered again and accepted.
        host.OpenGate();
        var expected = new[] { "cardholder.reviewing", "cardholder.approved", "card.under_review" };
        Assert.True(await Eventually(() => expected.All(type => host.Finished.Any(a => a.CustomerId == customerId && a.EventType == type && a.Outcome == "answered 200"))),
            "not every event was redelivered after the receiver recovered: " + string.Join(", ", host.Finished.Select(a => $"{a.EventType}#{a.Number} {a.Outcome}")));
        foreach (var type in expected)
        {
            var attempts = host.Finished.Where(a => a.CustomerId == customerId && a.EventType == type).OrderBy(a => a.Number).ToList();
            Assert.Equal(["answered 503", "answered 200"], attempts.Select(a => a.Outcome));
            Assert.Equal([1, 2], attempts.Select(a => a.Number));
            Assert.Single(attempts.Select(a => a.EventId).Distinct());
        }
    }

    private static async Task<bool> Eventually(Func<bool> condition)
    {
        for (var i = 0; i < 300; i++)
        {
            if (condition()) return true;
            await Task.Delay(50);
        }
        return condition();
    }
}

/// <summary>A sandbox whose webhook URL points at a port nobody listens on (connection refused), with its log captured.</summary>
public sealed class DownReceiverHost : SandboxHost
{
    public CapturingLoggerProvider Log { get; } = new();

    protected override void Configure(WebApplicationBuilder builder)
    {
        // Take a free port and release it: connecting to it is refused.
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        builder.Configuration["Sandbox:WebhookUrl"] = $"http://127.0.0.1:{port}/hooks";
        builder.Configuration["Sandbox:WebhookInitialRetryDelayMilliseconds"] = "10";
        builder.Configuration["Sandbox:WebhookMaxAttempts"] = "3";
        builder.Logging.AddProvider(Log);
    }
}

public sealed class CapturingLoggerProvider : ILoggerProvider
{
    public sealed record Entry(string Category, LogLevel Level, IReadOnlyDictionary<string, object?> Values, string Message);

    public ConcurrentQueue<Entry> Entries { get; } = new();

    public ILogger CreateLogger(string categoryName) => new Logger(categoryName, Entries);

    public void Dispose() { }

    private sealed class Logger(string category, ConcurrentQueue<Entry> entries) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;
        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            var values = state is IEnumerable<KeyValuePair<string, object?>> pairs
                ? pairs.ToDictionary(p => p.Key, p => p.Value)
                : new Dictionary<string, object?>();
            entries.Enqueue(new Entry(category, logLevel, values, formatter(state, exception)));
        }
    }
}

public class DownReceiverTests(DownReceiverHost host) : IClassFixture<DownReceiverHost>
{
    [Fact]
    public async Task Api_calls_succeed_when_the_receiver_refuses_connections_and_each_event_is_retried_then_dropped()
    {
        var (_, cardId) = await host.ActiveGbpCard();
        var frozen = await host.Post($"/api/v1/cards/{cardId}/freeze");
        Assert.Equal(HttpStatusCode.OK, frozen.Status);
        Assert.Equal("frozen", frozen.Str("status"));

        var dispatcherLog = () => host.Log.Entries.Where(e => e.Category == typeof(Webhooks.WebhookDispatcher).FullName).ToList();
        static bool IsFreeze(CapturingLoggerProvider.Entry e) => Equals(e.Values.GetValueOrDefault("EventType"), "card.freeze");
        for (var i = 0; i < 300 && !dispatcherLog().Any(e => IsFreeze(e) && e.Level == LogLevel.Error); i++)
            await Task.Delay(50);

        var freeze = dispatcherLog().Where(IsFreeze).ToList();
        var failures = freeze.Where(e => e.Level == LogLevel.Warning).ToList();
        Assert.Equal([1, 2, 3], failures.Select(e => Convert.ToInt32(e.Values["Attempt"], System.Globalization.CultureInfo.InvariantCulture)).Order());
        Assert.All(failures, e => Assert.Contains("failed", e.Message));
        var dropped = Assert.Single(freeze, e => e.Level == LogLevel.Error);
        Assert.Contains("dropped after 3 attempts", dropped.Message);
        Assert.Single(freeze.Select(e => e.Values["EventId"]).Distinct());

        // The sandbox carries on normally.
        Assert.Equal("active", (await host.Post($"/api/v1/cards/{cardId}/unfreeze")).Str("status"));
    }
}
