namespace Artha.Admin.Services;

/// <summary>Everything the KYC/KYB form needs for one customer and product.</summary>
public sealed record KycFormModel(
    CustomerView Customer,
    ProductView Product,
    IReadOnlyList<KycField> Fields,
    IReadOnlyList<string> UnknownCodes,
    Dictionary<string, string?> Values,
    bool ValuesFromLastSubmission);
