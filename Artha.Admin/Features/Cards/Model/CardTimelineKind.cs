namespace Artha.Admin.Services;

/// <summary>What a line of a card's timeline is about; staff filter the timeline by these.</summary>
public enum CardTimelineKind
{
    /// <summary>Issuance and its outcome, and the card's state changes Artha reported.</summary>
    Issuance,
    /// <summary>Staff operations: activate, freeze, unfreeze, cancel, reveal.</summary>
    Operation,
    /// <summary>Limit changes, old → new.</summary>
    Limits,
    /// <summary>PIN set.</summary>
    Pin,
    /// <summary>Top-ups and their outcome.</summary>
    TopUp,
    /// <summary>Card transactions (purchases, withdrawals, fees, refunds...).</summary>
    Transaction,
    /// <summary>Replacements, both ways: this card replaced another, or was replaced.</summary>
    Replacement,
}
