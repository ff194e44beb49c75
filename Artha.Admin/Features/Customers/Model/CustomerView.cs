namespace Artha.Admin.Services;

/// <summary>A customer (individual or business) as the portal shows it.</summary>
public sealed record CustomerView(
    string Id,
    string Type,
    string? FirstName,
    string? MiddleName,
    string? LastName,
    string? BusinessName,
    string? Email,
    string? PhoneCode,
    string? PhoneNumber,
    string? Country,
    string? State,
    DateOnly? DateOfBirth,
    string? Gender,
    string? ExternalReference,
    CustomerAddressView? Address,
    CustomerBusinessView? Business,
    string Status,
    string KycState,
    DateTimeOffset? CreatedAt,
    DateTimeOffset? UpdatedAt)
{
    public bool IsBusiness => string.Equals(Type, CustomerTypes.Business, StringComparison.OrdinalIgnoreCase);

    /// <summary>Business name for a business, else the person's full name; the email when neither is known.</summary>
    public string DisplayName
    {
        get
        {
            var person = string.Join(" ", new[] { FirstName, MiddleName, LastName }.Where(n => !string.IsNullOrWhiteSpace(n)));
            var name = IsBusiness && !string.IsNullOrWhiteSpace(BusinessName) ? BusinessName : person;
            return string.IsNullOrWhiteSpace(name) ? Email ?? Id : name!;
        }
    }

    public string Phone => $"{PhoneCode} {PhoneNumber}".Trim();
}
