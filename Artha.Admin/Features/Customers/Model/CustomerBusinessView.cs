namespace Artha.Admin.Services;

/// <summary>Business details of a business customer.</summary>
public sealed record CustomerBusinessView(string? BusinessName, string? RegistrationNumber, string? TaxId, string? Website, string? Industry, string? CompanyType, DateOnly? IncorporationDate = null);
