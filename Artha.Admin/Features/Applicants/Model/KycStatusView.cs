using Artha.Admin.Features.Applicants.Rules;

namespace Artha.Admin.Services;

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
    private string Normalized => KycStateText.Normalize(Status);
    public bool IsApproved => Normalized == KycStateText.Approved;
    public bool IsRejected => Normalized == KycStateText.Rejected;
    public bool IsNotSubmitted => Normalized == KycStateText.NotSubmitted;
    /// <summary>Still waiting for Artha's decision.</summary>
    public bool IsInProgress => Normalized is KycStateText.Pending or KycStateText.UnderReview;

    /// <summary>
    /// Why this product takes no application from this customer (a KYB product and an individual, or the reverse; see
    /// <see cref="ProductAudience"/>); null when it does.
    /// </summary>
    public string? NotOfferedReason { get; init; }

    /// <summary>A new application can be sent: the product is for this kind of customer, and it is not approved already.</summary>
    public bool CanSubmit => !IsApproved && NotOfferedReason is null;

    /// <summary>The state in the portal's words (<see cref="KycStateText.Describe"/>).</summary>
    public string Text => KycStateText.Describe(Status, Remarks);
}
