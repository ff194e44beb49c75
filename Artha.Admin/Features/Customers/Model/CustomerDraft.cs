using System.Net.Mail;
using Artha.Admin.Features.Customers.Rules;

namespace Artha.Admin.Services;

/// <summary>
/// The editable fields of a customer, for the create form and the profile's edit mode. Keys of
/// <see cref="Validate"/>'s errors are Artha's field names (<c>email</c>, <c>address.country</c>, …) so that
/// Artha's own 422 field errors land on the same fields.
/// </summary>
public sealed class CustomerDraft
{
    public string Type { get; set; } = CustomerTypes.Individual;
    public string? FirstName { get; set; }
    public string? MiddleName { get; set; }
    public string? LastName { get; set; }
    public string? BusinessName { get; set; }
    public string? Email { get; set; }
    public string? PhoneCode { get; set; }
    public string? PhoneNumber { get; set; }
    public string? Country { get; set; }
    public string? State { get; set; }
    public DateOnly? DateOfBirth { get; set; }
    public string? Gender { get; set; }
    public string? ExternalReference { get; set; }
    public string? AddressLine1 { get; set; }
    public string? AddressLine2 { get; set; }
    public string? City { get; set; }
    public string? AddressState { get; set; }
    public string? PostalCode { get; set; }
    public string? AddressCountry { get; set; }
    public string? RegistrationNumber { get; set; }
    public string? TaxId { get; set; }
    public string? Website { get; set; }
    public string? Industry { get; set; }
    public string? CompanyType { get; set; }

    /// <summary>Not edited by the portal, but carried so that saving the business details does not reset it.</summary>
    public DateOnly? IncorporationDate { get; set; }

    public bool IsBusiness => string.Equals(Type, CustomerTypes.Business, StringComparison.OrdinalIgnoreCase);

    public static readonly IReadOnlyList<string> Genders = ["male", "female", "other"];

    public static CustomerDraft From(CustomerView customer) => new()
    {
        Type = customer.Type,
        FirstName = customer.FirstName,
        MiddleName = customer.MiddleName,
        LastName = customer.LastName,
        BusinessName = customer.BusinessName ?? customer.Business?.BusinessName,
        Email = customer.Email,
        PhoneCode = customer.PhoneCode,
        PhoneNumber = customer.PhoneNumber,
        Country = customer.Country,
        State = customer.State,
        DateOfBirth = customer.DateOfBirth,
        Gender = customer.Gender,
        ExternalReference = customer.ExternalReference,
        AddressLine1 = customer.Address?.AddressLine1,
        AddressLine2 = customer.Address?.AddressLine2,
        City = customer.Address?.City,
        AddressState = customer.Address?.State,
        PostalCode = customer.Address?.PostalCode,
        AddressCountry = customer.Address?.Country,
        RegistrationNumber = customer.Business?.RegistrationNumber,
        TaxId = customer.Business?.TaxId,
        Website = customer.Business?.Website,
        Industry = customer.Business?.Industry,
        CompanyType = customer.Business?.CompanyType,
        IncorporationDate = customer.Business?.IncorporationDate,
    };

    public CustomerDraft Copy() => (CustomerDraft)MemberwiseClone();

    internal bool HasAddress => new[] { AddressLine1, AddressLine2, City, AddressState, PostalCode, AddressCountry }.Any(v => !string.IsNullOrWhiteSpace(v));

    internal bool HasBusinessDetails => new[] { RegistrationNumber, TaxId, Website, Industry, CompanyType }.Any(v => !string.IsNullOrWhiteSpace(v));

    /// <summary>The §6.1 rules (<see cref="CustomerDraftRules"/>), checked by the form and again by the service. Empty when acceptable.</summary>
    public FormErrors Validate() => CustomerDraftRules.Validate(this);

    internal static bool IsCountry(string value) => CountryCodes.IsAssigned(value);

    internal static bool IsEmail(string value) =>
        value.Length <= CustomerFieldLimits.Email && !value.Contains(' ') && MailAddress.TryCreate(value, out var address) && address.Address == value && address.Host.Contains('.');
}
