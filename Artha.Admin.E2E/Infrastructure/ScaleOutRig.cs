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

/// <summary>
/// Two portal instances in Live mode on one private PostgreSQL database, against one standalone Artha sandbox, each
/// with every scale-out default on (<c>LiveStatus:EventStream=Postgres</c>, poller and reconciler running). The sandbox
/// posts webhooks to instance A. <c>scripts/scale-out.sh</c> runs the same set-up as processes behind nginx.
/// </summary>
public sealed class ScaleOutRig : IAsyncLifetime
{
    private const string ApiKey = "ak_test_rig";
    private const string Secret = "sk_test_rig_secret";

    private readonly PostgresServer _postgres = new();
    private WebApplication? _sandbox;

    public RigPortalServer A { get; private set; } = default!;
    public RigPortalServer B { get; private set; } = default!;
    public Uri SandboxAddress { get; private set; } = default!;

    public async Task InitializeAsync()
    {
        await _postgres.InitializeAsync();
        var database = "rig_" + Guid.NewGuid().ToString("N")[..12];
        await using (var connection = new Npgsql.NpgsqlConnection(_postgres.ConnectionString))
        {
            await connection.OpenAsync();
            await using var create = new Npgsql.NpgsqlCommand($"CREATE DATABASE {database}", connection);
            await create.ExecuteNonQueryAsync();
        }

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

        var settings = new Dictionary<string, string?>(PortalServer.JourneySettings)
        {
            ["Artha:Mode"] = "Live",
            ["Artha:BaseUrl"] = SandboxAddress.ToString(),
            ["Artha:ApiKey"] = ApiKey,
            ["Artha:Secret"] = Secret,
            ["Artha:WebhookSecret"] = Secret,
            ["Artha:WebhookApiKey"] = ApiKey,
            ["Database:Provider"] = "Postgres",
            ["Database:ConnectionString"] = _postgres.ConnectionStringFor(database),
            ["LiveStatus:EventStream"] = "Postgres",
        };
        // One after the other: the first applies the migrations and seeds the staff, the second finds them done.
        A = new RigPortalServer("A", portA, settings);
        await ((IAsyncLifetime)A).InitializeAsync();
        B = new RigPortalServer("B", 0, settings);
        await ((IAsyncLifetime)B).InitializeAsync();
    }

    /// <summary>A KYC-approved customer with one active card, seeded in the shared sandbox.</summary>
    public async Task<(string CustomerId, string CardId)> SeedActiveCardAsync()
    {
        using var control = new HttpClient { BaseAddress = SandboxAddress };
        var response = await control.PostAsync($"/_sandbox/seed?customers=1&cardsPerCustomer=1&transactionsPerCard=0&seed={Random.Shared.Next(1, 1 << 20)}", null);
        response.EnsureSuccessStatusCode();
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        return (body.GetProperty("customerIds")[0].GetString()!, body.GetProperty("cardIds")[0].GetString()!);
    }

    public async Task DisposeAsync()
    {
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
    }
}

/// <summary>One portal instance of the rig: Kestrel on a loopback port, Live mode, the rig's shared database.</summary>
public sealed class RigPortalServer(string name, int port, IReadOnlyDictionary<string, string?> settings) : PortalServer(port)
{
    public string Name { get; } = name;

    protected override IReadOnlyDictionary<string, string?> Settings => settings;

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
