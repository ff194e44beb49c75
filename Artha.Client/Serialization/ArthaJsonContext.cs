using System.Text.Json;
using System.Text.Json.Serialization;
using Artha.Client.Models;

namespace Artha.Client.Serialization;

/// <summary>
/// Source-generated metadata for every wire type. Web defaults: camelCase out, case-insensitive in, and numbers
/// may arrive as strings (amounts are sometimes decimal strings). Null request fields are omitted.
/// </summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    Converters = [typeof(TolerantDateOnlyConverter)])]
[JsonSerializable(typeof(CreateCustomerRequest))]
[JsonSerializable(typeof(UpdateCustomerRequest))]
[JsonSerializable(typeof(Customer))]
[JsonSerializable(typeof(List<Customer>))]
[JsonSerializable(typeof(SubmitApplicantRequest))]
[JsonSerializable(typeof(ApplicantStatusResult))]
[JsonSerializable(typeof(List<UploadedFile>))]
[JsonSerializable(typeof(UploadedFile))]
[JsonSerializable(typeof(IssueCardRequest))]
[JsonSerializable(typeof(Card))]
[JsonSerializable(typeof(List<Card>))]
[JsonSerializable(typeof(SensitiveCardDetails))]
[JsonSerializable(typeof(ActivateCardRequest))]
[JsonSerializable(typeof(CancelCardRequest))]
[JsonSerializable(typeof(ReplaceCardRequest))]
[JsonSerializable(typeof(SetPinRequest))]
[JsonSerializable(typeof(EmptyRequest))]
[JsonSerializable(typeof(CardOperationResult))]
[JsonSerializable(typeof(CardLimits))]
[JsonSerializable(typeof(UpdateCardLimitsRequest))]
[JsonSerializable(typeof(TopUpRequest))]
[JsonSerializable(typeof(TopUpResult))]
[JsonSerializable(typeof(TopUp))]
[JsonSerializable(typeof(List<TopUp>))]
[JsonSerializable(typeof(CardBalance))]
[JsonSerializable(typeof(Transaction))]
[JsonSerializable(typeof(List<Transaction>))]
[JsonSerializable(typeof(Product))]
[JsonSerializable(typeof(List<Product>))]
// Inner types of Optional<T> properties, resolved by OptionalJsonConverter at run time.
[JsonSerializable(typeof(string))]
[JsonSerializable(typeof(decimal?))]
[JsonSerializable(typeof(DateOnly?))]
[JsonSerializable(typeof(Address))]
[JsonSerializable(typeof(BusinessDetails))]
public sealed partial class ArthaJsonContext : JsonSerializerContext;

/// <summary>The body <c>{}</c> of operations whose fields are all optional (freeze, unfreeze).</summary>
public sealed record EmptyRequest
{
    public static readonly EmptyRequest Instance = new();
}
