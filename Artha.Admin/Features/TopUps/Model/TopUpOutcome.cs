using Artha.Admin.Data;

namespace Artha.Admin.Services;

/// <summary>The outcome of a top-up confirmation (a new one or the replay of an earlier one with the same key).</summary>
/// <param name="Reason">Why Artha rejected or refused it, in Artha's words when it gave them.</param>
public sealed record TopUpOutcome(
    Guid IntentId, TopUpIntentState State, string? TopUpId, string? ArthaStatus, Money Amount, string CardId,
    bool Replayed, string Message, string? Reason = null);
