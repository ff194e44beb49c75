using System.Net.Http.Json;
using System.Security.Claims;
using System.Text.Json;
using Artha.Admin.Tests.Infrastructure;
using Artha.Sandbox;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Artha.Admin.E2E.Infrastructure;

/// <summary>Every test on the rig shares one <see cref="ScaleOutRig"/> (started once, about 15 s) and runs one after the other.</summary>
[CollectionDefinition(ScaleOutRig.Collection)]
public sealed class ScaleOutRigCollection : ICollectionFixture<ScaleOutRig>
{
}

/// <summary>
/// Two portal instances in Live mode on one private PostgreSQL database, against one standalone Artha sandbox, each
/// with every scale-out default on (<c>LiveStatus:EventStream=Postgres</c>, poller and reconciler running, the key ring
/// and the work leases in the database). The sandbox posts webhooks to instance A. Each instance names itself on its
/// Artha calls (<c>Artha:SendInstanceHeader</c>, instance ids <c>rig-A</c>/<c>rig-B</c>), so the sandbox's request log
/// (<c>/_sandbox/requests</c>) tells which instance asked what. <c>scripts/scale-out.sh</c> runs the same set-up as
/// processes behind nginx.
/// </summary>
public sealed class ScaleOutRig : IAsyncLifetime
{
    public const string Collection = "Scale-out rig";
    private const string ApiKey = "ak_test_rig";
    private const string Secret = "sk_test_rig_secret";

    private readonly PostgresServer _postgres = new();
    private readonly SemaphoreSlim _soloGate = new(1, 1);
    private WebApplication? _sandbox;
    private RigPortalServer? _solo;
    private string _database = "";

    public RigPortalServer A { get; private set; } = default!;
    public RigPortalServer B { get; private set; } = default!;
    public Uri SandboxAddress { get; private set; } = default!;

    /// <summary>The path the portal polls a top-up's status on (Artha.Client's <c>GetTopUpStatus</c> under <c>/api/v1</c>).</summary>
    public static string TopUpStatusPath(string topUpId) => $"/api/v1/topupstatus/{topUpId}";

    public async Task InitializeAsync()
    {
        await _postgres.InitializeAsync();
        _database = await CreateDatabaseAsync();

        var portA = PortalServer.FreeLoopbackPort();
        SandboxAddress = new Uri($"http://127.0.0.1:{PortalServer.FreeLoopbackPort()}");
        _sandbox = SandboxApp.Create(["--urls", SandboxAddress.GetLeftPart(UriPartial.Authority)], builder =>
        {
            builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["Sandbox:ApiKey"] = ApiKey,
                ["Sandbox:Secret"] = Secret,
                ["Sandbox:WebhookUrl"] = $"http://127.0.0.1:{portA}/webhooks/artha",
                ["Sandbox:CardIssueDelaySeconds"] = "2",
                ["Sandbox:TopUpDelaySeconds"] = "2",
                ["Sandbox:KycDelaySeconds"] = "2",
            });
            builder.Logging.SetMinimumLevel(LogLevel.Warning);
        });
        await _sandbox.StartAsync();

        // One after the other: the first applies the migrations and seeds the staff, the second finds them done.
        A = new RigPortalServer("rig-A", portA, InstanceSettings("rig-A", _database));
        await ((IAsyncLifetime)A).InitializeAsync();
        B = new RigPortalServer("rig-B", 0, InstanceSettings("rig-B", _database));
        await ((IAsyncLifetime)B).InitializeAsync();
    }

    /// <summary>A new, empty database on the rig's PostgreSQL (the first portal started on it migrates it).</summary>
    public async Task<string> CreateDatabaseAsync()
    {
        var database = "rig_" + Guid.NewGuid().ToString("N")[..12];
        await using var connection = new Npgsql.NpgsqlConnection(_postgres.ConnectionString);
        await connection.OpenAsync();
        await using var create = new Npgsql.NpgsqlCommand($"CREATE DATABASE {database}", connection);
        await create.ExecuteNonQueryAsync();
        return database;
    }

    /// <summary>
    /// The configuration of one rig instance called <paramref name="instanceId"/> on <paramref name="database"/>: Live
    /// mode against the rig's sandbox, PostgreSQL event stream, every other scale-out setting left at its default.
    /// </summary>
    public Dictionary<string, string?> InstanceSettings(string instanceId, string database) => new(PortalServer.JourneySettings)
    {
        ["Artha:Mode"] = "Live",
        ["Artha:BaseUrl"] = SandboxAddress.ToString(),
        ["Artha:ApiKey"] = ApiKey,
        ["Artha:Secret"] = Secret,
        ["Artha:WebhookSecret"] = Secret,
        ["Artha:WebhookApiKey"] = ApiKey,
        ["Artha:SendInstanceHeader"] = "true",
        ["Database:Provider"] = "Postgres",
        ["Database:ConnectionString"] = _postgres.ConnectionStringFor(database),
        ["LiveStatus:EventStream"] = "Postgres",
        ["WorkLeases:InstanceId"] = instanceId,
    };

    /// <summary>
    /// One more instance, <c>rig-S</c>, alone on its own database (the "1 instance" of the polling benchmark); started on
    /// first use and kept for the collection. No browser visits it.
    /// </summary>
    public async Task<RigPortalServer> SoloAsync()
    {
        await _soloGate.WaitAsync();
        try
        {
            if (_solo is null)
            {
                var solo = new RigPortalServer("rig-S", 0, InstanceSettings("rig-S", await CreateDatabaseAsync()), usesBrowser: false);
                await ((IAsyncLifetime)solo).InitializeAsync();
                _solo = solo;
            }
            return _solo;
        }
        finally
        {
            _soloGate.Release();
        }
    }

    /// <summary>KYC-approved customers with one active card each, seeded in the shared sandbox; returns the card ids.</summary>
    public async Task<IReadOnlyList<string>> SeedActiveCardsAsync(int count)
    {
        using var control = Control();
        var response = await control.PostAsync($"/_sandbox/seed?customers={count}&cardsPerCustomer=1&transactionsPerCard=0&seed={Random.Shared.Next(1, 1 << 20)}", null);
        response.EnsureSuccessStatusCode();
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        return body.GetProperty("cardIds").EnumerateArray().Select(c => c.GetString()!).ToList();
    }

    /// <summary>A KYC-approved customer with one active card, seeded in the shared sandbox.</summary>
    public async Task<(string CustomerId, string CardId)> SeedActiveCardAsync()
    {
        using var control = Control();
        var response = await control.PostAsync($"/_sandbox/seed?customers=1&cardsPerCustomer=1&transactionsPerCard=0&seed={Random.Shared.Next(1, 1 << 20)}", null);
        response.EnsureSuccessStatusCode();
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        return (body.GetProperty("customerIds")[0].GetString()!, body.GetProperty("cardIds")[0].GetString()!);
    }

    /// <summary>The Artha API requests the sandbox received whose path starts with <paramref name="pathPrefix"/>, oldest first.</summary>
    public async Task<IReadOnlyList<SandboxRequest>> SandboxRequestsAsync(string pathPrefix, string? caller = null)
    {
        using var control = Control();
        var query = $"/_sandbox/requests?path={Uri.EscapeDataString(pathPrefix)}" + (caller is null ? "" : $"&caller={Uri.EscapeDataString(caller)}");
        var body = await control.GetFromJsonAsync<JsonElement>(query);
        return body.GetProperty("data").EnumerateArray().Select(r => new SandboxRequest(
            r.GetProperty("method").GetString()!,
            r.GetProperty("path").GetString()!,
            r.GetProperty("caller").GetString()!,
            r.GetProperty("receivedAt").GetDateTimeOffset(),
            r.GetProperty("completedAt").ValueKind == JsonValueKind.Null ? null : r.GetProperty("completedAt").GetDateTimeOffset(),
            r.GetProperty("status").ValueKind == JsonValueKind.Null ? null : r.GetProperty("status").GetInt32())).ToList();
    }

    /// <summary>Holds the requests of <paramref name="caller"/> whose path starts with <paramref name="pathPrefix"/> until <see cref="LiftStallsAsync"/>.</summary>
    public async Task StallAsync(string pathPrefix, string caller)
    {
        using var control = Control();
        var response = await control.PostAsJsonAsync("/_sandbox/stalls", new { path = pathPrefix, caller, seconds = 120 });
        response.EnsureSuccessStatusCode();
    }

    public async Task LiftStallsAsync()
    {
        using var control = Control();
        (await control.DeleteAsync("/_sandbox/stalls")).EnsureSuccessStatusCode();
    }

    /// <summary>Approves a pending top-up now (one held by the sandbox's .77 rule stays pending until this).</summary>
    public async Task CompleteTopUpAsync(string topUpId)
    {
        using var control = Control();
        var response = await control.PostAsJsonAsync($"/_sandbox/topups/{topUpId}/complete", new { status = "approved" });
        response.EnsureSuccessStatusCode();
    }

    private HttpClient Control() => new() { BaseAddress = SandboxAddress, Timeout = TimeSpan.FromSeconds(30) };

    public async Task DisposeAsync()
    {
        if (_solo is not null)
        {
            await ((IAsyncLifetime)_solo).DisposeAsync();
        }
        if (B is not null)
        {
            await ((IAsyncLifetime)B).DisposeAsync();
        }
        if (A is not null)
        {
            await ((IAsyncLifetime)A).DisposeAsync();
        }
        if (_sandbox is not null)
        {
            await _sandbox.StopAsync();
            await _sandbox.DisposeAsync();
        }
        await _postgres.DisposeAsync();
        _soloGate.Dispose();
    }
}

/// <summary>One entry of the sandbox's request log: who (<see cref="Caller"/>, the instance id) asked what, and when.</summary>
public sealed record SandboxRequest(string Method, string Path, string Caller, DateTimeOffset ReceivedAt, DateTimeOffset? CompletedAt, int? Status);

/// <summary>One portal instance of the rig: Kestrel on a loopback port, Live mode, a rig database.</summary>
public sealed class RigPortalServer(string name, int port, IReadOnlyDictionary<string, string?> settings, bool usesBrowser = true) : PortalServer(port)
{
    /// <summary>The instance id: its work leases' owner and its tag in the sandbox's request log.</summary>
    public string Name { get; } = name;

    protected override IReadOnlyDictionary<string, string?> Settings => settings;

    protected override bool UsesBrowser => usesBrowser;

    /// <summary>A DI scope (like one circuit) signed in as <paramref name="role"/>, to act through this instance's services.</summary>
    public AsyncServiceScope ScopeAs(string role)
    {
        var scope = Services.CreateAsyncScope();
        var identity = new ClaimsIdentity(
        [
            new Claim(ClaimTypes.NameIdentifier, $"rig-{role.ToLowerInvariant()}"),
            new Claim(ClaimTypes.Name, $"{role.ToLowerInvariant()}@artha.local"),
            new Claim(ClaimTypes.Role, role),
        ], authenticationType: "Test");
        ((IHostEnvironmentAuthenticationStateProvider)scope.ServiceProvider.GetRequiredService<AuthenticationStateProvider>())
            .SetAuthenticationState(Task.FromResult(new AuthenticationState(new ClaimsPrincipal(identity))));
        return scope;
    }
}
