using System.Globalization;
using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using Artha.Admin.Features.Customers.Rules;
using Artha.Admin.Services;
using Artha.Client.Models;

namespace Artha.Admin.Features.Applicants.Rules;

/// <summary>
/// The §7.2 table: which fields each product KYC requirement code asks for, with the Requirements page's names
/// translated to the Submit page's (§7.4 conflict: <c>frontDoc</c> → <c>profilePicFront</c>, <c>zipCode</c> →
/// <c>postalCode</c>, <c>countryIsoThree</c>/<c>countryId</c> → <c>country</c>, …). Pure: no I/O, unit-tested.
/// </summary>
public static class KycRequirementFields
{
    public const string NeverExpiresKey = "docNeverExpire";
    public const string ExpiryDateKey = "docExpiryDate";

    public static readonly IReadOnlyList<string> AllDocumentTypes = ["passport", "national_id", "driving_licence", "residence_permit"];

    /// <summary>The longest value of each field, matching the customer form's limits where the field is the same.</summary>
    private static readonly Dictionary<string, int> MaxLengths = new(StringComparer.OrdinalIgnoreCase)
    {
        ["firstName"] = CustomerFieldLimits.Name, ["lastName"] = CustomerFieldLimits.Name, ["companyName"] = CustomerFieldLimits.Name,
        ["email"] = CustomerFieldLimits.Email, ["mobileCode"] = CustomerFieldLimits.PhoneCode, ["mobile"] = CustomerFieldLimits.PhoneNumber,
        ["addressLine1"] = CustomerFieldLimits.AddressLine, ["town"] = CustomerFieldLimits.City, ["city"] = CustomerFieldLimits.City,
        ["state"] = CustomerFieldLimits.State, ["postalCode"] = CustomerFieldLimits.PostalCode, ["country"] = CustomerFieldLimits.Country,
        ["registrationNumber"] = CustomerFieldLimits.RegistrationNumber, ["idNumber"] = 50, ["occupation"] = 100, ["accountPurpose"] = 200,
        ["annualSalary"] = 20, ["expectedMonthlyVolume"] = 20, ["ipAddress"] = 45, ["emergencyContact"] = 200,
    };

    private static KycField F(string key, string label, KycFieldKind kind, string code, bool required = true, string? hint = null) =>
        new(key, label, kind, required, code, hint)
        {
            MaxLength = MaxLengths.TryGetValue(key, out var max) ? max : kind switch
            {
                KycFieldKind.File => 2048,
                KycFieldKind.Date => 10,
                KycFieldKind.Flag or KycFieldKind.Gender => 10,
                _ => 200,
            },
        };

    private static KycField[] Document(string code, bool withExpiry)
    {
        var options = code.StartsWith("Passport", StringComparison.OrdinalIgnoreCase) ? (IReadOnlyList<string>)["passport"] : AllDocumentTypes;
        var fields = new List<KycField>
        {
            F("idType", "Document type", KycFieldKind.DocumentType, code) with { Options = options },
            F("idNumber", "Document number", KycFieldKind.Text, code),
            F("profilePicFront", "Document front (image or PDF)", KycFieldKind.File, code),
            F("profilePicBack", "Document back (image or PDF)", KycFieldKind.File, code),
        };
        if (withExpiry)
        {
            fields.Add(F(ExpiryDateKey, "Document expiry date", KycFieldKind.Date, code, hint: "Required unless the document never expires."));
            fields.Add(F(NeverExpiresKey, "The document never expires", KycFieldKind.Flag, code, required: false));
        }
        return [.. fields];
    }

    private static readonly Dictionary<string, Func<string, KycField[]>> ByCode = new(StringComparer.OrdinalIgnoreCase)
    {
        ["PassportOnly"] = code => Document(code, withExpiry: false),
        ["Passport"] = code => Document(code, withExpiry: true),
        ["IdTypes"] = code => Document(code, withExpiry: true),
        ["FullNameOnly"] = code => [F("firstName", "First name", KycFieldKind.Text, code), F("lastName", "Last name", KycFieldKind.Text, code)],
        ["FullName"] = code =>
        [
            F("firstName", "First name", KycFieldKind.Text, code),
            F("lastName", "Last name", KycFieldKind.Text, code),
            F("gender", "Gender", KycFieldKind.Gender, code) with { Options = CustomerDraft.Genders },
            F("dob", "Date of birth", KycFieldKind.Date, code),
        ],
        ["Comms"] = code =>
        [
            F("email", "Email", KycFieldKind.Email, code),
            F("mobileCode", "Mobile dialling code", KycFieldKind.Text, code, hint: "e.g. +44"),
            F("mobile", "Mobile number", KycFieldKind.Text, code),
        ],
        ["EmergencyContact"] = code => [F("emergencyContact", "Emergency contact", KycFieldKind.Text, code, hint: "Name and phone number")],
        ["Address"] = code => [F("addressLine1", "Address", KycFieldKind.Text, code)],
        ["FullAddress"] = code =>
        [
            F("addressLine1", "Address", KycFieldKind.Text, code),
            F("town", "Town", KycFieldKind.Text, code),
            F("city", "City", KycFieldKind.Text, code),
            F("state", "State / region", KycFieldKind.Text, code),
            F("postalCode", "Postal code", KycFieldKind.Text, code),
            F("country", "Country", KycFieldKind.Country, code, hint: "2-letter ISO code, e.g. GB"),
        ],
        ["HandedPassport"] = code => [F("handHoldIdPhoto", "Selfie holding the ID document", KycFieldKind.File, code)],
        ["Face"] = code => [F("faceImage", "Face photo", KycFieldKind.File, code)],
        ["Sign"] = code => [F("signature", "Signature image", KycFieldKind.File, code)],
        ["Biomatric"] = code => [F("biometric", "Biometric file", KycFieldKind.File, code)],
        ["IssueDate"] = code => [F("docIssueDate", "Document issue date", KycFieldKind.Date, code)],
        ["IpAddress"] = code => [F("ipAddress", "IP address", KycFieldKind.IpAddress, code)],
        ["FinancialProfile"] = code =>
        [
            F("occupation", "Occupation", KycFieldKind.Text, code),
            F("accountPurpose", "Purpose of the account", KycFieldKind.Text, code),
            F("annualSalary", "Annual salary", KycFieldKind.Number, code),
            F("expectedMonthlyVolume", "Expected monthly volume", KycFieldKind.Number, code),
        ],
    };

    /// <summary>The company fields every KYB (business) application carries besides the requirement codes' fields.</summary>
    private static readonly KycField[] KybCompany =
    [
        F("companyName", "Company name", KycFieldKind.Text, "KYB"),
        F("registrationNumber", "Company registration number", KycFieldKind.Text, "KYB"),
    ];

    /// <summary>Alternative spellings Artha may use in field errors, mapped to the form's keys.</summary>
    private static readonly Dictionary<string, string> Aliases = new(StringComparer.OrdinalIgnoreCase)
    {
        ["docType"] = "idType", ["docId"] = "idNumber", ["frontDoc"] = "profilePicFront", ["backDoc"] = "profilePicBack",
        ["docExpireDate"] = ExpiryDateKey, ["photo"] = "faceImage", ["selfie"] = "faceImage", ["signImage"] = "signature",
        ["biomatric"] = "biometric", ["zipCode"] = "postalCode", ["countryIsoThree"] = "country", ["countryId"] = "country",
        ["address"] = "addressLine1", ["phoneCode"] = "mobileCode", ["phoneNumber"] = "mobile", ["dateOfBirth"] = "dob",
        ["businessName"] = "companyName", ["legalName"] = "companyName", ["company.name"] = "companyName",
        ["company.registrationNumber"] = "registrationNumber",
    };

    public static bool IsKnownCode(string code) => ByCode.ContainsKey(code);

    /// <summary>Codes this portal does not know (shown to the user rather than silently ignored).</summary>
    public static IReadOnlyList<string> UnknownCodes(IEnumerable<string> codes) => codes.Where(c => !IsKnownCode(c)).ToList();

    /// <summary>
    /// Exactly the fields the codes require, in the codes' order, each once (FullName and FullNameOnly share
    /// first and last name). A business application (KYB) also carries the company name and registration number.
    /// </summary>
    public static IReadOnlyList<KycField> For(IEnumerable<string> codes, bool business = false)
    {
        var fields = new List<KycField>();
        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        void Add(IEnumerable<KycField> candidates)
        {
            foreach (var field in candidates)
            {
                if (seen.Add(field.Key))
                {
                    fields.Add(field);
                }
                else if (field.Kind == KycFieldKind.DocumentType)
                {
                    // A later code may allow more document types (Passport then IdTypes): widen the choice.
                    var index = fields.FindIndex(f => f.Key == field.Key);
                    fields[index] = fields[index] with { Options = fields[index].Options.Union(field.Options).ToList() };
                }
            }
        }
        if (business)
        {
            Add(KybCompany);
        }
        foreach (var code in codes)
        {
            if (ByCode.TryGetValue(code.Trim(), out var make))
            {
                Add(make(code.Trim()));
            }
        }
        return fields;
    }

    /// <summary>The form key for a field name in an Artha error (<c>kycDetails.frontDoc</c> → <c>profilePicFront</c>).</summary>
    public static string FieldKeyOf(string arthaField)
    {
        var name = arthaField;
        foreach (var prefix in new[] { "kycDetails.", "kybDetails.", "kyc_details.", "kyb_details." })
        {
            if (name.StartsWith(prefix, StringComparison.OrdinalIgnoreCase))
            {
                name = name[prefix.Length..];
                break;
            }
        }
        return Aliases.TryGetValue(name, out var key) ? key : name;
    }

    public static bool NeverExpires(IReadOnlyDictionary<string, string?> values) =>
        values.TryGetValue(NeverExpiresKey, out var flag) && string.Equals(flag, "true", StringComparison.OrdinalIgnoreCase);

    /// <summary>Checks the values against the fields: presence, then format. Empty when acceptable.</summary>
    public static FormErrors Validate(IReadOnlyList<KycField> fields, IReadOnlyDictionary<string, string?> values)
    {
        var errors = new FormErrors();
        foreach (var field in fields)
        {
            var value = values.TryGetValue(field.Key, out var v) ? v?.Trim() : null;
            if (string.IsNullOrEmpty(value))
            {
                if (field.Key == ExpiryDateKey && NeverExpires(values))
                {
                    continue;
                }
                if (field.Required)
                {
                    errors.Add(field.Key, field.Kind == KycFieldKind.File
                        ? $"Upload the {field.Label.ToLowerInvariant()} (required by {field.Code})."
                        : $"Enter the {field.Label.ToLowerInvariant()} (required by {field.Code}).");
                }
                continue;
            }
            if (value.Length > field.MaxLength)
            {
                errors.Add(field.Key, CustomerFieldLimits.TooLong(field.MaxLength, value.Length));
                continue;
            }
            var problem = field.Kind switch
            {
                KycFieldKind.Email when !CustomerDraft.IsEmail(value) => "Enter a valid email address.",
                KycFieldKind.Date when !DateOnly.TryParseExact(value, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out _) => "Enter a date (YYYY-MM-DD).",
                KycFieldKind.Gender when !CustomerDraft.Genders.Contains(value, StringComparer.OrdinalIgnoreCase) => "Choose male, female or other.",
                KycFieldKind.Country when CountryCodes.Problem(value) is { } countryProblem => countryProblem,
                KycFieldKind.DocumentType when field.Options.Count > 0 && !field.Options.Contains(value, StringComparer.OrdinalIgnoreCase) => $"Choose one of: {string.Join(", ", field.Options)}.",
                KycFieldKind.File when !IsHttpUrl(value) => "Upload the file again: the stored link is not valid.",
                KycFieldKind.Number when !decimal.TryParse(value, NumberStyles.Number, CultureInfo.InvariantCulture, out _) => "Enter a number, e.g. 45000.",
                KycFieldKind.IpAddress when !IPAddress.TryParse(value, out _) => "Enter an IPv4 or IPv6 address.",
                _ when field.Key == "mobileCode" && !(value.StartsWith('+') && value.Length is >= 2 and <= 5 && value[1..].All(char.IsAsciiDigit)) => "Use + followed by 1 to 4 digits, e.g. +44.",
                _ => null,
            };
            if (problem is not null)
            {
                errors.Add(field.Key, problem);
            }
        }
        return errors;
    }

    /// <summary>The KYC body: <c>customerId</c> plus exactly the given fields' values (typed where the client model has them).</summary>
    public static KycDetails BuildKycDetails(string customerId, IReadOnlyList<KycField> fields, IReadOnlyDictionary<string, string?> values)
    {
        var sent = SentValues(fields, values);
        string? S(string key) => sent.TryGetValue(key, out var value) ? value.GetValueKind() == JsonValueKind.String ? value.GetValue<string>() : value.ToJsonString() : null;
        DateOnly? D(string key) => S(key) is { } text ? DateOnly.ParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture) : null;
        string[] typed =
        [
            "firstName", "lastName", "gender", "dob", "email", "mobileCode", "mobile", "addressLine1", "city", "state", "postalCode",
            "country", "town", "idType", "idNumber", "profilePicFront", "profilePicBack", ExpiryDateKey, "docIssueDate", "faceImage",
            "signature", "biometric",
        ];
        var extra = sent.Where(p => !typed.Contains(p.Key))
            .ToDictionary(p => p.Key, p => JsonSerializer.SerializeToElement(p.Value, ArthaApplicantJson.Default.JsonNode));
        return new KycDetails
        {
            CustomerId = customerId,
            FirstName = S("firstName"),
            LastName = S("lastName"),
            Gender = S("gender"),
            Dob = D("dob"),
            Email = S("email"),
            MobileCode = S("mobileCode"),
            Mobile = S("mobile"),
            AddressLine1 = S("addressLine1"),
            City = S("city"),
            State = S("state"),
            PostalCode = S("postalCode"),
            Country = S("country"),
            Town = S("town"),
            IdType = S("idType"),
            IdNumber = S("idNumber"),
            ProfilePicFront = S("profilePicFront"),
            ProfilePicBack = S("profilePicBack"),
            DocExpiryDate = D(ExpiryDateKey),
            DocIssueDate = D("docIssueDate"),
            FaceImage = S("faceImage"),
            Signature = S("signature"),
            Biometric = S("biometric"),
            AdditionalFields = extra.Count == 0 ? null : extra,
        };
    }

    /// <summary>The KYB body (free-form, §7.4): <c>customerId</c> plus exactly the given fields' values.</summary>
    public static JsonObject BuildKybDetails(string customerId, IReadOnlyList<KycField> fields, IReadOnlyDictionary<string, string?> values)
    {
        var details = new JsonObject { ["customerId"] = customerId };
        foreach (var (key, value) in SentValues(fields, values))
        {
            details[key] = value;
        }
        return details;
    }

    /// <summary>The values to send, in field order: blanks left out, flags as booleans, numbers as numbers, codes normalised.</summary>
    private static List<KeyValuePair<string, JsonNode>> SentValuesList(IReadOnlyList<KycField> fields, IReadOnlyDictionary<string, string?> values)
    {
        var sent = new List<KeyValuePair<string, JsonNode>>();
        var neverExpires = NeverExpires(values);
        foreach (var field in fields)
        {
            var value = values.TryGetValue(field.Key, out var v) ? v?.Trim() : null;
            if (field.Kind == KycFieldKind.Flag)
            {
                if (neverExpires)
                {
                    sent.Add(new(field.Key, JsonValue.Create(true)));
                }
                continue;
            }
            if (string.IsNullOrEmpty(value) || (field.Key == ExpiryDateKey && neverExpires))
            {
                continue;
            }
            JsonNode node = field.Kind switch
            {
                KycFieldKind.Number when decimal.TryParse(value, NumberStyles.Number, CultureInfo.InvariantCulture, out var number) => JsonValue.Create(number),
                KycFieldKind.Country => JsonValue.Create(value.ToUpperInvariant()),
                KycFieldKind.Gender => JsonValue.Create(value.ToLowerInvariant()),
                _ => JsonValue.Create(value),
            };
            sent.Add(new(field.Key, node));
        }
        return sent;
    }

    private static Dictionary<string, JsonNode> SentValues(IReadOnlyList<KycField> fields, IReadOnlyDictionary<string, string?> values) =>
        SentValuesList(fields, values).ToDictionary(p => p.Key, p => p.Value);

    /// <summary>Names of the fields that would be sent (for the audit trail: names only, never values).</summary>
    public static IReadOnlyList<string> SentFieldNames(IReadOnlyList<KycField> fields, IReadOnlyDictionary<string, string?> values) =>
        SentValuesList(fields, values).Select(p => p.Key).ToList();

    /// <summary>Starting values from the customer's profile, for the fields the profile can answer.</summary>
    public static Dictionary<string, string?> PrefillFrom(CustomerView customer, IReadOnlyList<KycField> fields)
    {
        var known = new Dictionary<string, string?>
        {
            ["firstName"] = customer.FirstName,
            ["lastName"] = customer.LastName,
            ["gender"] = customer.Gender?.ToLowerInvariant(),
            ["dob"] = customer.DateOfBirth?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            ["email"] = customer.Email,
            ["mobileCode"] = customer.PhoneCode,
            ["mobile"] = customer.PhoneNumber,
            ["addressLine1"] = customer.Address?.AddressLine1,
            ["city"] = customer.Address?.City,
            ["state"] = customer.Address?.State ?? customer.State,
            ["postalCode"] = customer.Address?.PostalCode,
            ["country"] = customer.Address?.Country ?? customer.Country,
            ["companyName"] = customer.Business?.BusinessName ?? customer.BusinessName,
            ["registrationNumber"] = customer.Business?.RegistrationNumber,
        };
        return fields.ToDictionary(f => f.Key, f => known.TryGetValue(f.Key, out var value) ? value : null);
    }

    private static bool IsHttpUrl(string value) =>
        Uri.TryCreate(value, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps);
}

/// <summary>Source-generated metadata for the KYC extra fields (trimming-safe serialization of JsonNode).</summary>
[System.Text.Json.Serialization.JsonSerializable(typeof(JsonNode))]
internal sealed partial class ArthaApplicantJson : System.Text.Json.Serialization.JsonSerializerContext;
