using System.Globalization;
using System.Text.RegularExpressions;
using Artha.Admin.Services;

namespace Artha.Admin.Features.Transactions.Rules;

/// <summary>
/// Explains a declined transaction or a rejected top-up from what Artha reports: the reason code in the transaction's
/// description (<c>Declined: daily_limit_exceeded</c>), the card's limits, and the card's other transactions (what was
/// already spent in the limit's period, counted the way Artha counts: purchases and ATM withdrawals that are authorized
/// or settled, by UTC day, month and year). Pure: the service gathers the inputs.
/// </summary>
public static partial class DeclineExplainer
{
    /// <summary>Which limit each limit code names, and its period.</summary>
    private enum Period { None, Day, Month, Year, Lifetime }

    /// <summary>Artha's reason code from a declined transaction's description, or null when there is none.</summary>
    public static string? ReasonCode(string? description)
    {
        if (string.IsNullOrWhiteSpace(description))
        {
            return null;
        }
        var match = CodePattern().Match(description);
        return match.Success ? match.Groups["code"].Value.ToLowerInvariant() : null;
    }

    /// <summary>The explanation of a declined card transaction (purchase, ATM withdrawal, fee).</summary>
    /// <param name="declined">The declined transaction.</param>
    /// <param name="limits">The card's limits now.</param>
    /// <param name="history">The card's transactions, any order; the declined one may be among them.</param>
    /// <param name="historyComplete">False when only part of the card's history could be read (the totals are then at least these).</param>
    public static DeclineExplanation Explain(TransactionView declined, CardLimitsView limits, IReadOnlyList<TransactionView> history, bool historyComplete = true)
    {
        if (declined.Type == "top_up")
        {
            return ExplainTopUp(declined.Description);
        }
        var code = ReasonCode(declined.Description);
        if (code is not null && LimitRules.TryGetValue(code, out var rule))
        {
            return LimitExplanation(code, rule, limits, declined, history, historyComplete);
        }
        var notes = new List<string>();
        switch (code)
        {
            case "insufficient_funds":
                return new DeclineExplanation(code,
                    $"The card's available balance was lower than {declined.Money}.", "Balance", null, null, null, null,
                    "Top the card up (Finance), then ask the cardholder to try again.", notes);
            case "card_not_active":
                var status = StatusPattern().Match(declined.Description ?? "") is { Success: true } s ? s.Groups["status"].Value : null;
                return new DeclineExplanation(code,
                    status is null ? "The card was not active when the transaction came in." : $"The card was {status} when the transaction came in, so Artha refused every payment.",
                    "Card status", null, null, null, null,
                    status switch
                    {
                        "frozen" => "If the freeze is no longer needed, unfreeze the card (Operations), then ask the cardholder to try again.",
                        "inactive" => "Activate the card (the cardholder's activation code), then ask the cardholder to try again.",
                        "cancelled" => "A cancelled card stays refused: use the card that replaced it, or issue a new one.",
                        _ => "Check the card's status on its page; once it is active, ask the cardholder to try again.",
                    }, notes);
            case "currency_mismatch":
                return new DeclineExplanation(code,
                    $"The payment was in a currency the card does not spend{(CardCurrencyPattern().Match(declined.Description ?? "") is { Success: true } c ? $" (the card's currency is {c.Groups["currency"].Value})" : "")}.",
                    "Currency", null, null, null, null,
                    "Ask the cardholder to pay in the card's currency, or use a card in the merchant's currency.", notes);
            case "do_not_honor":
                return new DeclineExplanation(code,
                    "The card network or issuer declined it without giving a specific reason (\"do not honour\").",
                    "Issuer / network", null, null, null, null,
                    "Ask the cardholder to try again later; if it keeps happening, contact Artha support with the transaction id.", notes);
            case null:
                return new DeclineExplanation(null,
                    "Artha gave no reason for this decline.", "Unknown", null, null, null, null,
                    "Contact Artha support with the transaction id to ask why.", notes);
            default:
                return new DeclineExplanation(code,
                    $"Artha declined it with the reason \"{code.Replace('_', ' ')}\", which the portal does not know more about.", "Unknown", null, null, null, null,
                    "Contact Artha support with the transaction id to ask what the reason means.", notes);
        }
    }

    /// <summary>Which limit each limit code names: its label, its value on the card, its period, and whether only ATM withdrawals count.</summary>
    private sealed record LimitRule(string Control, Func<CardLimitsView, decimal?> ValueOf, Period Period, bool AtmOnly = false);

    private static readonly Dictionary<string, LimitRule> LimitRules = new()
    {
        ["per_transaction_limit_exceeded"] = new("Per-transaction limit", l => l.PerTransactionLimit, Period.None),
        ["daily_limit_exceeded"] = new("Daily limit", l => l.DailyLimit, Period.Day),
        ["monthly_limit_exceeded"] = new("Monthly limit", l => l.MonthlyLimit, Period.Month),
        ["yearly_limit_exceeded"] = new("Yearly limit", l => l.YearlyLimit, Period.Year),
        ["lifetime_limit_exceeded"] = new("Lifetime limit", l => l.LifetimeLimit, Period.Lifetime),
        ["atm_withdrawal_limit_exceeded"] = new("Daily ATM withdrawal limit", l => l.AtmWithdrawalLimit, Period.Day, AtmOnly: true),
    };

    /// <summary>
    /// Which part of the card's history explaining <paramref name="code"/> needs: none (Needed false), or the
    /// transactions from the UTC day its limit period starts (From; null = the whole history, for the lifetime limit).
    /// </summary>
    public static (bool Needed, DateOnly? From) HistoryWindow(string? code, DateTimeOffset at) =>
        code is not null && LimitRules.TryGetValue(code, out var rule) && rule.Period != Period.None
            ? (true, PeriodOf(rule.Period, at).Start is { } start ? DateOnly.FromDateTime(start.UtcDateTime) : null)
            : (false, null);

    private static DeclineExplanation LimitExplanation(string limitCode, LimitRule rule, CardLimitsView limits, TransactionView t,
        IReadOnlyList<TransactionView> all, bool complete)
    {
        var (control, period, atmOnly) = (rule.Control, rule.Period, rule.AtmOnly);
        var limit = rule.ValueOf(limits);
        var currency = t.Currency;
        var at = t.AuthorizedAt ?? DateTimeOffset.UtcNow;
        var caveats = new List<string>();
        var (start, resets) = PeriodOf(period, at);
        var used = period == Period.None
            ? (decimal?)null
            : all.Where(o => o.Id != t.Id && Counts(o) && (!atmOnly || o.Type == "atm_withdrawal")
                             && o.AuthorizedAt is { } when && when < at && (start is null || when >= start))
                 .Sum(o => o.Amount);
        if (!complete && used is not null)
        {
            caveats.Add("Only part of the card's history could be read: the amount already spent is at least this.");
        }
        if (limit is null)
        {
            caveats.Add("The card has no such limit now: it was changed after this transaction.");
        }
        else
        {
            caveats.Add("The limit shown is the card's limit now; if it was changed since, the card's activity shows the old value.");
        }
        var left = limit is { } l ? Math.Max(0, l - (used ?? 0)) : (decimal?)null;
        var reason = period == Period.None
            ? $"{t.Money} is more than the card's {control.ToLowerInvariant()}{(limit is { } pl ? $" of {new Money(pl, currency)}" : "")}."
            : $"{t.Money} would have taken the card over its {control.ToLowerInvariant()}" +
              (limit is { } ll ? $" of {new Money(ll, currency)}: {new Money(used ?? 0, currency)} was already spent, so {new Money(left ?? 0, currency)} was left." : ".");
        var next = period switch
        {
            Period.None => "Ask the cardholder to pay a smaller amount, or raise the per-transaction limit (Operations) if the programme allows it.",
            Period.Lifetime => "The lifetime limit never resets: raise it (Operations) if the programme allows it, or issue a new card.",
            _ => $"Wait until the limit resets ({resets!.Value.UtcDateTime.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture)} UTC), pay at most what is left, or raise the limit (Operations) if the programme allows it.",
        };
        return new DeclineExplanation(limitCode, reason, control,
            limit is { } lv ? new Money(lv, currency) : null,
            used is { } u ? new Money(u, currency) : null,
            left is { } lf ? new Money(lf, currency) : null,
            resets, next, caveats);
    }

    /// <summary>The explanation of a rejected top-up from Artha's remark (the top-up's or its transaction's).</summary>
    public static DeclineExplanation ExplainTopUp(string? remarks)
    {
        var text = remarks ?? "";
        var notes = new List<string>();
        if (text.Contains("credited back", StringComparison.OrdinalIgnoreCase))
        {
            notes.Add("The amount was credited back to the merchant balance: no money left the programme.");
        }
        if (text.Contains("merchant", StringComparison.OrdinalIgnoreCase) && text.Contains("balance", StringComparison.OrdinalIgnoreCase)
            && text.Contains("insufficient", StringComparison.OrdinalIgnoreCase))
        {
            return new DeclineExplanation("insufficient_merchant_balance",
                "The programme's merchant balance at Artha did not cover the top-up.", "Merchant balance", null, null, null, null,
                "Fund the merchant balance with Artha, then top the card up again.", notes);
        }
        if (text.Contains(".13", StringComparison.Ordinal) || text.Contains("rejected by the provider", StringComparison.OrdinalIgnoreCase))
        {
            return new DeclineExplanation("provider_rejected",
                "Artha's funding provider rejected the amount (the sandbox rejects every amount ending in .13).", "Amount rule", null, null, null, null,
                "Top up a different amount; if a real amount is refused, contact Artha support with the top-up id.", notes);
        }
        if (text.Contains("cancelled", StringComparison.OrdinalIgnoreCase))
        {
            return new DeclineExplanation("card_cancelled",
                "The card was cancelled before the top-up completed.", "Card status", null, null, null, null,
                "Top up the card that replaced it instead.", notes);
        }
        return new DeclineExplanation(null,
            string.IsNullOrWhiteSpace(text) ? "Artha gave no reason for rejecting this top-up." : $"Artha rejected it: {text.Trim().TrimEnd('.')}.",
            "Unknown", null, null, null, null, "Contact Artha support with the top-up id to ask why.", notes);
    }

    /// <summary>True for what Artha counts against spending limits: purchases and ATM withdrawals, authorized or settled.</summary>
    private static bool Counts(TransactionView t) =>
        t.Type is "purchase" or "atm_withdrawal" && t.Status is "authorized" or "settled";

    private static (DateTimeOffset? Start, DateTimeOffset? Resets) PeriodOf(Period period, DateTimeOffset at)
    {
        var utc = at.ToUniversalTime();
        return period switch
        {
            Period.Day => (new DateTimeOffset(utc.Year, utc.Month, utc.Day, 0, 0, 0, TimeSpan.Zero), new DateTimeOffset(utc.Year, utc.Month, utc.Day, 0, 0, 0, TimeSpan.Zero).AddDays(1)),
            Period.Month => (new DateTimeOffset(utc.Year, utc.Month, 1, 0, 0, 0, TimeSpan.Zero), new DateTimeOffset(utc.Year, utc.Month, 1, 0, 0, 0, TimeSpan.Zero).AddMonths(1)),
            Period.Year => (new DateTimeOffset(utc.Year, 1, 1, 0, 0, 0, TimeSpan.Zero), new DateTimeOffset(utc.Year + 1, 1, 1, 0, 0, 0, TimeSpan.Zero)),
            _ => (null, null),
        };
    }

    [GeneratedRegex(@"^\s*declined\s*:\s*(?<code>[a-z_]+)", RegexOptions.IgnoreCase)]
    private static partial Regex CodePattern();

    [GeneratedRegex(@"status\s+(?<status>[a-z_]+)", RegexOptions.IgnoreCase)]
    private static partial Regex StatusPattern();

    [GeneratedRegex(@"card currency is\s+(?<currency>[A-Z]{3})")]
    private static partial Regex CardCurrencyPattern();
}
