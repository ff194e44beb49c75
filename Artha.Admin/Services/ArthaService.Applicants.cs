using System.Globalization;
using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using Artha.Admin.Auditing;
using Artha.Admin.Data;
using Artha.Admin.LiveStatus;
using Artha.Admin.Security;
using Artha.Client.Models;

namespace Artha.Admin.Services;

/// <summary>How a KYC/KYB field is entered and checked.</summary>
public enum KycFieldKind
{
    Text,
    Email,
    /// <summary><c>YYYY-MM-DD</c>.</summary>
    Date,
    /// <summary>male, female or other.</summary>
    Gender,
    /// <summary>ISO 3166-1 alpha-2.</summary>
    Country,
    /// <summary>Kind of identity document (passport, national id, …).</summary>
    DocumentType,
    /// <summary>A document or image: uploaded first, the field holds the returned URL.</summary>
    File,
    /// <summary>A yes/no flag (the document never expires).</summary>
    Flag,
    Number,
    IpAddress,
}

/// <summary>
/// One field of the KYC/KYB form. <see cref="Key"/> is the name sent to Artha (the Submit page's spelling, §7.4);
/// <see cref="Code"/> is the requirement code that asks for it.
/// </summary>
public sealed record KycField(string Key, string Label, KycFieldKind Kind, bool Required, string Code, string? Hint = null)
{
    public IReadOnlyList<string> Options { get; init; } = [];
}

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

    private static KycField F(string key, string label, KycFieldKind kind, string code, bool required = true, string? hint = null) =>
        new(key, label, kind, required, code, hint);

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
            var problem = field.Kind switch
            {
                KycFieldKind.Email when !CustomerDraft.IsEmail(value) => "Enter a valid email address.",
                KycFieldKind.Date when !DateOnly.TryParseExact(value, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out _) => "Enter a date (YYYY-MM-DD).",
                KycFieldKind.Gender when !CustomerDraft.Genders.Contains(value, StringComparer.OrdinalIgnoreCase) => "Choose male, female or other.",
                KycFieldKind.Country when !CustomerDraft.IsCountry(value) => "Use the 2-letter ISO country code, e.g. GB.",
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

/// <summary>The KYC/KYB state of one customer for one product.</summary>
public sealed record KycStatusView(
    string CustomerId,
    string ProductId,
    string ProductName,
    IReadOnlyList<string> RequirementCodes,
    string Status,
    string? Remarks,
    DateTimeOffset? SubmittedAt,
    DateTimeOffset? UpdatedAt)
{
    private string Normalized => Status.Replace("_", "").Replace("-", "").Replace(" ", "").ToLowerInvariant();
    public bool IsApproved => Normalized == "approved";
    public bool IsRejected => Normalized == "rejected";
    public bool IsNotSubmitted => Normalized == "notsubmitted";
    /// <summary>Still waiting for Artha's decision.</summary>
    public bool IsInProgress => Normalized is "pending" or "underreview";
    /// <summary>A new application can be sent (never submitted, or rejected); an approved one cannot.</summary>
    public bool CanSubmit => !IsApproved;
}

/// <summary>Everything the KYC/KYB form needs for one customer and product.</summary>
public sealed record KycFormModel(
    CustomerView Customer,
    ProductView Product,
    IReadOnlyList<KycField> Fields,
    IReadOnlyList<string> UnknownCodes,
    Dictionary<string, string?> Values,
    bool ValuesFromLastSubmission);

/// <summary>A stored document: put <see cref="Url"/> in the file field.</summary>
public sealed record UploadedDocument(string FileName, string Url);

public sealed partial class ArthaService
{
    /// <summary>The requirement codes of a product (§7.1 step 1).</summary>
    public Task<IReadOnlyList<string>> GetKycRequirementCodesAsync(string productId, CancellationToken cancellationToken = default) =>
        ReadAsync<IReadOnlyList<string>>(Permission.ViewProgramme, "kyc.requirements", new AuditTarget("product", productId),
            async ct => (await artha.Products.GetAsync(productId, ct)).KycRequirements ?? [], cancellationToken);

    /// <summary>
    /// The form for one customer and product: exactly the fields the product's codes require, filled with the
    /// values last submitted (after a rejection, from any session) or else what the customer's profile can answer.
    /// </summary>
    public async Task<KycFormModel> GetKycFormAsync(string customerId, string productId, CancellationToken cancellationToken = default)
    {
        await RequireAsync(Permission.Onboard, "kyc.form", new AuditTarget("customer", customerId));
        var customer = await GetCustomerAsync(customerId, cancellationToken);
        var product = await GetProductAsync(productId, cancellationToken);
        var fields = KycRequirementFields.For(product.KycRequirements, customer.IsBusiness);
        var last = await kycMemory.RecallAsync(customer.Id, product.Id, cancellationToken);
        var fromLast = last is not null;
        var values = last is not null
            ? fields.ToDictionary(f => f.Key, f => last.TryGetValue(f.Key, out var v) ? v : null)
            : KycRequirementFields.PrefillFrom(customer, fields);
        return new KycFormModel(customer, product, fields, KycRequirementFields.UnknownCodes(product.KycRequirements), values, fromLast);
    }

    /// <summary>Uploads one KYC document (§7.3) and returns its stored URL. The audit names the customer and field, never the contents.</summary>
    public async Task<UploadedDocument> UploadKycDocumentAsync(string customerId, string fieldLabel, string fileName, string contentType, Stream content,
        CancellationToken cancellationToken = default)
    {
        var files = await ChangeAsync(Permission.Onboard, "kyc.upload", new AuditTarget("customer", customerId),
            $"{fieldLabel} for customer {customerId} ({contentType})",
            ct => artha.Uploads.UploadAsync([new UploadFile(fileName, content, contentType)], ct), _ => null, cancellationToken);
        var stored = files.FirstOrDefault(f => !string.IsNullOrEmpty(f.FileUrl))
            ?? throw new ArthaOperationException("Artha accepted the upload but returned no file link. Upload the file again.", ArthaFailureKind.ServerError);
        return new UploadedDocument(stored.FileName ?? fileName, stored.FileUrl);
    }

    /// <summary>
    /// Submits the KYC (individual) or KYB (business) application for a product with exactly the fields the
    /// product's requirement codes ask for; checks them in the portal first. Starts a persisted watch and tells
    /// open pages. Artha's field errors come back keyed by the form's field names.
    /// </summary>
    public async Task<KycStatusView> SubmitKycAsync(string customerId, string productId, IReadOnlyDictionary<string, string?> values,
        CancellationToken cancellationToken = default)
    {
        var target = new AuditTarget("customer", customerId);
        await RequireAsync(Permission.Onboard, "kyc.submit", target);
        var customer = await GetCustomerAsync(customerId, cancellationToken);
        var product = await GetProductAsync(productId, cancellationToken);
        var fields = KycRequirementFields.For(product.KycRequirements, customer.IsBusiness);
        var errors = KycRequirementFields.Validate(fields, values);
        if (!errors.IsEmpty)
        {
            throw new ArthaOperationException("Some required details are missing or invalid. Correct the highlighted fields and submit again.",
                ArthaFailureKind.Validation, fieldErrors: errors.ToDictionary());
        }

        var request = customer.IsBusiness
            ? new SubmitApplicantRequest { KybDetails = KycRequirementFields.BuildKybDetails(customer.Id, fields, values) }
            : new SubmitApplicantRequest { KycDetails = KycRequirementFields.BuildKycDetails(customer.Id, fields, values) };
        var kind = customer.IsBusiness ? "KYB" : "KYC";
        var detail = $"{kind} for {customer.DisplayName} ({customer.Id}) on product {product.Name} ({product.Id}); fields sent: "
            + string.Join(", ", KycRequirementFields.SentFieldNames(fields, values));
        ApplicantStatusResult? result;
        try
        {
            result = await ChangeAsync(Permission.Onboard, "kyc.submit", target, detail,
                ct => artha.Applicants.SubmitAsync(customer.Id, product.Id, request, ct), r => r?.RequestId, cancellationToken);
        }
        catch (ArthaOperationException ex) when (ex.Kind == ArthaFailureKind.Validation && ex.FieldErrors.Count > 0)
        {
            throw new ArthaOperationException(ex.Message, ex.Kind, ex.RequestId,
                FormErrors.From(ex.FieldErrors, KycRequirementFields.FieldKeyOf).ToDictionary(), ex.StatusCode, ex.ErrorCode, ex);
        }
        catch (ArthaOperationException ex) when (ex.Kind == ArthaFailureKind.Conflict)
        {
            throw new ArthaOperationException($"{kind} for this customer and product is already approved; there is nothing to resubmit.",
                ex.Kind, ex.RequestId, ex.FieldErrors, ex.StatusCode, ex.ErrorCode, ex);
        }

        var user = await currentStaff.GetAsync();
        await kycMemory.RememberAsync(customer.Id, product.Id, fields.ToDictionary(f => f.Key, f => values.TryGetValue(f.Key, out var v) ? v : null),
            user.Identity?.Name ?? "");
        var status = result is { } r && !string.IsNullOrEmpty(r.ApplicantStatus.Value) ? r.ApplicantStatus.Value : "Pending";
        var description = $"{kind} of {customer.DisplayName} for {product.Name}";
        await WatchAsync(WatchKind.Kyc, customer.Id, description, status, productId: product.Id, customerId: customer.Id);
        await PublishAsync(StatusSubject.Kyc, customer.Id, status, $"{description} submitted", customerId: customer.Id, productId: product.Id);
        var now = clock.GetUtcNow();
        return new KycStatusView(customer.Id, product.Id, product.Name, product.KycRequirements, status,
            result?.Remarks, result?.SubmittedAt ?? now, result?.UpdatedAt ?? now);
    }

    /// <summary>The application status of a customer for one product (§7.5).</summary>
    public async Task<KycStatusView> GetApplicantStatusAsync(string customerId, string productId, CancellationToken cancellationToken = default)
    {
        await RequireAsync(Permission.ViewProgramme, "kyc.status", new AuditTarget("customer", customerId));
        var product = await GetProductAsync(productId, cancellationToken);
        var submitted = await SubmittedProductsAsync(customerId, cancellationToken);
        return await StatusForAsync(customerId, product, submitted, cancellationToken);
    }

    /// <summary>The application status of a customer for every product, one row per product.</summary>
    public async Task<IReadOnlyList<KycStatusView>> GetCustomerKycAsync(string customerId, CancellationToken cancellationToken = default)
    {
        await RequireAsync(Permission.ViewProgramme, "kyc.status", new AuditTarget("customer", customerId));
        var products = await AllProductsAsync(cancellationToken);
        var submitted = await SubmittedProductsAsync(customerId, cancellationToken);
        var rows = new List<KycStatusView>(products.Count);
        foreach (var product in products)
        {
            rows.Add(await StatusForAsync(customerId, product, submitted, cancellationToken));
        }
        return rows;
    }

    private Task<KycStatusView> StatusForAsync(string customerId, ProductView product, IReadOnlyDictionary<string, DateTime> submittedByPortal, CancellationToken cancellationToken) =>
        ReadAsync(Permission.ViewProgramme, "kyc.status", new AuditTarget("customer", customerId), async ct =>
        {
            var result = await artha.Applicants.GetStatusAsync(customerId, product.Id, ct);
            var status = string.IsNullOrEmpty(result.ApplicantStatus.Value) ? "UnderReview" : result.ApplicantStatus.Value;
            DateTimeOffset? portalSubmitted = submittedByPortal.TryGetValue(product.Id, out var at) ? new DateTimeOffset(at, TimeSpan.Zero) : null;
            var submittedAt = result.SubmittedAt ?? portalSubmitted;
            // §7.5: Artha answers UnderReview also when nothing was ever submitted; say so when neither Artha nor the portal knows of a submission.
            if (submittedAt is null && result.ApplicantStatus == KycStatus.UnderReview)
            {
                status = KycStatus.NotSubmitted.Value;
            }
            return new KycStatusView(customerId, product.Id, product.Name, product.KycRequirements, status, result.Remarks, submittedAt, result.UpdatedAt);
        }, cancellationToken);

    /// <summary>Products this portal has submitted KYC for (from its watches), with the time of the watch.</summary>
    private async Task<IReadOnlyDictionary<string, DateTime>> SubmittedProductsAsync(string customerId, CancellationToken cancellationToken)
    {
        var list = await watches.ForAsync(customerId, cancellationToken);
        return list.Where(w => w.Kind == WatchKind.Kyc && w.ProductId is not null)
            .GroupBy(w => w.ProductId!)
            .ToDictionary(g => g.Key, g => g.Max(w => w.CreatedAtUtc));
    }
}
