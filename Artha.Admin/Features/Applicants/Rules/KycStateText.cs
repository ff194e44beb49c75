namespace Artha.Admin.Features.Applicants.Rules;

/// <summary>
/// The one wording of a KYC/KYB state, for every page that shows one (the customer's KYC tab, the customers list and its
/// filter, the applicants page, the card-issue wizard). Accepts Artha's spellings in any form: <c>NOT SUBMITTED</c>,
/// <c>not_submitted</c>, <c>NotSubmitted</c>, <c>UnderReview</c>, <c>under-review</c>…
/// </summary>
public static class KycStateText
{
    public const string NotSubmitted = "notsubmitted";
    public const string Pending = "pending";
    public const string UnderReview = "underreview";
    public const string Approved = "approved";
    public const string Rejected = "rejected";

    /// <summary>The states staff can filter by, as (Artha's list-filter value, label), in the order of the process.</summary>
    public static readonly IReadOnlyList<(string Value, string Label)> FilterOptions =
    [
        ("not_submitted", "Not submitted"), ("pending", "Pending"), ("under_review", "Under review"), ("approved", "Approved"), ("rejected", "Rejected"),
    ];

    /// <summary>The state as one lower-case word without separators (<c>NOT SUBMITTED</c> → <c>notsubmitted</c>); <c>unknown</c> when blank.</summary>
    public static string Normalize(string? state)
    {
        var normalized = new string((state ?? "").Where(char.IsLetterOrDigit).ToArray()).ToLowerInvariant();
        return normalized.Length == 0 ? "unknown" : normalized;
    }

    /// <summary>The short label of a state, for a badge or a column: "Not submitted", "Pending", "Under review", "Approved", "Rejected".</summary>
    public static string Label(string? state) => Normalize(state) switch
    {
        NotSubmitted => "Not submitted",
        Pending => "Pending",
        UnderReview or "reviewing" => "Under review",
        Approved => "Approved",
        Rejected => "Rejected",
        "unknown" => "Unknown",
        var other => char.ToUpperInvariant(other[0]) + other[1..],
    };

    /// <summary>
    /// The label with what matters about it: a rejection carries its reason ("Rejected: passport photo unreadable", or
    /// "Rejected (no reason given)"); other states read as their label.
    /// </summary>
    public static string Describe(string? state, string? remarks = null)
    {
        var reason = Reason(remarks);
        return Normalize(state) == Rejected
            ? reason is null ? "Rejected (no reason given)" : $"Rejected: {reason}"
            : Label(state);
    }

    /// <summary>
    /// A full sentence for a notice: what the state means and what to do next, as KYC (individual) or KYB (business).
    /// </summary>
    public static string Sentence(string? state, string? remarks = null, bool business = false)
    {
        var kind = business ? "KYB" : "KYC";
        return Normalize(state) switch
        {
            NotSubmitted => $"{kind} has not been submitted for this product yet. Submit it to let the customer hold its cards.",
            Pending or UnderReview or "reviewing" => $"{kind} is {Label(state).ToLowerInvariant()} at Artha. The decision shows here as soon as it arrives.",
            Approved => $"{kind} is approved for this product. Nothing more to submit.",
            Rejected => $"{kind} was rejected{(Reason(remarks) is { } reason ? $": {reason}" : " (no reason given)")}. Correct the details and resubmit.",
            _ => $"{kind} state is {Label(state).ToLowerInvariant()}. Reload later, or ask Artha support if it stays so.",
        };
    }

    private static string? Reason(string? remarks) => string.IsNullOrWhiteSpace(remarks) ? null : remarks.Trim().TrimEnd('.');

    /// <summary>A colour class for the state: success, warning, error or default.</summary>
    public static string Tone(string? state) => Normalize(state) switch
    {
        Approved => "success",
        Pending or UnderReview or "reviewing" => "warning",
        Rejected => "error",
        _ => "default",
    };
}
