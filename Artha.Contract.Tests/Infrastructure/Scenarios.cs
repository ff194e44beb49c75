using Artha.Client;
using Artha.Client.Models;

namespace Artha.Contract.Tests.Infrastructure;

/// <summary>The sandbox's fixed products (Artha.Sandbox README, "Products").</summary>
public static class Products
{
    /// <summary>GBP Virtual Prepaid: FullName, Comms, Address.</summary>
    public const string GbpVirtual = "7c9e6679-7425-40de-944b-e07fc1f90ae7";

    /// <summary>EUR Physical Debit: FullName, Comms, FullAddress, Passport, Face.</summary>
    public const string EurPhysical = "999a47bf-5c73-4a93-9827-0182f075355d";

    /// <summary>USD Business Virtual (KYB).</summary>
    public const string UsdBusiness = "7d444840-9dc0-11d1-b245-5ffdce74fad2";

    /// <summary>USD Virtual Basic: FullNameOnly.</summary>
    public const string UsdBasic = "3b241101-e2bb-4255-8caf-4136c566a962";
}

/// <summary>Multi-step set-ups driven entirely through <see cref="IArthaClient"/>, each step polled with a bound.</summary>
public sealed class Scenarios(IArthaClient client)
{
    public static string NewEmail(string tag = "jane") => $"{tag}.{Guid.NewGuid():N}@example.com";

    public static CreateCustomerRequest Individual(string lastName = "Doe", string? email = null) => new()
    {
        Type = CustomerType.Individual,
        FirstName = "Jane",
        LastName = lastName,
        Email = email ?? NewEmail(),
        PhoneCode = "+44",
        PhoneNumber = "7700900000",
        Country = "GB",
        DateOfBirth = new DateOnly(1990, 6, 15),
        Gender = "female",
        ExternalReference = "usr_12345",
    };

    public Task<Customer> CreateCustomerAsync(string lastName = "Doe", string? email = null) =>
        client.Customers.CreateAsync(Individual(lastName, email), CancellationToken.None);

    /// <summary>KYC fields for the GBP virtual product (FullName, Comms, Address).</summary>
    public static KycDetails VirtualKyc(Customer customer, string? lastName = null) => new()
    {
        CustomerId = customer.Id,
        FirstName = customer.FirstName,
        LastName = lastName ?? customer.LastName,
        Gender = "female",
        Dob = new DateOnly(1990, 6, 15),
        Email = customer.Email,
        MobileCode = "+44",
        Mobile = "7700900000",
        AddressLine1 = "10 Downing Street",
    };

    /// <summary>KYC fields for the EUR physical product (adds FullAddress, Passport and Face with uploaded file URLs).</summary>
    public static KycDetails PhysicalKyc(Customer customer, string documentUrl) => VirtualKyc(customer) with
    {
        City = "London",
        PostalCode = "SW1A 2AA",
        Country = "GB",
        IdType = "passport",
        IdNumber = "123456789",
        ProfilePicFront = documentUrl,
        ProfilePicBack = documentUrl,
        DocExpiryDate = new DateOnly(2031, 1, 31),
        FaceImage = documentUrl,
    };

    public static Address Shipping => new()
    {
        AddressLine1 = "10 Downing Street",
        City = "London",
        PostalCode = "SW1A 2AA",
        Country = "GB",
    };

    public async Task<Polled<ApplicantStatusResult>> SubmitAndAwaitKycAsync(string customerId, string productId, KycDetails details)
    {
        await client.Applicants.SubmitAsync(customerId, productId, new SubmitApplicantRequest { KycDetails = details }, CancellationToken.None);
        return await Poll.UntilAsync(
            () => client.Applicants.GetStatusAsync(customerId, productId, CancellationToken.None),
            s => s.ApplicantStatus != KycStatus.Pending,
            "KYC outcome");
    }

    public Task<Polled<Card>> AwaitIssuanceAsync(string cardId) => Poll.UntilAsync(
        () => client.Cards.GetAsync(cardId, CancellationToken.None),
        c => c.State != CardState.Pending,
        "card issuance outcome");

    public Task<Polled<TopUp>> AwaitTopUpAsync(string topUpId) => Poll.UntilAsync(
        () => client.Funding.GetTopUpStatusAsync(topUpId, CancellationToken.None),
        t => t.Status != TopUpStatus.Pending,
        "top-up outcome");

    /// <summary>A KYC-approved individual holding an issued (state active, status active) GBP virtual card.</summary>
    public async Task<(Customer Customer, Card Card)> ActiveVirtualCardAsync(string? email = null)
    {
        var customer = await CreateCustomerAsync(email: email);
        var kyc = await SubmitAndAwaitKycAsync(customer.Id, Products.GbpVirtual, VirtualKyc(customer));
        Assert.Equal(KycStatus.Approved, kyc.Final.ApplicantStatus);
        var issued = await client.Cards.IssueAsync(new IssueCardRequest { CustomerId = customer.Id, ProductId = Products.GbpVirtual, Currency = "GBP" }, CancellationToken.None);
        var card = await AwaitIssuanceAsync(issued.Id);
        Assert.Equal(CardState.Active, card.Final.State);
        return (customer, card.Final);
    }

    /// <summary>Tops up and waits for the outcome (approved or rejected).</summary>
    public async Task<TopUp> TopUpAsync(string cardId, decimal amount, string currency = "GBP")
    {
        var result = await client.Funding.TopUpAsync(cardId, new TopUpRequest(amount, currency), CancellationToken.None);
        return (await AwaitTopUpAsync(result.TopUpId!)).Final;
    }
}
