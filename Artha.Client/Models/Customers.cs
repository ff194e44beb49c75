using System.Text.Json.Serialization;
using Artha.Client.Serialization;

namespace Artha.Client.Models;

/// <summary>Postal address (also used as the card shipping address).</summary>
public sealed record Address
{
    public string? AddressLine1 { get; init; }
    public string? AddressLine2 { get; init; }
    public string? City { get; init; }
    public string? State { get; init; }
    public string? PostalCode { get; init; }
    /// <summary>ISO 3166-1 alpha-2.</summary>
    public string? Country { get; init; }
}

/// <summary>Business details of a business customer.</summary>
public sealed record BusinessDetails
{
    public string? BusinessName { get; init; }
    public string? RegistrationNumber { get; init; }
    public string? TaxId { get; init; }
    public DateOnly? IncorporationDate { get; init; }
    public string? Website { get; init; }
    public string? Industry { get; init; }
    public string? CompanyType { get; init; }
}

/// <summary>Body of Create Customer (<c>POST /Customers</c>).</summary>
public sealed record CreateCustomerRequest
{
    public required CustomerType Type { get; init; }
    public string? FirstName { get; init; }
    public string? LastName { get; init; }
    public required string Email { get; init; }
    /// <summary>International dialling prefix with '+', e.g. <c>+44</c>.</summary>
    public required string PhoneCode { get; init; }
    public required string PhoneNumber { get; init; }
    /// <summary>ISO 3166-1 alpha-2.</summary>
    public required string Country { get; init; }
    /// <summary>Required when <see cref="Type"/> is business.</summary>
    public string? BusinessName { get; init; }
    /// <summary>Required for individuals.</summary>
    public DateOnly? DateOfBirth { get; init; }
    /// <summary><c>male</c>, <c>female</c> or <c>other</c>; required for individuals.</summary>
    public string? Gender { get; init; }
    public string? State { get; init; }
    public string? ExternalReference { get; init; }
}

/// <summary>
/// Body of Update Customer (<c>PATCH /Customers/{id}</c>). Every field is an <see cref="Optional{T}"/>:
/// unset fields are not sent (left unchanged); <c>Optional.Null&lt;T&gt;()</c> sends an explicit null (reset).
/// </summary>
public sealed record UpdateCustomerRequest
{
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)] public Optional<string?> FirstName { get; init; }
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)] public Optional<string?> MiddleName { get; init; }
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)] public Optional<string?> LastName { get; init; }
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)] public Optional<string?> Email { get; init; }
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)] public Optional<string?> PhoneCode { get; init; }
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)] public Optional<string?> PhoneNumber { get; init; }
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)] public Optional<string?> Country { get; init; }
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)] public Optional<string?> State { get; init; }
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)] public Optional<DateOnly?> DateOfBirth { get; init; }
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)] public Optional<string?> Gender { get; init; }
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)] public Optional<Address?> Address { get; init; }
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)] public Optional<BusinessDetails?> Business { get; init; }
}

/// <summary>A customer (individual or business).</summary>
public sealed record Customer : ArthaResponse
{
    public string Id { get; init; } = "";
    public CustomerType Type { get; init; }
    public string? FirstName { get; init; }
    public string? MiddleName { get; init; }
    public string? LastName { get; init; }
    public string? BusinessName { get; init; }
    public string? Email { get; init; }
    public string? PhoneCode { get; init; }
    public string? PhoneNumber { get; init; }
    public string? Country { get; init; }
    public string? State { get; init; }
    public DateOnly? DateOfBirth { get; init; }
    public string? Gender { get; init; }
    public string? ExternalReference { get; init; }
    public Address? Address { get; init; }
    public BusinessDetails? Business { get; init; }
    /// <summary>Account status (<c>active</c>, <c>suspended</c>, <c>closed</c>).</summary>
    public CustomerStatus Status { get; init; }
    /// <summary>Overall KYC state (<c>not_submitted</c>, <c>pending</c>, <c>approved</c>, <c>rejected</c>).</summary>
    public KycStatus KycState { get; init; }
    public DateTimeOffset? CreatedAt { get; init; }
    public DateTimeOffset? UpdatedAt { get; init; }
}

/// <summary>Filters of List Customers; null values are not sent.</summary>
public sealed record CustomerListQuery : PageQuery
{
    /// <summary>Free text over name, email and phone (<c>search</c>).</summary>
    public string? Search { get; init; }
    public CustomerType? Type { get; init; }
    /// <summary>KYC state filter; the query name is <see cref="Configuration.ArthaPathOptions.CustomerKycFilterParameter"/>.</summary>
    public KycStatus? KycStatus { get; init; }
    public DateTimeOffset? CreatedFrom { get; init; }
    public DateTimeOffset? CreatedTo { get; init; }
}
