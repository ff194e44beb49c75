using Artha.Admin.Features.Cards.Rules;

namespace Artha.Admin.Tests.Features.Cards;

/// <summary>The limit rules the limits form and the service share: positive, the currency's decimals, an upper bound.</summary>
public class CardLimitRulesTests
{
    [Theory]
    [InlineData("-50", "GBP", "Enter an amount above 0.")]
    [InlineData("0", "GBP", "Enter an amount above 0.")]
    [InlineData("0.001", "GBP", "Enter at most 2 decimals (GBP has 2).")]
    [InlineData("1000000000000", "GBP", "Enter at most 10,000,000 GBP.")]
    [InlineData("10.5", "JPY", "Enter a whole amount: JPY has no decimals.")]
    [InlineData("1.2345", "KWD", "Enter at most 3 decimals (KWD has 3).")]
    public void A_limit_that_is_not_a_sensible_amount_is_refused_with_what_to_enter(string amount, string currency, string message) =>
        Assert.StartsWith(message, CardLimitRules.Check(decimal.Parse(amount, System.Globalization.CultureInfo.InvariantCulture), currency));

    [Theory]
    [InlineData("0.01", "GBP")]
    [InlineData("250", "USD")]
    [InlineData("10000000", "EUR")]
    [InlineData("5000", "JPY")]
    [InlineData("1.234", "KWD")]
    public void A_positive_amount_within_bounds_and_decimals_is_a_limit(string amount, string currency) =>
        Assert.Null(CardLimitRules.Check(decimal.Parse(amount, System.Globalization.CultureInfo.InvariantCulture), currency));

    [Fact]
    public void No_amount_is_asked_for() => Assert.Contains("Enter an amount", CardLimitRules.Check(null, "GBP"));
}
