namespace Artha.Admin.Services;

/// <summary>
/// Full card details for the short time they are shown. <see cref="ToString"/> is redacted so they cannot reach a log by accident;
/// the page drops its reference when the display time ends.
/// </summary>
public sealed class RevealedCardDetails(string cardId, string? cardNumber, string? cvv, string? expiry, string? cardholderName)
{
    public string CardId { get; } = cardId;
    public string? CardNumber { get; } = cardNumber;
    public string? Cvv { get; } = cvv;
    /// <summary>MM/YY.</summary>
    public string? Expiry { get; } = expiry;
    public string? CardholderName { get; } = cardholderName;

    public override string ToString() => $"RevealedCardDetails {{ CardId = {CardId}, CardNumber = ***, Cvv = ***, Expiry = ***, CardholderName = *** }}";
}
