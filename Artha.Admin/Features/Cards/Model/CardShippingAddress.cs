namespace Artha.Admin.Services;

/// <summary>A shipping address as a form edits it (physical cards).</summary>
public sealed class CardShippingAddress
{
    public string? AddressLine1 { get; set; }
    public string? AddressLine2 { get; set; }
    public string? City { get; set; }
    public string? State { get; set; }
    public string? PostalCode { get; set; }
    /// <summary>ISO 3166-1 alpha-2, e.g. GB.</summary>
    public string? Country { get; set; }
}
