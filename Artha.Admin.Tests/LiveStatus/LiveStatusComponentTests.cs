using Artha.Admin.Components.LiveStatus;
using Artha.Admin.Components.UI;
using Artha.Admin.LiveStatus;
using Bunit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using MudBlazor;
using MudBlazor.Services;

namespace Artha.Admin.Tests.LiveStatus;

public class LiveStatusComponentTests : BunitContext, IAsyncLifetime
{
    private readonly InProcessStatusEventStream _events = new(NullLogger<InProcessStatusEventStream>.Instance);

    public LiveStatusComponentTests()
    {
        Services.AddMudServices();
        Services.AddScoped<PortalNotifier>();
        Services.AddSingleton<IStatusEventStream>(_events);
        Services.AddSingleton(TimeProvider.System);
        Services.AddLogging();
        JSInterop.Mode = JSRuntimeMode.Loose;
    }

    Task IAsyncLifetime.InitializeAsync() => Task.CompletedTask;

    // MudBlazor's services (the status chip's key interceptor among them) only dispose asynchronously.
    async Task IAsyncLifetime.DisposeAsync() => await DisposeAsync();

    private IReadOnlyList<Snackbar> Shown => Services.GetRequiredService<ISnackbar>().ShownSnackbars.ToList();

    private static StatusChange Change(string message, string status, bool notable) =>
        new(StatusSubject.TopUp, "tu-1", status, message, DateTime.UtcNow) { CardId = "card-1", IsNotable = notable };

    [Fact]
    public async Task An_open_page_shows_a_notification_for_a_notable_change_and_not_for_a_routine_one()
    {
        Render<LiveNotifications>();

        await _events.PublishAsync(Change("Top-up of £50.00 to card ••4242 is pending", "pending", notable: false));
        await _events.PublishAsync(Change("Top-up of £50.00 to card ••4242 approved", "approved", notable: true));

        var shown = Assert.Single(Shown);
        Assert.Equal("Top-up: Top-up of £50.00 to card ••4242 approved", shown.Message);
        Assert.Equal(MudBlazor.Severity.Success, shown.Severity);
    }

    [Fact]
    public async Task The_author_of_a_change_is_not_notified_twice_but_other_staff_are()
    {
        AddAuthorization().SetAuthorized("operations@artha.local").SetRoles("Operations");
        Render<LiveNotifications>();

        await _events.PublishAsync(Change("Card ••4242 frozen", "frozen", notable: true) with { InitiatedBy = "operations@artha.local" });
        await _events.PublishAsync(Change("Card ••9999 frozen", "frozen", notable: true) with { InitiatedBy = "admin@artha.local" });

        var shown = Assert.Single(Shown);
        Assert.Equal("Top-up: Card ••9999 frozen", shown.Message);
    }

    [Fact]
    public async Task A_closed_page_stops_listening()
    {
        var component = Render<LiveNotifications>();

        component.Instance.Dispose();
        await _events.PublishAsync(Change("Top-up approved", "approved", notable: true));

        Assert.Empty(Shown);
    }

    [Fact]
    public async Task The_activity_panel_counts_unseen_outcomes_and_lists_recent_changes_live_when_opened()
    {
        var panel = Render<LiveActivityPanel>();
        await _events.PublishAsync(Change("Top-up of £5.00 approved", "approved", notable: true));
        await _events.PublishAsync(Change("Top-up of £6.00 rejected", "rejected", notable: true));

        panel.WaitForAssertion(() => Assert.Equal("2", panel.Find(".live-unseen").TextContent.Trim()));
        panel.Find("#live-activity-toggle").Click();
        Assert.Empty(panel.FindAll(".live-unseen"));
        Assert.Equal(["Top-up of £6.00 rejected", "Top-up of £5.00 approved"], panel.FindAll(".live-message").Select(m => m.TextContent.Trim()));

        await _events.PublishAsync(Change("Top-up of £7.00 approved", "approved", notable: true));

        panel.WaitForAssertion(() => Assert.Equal("Top-up of £7.00 approved", panel.FindAll(".live-message")[0].TextContent.Trim()));
    }

    [Fact]
    public async Task A_page_whose_refresh_is_slow_does_not_hold_up_the_publisher_and_a_failing_refresh_does_not_stop_it_listening()
    {
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var handled = new List<string>();
        var afterHandled = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        Render<LiveRefresh>(p => p
            .Add(x => x.Subjects, [StatusSubject.TopUp])
            .Add(x => x.OnChange, async (StatusChange change) =>
            {
                lock (handled)
                {
                    handled.Add(change.Status);
                }
                if (change.Status == "failing")
                {
                    throw new InvalidOperationException("Artha could not be reached during the reload");
                }
                if (change.Status == "after")
                {
                    afterHandled.SetResult();
                }
                await release.Task;
            }));

        var slow = _events.PublishAsync(Change("Top-up approved", "slow", notable: false));
        var failing = _events.PublishAsync(Change("Top-up approved", "failing", notable: false));

        // The publisher (poller, webhook processor, another user's action) is done while the page's reload still runs.
        Assert.True(slow.IsCompletedSuccessfully);
        Assert.True(failing.IsCompletedSuccessfully);
        Assert.False(release.Task.IsCompleted);

        release.SetResult();
        await _events.PublishAsync(Change("Top-up approved", "after", notable: false));
        // A safety net against hanging, not a measurement.
        await afterHandled.Task.WaitAsync(TimeSpan.FromSeconds(30));
        lock (handled)
        {
            Assert.Equal(["slow", "failing", "after"], handled);
        }
    }
}
