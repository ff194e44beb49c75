using Artha.Admin.Features.Applicants.Rules;

namespace Artha.Admin.Services;

/// <summary>A product as the applicants page offers it: the product and which customers it is for (null: Artha does not say).</summary>
public sealed record KycProductOption(ProductView Product, string? CustomerType)
{
    /// <summary>True when the product takes this customer's application (<see cref="ProductAudience"/>).</summary>
    public bool Serves(CustomerView customer) => ProductAudience.Serves(CustomerType, customer.IsBusiness);

    /// <summary>"KYB" for a business product, "KYC" for an individual one, null when unknown.</summary>
    public string? Kind => CustomerType?.Trim().ToLowerInvariant() switch
    {
        CustomerTypes.Business => "KYB",
        CustomerTypes.Individual => "KYC",
        _ => null,
    };
}
