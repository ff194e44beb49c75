using Artha.Sandbox.Http;

namespace Artha.Sandbox.State;

/// <summary>
/// Maps the §7.2 requirement codes to the fields an applicant must send. Each concept accepts both spellings of §7.4
/// (Submit page name first, Requirements page name second) because the two doc pages disagree.
/// </summary>
public static class KycRequirements
{
    private sealed record Concept(string[] Names, bool IsFile = false);

    private static readonly Concept DocType = new(["idType", "docType"]);
    private static readonly Concept DocId = new(["idNumber", "docId"]);
    private static readonly Concept FrontDoc = new(["profilePicFront", "frontDoc"], true);
    private static readonly Concept BackDoc = new(["profilePicBack", "backDoc"], true);
    private static readonly Concept FirstName = new(["firstName"]);
    private static readonly Concept LastName = new(["lastName"]);
    private static readonly Concept Gender = new(["gender"]);
    private static readonly Concept Dob = new(["dob", "dateOfBirth"]);
    private static readonly Concept Email = new(["email"]);
    private static readonly Concept MobileCode = new(["mobileCode", "phoneCode"]);
    private static readonly Concept Mobile = new(["mobile", "phoneNumber"]);
    private static readonly Concept AddressLine = new(["addressLine1", "address"]);
    private static readonly Concept City = new(["city"]);
    private static readonly Concept PostalCode = new(["postalCode", "zipCode"]);
    private static readonly Concept Country = new(["country", "countryIsoThree", "countryId"]);

    private static readonly Dictionary<string, Concept[]> ByCode = new(StringComparer.OrdinalIgnoreCase)
    {
        ["PassportOnly"] = [DocType, DocId, FrontDoc, BackDoc],
        ["Passport"] = [DocType, DocId, FrontDoc, BackDoc],
        ["IdTypes"] = [DocType, DocId, FrontDoc, BackDoc],
        ["FullNameOnly"] = [FirstName, LastName],
        ["FullName"] = [FirstName, LastName, Gender, Dob],
        ["Comms"] = [Email, MobileCode, Mobile],
        ["EmergencyContact"] = [new(["emergencyContact"])],
        ["Address"] = [AddressLine],
        ["FullAddress"] = [AddressLine, City, PostalCode, Country],
        ["HandedPassport"] = [new(["handHoldIdPhoto", "selfie"], true)],
        ["Face"] = [new(["faceImage", "photo", "selfie"], true)],
        ["Sign"] = [new(["signature", "signImage"], true)],
        ["Biomatric"] = [new(["biometric", "biomatric"], true)],
        ["IssueDate"] = [new(["docIssueDate"])],
        ["IpAddress"] = [new(["ipAddress"])],
        ["FinancialProfile"] = [new(["occupation"]), new(["accountPurpose"]), new(["annualSalary"]), new(["expectedMonthlyVolume"])],
    };

    /// <summary>Codes whose document must carry an expiry date or the never-expires flag.</summary>
    private static readonly HashSet<string> NeedsExpiry = new(StringComparer.OrdinalIgnoreCase) { "Passport", "IdTypes" };

    public static void Validate(IReadOnlyList<string> codes, JsonBody details, string prefix, FieldErrors errors)
    {
        var checkedNames = new HashSet<string>();
        foreach (var code in codes)
        {
            if (!ByCode.TryGetValue(code, out var concepts))
                continue;
            foreach (var concept in concepts)
            {
                if (!checkedNames.Add(concept.Names[0]))
                    continue;
                var present = details.FirstPresent(concept.Names);
                if (present is null)
                {
                    var also = concept.Names.Length > 1 ? $" (also accepted as {string.Join(", ", concept.Names.Skip(1))})" : "";
                    errors.Add($"{prefix}.{concept.Names[0]}", $"Required by product requirement '{code}'{also}.");
                    continue;
                }
                var value = details.String(present, errors);
                if (concept.IsFile && !IsHttpUrl(value))
                    errors.Add($"{prefix}.{present}", "Must be a file URL returned by POST /api/v1/uploadfile.");
            }
            if (NeedsExpiry.Contains(code) && checkedNames.Add("docExpiryDate")
                && details.FirstPresent("docExpiryDate", "docExpireDate") is null
                && details.Bool("docNeverExpire", errors) != true)
                errors.Add($"{prefix}.docExpiryDate",
                    $"Required by product requirement '{code}' unless docNeverExpire is true (also accepted as docExpireDate).");
        }

        if (details.HasValue("gender") && details.String("gender", errors) is { } g && !Validation.Genders.Contains(g))
            errors.Add($"{prefix}.gender", "Must be male, female or other.");
        foreach (var dateField in new[] { "dob", "dateOfBirth", "docExpiryDate", "docExpireDate", "docIssueDate" })
            if (details.HasValue(dateField) && !Validation.IsDate(details.String(dateField, errors)))
                errors.Add($"{prefix}.{dateField}", "Must be a date (YYYY-MM-DD).");
        if (details.HasValue("email") && !Validation.IsEmail(details.String("email", errors)))
            errors.Add($"{prefix}.email", "Must be a valid email address.");
    }

    private static bool IsHttpUrl(string? value) =>
        Uri.TryCreate(value, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps);
}

public static class Validation
{
    public static readonly HashSet<string> Genders = new(StringComparer.OrdinalIgnoreCase) { "male", "female", "other" };

    public static bool IsEmail(string? value) =>
        value is not null && System.Text.RegularExpressions.Regex.IsMatch(value, @"^[^@\s]+@[^@\s]+\.[^@\s]+$");

    public static bool IsDate(string? value) =>
        value is not null && (DateOnly.TryParseExact(value, "yyyy-MM-dd", out _)
            || DateTimeOffset.TryParse(value, System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.AssumeUniversal, out _));

    /// <summary>Normalises a date or date-time (G1 sends <c>1990-06-15T00:00:00Z</c>) to <c>YYYY-MM-DD</c>.</summary>
    public static string? ToDate(string? value)
    {
        if (value is null) return null;
        if (DateOnly.TryParseExact(value, "yyyy-MM-dd", out var d)) return d.ToString("yyyy-MM-dd");
        return DateTimeOffset.TryParse(value, System.Globalization.CultureInfo.InvariantCulture,
            System.Globalization.DateTimeStyles.AssumeUniversal, out var dt) ? dt.UtcDateTime.ToString("yyyy-MM-dd") : value;
    }

    public static bool IsCurrency(string? value) => value is { Length: 3 } && value.All(char.IsAsciiLetter);

    public static bool IsCountry(string? value) => value is { Length: 2 } && value.All(char.IsAsciiLetter);
}
