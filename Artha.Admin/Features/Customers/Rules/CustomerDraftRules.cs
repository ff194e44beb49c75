using System.Text.RegularExpressions;
using Artha.Admin.Services;

namespace Artha.Admin.Features.Customers.Rules;

/// <summary>
/// What a customer's details must satisfy (§6.1 plus the portal's length limits): the create and edit forms show these
/// errors, and <see cref="ArthaService.CreateCustomerAsync"/> / <see cref="ArthaService.UpdateCustomerAsync"/> refuse a
/// draft that breaks them before Artha is called. Keys are Artha's field names.
/// </summary>
public static partial class CustomerDraftRules
{
    [GeneratedRegex(@"^\+\d{1,4}$")]
    private static partial Regex PhoneCodePattern();

    [GeneratedRegex(@"^\d{4,15}$")]
    private static partial Regex PhoneNumberPattern();

    /// <summary>The form labels of Artha's customer field names, for messages that must not show the wire names.</summary>
    public static readonly IReadOnlyDictionary<string, string> Labels = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
    {
        ["type"] = "Customer type", ["firstName"] = "First name", ["middleName"] = "Middle name", ["lastName"] = "Last name",
        ["businessName"] = "Business name", ["email"] = "Email", ["phoneCode"] = "Dialling code", ["phoneNumber"] = "Phone number",
        ["country"] = "Country", ["state"] = "State / region", ["dateOfBirth"] = "Date of birth", ["gender"] = "Gender",
        ["externalReference"] = "Your reference", ["addressLine1"] = "Address line 1", ["addressLine2"] = "Address line 2",
        ["city"] = "City", ["postalCode"] = "Postal code", ["registrationNumber"] = "Registration number", ["taxId"] = "Tax id",
        ["website"] = "Website", ["industry"] = "Industry", ["companyType"] = "Company type",
    };

    public static FormErrors Validate(CustomerDraft draft)
    {
        var errors = new FormErrors();
        // Lengths first: a value that is too long gets that one message, and never reaches the format checks or Artha.
        var tooLong = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        void Limit(string key, string? value, int max)
        {
            if (CustomerFieldLimits.Exceeds(value, max))
            {
                errors.Add(key, CustomerFieldLimits.TooLong(max, value!.Trim().Length));
                tooLong.Add(key);
            }
        }
        Limit("firstName", draft.FirstName, CustomerFieldLimits.Name);
        Limit("middleName", draft.MiddleName, CustomerFieldLimits.Name);
        Limit("lastName", draft.LastName, CustomerFieldLimits.Name);
        Limit("businessName", draft.BusinessName, CustomerFieldLimits.Name);
        Limit("email", draft.Email, CustomerFieldLimits.Email);
        Limit("phoneCode", draft.PhoneCode, CustomerFieldLimits.PhoneCode);
        Limit("phoneNumber", draft.PhoneNumber, CustomerFieldLimits.PhoneNumber);
        Limit("country", draft.Country, CustomerFieldLimits.Country);
        Limit("state", draft.State, CustomerFieldLimits.State);
        Limit("gender", draft.Gender, 10);
        Limit("externalReference", draft.ExternalReference, CustomerFieldLimits.ExternalReference);
        Limit("address.addressLine1", draft.AddressLine1, CustomerFieldLimits.AddressLine);
        Limit("address.addressLine2", draft.AddressLine2, CustomerFieldLimits.AddressLine);
        Limit("address.city", draft.City, CustomerFieldLimits.City);
        Limit("address.state", draft.AddressState, CustomerFieldLimits.State);
        Limit("address.postalCode", draft.PostalCode, CustomerFieldLimits.PostalCode);
        Limit("address.country", draft.AddressCountry, CustomerFieldLimits.Country);
        Limit("business.registrationNumber", draft.RegistrationNumber, CustomerFieldLimits.RegistrationNumber);
        Limit("business.taxId", draft.TaxId, CustomerFieldLimits.TaxId);
        Limit("business.website", draft.Website, CustomerFieldLimits.Website);
        Limit("business.industry", draft.Industry, CustomerFieldLimits.Industry);
        Limit("business.companyType", draft.CompanyType, CustomerFieldLimits.CompanyType);
        bool Fine(string key) => !tooLong.Contains(key);

        if (!CustomerTypes.All.Contains(draft.Type, StringComparer.OrdinalIgnoreCase))
        {
            errors.Add("type", "Choose individual or business.");
        }
        if (!draft.IsBusiness)
        {
            if (string.IsNullOrWhiteSpace(draft.FirstName)) errors.Add("firstName", "Enter the first name.");
            if (string.IsNullOrWhiteSpace(draft.LastName)) errors.Add("lastName", "Enter the last name.");
            if (draft.DateOfBirth is null) errors.Add("dateOfBirth", "Enter the date of birth (required for individuals).");
            else if (draft.DateOfBirth > DateOnly.FromDateTime(DateTime.UtcNow)) errors.Add("dateOfBirth", "The date of birth cannot be in the future.");
            if (string.IsNullOrWhiteSpace(draft.Gender)) errors.Add("gender", "Choose a gender (required for individuals).");
            else if (Fine("gender") && !CustomerDraft.Genders.Contains(draft.Gender.Trim(), StringComparer.OrdinalIgnoreCase)) errors.Add("gender", "Choose male, female or other.");
        }
        else if (string.IsNullOrWhiteSpace(draft.BusinessName))
        {
            errors.Add("businessName", "Enter the business name (required for businesses).");
        }
        if (string.IsNullOrWhiteSpace(draft.Email)) errors.Add("email", "Enter the email address.");
        else if (Fine("email") && !CustomerDraft.IsEmail(draft.Email.Trim())) errors.Add("email", "Enter a valid email address, e.g. jane.doe@example.com.");
        if (string.IsNullOrWhiteSpace(draft.PhoneCode)) errors.Add("phoneCode", "Enter the dialling code, e.g. +44.");
        else if (Fine("phoneCode") && !PhoneCodePattern().IsMatch(draft.PhoneCode.Trim())) errors.Add("phoneCode", "Use + followed by 1 to 4 digits, e.g. +44.");
        if (string.IsNullOrWhiteSpace(draft.PhoneNumber)) errors.Add("phoneNumber", "Enter the phone number.");
        else if (Fine("phoneNumber") && !PhoneNumberPattern().IsMatch(draft.PhoneNumber.Trim())) errors.Add("phoneNumber", "Use 4 to 15 digits, without the dialling code.");
        if (string.IsNullOrWhiteSpace(draft.Country)) errors.Add("country", "Enter the country code, e.g. GB.");
        else if (Fine("country") && CountryCodes.Problem(draft.Country) is { } countryProblem) errors.Add("country", countryProblem);
        if (!string.IsNullOrWhiteSpace(draft.AddressCountry) && Fine("address.country") && CountryCodes.Problem(draft.AddressCountry) is { } addressCountryProblem)
        {
            errors.Add("address.country", addressCountryProblem);
        }
        return errors;
    }
}
