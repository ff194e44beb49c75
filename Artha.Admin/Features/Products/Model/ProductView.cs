namespace Artha.Admin.Services;

/// <summary>A card product as the portal shows it.</summary>
public sealed record ProductView(string Id, string Name, string? Scheme, string? CardType, string? Country, string? Currency, string? Status, string? Bin, IReadOnlyList<string> KycRequirements);
