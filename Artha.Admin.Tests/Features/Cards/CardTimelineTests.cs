using Artha.Admin.Auditing;
using Artha.Admin.Features.Cards;
using Artha.Admin.Features.Cards.Rules;
using Artha.Admin.LiveStatus;
using Artha.Admin.Security;
using Artha.Admin.Services;
using Artha.Admin.Tests.Cards;
using Artha.Admin.Tests.Infrastructure;
using Bunit;
using Microsoft.Extensions.DependencyInjection;

namespace Artha.Admin.Tests.Features.Cards;

/// <summary>The card timeline: the merge rules, then the tab against a real ArthaService and the embedded sandbox.</summary>
public class CardTimelineTests(PortalFactory portal) : PortalPageTestBase(portal), IClassFixture<PortalFactory>
{
    private static readonly DateTime T0 = new(2026, 5, 1, 12, 0, 0, DateTimeKind.Utc);

    private static CardTimelineEntry E(int minutes, CardTimelineKind kind, string what, string outcome = "succeeded", string channel = "portal") =>
        new(T0.AddMinutes(minutes), kind, what, outcome, channel);

    [Fact]
    public void The_merge_is_newest_first_with_Artha_before_the_audit_row_of_the_same_moment_and_a_live_change_Artha_also_shows_once()
    {
        var audit = new[] { E(5, CardTimelineKind.TopUp, "Top-up sent"), E(1, CardTimelineKind.Operation, "Freeze") };
        var artha = new[] { E(5, CardTimelineKind.TopUp, "Top-up of £10.00 approved", "approved", "Artha"), E(0, CardTimelineKind.Issuance, "Card issued", "active", "Artha") };
        var events = new[]
        {
            E(5, CardTimelineKind.TopUp, "Top-up approved (live)", "approved", "live change (Artha)"),   // Artha's own record shows it
            E(3, CardTimelineKind.Issuance, "Card frozen (live)", "frozen", "live change (portal)"),
        };

        var merged = CardTimelineMerge.Merge(audit, artha, events);

        Assert.Equal(["Top-up of £10.00 approved", "Top-up sent", "Card frozen (live)", "Freeze", "Card issued"], merged.Select(e => e.What));
    }

    [Fact]
    public void The_kinds_filter_keeps_only_the_kinds_ticked_and_none_ticked_means_all()
    {
        var audit = new[] { E(2, CardTimelineKind.Limits, "Limits changed"), E(1, CardTimelineKind.Operation, "Freeze") };

        Assert.Equal(["Freeze"], CardTimelineMerge.Merge(audit, [], [], new HashSet<CardTimelineKind> { CardTimelineKind.Operation }).Select(e => e.What));
        Assert.Equal(2, CardTimelineMerge.Merge(audit, [], [], new HashSet<CardTimelineKind>()).Count);
    }

    [Theory]
    [InlineData(StatusWatchResolver.SystemActor, "Top-up: status approved (learned by webhook)", "system watch (webhook)")]
    [InlineData(StatusWatchResolver.SystemActor, "Top-up: status approved (learned by polling)", "system watch (polling)")]
    [InlineData(TopUpReconciler.SystemActor, "adopted", "reconciler")]
    [InlineData("ops@artha.local", "reason: lost", "portal")]
    public void The_channel_says_how_an_audited_change_came_about(string user, string detail, string channel) =>
        Assert.Equal(channel, CardTimelineMerge.ChannelOf(new AuditEntry { UserName = user, Detail = detail }));

    [Fact]
    public async Task The_timeline_tab_shows_operations_with_who_role_reason_and_channel_limits_old_to_new_and_transactions_and_updates_live()
    {
        var (_, cardId) = await Portal.SeedActiveCardAsync();
        string currency;
        await using (var operations = Portal.ScopeAs(PortalRoles.Operations))
        {
            var artha = operations.ServiceProvider.GetRequiredService<ArthaService>();
            currency = (await artha.GetCardAsync(cardId)).Currency!;
            await artha.UpdateCardLimitsAsync(cardId, new CardLimitsUpdate { DailyLimit = LimitChange.Set(80m), Reason = "Timeline test" });
        }
        await Portal.PurchaseAsync(cardId, 4.5m, currency, "Timeline Shop");
        SignInAs(PortalRoles.Admin);

        var timeline = RenderWithProviders<CardTimeline>(p => p.Add(x => x.CardId, cardId));

        timeline.WaitForAssertion(() => Assert.Contains(timeline.FindAll(".timeline-entry"), e => e.TextContent.Contains("Timeline Shop")), TimeSpan.FromSeconds(30));
        var entries = timeline.FindAll(".timeline-entry");
        var limits = Assert.Single(entries, e => e.GetAttribute("data-kind") == "limits");
        Assert.Contains("daily none → 80", limits.TextContent);
        Assert.Contains("Timeline test", limits.TextContent);
        Assert.Contains("(Operations)", limits.TextContent);
        Assert.Contains("portal", limits.QuerySelector(".timeline-channel")!.TextContent);
        Assert.Contains(entries, e => e.GetAttribute("data-kind") == "issuance" && e.TextContent.Contains("Card issued"));
        var purchase = Assert.Single(entries, e => e.TextContent.Contains("Timeline Shop"));
        Assert.StartsWith("transactions/", purchase.QuerySelector("a")!.GetAttribute("href"));
        // Newest first.
        var times = entries.Select(e => e.QuerySelector("time")!.GetAttribute("datetime")!).ToList();
        Assert.Equal(times.OrderByDescending(t => DateTime.Parse(t, null, System.Globalization.DateTimeStyles.RoundtripKind)), times);

        // Live: a freeze made elsewhere appears without a reload, with its reason.
        await using (var operations = Portal.ScopeAs(PortalRoles.Operations))
        {
            await operations.ServiceProvider.GetRequiredService<ArthaService>().FreezeCardAsync(cardId, "Timeline live freeze");
        }
        timeline.WaitForAssertion(() => Assert.Contains(timeline.FindAll(".timeline-entry[data-kind='operation']"), e => e.TextContent.Contains("Timeline live freeze")), TimeSpan.FromSeconds(30));

        // Filter: untick everything but operations.
        foreach (var kind in new[] { "issuance", "limits", "pin", "topup", "transaction", "replacement" })
        {
            timeline.Find($".timeline-kind[data-kind='{kind}'] input").Change(false);
        }
        timeline.WaitForAssertion(() => Assert.All(timeline.FindAll(".timeline-entry"), e => Assert.Equal("operation", e.GetAttribute("data-kind"))), TimeSpan.FromSeconds(30));
        Assert.NotEmpty(timeline.FindAll(".timeline-entry"));
    }

    [Fact]
    public async Task Support_sees_what_happened_but_not_who_or_the_audit_detail()
    {
        var (_, cardId) = await Portal.SeedActiveCardAsync();
        await using (var operations = Portal.ScopeAs(PortalRoles.Operations))
        {
            await operations.ServiceProvider.GetRequiredService<ArthaService>().FreezeCardAsync(cardId, "Support must not read this");
        }
        SignInAs(PortalRoles.Support);

        var timeline = RenderWithProviders<CardTimeline>(p => p.Add(x => x.CardId, cardId));

        timeline.WaitForAssertion(() => Assert.Contains(timeline.FindAll(".timeline-entry"), e => e.GetAttribute("data-kind") == "operation"), TimeSpan.FromSeconds(30));
        Assert.DoesNotContain("Support must not read this", timeline.Markup);
        Assert.Empty(timeline.FindAll(".timeline-who"));
    }
}
