namespace Artha.Admin.Services;

/// <summary>One card in a customer's card summary: masked number only, never a PAN.</summary>
public sealed record CustomerCardLine(string CardId, string MaskedNumber, string? ProductName, string Status, Money? Available);
