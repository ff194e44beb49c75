namespace Artha.Admin.Services;

/// <summary>A postal address as the card pages show it (a physical card's shipping address, the cardholder's address).</summary>
public sealed record CardAddressView(string? AddressLine1, string? AddressLine2, string? City, string? State, string? PostalCode, string? Country)
{
    /// <summary>"10 Downing Street, London, SW1A 2AA, GB".</summary>
    public string OneLine => string.Join(", ", new[] { AddressLine1, AddressLine2, City, State, PostalCode, Country }.Where(p => !string.IsNullOrWhiteSpace(p)));

    public bool IsEmpty => OneLine.Length == 0;

    /// <summary>A form copy of this address, to pre-fill the shipping fields (staff can still change it).</summary>
    public CardShippingAddress ToForm() => new()
    {
        AddressLine1 = AddressLine1,
        AddressLine2 = AddressLine2,
        City = City,
        State = State,
        PostalCode = PostalCode,
        Country = Country,
    };
}
