using Artha.Admin.Data;
using Artha.Admin.LiveStatus;
using Artha.Client;
using Artha.Client.Models;
using Artha.Sandbox;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;

namespace Artha.Admin.Tests.LiveStatus;

/// <summary>
/// A watch outlives the portal process: Artha (a stand-alone sandbox here, so it outlives the portal too) keeps
/// its top-up while the portal stops and starts again on the same database, and the new portal finishes the watch.
/// </summary>
public sealed class WatchRestartTests : IAsyncLifetime
{
    private WebApplication? _artha;
    private string _arthaUrl = "";

    public async Task InitializeAsync()
    {
        _artha = SandboxApp.Create(["--urls", "http://127.0.0.1:0", "--environment", "Production"],
            b => b.Configuration["Sandbox:TopUpDelaySeconds"] = "1");
        await _artha.StartAsync();
        _arthaUrl = _artha.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
    }

    public async Task DisposeAsync()
    {
        if (_artha is not null)
        {
            await _artha.DisposeAsync();
        }
    }

    [Fact]
    public async Task A_watch_created_before_a_restart_is_completed_by_the_restarted_portal()
    {
        var folder = Path.Combine(Path.GetTempPath(), "artha-admin-tests", "restart-" + Guid.NewGuid().ToString("N"));
        long watchId;
        string topUpId;
        await using (var first = Portal(folder, keep: true, polling: false))
        {
            var artha = first.Services.GetRequiredService<IArthaClient>();
            using (var control = new HttpClient { BaseAddress = new Uri(_arthaUrl) })
            {
                (await control.PostAsync("/_sandbox/seed?customers=1&cardsPerCustomer=1&transactionsPerCard=0", null)).EnsureSuccessStatusCode();
            }
            var card = (await artha.Cards.ListAsync(new CardListQuery { Limit = 5 }, CancellationToken.None)).Items.First(c => c.State == CardState.Active);
            var topUp = await artha.Funding.TopUpAsync(card.Id, new TopUpRequest(12.00m, card.Currency!), CancellationToken.None);
            topUpId = topUp.TopUpId!;
            var watch = await first.Services.GetRequiredService<StatusWatchRegistry>()
                .WatchAsync(WatchKind.TopUp, topUpId, "Top-up of 12.00 before the restart", topUp.Status.Value, cardId: card.Id);
            watchId = watch.Id;
            // The first portal does not poll, so the watch is still open when it stops.
            await Task.Delay(1500);
            Assert.Equal(WatchOutcome.Active, (await first.WatchRowAsync(watchId)).Outcome);
        }

        await using var second = Portal(folder, keep: false, polling: true);
        var done = await second.WaitUntilFinishedAsync(watchId);

        Assert.Equal(WatchOutcome.Completed, done.Outcome);
        Assert.Equal(topUpId, done.EntityId);
        Assert.Equal("approved", done.LastStatus, ignoreCase: true);
    }

    private LivePortalFactory Portal(string folder, bool keep, bool polling) => new()
    {
        DataFolder = folder,
        KeepDataFolder = keep,
        ExtraSettings = new Dictionary<string, string?>
        {
            ["Artha:Mode"] = "Live",
            ["Artha:BaseUrl"] = _arthaUrl,
            ["Artha:ApiKey"] = "ak_test_sandbox",
            ["Artha:Secret"] = "sk_test_sandbox_secret",
            ["LiveStatus:Poller:Enabled"] = polling ? "true" : "false",
        },
    };
}
