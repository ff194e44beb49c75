namespace Artha.Admin.Features.Cards.Rules;

/// <summary>
/// The one place that says which operations a card allows in its current status (inactive, active, frozen, cancelled)
/// and issuance state (pending, active, failed). The service refuses anything else before calling Artha; pages offer only
/// what it allows. Artha's own checks (the sandbox mirrors them) are the same: an operation on a card that is not fully
/// issued, or on a cancelled card, is refused.
/// </summary>
public static class CardStateMachine
{
    /// <summary>
    /// True when a card in <paramref name="cardStatus"/> (and, when known, issuance <paramref name="issuanceState"/>) allows
    /// <paramref name="operation"/>. Statuses and states are Artha's values, compared ignoring case; an unknown status
    /// allows nothing, an unknown (null) issuance state counts as issued.
    /// </summary>
    public static bool Allows(string? cardStatus, CardOperation operation, string? issuanceState = null) =>
        WhyNot(cardStatus, operation, issuanceState) is null;

    /// <summary>The operations allowed in this status and state, in the order the card page shows them.</summary>
    public static IReadOnlyList<CardOperation> AllowedOperations(string? cardStatus, string? issuanceState = null) =>
        Enum.GetValues<CardOperation>().Where(op => Allows(cardStatus, op, issuanceState)).ToList();

    /// <summary>Why <paramref name="operation"/> is not allowed, in words staff can act on; null when it is allowed.</summary>
    public static string? WhyNot(string? cardStatus, CardOperation operation, string? issuanceState = null)
    {
        var status = Normalize(cardStatus);
        var state = Normalize(issuanceState);
        if (status is not ("inactive" or "active" or "frozen" or "cancelled"))
        {
            return $"The card's status ({(string.IsNullOrWhiteSpace(cardStatus) ? "unknown" : cardStatus)}) is not one the portal knows; reload the card page and try again.";
        }
        if (status == "cancelled")
        {
            return operation == CardOperation.TopUp
                ? "This card is cancelled, so it can never be topped up again. Top up the card that replaced it instead."
                : $"The card is cancelled: it can no longer be {Verb(operation)}.";
        }
        var issued = state is "" or "active";
        if (!issued && operation != CardOperation.Cancel)
        {
            // A failed issuance can still be replaced (a new card on the same product); a pending one cannot be touched yet.
            if (state == "failed" && operation == CardOperation.Replace)
            {
                return null;
            }
            return state == "pending"
                ? $"The card is still being issued: it can be {Verb(operation)} once issuance completes."
                : $"The card's issuance {(state == "failed" ? "failed" : $"is {issuanceState}")}: it cannot be {Verb(operation)}. Issue a new card instead.";
        }
        return (operation, status) switch
        {
            (CardOperation.Activate, "inactive") => null,
            (CardOperation.Activate, _) => $"Only an inactive card can be activated; this card is {status}.",
            (CardOperation.Freeze, "active") => null,
            (CardOperation.Freeze, _) => $"Only an active card can be frozen; this card is {status}.",
            (CardOperation.Unfreeze, "frozen") => null,
            (CardOperation.Unfreeze, _) => $"Only a frozen card can be unfrozen; this card is {status}.",
            (CardOperation.TopUp, "active") => null,
            (CardOperation.TopUp, "frozen") => "This card is frozen, so it cannot be topped up. Unfreeze it first (Operations or Admin), then top it up.",
            (CardOperation.TopUp, _) => $"This card is {status}, so it cannot be topped up: only an active card can. Activate it first, then top it up.",
            (CardOperation.Cancel or CardOperation.Replace or CardOperation.SetPin or CardOperation.ChangeLimits or CardOperation.Reveal, _) => null,
            _ => $"The card cannot be {Verb(operation)}.",
        };
    }

    /// <summary>The operation as a past participle, for messages ("frozen", "topped up").</summary>
    public static string Verb(CardOperation operation) => operation switch
    {
        CardOperation.Activate => "activated",
        CardOperation.Freeze => "frozen",
        CardOperation.Unfreeze => "unfrozen",
        CardOperation.Cancel => "cancelled",
        CardOperation.Replace => "replaced",
        CardOperation.SetPin => "given a new PIN",
        CardOperation.ChangeLimits => "given new limits",
        CardOperation.Reveal => "revealed",
        CardOperation.TopUp => "topped up",
        _ => operation.ToString().ToLowerInvariant(),
    };

    private static string Normalize(string? value) => (value ?? "").Trim().ToLowerInvariant();
}
