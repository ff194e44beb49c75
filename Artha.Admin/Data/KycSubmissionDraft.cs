namespace Artha.Admin.Data;

/// <summary>
/// The values last submitted for one customer's KYC/KYB on one product, kept so that a resubmission after a rejection
/// starts from them, even days later and from another session. They are personal data (names, document numbers,
/// document links), so <see cref="ProtectedValues"/> is encrypted with the portal's data-protection keys, never plain
/// text in the database; a draft is dropped once the application is approved or after the retention period.
/// </summary>
public class KycSubmissionDraft
{
    public long Id { get; set; }
    public string CustomerId { get; set; } = "";
    public string ProductId { get; set; } = "";

    /// <summary>The form's values as JSON, protected with <c>IDataProtector</c> (purpose <c>Artha.Admin.KycSubmissionDraft.v1</c>).</summary>
    public string ProtectedValues { get; set; } = "";

    public string SubmittedByUserName { get; set; } = "";
    public DateTime SubmittedAtUtc { get; set; }
}
