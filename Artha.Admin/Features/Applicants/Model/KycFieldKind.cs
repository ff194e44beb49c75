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
