using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Playwright;

namespace Artha.Admin.E2E.Infrastructure;

/// <summary>
/// The real portal (Kestrel on a free loopback port, embedded sandbox, private SQLite file) plus one headless
/// Chromium, shared by every test in a class. Each test opens its own browser context.
/// </summary>
public class PortalServer : WebApplicationFactory<Program>, IAsyncLifetime
{
    public const string ChromiumPath = "/usr/bin/chromium";

    private static readonly string[] ChromiumArgs =
    [
        "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic",
    ];

    private readonly string _dataFolder = Path.Combine(Path.GetTempPath(), "artha-admin-e2e", Guid.NewGuid().ToString("N"));
    private IPlaywright? _playwright;

    public IBrowser Browser { get; private set; } = default!;
    public Uri Address { get; private set; } = default!;

    /// <summary>Screenshots land next to the test assembly, under the test output.</summary>
    public static string ScreenshotFolder { get; } = Path.Combine(AppContext.BaseDirectory, "screenshots");

    /// <summary>The screenshot folder shows the last run only: stale captures of an earlier run would mislead.</summary>
    static PortalServer()
    {
        // Playwright's expectations give up after 5 s by default; on a busy 2-core CI machine a first render (JIT,
        // first Artha call) can take longer. The same 15 s as every browser action (NewPageAsync).
        Assertions.SetDefaultExpectTimeout(15_000);
        if (Directory.Exists(ScreenshotFolder))
        {
            Directory.Delete(ScreenshotFolder, recursive: true);
        }
    }

    public PortalServer() : this(0)
    {
    }

    /// <summary>A portal on a fixed loopback port (0 = any free port), e.g. so the sandbox can post webhooks to it.</summary>
    protected PortalServer(int port) => UseKestrel(port);

    /// <summary>
    /// Sandbox lifecycles and the live-status polling schedule for the journeys: Artha decides after 2–3 s (long enough
    /// to see "pending" on screen; a top-up's journey navigates before looking) and the poller asks every 0.5–1 s, so
    /// a journey waits seconds, not minutes. A derived fixture may replace them.
    /// </summary>
    public static readonly IReadOnlyDictionary<string, string?> JourneySettings = new Dictionary<string, string?>
    {
        ["Sandbox:KycDelaySeconds"] = "2",
        ["Sandbox:CardIssueDelaySeconds"] = "2",
        ["Sandbox:TopUpDelaySeconds"] = "3",
        ["LiveStatus:Kyc:InitialIntervalSeconds"] = "0.5",
        ["LiveStatus:Kyc:MaxIntervalSeconds"] = "1",
        ["LiveStatus:CardIssuance:InitialIntervalSeconds"] = "0.5",
        ["LiveStatus:CardIssuance:MaxIntervalSeconds"] = "1",
        ["LiveStatus:TopUp:InitialIntervalSeconds"] = "0.5",
        ["LiveStatus:TopUp:MaxIntervalSeconds"] = "1",
    };

    /// <summary>False for an instance no browser visits (e.g. a rig instance a test only drives through its services).</summary>
    protected virtual bool UsesBrowser => true;

    /// <summary>Configuration the portal starts with (besides the environment and the private data folder).</summary>
    protected virtual IReadOnlyDictionary<string, string?> Settings => JourneySettings;

    /// <summary>The portal's configuration value for <paramref name="key"/> as this fixture starts it.</summary>
    public string? Setting(string key) => Settings.TryGetValue(key, out var value) ? value : null;

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Development");
        builder.UseSetting("Database:DataFolder", _dataFolder);
        builder.ConfigureLogging(logging => logging.AddProvider(
            new FileLoggerProvider(Path.Combine(ScreenshotFolder, $"{GetType().Name}-server.log"), LogLevel.Warning)));
        foreach (var (key, value) in Settings)
        {
            builder.UseSetting(key, value);
        }
    }

    /// <summary>A free loopback port right now (a later bind may race with other programs, which is unlikely on a test machine).</summary>
    public static int FreeLoopbackPort()
    {
        using var probe = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        probe.Start();
        var port = ((System.Net.IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        return port;
    }

    public async Task InitializeAsync()
    {
        if (!File.Exists(ChromiumPath))
        {
            // Never a silent skip: without a browser the journeys are not tested, and CI must say so loudly.
            throw new InvalidOperationException(
                $"Chromium is not installed at {ChromiumPath}, so the end-to-end tests cannot run. Install it with " +
                "`apt-get install -y chromium` or run the README's test command, which installs it.");
        }

        // ARTHA_E2E_BASE_URL points the journeys at a portal started elsewhere (e.g. the README's run command).
        var external = Environment.GetEnvironmentVariable("ARTHA_E2E_BASE_URL");
        if (!string.IsNullOrWhiteSpace(external))
        {
            Address = new Uri(external);
        }
        else
        {
            StartServer();
            var addresses = Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses;
            Address = new Uri(addresses.First().Replace("[::]", "127.0.0.1").Replace("0.0.0.0", "127.0.0.1"));
        }
        Directory.CreateDirectory(ScreenshotFolder);
        if (!UsesBrowser)
        {
            return;
        }

        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ChromiumPath,
            Headless = true,
            Args = ChromiumArgs,
        });
    }

    public async Task<IPage> NewPageAsync()
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = Address.ToString(),
            ViewportSize = new() { Width = 1366, Height = 900 },
            AcceptDownloads = true,
        });
        context.SetDefaultTimeout(15_000);
        return await context.NewPageAsync();
    }

    public async Task SignInAsync(IPage page, string email, string password)
    {
        await page.GotoAsync("/Account/Login");
        await page.FillAsync("#Input\\.Email", email);
        await page.FillAsync("#Input\\.Password", password);
        await page.ClickAsync("#sign-in");
        await page.WaitForUrlAsync(url => !url.Contains("/Account/Login", StringComparison.OrdinalIgnoreCase));
    }

    async Task IAsyncLifetime.DisposeAsync()
    {
        if (Browser is not null)
        {
            await Browser.CloseAsync();
        }
        _playwright?.Dispose();
        await DisposeAsync();
        try
        {
            Directory.Delete(_dataFolder, recursive: true);
        }
        catch (IOException)
        {
            // The temp folder is cleaned by the OS if SQLite still holds the file.
        }
    }
}
