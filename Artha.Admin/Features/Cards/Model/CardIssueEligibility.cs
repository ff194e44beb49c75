namespace Artha.Admin.Services;

/// <summary>Whether a card may be issued for a customer and product: only when KYC for that product is Approved.</summary>
public sealed record CardIssueEligibility(string CustomerId, string ProductId, string KycStatus, string? Remarks)
{
    public bool Allowed => string.Equals(Normalize(KycStatus), "approved", StringComparison.Ordinal);

    /// <summary>Why a card cannot be issued yet, and what to do.</summary>
    public string Reason => Allowed
        ? "KYC for this product is approved."
        : $"KYC for this customer and product is {Describe(KycStatus)}{(string.IsNullOrWhiteSpace(Remarks) ? "" : $" ({Remarks.Trim().TrimEnd('.')})")}. " +
          "A card can be issued only once it is Approved: open the applicant's KYC for this product to submit or follow it up.";

    private static string Normalize(string value) => value.Replace("_", "").Replace("-", "").Replace(" ", "").ToLowerInvariant();

    private static string Describe(string value) => Normalize(value) switch
    {
        "underreview" => "under review",
        "notsubmitted" or "" => "not submitted",
        var other => other,
    };
}
