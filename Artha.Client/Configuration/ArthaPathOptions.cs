namespace Artha.Client.Configuration;

/// <summary>
/// Endpoint path templates relative to <see cref="ArthaClientOptions.PathPrefix"/>. Placeholders in braces
/// (<c>{cardId}</c>) are replaced by the URL-escaped argument. The defaults follow the seed integration flow
/// where it speaks (e.g. <c>/card/{cardId}</c>, <c>/topupstatus/{topupId}</c>) and the reference otherwise;
/// the rows the reference marks as inferred or guessed are exactly the ones worth overriding in configuration.
/// </summary>
public sealed class ArthaPathOptions
{
    public string CreateCustomer { get; set; } = "/Customers";
    public string ListCustomers { get; set; } = "/Customers";
    public string GetCustomer { get; set; } = "/Customers/{id}";
    public string UpdateCustomer { get; set; } = "/Customers/{id}";

    public string SubmitApplicant { get; set; } = "/customers/{customerId}/products/{productId}/applicant";
    public string GetApplicantStatus { get; set; } = "/customers/{customerId}/products/{productId}/applicantstatus";

    public string UploadFile { get; set; } = "/uploadfile";

    public string IssueCard { get; set; } = "/cards";
    public string ListCards { get; set; } = "/cards";
    public string GetCard { get; set; } = "/card/{cardId}";
    public string GetSensitiveCardDetails { get; set; } = "/cards/{cardId}/sensitive";

    public string ActivateCard { get; set; } = "/cards/{cardId}/activate";
    public string FreezeCard { get; set; } = "/cards/{cardId}/freeze";
    public string UnfreezeCard { get; set; } = "/cards/{cardId}/unfreeze";
    public string CancelCard { get; set; } = "/cards/{cardId}/cancel";
    public string ReplaceCard { get; set; } = "/cards/{cardId}/replace";
    public string SetCardPin { get; set; } = "/cards/{cardId}/pin/set";

    public string GetCardLimits { get; set; } = "/cards/{cardId}/limits";
    public string UpdateCardLimits { get; set; } = "/cards/{cardId}/limits";

    public string TopUpCard { get; set; } = "/cards/{cardId}/topup";
    public string GetTopUpStatus { get; set; } = "/topupstatus/{topupId}";
    public string GetCardBalance { get; set; } = "/cards/{cardId}/balance";
    public string ListCardTopUps { get; set; } = "/cards/{cardId}/topups";
    public string ListTopUps { get; set; } = "/topups";

    public string ListTransactions { get; set; } = "/transactions";
    public string ListCardTransactions { get; set; } = "/cards/{cardId}/transactions";
    public string ListCustomerTransactions { get; set; } = "/customers/{customerId}/transactions";
    public string GetTransaction { get; set; } = "/transactions/{transactionId}";

    public string ListProducts { get; set; } = "/Products";
    public string GetProduct { get; set; } = "/Products/{productId}";

    /// <summary>
    /// Query parameter name of the customers' KYC filter. The reference never captured it; §6.2 recommends
    /// <c>kycState</c> (the name of the customer field it filters), so that is the default. The sandbox also accepts
    /// <c>kycStatus</c> and <c>kyc_state</c>; set this to match a real server if it differs.
    /// </summary>
    public string CustomerKycFilterParameter { get; set; } = "kycState";

    /// <summary>Multipart form field name of each uploaded file (not documented by Artha).</summary>
    public string UploadFormFieldName { get; set; } = "files";

    internal IEnumerable<(string Name, string Template)> All()
    {
        foreach (var property in typeof(ArthaPathOptions).GetProperties())
        {
            if (property.PropertyType == typeof(string) && property.Name is not (nameof(CustomerKycFilterParameter) or nameof(UploadFormFieldName)))
            {
                yield return (property.Name, (string?)property.GetValue(this) ?? "");
            }
        }
    }
}
