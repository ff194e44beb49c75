namespace Artha.Admin.Services;

/// <summary>A customer's postal address as the portal shows it.</summary>
public sealed record CustomerAddressView(string? AddressLine1, string? AddressLine2, string? City, string? State, string? PostalCode, string? Country)
{
    public string OneLine => string.Join(", ", new[] { AddressLine1, AddressLine2, City, State, PostalCode, Country }.Where(p => !string.IsNullOrWhiteSpace(p)));
}
