using System.Globalization;
using System.Text.RegularExpressions;

namespace Artha.Admin.Features.TopUps.Rules;

/// <summary>
/// The one rule for a top-up amount, used by the form (as its field validation) and by the service (before anything
/// is saved or sent). An amount is plain digits with an optional dot and at most the currency's decimals, above zero
/// and at most <see cref="Maximum"/>. Nothing is reinterpreted: "12,50", "1e3", "−10" or " 1 000" are refused with
/// the reason, never read as some other number, so what staff typed is what Artha is asked for.
/// </summary>
public static partial class AmountRule
{
    /// <summary>The largest single top-up the portal sends, in the card's currency (a guard against a slipped key).</summary>
    public const decimal Maximum = 50_000m;

    // ISO 4217 minor units for the currencies that do not use two; every other currency has two.
    private static readonly Dictionary<string, int> MinorUnits = new(StringComparer.OrdinalIgnoreCase)
    {
        ["JPY"] = 0, ["KRW"] = 0, ["VND"] = 0, ["ISK"] = 0, ["CLP"] = 0, ["UGX"] = 0, ["XAF"] = 0, ["XOF"] = 0,
        ["BHD"] = 3, ["KWD"] = 3, ["OMR"] = 3, ["JOD"] = 3, ["TND"] = 3, ["LYD"] = 3, ["IQD"] = 3,
    };

    /// <summary>How many decimals an amount in <paramref name="currency"/> may have.</summary>
    public static int DecimalsOf(string? currency) =>
        currency is not null && MinorUnits.TryGetValue(currency.Trim(), out var digits) ? digits : 2;

    /// <summary>Checks what was typed. The text is never changed; only surrounding spaces are ignored.</summary>
    public static AmountCheck Check(string? text, string? currency)
    {
        var value = text?.Trim() ?? "";
        var decimals = DecimalsOf(currency);
        var example = decimals == 0 ? "1250" : "12." + new string('5', 1) + new string('0', decimals - 1);
        if (value.Length == 0)
        {
            return Refused("Enter the amount to add to the card.");
        }
        if (value[0] is '-' or '−' or '–')
        {
            return Refused("Enter a positive amount: a top-up cannot take money off a card.");
        }
        if (value.Contains(','))
        {
            return Refused($"Use a dot for decimals and no thousands separators, for example {example}. Commas are not accepted, so nothing is guessed.");
        }
        if (!PlainNumber().IsMatch(value))
        {
            return Refused($"Enter the amount as digits with an optional dot, for example {example}.");
        }
        var amount = decimal.Parse(value, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture);
        var dot = value.IndexOf('.');
        var typedDecimals = dot < 0 ? 0 : value.Length - dot - 1;
        if (typedDecimals > decimals)
        {
            return Refused(decimals == 0
                ? $"{currency} amounts have no decimals: enter whole units."
                : $"Use at most {decimals} decimal places for {currency}.");
        }
        return Check(amount, currency);
    }

    /// <summary>Checks an amount the service was given (the form already checked the text it came from).</summary>
    public static AmountCheck Check(decimal amount, string? currency)
    {
        var decimals = DecimalsOf(currency);
        if (amount <= 0)
        {
            return Refused("Enter an amount greater than zero.");
        }
        if (decimal.Round(amount, decimals) != amount)
        {
            return Refused(decimals == 0
                ? $"{currency} amounts have no decimals: enter whole units."
                : $"Use at most {decimals} decimal places for {currency}.");
        }
        if (amount > Maximum)
        {
            return Refused($"A single top-up can be at most {new Services.Money(Maximum, currency ?? "")}. Split a larger amount into several top-ups.");
        }
        return new AmountCheck(amount, null);
    }

    private static AmountCheck Refused(string reason) => new(null, reason);

    [GeneratedRegex(@"^[0-9]+(\.[0-9]+)?$", RegexOptions.CultureInvariant)]
    private static partial Regex PlainNumber();
}
