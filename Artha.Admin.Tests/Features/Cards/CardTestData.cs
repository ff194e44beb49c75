using System.Net.Http.Json;
using System.Text.Json;
using Artha.Admin.Security;
using Artha.Admin.Services;
using Artha.Admin.Tests.Infrastructure;
using Artha.Client;
using Artha.Client.Models;
using Artha.Client.Serialization;
using Artha.Sandbox.State;
using Microsoft.Extensions.DependencyInjection;

namespace Artha.Admin.Tests.Cards;

/// <summary>Arranges customers, KYC and cards in the embedded sandbox for the card tests.</summary>
internal static class CardTestData
{
    public const string VirtualProductId = DefaultProducts.UsdVirtualBasicId;
    public const string PhysicalProductId = DefaultProducts.EurPhysicalId;

    private static int seedCounter = Environment.TickCount & 0xFFFF;

    /// <summary>A KYC-approved customer with one active virtual GBP card funded with 125.00 (sandbox seed: instant, no lifecycle wait; no limits).</summary>
    public static async Task<(string CustomerId, string CardId)> SeedActiveCardAsync(this PortalFactory portal)
    {
        using var control = portal.SandboxControl();
        var seed = Interlocked.Increment(ref seedCounter);
        var response = await control.PostAsync($"/_sandbox/seed?customers=1&cardsPerCustomer=1&transactionsPerCard=1&seed={seed}", null);
        response.EnsureSuccessStatusCode();
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        return (body.GetProperty("customerIds")[0].GetString()!, body.GetProperty("cardIds")[0].GetString()!);
    }

    /// <summary>
    /// A new individual customer, created through the Artha client (no KYC yet); with <paramref name="address"/> it has a
    /// postal address, and an <paramref name="emailTag"/> such as <c>+cardfail</c> triggers the sandbox's rules.
    /// </summary>
    public static async Task<string> CreateCustomerAsync(this PortalFactory portal, string lastName = "Cardholder", Address? address = null, string emailTag = "")
    {
        await using var scope = portal.Services.CreateAsyncScope();
        var client = scope.ServiceProvider.GetRequiredService<IArthaClient>();
        var customer = await client.Customers.CreateAsync(new CreateCustomerRequest
        {
            Type = CustomerType.Individual,
            FirstName = "Test",
            LastName = lastName,
            Email = $"cards-{Guid.NewGuid():N}{emailTag}@example.com",
            PhoneCode = "+44",
            PhoneNumber = "7700900123",
            Country = "GB",
            DateOfBirth = new DateOnly(1990, 6, 15),
            Gender = "female",
        }, CancellationToken.None);
        if (address is not null)
        {
            // Artha takes the address in an update, not at creation.
            await client.Customers.UpdateAsync(customer.Id, new UpdateCustomerRequest { Address = Optional.Set<Address?>(address) }, CancellationToken.None);
        }
        return customer.Id;
    }

    /// <summary>Submits KYC for the product with every field the sandbox products ask for, and waits (≤ 15 s) until it is Approved.</summary>
    public static async Task ApproveKycAsync(this PortalFactory portal, string customerId, string productId)
    {
        await using var scope = portal.Services.CreateAsyncScope();
        var client = scope.ServiceProvider.GetRequiredService<IArthaClient>();
        await client.Applicants.SubmitAsync(customerId, productId, new SubmitApplicantRequest
        {
            KycDetails = new KycDetails
            {
                CustomerId = customerId,
                FirstName = "Test",
                LastName = "Cardholder",
                Gender = "female",
                Dob = new DateOnly(1990, 6, 15),
                Email = "kyc@example.com",
                MobileCode = "+44",
                Mobile = "7700900123",
                AddressLine1 = "1 High Street",
                City = "Berlin",
                PostalCode = "10115",
                Country = "DE",
                IdType = "passport",
                IdNumber = "P1234567",
                ProfilePicFront = "https://files.example.com/front.jpg",
                ProfilePicBack = "https://files.example.com/back.jpg",
                DocExpiryDate = new DateOnly(2035, 1, 1),
                FaceImage = "https://files.example.com/face.jpg",
            },
        }, CancellationToken.None);
        await WaitUntilAsync(async () =>
            (await client.Applicants.GetStatusAsync(customerId, productId, CancellationToken.None)).ApplicantStatus == KycStatus.Approved,
            $"KYC of {customerId} for {productId} was not approved within 15 s");
    }

    /// <summary>Issues a card as <paramref name="role"/> and waits until issuance is active.</summary>
    public static async Task<CardView> IssueActiveCardAsync(this PortalFactory portal, string customerId, string productId,
        CardShippingAddress? address = null, string role = PortalRoles.Admin)
    {
        await using var scope = portal.ScopeAs(role);
        var artha = scope.ServiceProvider.GetRequiredService<ArthaService>();
        var card = await artha.IssueCardAsync(new CardIssueRequest(customerId, productId, address));
        return await portal.WaitForCardStateAsync(card.Id, "active");
    }

    public static async Task<CardView> WaitForCardStateAsync(this PortalFactory portal, string cardId, string state)
    {
        await using var scope = portal.ScopeAs(PortalRoles.Support);
        var artha = scope.ServiceProvider.GetRequiredService<ArthaService>();
        CardView? card = null;
        await WaitUntilAsync(async () => (card = await artha.GetCardAsync(cardId)).State == state,
            $"card {cardId} did not reach state {state} within 15 s");
        return card!;
    }

    public static CardShippingAddress Address() => new()
    {
        AddressLine1 = "1 High Street", City = "Berlin", PostalCode = "10115", Country = "DE",
    };

    public static async Task WaitUntilAsync(Func<Task<bool>> condition, string failure)
    {
        var deadline = DateTime.UtcNow.AddSeconds(15);
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException(failure);
            }
            await Task.Delay(250);
        }
    }
}
