using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace Artha.Client.Models;

/// <summary>
/// Body of Submit KYC/KYB Applicant: <see cref="KycDetails"/> for an individual or <see cref="KybDetails"/> for a business.
/// </summary>
public sealed record SubmitApplicantRequest
{
    public KycDetails? KycDetails { get; init; }

    /// <summary>KYB payload; its schema was never published, so it is free-form JSON.</summary>
    public JsonObject? KybDetails { get; init; }
}

/// <summary>
/// KYC fields as named on the Submit Applicant page. Send only what the product's requirement codes ask for;
/// fields the page did not capture go in <see cref="AdditionalFields"/>. File fields hold URLs from the upload endpoint.
/// </summary>
public sealed record KycDetails
{
    /// <summary>Always required (repeats the path parameter).</summary>
    public required string CustomerId { get; init; }
    public string? FirstName { get; init; }
    public string? LastName { get; init; }
    public string? Gender { get; init; }
    public DateOnly? Dob { get; init; }
    public string? Email { get; init; }
    public string? MobileCode { get; init; }
    public string? Mobile { get; init; }
    public string? AddressLine1 { get; init; }
    public string? AddressLine2 { get; init; }
    public string? City { get; init; }
    public string? State { get; init; }
    public string? PostalCode { get; init; }
    public string? Country { get; init; }
    public string? Town { get; init; }
    public string? IdType { get; init; }
    public string? IdNumber { get; init; }
    public string? ProfilePicFront { get; init; }
    public string? ProfilePicBack { get; init; }
    public DateOnly? DocExpiryDate { get; init; }
    public DateOnly? DocIssueDate { get; init; }
    public string? FaceImage { get; init; }
    public string? Signature { get; init; }
    public string? Biometric { get; init; }

    /// <summary>Extra fields written as-is (e.g. <c>emergencyContact</c>, <c>ipAddress</c>, <c>occupation</c>).</summary>
    [JsonExtensionData]
    public Dictionary<string, JsonElement>? AdditionalFields { get; set; }
}

/// <summary>KYC/KYB application status for one customer and product (also the submit response, when the server sends one).</summary>
public sealed record ApplicantStatusResult : ArthaResponse
{
    public string? CustomerId { get; init; }
    public string? ProductId { get; init; }
    /// <summary><c>Approved</c>, <c>Rejected</c>, <c>UnderReview</c> or <c>Pending</c>.</summary>
    public KycStatus ApplicantStatus { get; init; }
    /// <summary>Explanation, e.g. the rejection reason.</summary>
    public string? Remarks { get; init; }
    /// <summary>When the application was last submitted, when the server says (not documented; the sandbox sends it).</summary>
    public DateTimeOffset? SubmittedAt { get; init; }
    /// <summary>When the status last changed, when the server says (not documented; the sandbox sends it).</summary>
    public DateTimeOffset? UpdatedAt { get; init; }
}

/// <summary>One file to upload.</summary>
/// <param name="FileName">Original file name, sent in the multipart part.</param>
/// <param name="Content">File content; read once while sending.</param>
/// <param name="ContentType">MIME type, e.g. <c>image/jpeg</c>.</param>
public sealed record UploadFile(string FileName, Stream Content, string ContentType);

/// <summary>A stored file; pass <see cref="FileUrl"/> in KYC file fields.</summary>
public sealed record UploadedFile
{
    public string? FileName { get; init; }
    public string FileUrl { get; init; } = "";
}
