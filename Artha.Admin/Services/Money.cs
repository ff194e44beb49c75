using System.Globalization;

namespace Artha.Admin.Services;

/// <summary>An amount with its currency. Amounts are decimal everywhere in the portal.</summary>
public readonly record struct Money(decimal Amount, string Currency)
{
    private static readonly Dictionary<string, string> Symbols = new(StringComparer.OrdinalIgnoreCase)
    {
        ["GBP"] = "£", ["EUR"] = "€", ["USD"] = "$", ["INR"] = "₹",
    };

    /// <summary>"£50.00", or "50.00 USDT" for a currency without a symbol.</summary>
    public override string ToString() =>
        Symbols.TryGetValue(Currency, out var symbol)
            ? $"{(Amount < 0 ? "-" : "")}{symbol}{Math.Abs(Amount).ToString("N2", CultureInfo.InvariantCulture)}"
            : $"{Amount.ToString("N2", CultureInfo.InvariantCulture)} {Currency}";
}
