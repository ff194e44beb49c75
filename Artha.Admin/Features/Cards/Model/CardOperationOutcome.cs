namespace Artha.Admin.Services;

/// <summary>The outcome of a card operation: the card's new status, a sentence for the user, and the new card of a replacement.</summary>
public sealed record CardOperationOutcome(string CardId, string Status, string Message, string? RequestId, string? NewCardId = null);
