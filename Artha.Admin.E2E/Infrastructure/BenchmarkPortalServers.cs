using Artha.Admin.Data;
using Artha.Admin.LiveStatus;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Artha.Admin.E2E.Infrastructure;

/// <summary>
/// The portal as it runs out of the box against its sandbox (Artha approves a top-up after the sandbox's default 3 s;
/// the poller's sandbox-mode schedule, no test overrides) with every Artha call counted. Webhooks are off: polling only.
/// </summary>
public class PollingBenchmarkPortalServer : PortalServer
{
    public PollingBenchmarkPortalServer() : this(0)
    {
    }

    protected PollingBenchmarkPortalServer(int port) : base(port)
    {
    }

    public ArthaCallCounter Calls { get; } = new();

    public virtual bool Webhooks => false;

    protected override IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["Sandbox:TopUpDelaySeconds"] = "3",
        ["Sandbox:PortalWebhooks"] = "false",
    };

    /// <summary>The top-up watch schedule the portal actually uses, as text.</summary>
    public string TopUpPollSchedule
    {
        get
        {
            var o = Services.GetRequiredService<IOptionsMonitor<StatusWatchOptions>>().Get(nameof(WatchKind.TopUp));
            return $"first poll after {o.InitialIntervalSeconds:0.##} s, then x{o.BackoffFactor:0.##} up to {o.MaxIntervalSeconds:0.##} s, each shortened by up to {o.JitterRatio:P0} jitter";
        }
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureTestServices(services =>
            services.ConfigureHttpClientDefaults(client => client.AddHttpMessageHandler(() => new CountingHandler(Calls))));
    }

    private sealed class CountingHandler(ArthaCallCounter counter) : DelegatingHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            counter.Count(request);
            return base.SendAsync(request, cancellationToken);
        }
    }
}

/// <summary>
/// The same portal on a loopback port chosen before it starts, so the embedded sandbox posts its webhooks to the
/// portal's <c>/webhooks/artha</c> (Sandbox:WebhookUrl) and watches resolve as soon as Artha changes state.
/// </summary>
public sealed class WebhookBenchmarkPortalServer : PollingBenchmarkPortalServer
{
    public WebhookBenchmarkPortalServer() : this(FreeLoopbackPort())
    {
    }

    private WebhookBenchmarkPortalServer(int port) : base(port) => Port = port;

    public int Port { get; }

    public override bool Webhooks => true;

    protected override IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["Sandbox:TopUpDelaySeconds"] = "3",
        ["Sandbox:WebhookUrl"] = $"http://127.0.0.1:{Port}/webhooks/artha",
    };
}

/// <summary>Counts the portal's outgoing Artha calls: all of them, and Get Top-Up Status alone.</summary>
public sealed class ArthaCallCounter
{
    private int _all;
    private int _topUpStatus;

    public (int All, int TopUpStatus) Snapshot() => (Volatile.Read(ref _all), Volatile.Read(ref _topUpStatus));

    public void Count(HttpRequestMessage request)
    {
        Interlocked.Increment(ref _all);
        if (request.RequestUri?.AbsolutePath.Contains("topupstatus", StringComparison.OrdinalIgnoreCase) == true)
        {
            Interlocked.Increment(ref _topUpStatus);
        }
    }
}
