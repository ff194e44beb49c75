using Artha.Admin.Features.Applicants.Rules;

namespace Artha.Admin.Services;

/// <summary>
/// Whether a card may be issued for a customer and product: only when KYC for that product is Approved. The wording of
/// the KYC state is <see cref="KycStateText"/>'s, the same the KYC tab and the applicants page show.
/// </summary>
public sealed record CardIssueEligibility(string CustomerId, string ProductId, string KycStatus, string? Remarks)
{
    public bool Allowed => KycStateText.Normalize(KycStatus) == KycStateText.Approved;

    /// <summary>Why a card can or cannot be issued, and what to do: the one sentence the wizard and the service use.</summary>
    public string Reason => Allowed
        ? "KYC for this product is approved: the card can be issued."
        : $"KYC for this customer and product is {Describe()}. " +
          "A card can be issued only once it is Approved: open the applicant's KYC for this product to submit or follow it up.";

    private string Describe()
    {
        var label = KycStateText.Normalize(KycStatus) == "unknown" ? "not submitted" : KycStateText.Label(KycStatus).ToLowerInvariant();
        return string.IsNullOrWhiteSpace(Remarks) ? label : $"{label} ({Remarks.Trim().TrimEnd('.')})";
    }
}
