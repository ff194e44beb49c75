using Artha.Admin.Auditing;
using Artha.Admin.Data;
using Artha.Admin.LiveStatus;
using Artha.Client.Models;
using Microsoft.EntityFrameworkCore;

namespace Artha.Admin.Tests.LiveStatus;

/// <summary>
/// A replacement whose new card Artha did not name: the rule that recognises the new card in the customer's cards, and
/// the watch that looks for it, hands over to the new card's issuance watch, backs off and times out.
/// </summary>
public class ReplacementWatchTests
{
    private const string Customer = "cust-1";
    private const string Product = "prod-1";
    private const string OldCard = "old-1";

    private static readonly DateTime RequestedAt = new(2026, 11, 21, 9, 0, 0, DateTimeKind.Utc);

    private static StatusWatch Watch(DateTime? createdAt = null, string? productId = Product) => new()
    {
        Kind = WatchKind.Replacement, EntityId = OldCard, CardId = OldCard, CustomerId = Customer, ProductId = productId,
        Description = "Replacement of card ••1234", CreatedAtUtc = createdAt ?? RequestedAt,
    };

    private static Card CardOf(string id, DateTime? createdAt, string? productId = Product, string? customerId = Customer, string state = "pending",
        string masked = "****5678") => new()
    {
        Id = id, CustomerId = customerId, ProductId = productId, CardNumberMasked = masked, State = new CardState(state),
        Status = new CardStatus("inactive"), CreatedAt = createdAt is { } at ? new DateTimeOffset(at) : null,
    };

    private static readonly IReadOnlySet<string> NoneClaimed = new HashSet<string>();

    // ---------------------------------------------------------------- the rule

    [Fact]
    public void The_new_card_is_picked_and_the_old_card_other_products_customers_older_and_claimed_cards_are_not()
    {
        var cards = new[]
        {
            CardOf(OldCard, RequestedAt.AddYears(-1), state: "active"),
            CardOf("other-product", RequestedAt.AddSeconds(-0.1), productId: "prod-2"),
            CardOf("other-customer", RequestedAt.AddSeconds(-0.1), customerId: "cust-2"),
            CardOf("older", RequestedAt.AddMinutes(-10), state: "active"),
            CardOf("claimed", RequestedAt.AddSeconds(-0.1)),
            CardOf("undated", null),
            CardOf("new-1", RequestedAt.AddSeconds(-0.4)),
            CardOf("later", RequestedAt.AddSeconds(40)),
        };

        var picked = ReplacementSearch.Pick(Watch(), cards, new HashSet<string> { "claimed" });

        Assert.Equal("new-1", picked?.Id);
    }

    [Fact]
    public void Nothing_is_picked_while_the_customer_has_no_new_card_on_the_product()
    {
        var cards = new[]
        {
            CardOf(OldCard, RequestedAt.AddYears(-1), state: "active"),
            CardOf("older", RequestedAt.AddDays(-3), state: "active"),
            CardOf("other-product", RequestedAt.AddSeconds(1), productId: "prod-2"),
        };

        Assert.Null(ReplacementSearch.Pick(Watch(), cards, NoneClaimed));
        Assert.Null(ReplacementSearch.Pick(Watch(), [CardOf("claimed", RequestedAt.AddSeconds(1))], new HashSet<string> { "claimed" }));
    }

    [Fact]
    public void A_card_dated_up_to_the_clock_tolerance_before_the_request_counts_and_one_dated_earlier_does_not()
    {
        var atTolerance = CardOf("at-tolerance", RequestedAt - ReplacementSearch.ClockTolerance);
        var beyond = CardOf("beyond", RequestedAt - ReplacementSearch.ClockTolerance - TimeSpan.FromSeconds(1));

        Assert.Equal("at-tolerance", ReplacementSearch.Pick(Watch(), [beyond, atTolerance], NoneClaimed)?.Id);
        Assert.Null(ReplacementSearch.Pick(Watch(), [beyond], NoneClaimed));
    }

    [Fact]
    public void Of_several_candidates_the_one_created_nearest_the_request_wins_and_a_card_naming_no_product_is_trusted_to_the_filter()
    {
        var cards = new[]
        {
            CardOf("a-minute-later", RequestedAt.AddMinutes(1)),
            CardOf("no-product-named", RequestedAt.AddSeconds(2), productId: null),
        };

        Assert.Equal("no-product-named", ReplacementSearch.Pick(Watch(), cards, NoneClaimed)?.Id);
    }

    [Theory]
    [InlineData("****5678", "card ••5678")]
    [InlineData("4111 11** **** 9012", "card ••9012")]
    [InlineData(null, "card")]
    public void The_new_card_is_named_by_its_last_four_digits(string? masked, string expected) =>
        Assert.Equal(expected, ReplacementSearch.ShortNameOf(new Card { Id = "c", CardNumberMasked = masked }));

    // ---------------------------------------------------------------- the watch

    private static Task<StatusWatch> WatchReplacementAsync(LiveStatusHarness harness, string oldCard = OldCard) =>
        harness.Registry.WatchAsync(WatchKind.Replacement, oldCard, "Replacement of card ••1234", "pending",
            productId: Product, customerId: Customer, cardId: oldCard, startedBy: "ops@artha.local");

    private static DateTime Now(LiveStatusHarness harness) => harness.Clock.GetUtcNow().UtcDateTime;

    [Fact]
    public async Task The_watch_finds_the_new_card_hands_over_to_its_issuance_watch_and_that_one_completes_when_it_is_active()
    {
        await using var harness = new LiveStatusHarness();
        var requestedAt = Now(harness);
        var watch = await WatchReplacementAsync(harness);
        harness.Artha.CardList = _ => Task.FromResult<IReadOnlyList<Card>>(
        [
            CardOf(OldCard, requestedAt.AddYears(-1), state: "active", masked: "****1234"),
            CardOf("older", requestedAt.AddDays(-1), state: "active"),
            CardOf("new-1", requestedAt.AddSeconds(-0.2)),
        ]);
        harness.Clock.Advance(TimeSpan.FromSeconds(1));

        await harness.Poller.RunOnceAsync(CancellationToken.None);

        var query = Assert.Single(harness.Artha.CardListQueries);
        Assert.Equal(Customer, query?.CustomerId);
        Assert.Equal(Product, query?.ProductId);
        var replacement = await harness.ReloadAsync(watch.Id);
        Assert.Equal(WatchOutcome.Completed, replacement.Outcome);
        Assert.Equal(WatchStatuses.ReplacementFound, replacement.LastStatus);
        StatusWatch issuance;
        await using (var db = harness.Db())
        {
            issuance = await db.StatusWatches.SingleAsync(w => w.Kind == WatchKind.CardIssuance);
            var audit = await db.AuditEntries.SingleAsync();
            Assert.Equal("card.replace.outcome", audit.Action);
            Assert.Equal(OldCard, audit.TargetId);
            Assert.Equal(AuditOutcome.Succeeded, audit.Outcome);
            Assert.Equal(StatusWatchResolver.SystemActor, audit.UserName);
            Assert.Contains("new-1", audit.Detail);
        }
        Assert.Equal("new-1", issuance.EntityId);
        Assert.Equal(WatchOutcome.Active, issuance.Outcome);
        Assert.Equal("pending", issuance.LastStatus);
        Assert.Equal((Customer, Product, "new-1"), (issuance.CustomerId, issuance.ProductId, issuance.CardId));
        Assert.Equal("Replacement of card ••1234", issuance.Description);
        Assert.Equal("ops@artha.local", issuance.StartedByUserName);
        var handOver = Assert.Single(harness.Published);
        Assert.True(handOver.IsNotable);
        Assert.Equal(StatusSubject.Card, handOver.Subject);
        Assert.Equal("Replacement of card ••1234 is being issued as card ••5678", handOver.Message);
        Assert.Equal("new-1", handOver.EntityId);
        Assert.True(handOver.Concerns(OldCard), "the old card's page hears of its replacement");
        Assert.True(handOver.Concerns("new-1"));

        harness.Artha.CardState = id => Task.FromResult(id == "new-1" ? "active" : "pending");
        harness.Clock.Advance(TimeSpan.FromSeconds(1));
        await harness.Poller.RunOnceAsync(CancellationToken.None);

        var issued = await harness.ReloadAsync(issuance.Id);
        Assert.Equal(WatchOutcome.Completed, issued.Outcome);
        Assert.Equal("active", issued.LastStatus);
        Assert.Equal(2, harness.Published.Count);
        Assert.Equal("Replacement of card ••1234 completed", harness.Published[1].Message);
        Assert.Equal("new-1", harness.Published[1].EntityId);
        Assert.Single(harness.Artha.CardListQueries);
    }

    [Fact]
    public async Task A_new_card_already_active_when_found_completes_its_issuance_watch_at_once()
    {
        await using var harness = new LiveStatusHarness();
        var watch = await WatchReplacementAsync(harness);
        var requestedAt = Now(harness);
        harness.Artha.CardList = _ => Task.FromResult<IReadOnlyList<Card>>([CardOf("new-1", requestedAt.AddSeconds(0.5), state: "active")]);
        harness.Clock.Advance(TimeSpan.FromSeconds(1));

        await harness.Poller.RunOnceAsync(CancellationToken.None);

        Assert.Equal(WatchOutcome.Completed, (await harness.ReloadAsync(watch.Id)).Outcome);
        await using var db = harness.Db();
        var issuance = await db.StatusWatches.SingleAsync(w => w.Kind == WatchKind.CardIssuance);
        Assert.Equal(WatchOutcome.Completed, issuance.Outcome);
        Assert.Equal("active", issuance.LastStatus);
        Assert.Equal(["Replacement of card ••1234 is being issued as card ••5678", "Replacement of card ••1234 completed"],
            harness.Published.Select(c => c.Message));
        Assert.Equal(0, harness.Artha.Calls - harness.Artha.CardListQueries.Count);
    }

    [Fact]
    public async Task While_no_new_card_is_listed_the_watch_backs_off_quietly_and_past_its_deadline_it_times_out()
    {
        await using var harness = new LiveStatusHarness();
        var watch = await WatchReplacementAsync(harness);
        var requestedAt = Now(harness);
        harness.Artha.CardList = _ => Task.FromResult<IReadOnlyList<Card>>([CardOf(OldCard, requestedAt.AddYears(-1), state: "active")]);
        harness.Clock.Advance(TimeSpan.FromSeconds(1));

        await harness.Poller.RunOnceAsync(CancellationToken.None);

        var waiting = await harness.ReloadAsync(watch.Id);
        Assert.Equal(WatchOutcome.Active, waiting.Outcome);
        Assert.Equal(1, waiting.Attempts);
        Assert.Equal("pending", waiting.LastStatus);
        // CardIssuance timing (the harness: 1 s doubling, no jitter): the second look 2 s after the first.
        Assert.Equal(Now(harness).AddSeconds(2), waiting.NextPollAtUtc);
        Assert.Empty(harness.Published);

        harness.Clock.Advance(TimeSpan.FromHours(1));
        await harness.Poller.RunOnceAsync(CancellationToken.None);

        var timedOut = await harness.ReloadAsync(watch.Id);
        Assert.Equal(WatchOutcome.TimedOut, timedOut.Outcome);
        var change = Assert.Single(harness.Published);
        Assert.Equal("Replacement of card ••1234 timed out — check with Artha", change.Message);
        Assert.Equal(OldCard, change.CardId);
        var listed = Assert.Single(await harness.Registry.TimedOutWatchesForAsync([WatchKind.Replacement], [OldCard]));
        Assert.Equal(watch.Id, listed.Id);
        await using var db = harness.Db();
        var audit = await db.AuditEntries.SingleAsync();
        Assert.Equal(("card.replace.outcome", AuditOutcome.Failed), (audit.Action, audit.Outcome));
        Assert.False(await db.StatusWatches.AnyAsync(w => w.Kind == WatchKind.CardIssuance));
    }

    [Fact]
    public async Task A_card_the_portal_already_watches_is_not_taken_for_the_replacement()
    {
        await using var harness = new LiveStatusHarness();
        var watch = await WatchReplacementAsync(harness);
        var requestedAt = Now(harness);
        // Issued by the portal just after the replacement request: its own issuance watch claims it.
        await harness.Registry.WatchAsync(WatchKind.CardIssuance, "issued-1", "Issuance of card ••9999", "pending", Product, Customer, "issued-1");
        harness.Artha.CardList = _ => Task.FromResult<IReadOnlyList<Card>>([CardOf("issued-1", requestedAt.AddSeconds(0.1))]);
        harness.Clock.Advance(TimeSpan.FromSeconds(1));

        await harness.Poller.RunOnceAsync(CancellationToken.None);

        Assert.Equal(WatchOutcome.Active, (await harness.ReloadAsync(watch.Id)).Outcome);
        Assert.DoesNotContain(harness.Published, c => c.Message.Contains("is being issued", StringComparison.Ordinal));

        harness.Artha.CardList = _ => Task.FromResult<IReadOnlyList<Card>>(
            [CardOf("issued-1", requestedAt.AddSeconds(0.1)), CardOf("new-1", requestedAt.AddSeconds(5))]);
        harness.Clock.Advance(TimeSpan.FromSeconds(2));
        await harness.Poller.RunOnceAsync(CancellationToken.None);

        Assert.Equal(WatchOutcome.Completed, (await harness.ReloadAsync(watch.Id)).Outcome);
        await using var db = harness.Db();
        Assert.Equal(["issued-1", "new-1"], await db.StatusWatches.Where(w => w.Kind == WatchKind.CardIssuance).Select(w => w.EntityId).OrderBy(id => id).ToListAsync());
    }

    [Fact]
    public async Task Two_replacements_looked_for_at_once_never_take_the_same_card()
    {
        await using var harness = new LiveStatusHarness(maxDegreeOfParallelism: 4);
        var first = await WatchReplacementAsync(harness, "old-a");
        var firstAt = Now(harness);
        harness.Clock.Advance(TimeSpan.FromSeconds(10));
        var second = await WatchReplacementAsync(harness, "old-b");
        // Both prefer "near" (9 s after the first request, 1 s before the second); only one may have it.
        harness.Artha.CardList = _ => Task.FromResult<IReadOnlyList<Card>>(
            [CardOf("near", firstAt.AddSeconds(9)), CardOf("far", firstAt.AddSeconds(30))]);
        harness.Clock.Advance(TimeSpan.FromSeconds(1));

        await harness.Poller.RunOnceAsync(CancellationToken.None);

        Assert.Equal(WatchOutcome.Completed, (await harness.ReloadAsync(first.Id)).Outcome);
        Assert.Equal(WatchOutcome.Completed, (await harness.ReloadAsync(second.Id)).Outcome);
        await using var db = harness.Db();
        Assert.Equal(["far", "near"], await db.StatusWatches.Where(w => w.Kind == WatchKind.CardIssuance).Select(w => w.EntityId).OrderBy(id => id).ToListAsync());
    }

    [Fact]
    public async Task A_card_webhook_of_the_customer_brings_the_search_forward_but_one_of_another_customer_or_of_the_old_card_does_not()
    {
        await using var harness = new LiveStatusHarness();
        var watch = await WatchReplacementAsync(harness);
        var due = watch.NextPollAtUtc;

        Assert.Equal(0, await harness.Resolver.ExpediteReplacementSearchAsync("cust-2", Product, "new-1", CancellationToken.None));
        Assert.Equal(0, await harness.Resolver.ExpediteReplacementSearchAsync(Customer, "prod-2", "new-1", CancellationToken.None));
        Assert.Equal(0, await harness.Resolver.ExpediteReplacementSearchAsync(Customer, Product, OldCard, CancellationToken.None));
        Assert.Equal(due, (await harness.ReloadAsync(watch.Id)).NextPollAtUtc);

        Assert.Equal(1, await harness.Resolver.ExpediteReplacementSearchAsync(Customer, Product, "new-1", CancellationToken.None));

        Assert.Equal(Now(harness), (await harness.ReloadAsync(watch.Id)).NextPollAtUtc);
        Assert.Equal(1, (await harness.Poller.RunOnceAsync(CancellationToken.None)).Polled);
    }
}
