using System.Globalization;

namespace Artha.Admin.Features.Cards.Rules;

/// <summary>
/// What a spending limit may be: a positive amount, with no more decimals than the card's currency has, and at most
/// <see cref="MaxLimit"/>. The limits form validates with <see cref="Check"/>; the service refuses with the same words.
/// </summary>
public static class CardLimitRules
{
    /// <summary>The highest limit the portal sets (in the card's currency); anything above is a typing mistake.</summary>
    public const decimal MaxLimit = 10_000_000m;

    // ISO 4217 minor units of the currencies that do not have two; every other currency has two.
    private static readonly Dictionary<string, int> MinorUnits = new(StringComparer.OrdinalIgnoreCase)
    {
        ["JPY"] = 0, ["KRW"] = 0, ["VND"] = 0, ["ISK"] = 0, ["CLP"] = 0, ["UGX"] = 0, ["XAF"] = 0, ["XOF"] = 0, ["PYG"] = 0,
        ["BHD"] = 3, ["KWD"] = 3, ["OMR"] = 3, ["JOD"] = 3, ["TND"] = 3, ["LYD"] = 3, ["IQD"] = 3,
    };

    /// <summary>How many decimals amounts in <paramref name="currency"/> have (2 when the currency is unknown).</summary>
    public static int DecimalsOf(string? currency) =>
        currency is not null && MinorUnits.TryGetValue(currency.Trim(), out var units) ? units : 2;

    /// <summary>Why <paramref name="amount"/> cannot be a limit in <paramref name="currency"/>; null when it can.</summary>
    public static string? Check(decimal? amount, string? currency)
    {
        if (amount is null)
        {
            return "Enter an amount, or choose to leave the limit unchanged or reset it to the product default.";
        }
        if (amount <= 0)
        {
            return "Enter an amount above 0. To stop the card being used, freeze it instead.";
        }
        if (amount > MaxLimit)
        {
            return $"Enter at most {MaxLimit.ToString("N0", CultureInfo.InvariantCulture)}{Suffix(currency)}.";
        }
        var decimals = DecimalsOf(currency);
        if (decimal.Round(amount.Value, decimals) != amount.Value)
        {
            return decimals == 0
                ? $"Enter a whole amount: {currency} has no decimals."
                : $"Enter at most {decimals} decimals{(string.IsNullOrWhiteSpace(currency) ? "" : $" ({currency} has {decimals})")}.";
        }
        return null;
    }

    private static string Suffix(string? currency) => string.IsNullOrWhiteSpace(currency) ? "" : $" {currency.Trim().ToUpperInvariant()}";
}
