namespace Artha.Admin.Services;

/// <summary>
/// "Why was this declined?" for one declined transaction or rejected top-up, in words support can read out.
/// </summary>
/// <param name="Code">Artha's reason code as it gave it (<c>daily_limit_exceeded</c>), or null when it gave none.</param>
/// <param name="Reason">The reason in plain words.</param>
/// <param name="Control">Which control stopped it ("Daily limit", "Card status", "Balance", "Merchant balance"...).</param>
/// <param name="Limit">The limit's value (as set on the card now), when a limit stopped it.</param>
/// <param name="UsedBefore">What the card had already spent against that limit in its period, before this transaction.</param>
/// <param name="LeftAtTheTime">What was left of the limit when the transaction came in (never below zero).</param>
/// <param name="ResetsAtUtc">When the limit's period starts again (UTC), or null when it never resets.</param>
/// <param name="NextStep">What support can do next.</param>
/// <param name="Notes">Caveats: the limit may have changed since, history read only in part...</param>
public sealed record DeclineExplanation(
    string? Code,
    string Reason,
    string Control,
    Money? Limit,
    Money? UsedBefore,
    Money? LeftAtTheTime,
    DateTimeOffset? ResetsAtUtc,
    string NextStep,
    IReadOnlyList<string> Notes);
