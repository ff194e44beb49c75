namespace Artha.Admin.Services;

/// <summary>Issuing a card was refused before reaching Artha because KYC for the product is not Approved.</summary>
public sealed class CardIssueRefusedException(CardIssueEligibility eligibility) : Exception(eligibility.Reason)
{
    public CardIssueEligibility Eligibility { get; } = eligibility;
}
