using Artha.Admin.Features.Cards.Rules;
using Artha.Admin.Services;

namespace Artha.Admin.Tests.Features.Cards;

/// <summary>
/// The card state machine as a table: for every card status and issuance state, which operations are allowed. A cell
/// that changes here changes what the service accepts and what the card page offers.
/// </summary>
public class CardStateMachineTests
{
    private const bool Y = true;
    private const bool N = false;

    // Columns:                                                 Activate Freeze Unfreeze Cancel Replace SetPin Limits Reveal TopUp
    public static TheoryData<string, string?, bool[]> Table() => new()
    {
        { "inactive", "active", [Y, N, N, Y, Y, Y, Y, Y, N] },
        { "active", "active", [N, Y, N, Y, Y, Y, Y, Y, Y] },
        { "frozen", "active", [N, N, Y, Y, Y, Y, Y, Y, N] },
        { "cancelled", "active", [N, N, N, N, N, N, N, N, N] },
        { "active", null, [N, Y, N, Y, Y, Y, Y, Y, Y] },           // Artha did not report the issuance state: issued
        { "inactive", "pending", [N, N, N, Y, N, N, N, N, N] },    // still being issued: only cancelling
        { "active", "pending", [N, N, N, Y, N, N, N, N, N] },
        { "inactive", "failed", [N, N, N, Y, Y, N, N, N, N] },     // never issued: cancel it or replace it
        { "cancelled", "failed", [N, N, N, N, N, N, N, N, N] },
        { "ACTIVE", "Active", [N, Y, N, Y, Y, Y, Y, Y, Y] },       // Artha's casing does not matter
        { "closed", "active", [N, N, N, N, N, N, N, N, N] },       // a status the portal does not know allows nothing
    };

    private static readonly CardOperation[] Columns =
    [
        CardOperation.Activate, CardOperation.Freeze, CardOperation.Unfreeze, CardOperation.Cancel, CardOperation.Replace,
        CardOperation.SetPin, CardOperation.ChangeLimits, CardOperation.Reveal, CardOperation.TopUp,
    ];

    [Theory]
    [MemberData(nameof(Table))]
    public void Each_status_allows_exactly_the_operations_of_its_row(string status, string? state, bool[] expected)
    {
        Assert.Equal(Enum.GetValues<CardOperation>().Length, Columns.Length);
        for (var i = 0; i < Columns.Length; i++)
        {
            Assert.True(expected[i] == CardStateMachine.Allows(status, Columns[i], state),
                $"{status}/{state ?? "null"}: {Columns[i]} should be {(expected[i] ? "allowed" : "refused")}.");
            Assert.Equal(expected[i], CardStateMachine.WhyNot(status, Columns[i], state) is null);
        }
        Assert.Equal(Columns.Where((_, i) => expected[i]), CardStateMachine.AllowedOperations(status, state));
    }

    [Fact]
    public void The_two_argument_form_the_top_ups_use_judges_the_status_alone()
    {
        Assert.True(CardStateMachine.Allows("active", CardOperation.TopUp));
        Assert.False(CardStateMachine.Allows("frozen", CardOperation.TopUp));
        Assert.False(CardStateMachine.Allows("cancelled", CardOperation.TopUp));
        Assert.False(CardStateMachine.Allows(null, CardOperation.TopUp));
        // Artha funds only active cards; the top-up service and form say so through this one rule, with the next step.
        Assert.False(CardStateMachine.Allows("inactive", CardOperation.TopUp));
        Assert.Contains("Activate it first", CardStateMachine.WhyNot("inactive", CardOperation.TopUp));
        Assert.Contains("Unfreeze it first", CardStateMachine.WhyNot("frozen", CardOperation.TopUp));
        Assert.Contains("Top up the card that replaced it", CardStateMachine.WhyNot("cancelled", CardOperation.TopUp));
    }

    [Theory]
    [InlineData("frozen", "active", CardOperation.Freeze, "Only an active card can be frozen; this card is frozen.")]
    [InlineData("active", "active", CardOperation.Unfreeze, "Only a frozen card can be unfrozen; this card is active.")]
    [InlineData("cancelled", "active", CardOperation.Replace, "The card is cancelled: it can no longer be replaced.")]
    [InlineData("inactive", "pending", CardOperation.SetPin, "The card is still being issued: it can be given a new PIN once issuance completes.")]
    [InlineData("inactive", "failed", CardOperation.Activate, "The card's issuance failed: it cannot be activated. Issue a new card instead.")]
    public void A_refusal_says_why_in_words(string status, string state, CardOperation operation, string why) =>
        Assert.Equal(why, CardStateMachine.WhyNot(status, operation, state));

    [Theory]
    [InlineData("inactive", "active", "inactive", "Inactive — issued, waiting to be activated")]
    [InlineData("active", "active", "active", "Active — issued and usable")]
    [InlineData("inactive", "pending", "pending", "Being issued — Artha has not finished issuing this card")]
    [InlineData("inactive", "failed", "failed", "Issuance failed — this card was never issued")]
    [InlineData("frozen", null, "frozen", "Frozen — purchases and withdrawals are declined until it is unfrozen")]
    public void A_card_has_one_status_in_words_with_the_issuance_state_as_detail(string status, string? state, string shown, string words)
    {
        var card = new CardView("c1", null, null, null, "virtual", "•••• 1234", "1234", "GBP", status, state, null, null, null);

        Assert.Equal(shown, card.DisplayStatus);
        Assert.Equal(words, card.StatusInWords);
    }
}
