using MudBlazor.Services;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Artha.Admin.Data;
using Artha.Admin.LiveStatus;
using Bunit;
using Microsoft.Extensions.DependencyInjection;

namespace Artha.Admin.Tests.LiveStatus;

/// <summary>"Timed out — check with Artha" read from the persisted watch, on the page showing that entity.</summary>
public sealed class TimedOutWatchNoticeTests : BunitContext, IAsyncLifetime
{
    private readonly LiveStatusHarness _harness = new();

    public TimedOutWatchNoticeTests()
    {
        Services.AddMudServices();
        Services.TryAddSingleton(TimeProvider.System);
        Services.AddLogging();
        Services.AddSingleton(_harness.Registry);
        Services.AddSingleton(_harness.Events);
        JSInterop.Mode = JSRuntimeMode.Loose;
    }

    Task IAsyncLifetime.InitializeAsync() => Task.CompletedTask;

    async Task IAsyncLifetime.DisposeAsync() => await _harness.DisposeAsync();

    /// <summary>Starts watches, lets the deadline pass and polls once: every active one times out.</summary>
    private async Task TimeOutActiveWatchesAsync()
    {
        _harness.Clock.Advance(TimeSpan.FromHours(1) + TimeSpan.FromSeconds(1));
        await _harness.Poller.RunOnceAsync(CancellationToken.None);
    }

    private IRenderedComponent<TimedOutWatchNotice> RenderFor(string cardId, Func<StatusWatch, bool>? isSettled = null) =>
        Render<TimedOutWatchNotice>(p => p
            .Add(x => x.Kinds, [WatchKind.CardIssuance, WatchKind.TopUp])
            .Add(x => x.Ids, [cardId])
            .Add(x => x.IsSettled, isSettled));

    [Fact]
    public async Task The_programme_wide_top_up_history_lists_every_timed_out_top_up_and_no_other_kind()
    {
        await _harness.Registry.WatchAsync(WatchKind.TopUp, "tu-a", "Top-up of £5.00 to card ••1111", "pending", cardId: "card-a");
        await _harness.Registry.WatchAsync(WatchKind.TopUp, "tu-b", "Top-up of £6.00 to card ••2222", "pending", cardId: "card-b");
        await _harness.Registry.WatchAsync(WatchKind.CardIssuance, "card-c", "Issuance of card ••3333", "pending", cardId: "card-c");
        await TimeOutActiveWatchesAsync();

        var notice = Render<TimedOutWatchNotice>(p => p
            .Add(x => x.Kinds, [WatchKind.TopUp])
            .Add(x => x.Ids, [null, null])
            .Add(x => x.AllEntities, true));

        notice.WaitForAssertion(() => Assert.Equal(2, notice.FindAll(".timed-out-watch").Count), TimeSpan.FromSeconds(30));
        var text = notice.Find("#timed-out-watches").TextContent;
        Assert.Contains("••1111", text);
        Assert.Contains("••2222", text);
        Assert.DoesNotContain("••3333", text);
    }

    [Fact]
    public async Task A_card_page_lists_the_timed_out_issuance_and_top_up_of_that_card_and_nothing_else()
    {
        await _harness.Registry.WatchAsync(WatchKind.CardIssuance, "card-1", "Issuance of card ••4242", "pending", cardId: "card-1");
        await _harness.Registry.WatchAsync(WatchKind.TopUp, "tu-1", "Top-up of £50.00 to card ••4242", "pending", cardId: "card-1");
        await _harness.Registry.WatchAsync(WatchKind.TopUp, "tu-other", "Top-up of £9.00 to card ••9999", "pending", cardId: "card-2");
        await TimeOutActiveWatchesAsync();
        // Still active: never listed.
        await _harness.Registry.WatchAsync(WatchKind.TopUp, "tu-2", "Top-up of £1.00 to card ••4242", "pending", cardId: "card-1");

        var notice = RenderFor("card-1");

        notice.WaitForAssertion(() => Assert.Equal(2, notice.FindAll(".timed-out-watch").Count), TimeSpan.FromSeconds(30));
        var text = notice.Find("#timed-out-watches").TextContent;
        Assert.Contains("Timed out — check with Artha.", text);
        Assert.Contains("Issuance of card ••4242 timed out — check with Artha.", text);
        Assert.Contains("Top-up of £50.00 to card ••4242 timed out — check with Artha.", text);
        Assert.Contains("Last status pending", text);
        Assert.DoesNotContain("••9999", text);
        Assert.DoesNotContain("£1.00", text);
    }

    [Fact]
    public async Task Nothing_is_shown_without_a_timed_out_watch_and_a_time_out_while_the_page_is_open_appears_by_itself()
    {
        await _harness.Registry.WatchAsync(WatchKind.TopUp, "tu-live", "Top-up of £5.00 to card ••1111", "pending", cardId: "card-live");
        var notice = RenderFor("card-live");
        Assert.Empty(notice.FindAll("#timed-out-watches"));

        await TimeOutActiveWatchesAsync();

        notice.WaitForAssertion(() => Assert.Contains("Top-up of £5.00 to card ••1111 timed out — check with Artha.", notice.Find(".timed-out-watch").TextContent),
            TimeSpan.FromSeconds(30));
    }

    [Fact]
    public async Task A_watch_started_again_leaves_the_list_and_a_settled_one_is_hidden()
    {
        await _harness.Registry.WatchAsync(WatchKind.CardIssuance, "card-3", "Issuance of card ••3333", "pending", cardId: "card-3");
        await TimeOutActiveWatchesAsync();

        var settled = RenderFor("card-3", isSettled: w => w.Kind == WatchKind.CardIssuance);
        var open = RenderFor("card-3");
        open.WaitForAssertion(() => Assert.Single(open.FindAll(".timed-out-watch")), TimeSpan.FromSeconds(30));
        Assert.Empty(settled.FindAll(".timed-out-watch"));

        // E.g. a resubmission: the same watch is active again, so no longer timed out. The page learns it from the change its
        // start publishes; here the registry alone is used, so tell the page as ArthaService would.
        await _harness.Registry.WatchAsync(WatchKind.CardIssuance, "card-3", "Issuance of card ••3333", "pending", cardId: "card-3");
        await _harness.Events.PublishAsync(new StatusChange(StatusSubject.Card, "card-3", "pending", "Issuance of card ••3333 restarted", DateTime.UtcNow) { CardId = "card-3" });

        open.WaitForAssertion(() => Assert.Empty(open.FindAll(".timed-out-watch")), TimeSpan.FromSeconds(30));
    }
}
