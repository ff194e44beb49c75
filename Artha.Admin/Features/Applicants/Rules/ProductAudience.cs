using Artha.Admin.Services;

namespace Artha.Admin.Features.Applicants.Rules;

/// <summary>
/// Which customers a card product is for: a KYB product (customer type <c>business</c>) takes business customers' KYB,
/// an individual product individuals' KYC. A product whose type Artha does not give is offered to both (Artha decides).
/// <see cref="ArthaService.SubmitKycAsync"/> refuses a mismatch before Artha is called; the KYC tab offers no
/// "Submit" for it.
/// </summary>
public static class ProductAudience
{
    /// <summary>True when a product for <paramref name="productCustomerType"/> customers takes this customer's application.</summary>
    public static bool Serves(string? productCustomerType, bool customerIsBusiness) =>
        string.IsNullOrWhiteSpace(productCustomerType)
        || string.Equals(productCustomerType.Trim(), customerIsBusiness ? CustomerTypes.Business : CustomerTypes.Individual, StringComparison.OrdinalIgnoreCase);

    /// <summary>Why the product does not take this customer's application (null when it does).</summary>
    public static string? Refusal(string productName, string? productCustomerType, bool customerIsBusiness) =>
        Serves(productCustomerType, customerIsBusiness)
            ? null
            : customerIsBusiness
                ? $"{productName} is for individual customers (KYC); this customer is a business. Choose a product for businesses (KYB)."
                : $"{productName} is for business customers (KYB); this customer is an individual. Choose a product for individuals (KYC).";
}
