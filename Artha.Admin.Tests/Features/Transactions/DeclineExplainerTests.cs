using Artha.Admin.Features.Transactions.Rules;
using Artha.Admin.Services;

namespace Artha.Admin.Tests.Features.Transactions;

/// <summary>"Why was this declined?" for each control Artha (and the sandbox) applies, in the order Artha checks them.</summary>
public class DeclineExplainerTests
{
    private static readonly DateTimeOffset At = new(2026, 3, 14, 15, 30, 0, TimeSpan.Zero);

    private static TransactionView Tx(string id, string type, string status, decimal amount, DateTimeOffset at, string? description = null) =>
        new(id, "card_1", "cus_1", type, null, status, amount, "GBP", amount, "GBP", null, null, null, null, null, null, null,
            "Shop", "5411", "GB", "London", null, at, null, description);

    private static CardLimitsView Limits(decimal? daily = null, decimal? monthly = null, decimal? perTxn = null, decimal? atm = null,
        decimal? yearly = null, decimal? lifetime = null) => new("GBP", daily, monthly, perTxn, atm, yearly, lifetime);

    [Theory]
    [InlineData("Declined: daily_limit_exceeded", "daily_limit_exceeded")]
    [InlineData("declined:  INSUFFICIENT_FUNDS", "insufficient_funds")]
    [InlineData("Declined: card_not_active (status frozen, state active)", "card_not_active")]
    [InlineData("Declined: do_not_honor", "do_not_honor")]
    [InlineData("Purchase at Shop", null)]
    [InlineData(null, null)]
    public void The_reason_code_is_read_from_the_description(string? description, string? code) =>
        Assert.Equal(code, DeclineExplainer.ReasonCode(description));

    [Fact]
    public void A_daily_limit_decline_counts_only_todays_spending_before_it_and_says_when_the_limit_resets()
    {
        var declined = Tx("t_declined", "purchase", "declined", 40m, At, "Declined: daily_limit_exceeded");
        var history = new[]
        {
            Tx("t1", "purchase", "settled", 20m, At.AddHours(-3)),
            Tx("t2", "purchase", "authorized", 15m, At.AddMinutes(-5)),
            Tx("t3", "atm_withdrawal", "settled", 5m, At.AddHours(-1)),
            Tx("t4", "purchase", "reversed", 100m, At.AddHours(-2)),        // reversed: not counted
            Tx("t5", "purchase", "declined", 100m, At.AddHours(-2)),        // declined: not counted
            Tx("t6", "top_up", "settled", 500m, At.AddHours(-4)),           // money in: not spending
            Tx("t7", "purchase", "settled", 30m, At.AddDays(-1)),           // yesterday
            Tx("t8", "purchase", "settled", 9m, At.AddMinutes(10)),         // after the decline
            declined,
        };

        var why = DeclineExplainer.Explain(declined, Limits(daily: 70m), history);

        Assert.Equal("daily_limit_exceeded", why.Code);
        Assert.Equal("Daily limit", why.Control);
        Assert.Equal(new Money(70m, "GBP"), why.Limit);
        Assert.Equal(new Money(40m, "GBP"), why.UsedBefore);
        Assert.Equal(new Money(30m, "GBP"), why.LeftAtTheTime);
        Assert.Equal(new DateTimeOffset(2026, 3, 15, 0, 0, 0, TimeSpan.Zero), why.ResetsAtUtc);
        Assert.Contains("already spent", why.Reason);
        Assert.Contains("2026-03-15 00:00 UTC", why.NextStep);
        Assert.Contains(why.Notes, n => n.Contains("limit now"));
    }

    [Fact]
    public void Monthly_and_yearly_limits_reset_at_the_next_month_and_year_and_the_lifetime_limit_never()
    {
        var history = new[] { Tx("old", "purchase", "settled", 50m, new DateTimeOffset(2025, 12, 31, 23, 0, 0, TimeSpan.Zero)), Tx("m", "purchase", "settled", 10m, At.AddDays(-10)) };

        var monthly = DeclineExplainer.Explain(Tx("d", "purchase", "declined", 5m, At, "Declined: monthly_limit_exceeded"), Limits(monthly: 12m), history);
        Assert.Equal(new DateTimeOffset(2026, 4, 1, 0, 0, 0, TimeSpan.Zero), monthly.ResetsAtUtc);
        Assert.Equal(new Money(10m, "GBP"), monthly.UsedBefore);
        Assert.Equal(new Money(2m, "GBP"), monthly.LeftAtTheTime);

        var yearly = DeclineExplainer.Explain(Tx("d", "purchase", "declined", 5m, At, "Declined: yearly_limit_exceeded"), Limits(yearly: 12m), history);
        Assert.Equal(new DateTimeOffset(2027, 1, 1, 0, 0, 0, TimeSpan.Zero), yearly.ResetsAtUtc);
        Assert.Equal(new Money(10m, "GBP"), yearly.UsedBefore);

        var lifetime = DeclineExplainer.Explain(Tx("d", "purchase", "declined", 5m, At, "Declined: lifetime_limit_exceeded"), Limits(lifetime: 58m), history);
        Assert.Null(lifetime.ResetsAtUtc);
        Assert.Equal(new Money(60m, "GBP"), lifetime.UsedBefore);
        Assert.Equal(new Money(0m, "GBP"), lifetime.LeftAtTheTime);   // never below zero
        Assert.Contains("never resets", lifetime.NextStep);
    }

    [Fact]
    public void A_per_transaction_decline_names_the_limit_and_counts_no_history()
    {
        var why = DeclineExplainer.Explain(Tx("d", "purchase", "declined", 250m, At, "Declined: per_transaction_limit_exceeded"), Limits(perTxn: 200m), []);

        Assert.Equal("Per-transaction limit", why.Control);
        Assert.Equal(new Money(200m, "GBP"), why.Limit);
        Assert.Null(why.UsedBefore);
        Assert.Null(why.ResetsAtUtc);
        Assert.Contains("smaller amount", why.NextStep);
    }

    [Fact]
    public void The_ATM_limit_counts_only_todays_ATM_withdrawals()
    {
        var history = new[] { Tx("p", "purchase", "settled", 80m, At.AddHours(-1)), Tx("a", "atm_withdrawal", "settled", 60m, At.AddHours(-2)) };

        var why = DeclineExplainer.Explain(Tx("d", "atm_withdrawal", "declined", 50m, At, "Declined: atm_withdrawal_limit_exceeded"), Limits(atm: 100m), history);

        Assert.Equal(new Money(60m, "GBP"), why.UsedBefore);
        Assert.Equal(new Money(40m, "GBP"), why.LeftAtTheTime);
    }

    [Fact]
    public void A_limit_removed_since_and_a_history_read_in_part_are_said()
    {
        var why = DeclineExplainer.Explain(Tx("d", "purchase", "declined", 5m, At, "Declined: daily_limit_exceeded"), Limits(), [], historyComplete: false);

        Assert.Null(why.Limit);
        Assert.Contains(why.Notes, n => n.Contains("changed after this transaction"));
        Assert.Contains(why.Notes, n => n.Contains("at least"));
    }

    [Theory]
    [InlineData("Declined: card_not_active (status frozen, state active)", "Card status", "frozen", "unfreeze the card")]
    [InlineData("Declined: card_not_active (status inactive, state active)", "Card status", "inactive", "Activate the card")]
    [InlineData("Declined: insufficient_funds", "Balance", "available balance", "Top the card up")]
    [InlineData("Declined: currency_mismatch (card currency is EUR)", "Currency", "EUR", "card's currency")]
    [InlineData("Declined: do_not_honor", "Issuer / network", "do not honour", "try again later")]
    [InlineData("Declined: velocity_check_failed", "Unknown", "velocity check failed", "Artha support")]
    [InlineData("Something went wrong", "Unknown", "no reason", "Artha support")]
    public void Every_other_control_is_explained_in_plain_words_with_a_next_step(string description, string control, string inReason, string inNextStep)
    {
        var why = DeclineExplainer.Explain(Tx("d", "purchase", "declined", 12m, At, description), Limits(daily: 1000m), []);

        Assert.Equal(control, why.Control);
        Assert.Contains(inReason, why.Reason, StringComparison.OrdinalIgnoreCase);
        Assert.Contains(inNextStep, why.NextStep, StringComparison.OrdinalIgnoreCase);
    }

    [Theory]
    [InlineData("Insufficient merchant portal balance.", "Merchant balance", "Fund the merchant balance")]
    [InlineData("Top-up rejected by the provider (sandbox rule: amount ending in .13). The amount was credited back to the merchant portal balance.", "Amount rule", "different amount")]
    [InlineData("The card was cancelled before the top-up completed. The amount was credited back to the merchant portal balance.", "Card status", "replaced it")]
    [InlineData(null, "Unknown", "Artha support")]
    public void A_rejected_top_up_says_which_rule_refused_it(string? remarks, string control, string inNextStep)
    {
        var why = DeclineExplainer.Explain(Tx("tu", "top_up", "declined", 10.13m, At, remarks), Limits(), []);

        Assert.Equal(control, why.Control);
        Assert.Contains(inNextStep, why.NextStep);
        Assert.Equal(remarks?.Contains("credited back") == true, why.Notes.Any(n => n.Contains("credited back")));
    }

    [Theory]
    [InlineData("daily_limit_exceeded", true, "2026-03-14")]
    [InlineData("atm_withdrawal_limit_exceeded", true, "2026-03-14")]
    [InlineData("monthly_limit_exceeded", true, "2026-03-01")]
    [InlineData("yearly_limit_exceeded", true, "2026-01-01")]
    [InlineData("lifetime_limit_exceeded", true, null)]
    [InlineData("per_transaction_limit_exceeded", false, null)]
    [InlineData("insufficient_funds", false, null)]
    [InlineData(null, false, null)]
    public void Only_a_periodic_limit_needs_the_cards_history_and_only_from_its_period_start(string? code, bool needed, string? from) =>
        Assert.Equal((needed, from is null ? (DateOnly?)null : DateOnly.Parse(from, System.Globalization.CultureInfo.InvariantCulture)),
            DeclineExplainer.HistoryWindow(code, At));
}
