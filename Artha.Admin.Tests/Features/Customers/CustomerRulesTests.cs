using System.Net;
using Artha.Admin.Auditing;
using Artha.Admin.Features.Customers.Rules;
using Artha.Admin.Security;
using Artha.Admin.Services;
using Artha.Admin.Tests.Cards;
using Artha.Admin.Tests.Infrastructure;
using Artha.Client.Errors;
using Microsoft.Extensions.DependencyInjection;

namespace Artha.Admin.Tests.Features.Customers;

/// <summary>The customer rules the forms mirror and the service enforces: lengths, country codes, wording, duplicates, card summary.</summary>
public class CustomerRulesTests(PortalFactory portal) : IClassFixture<PortalFactory>
{
    private async Task<CustomerView> CreateAsync(CustomerDraft draft)
    {
        await using var scope = portal.ScopeAs(PortalRoles.Support);
        return (await scope.ServiceProvider.GetRequiredService<ArthaService>().CreateCustomerAsync(draft)).Customer;
    }

    [Fact]
    public async Task A_200000_character_address_is_refused_by_the_service_and_never_reaches_Artha()
    {
        await using var scope = portal.ScopeAs(PortalRoles.Support);
        var artha = scope.ServiceProvider.GetRequiredService<ArthaService>();
        var draft = CustomersServiceTests.Individual();
        draft.AddressLine1 = new string('x', 200_000);

        var error = await Assert.ThrowsAsync<ArthaOperationException>(() => artha.CreateCustomerAsync(draft));

        Assert.Equal(ArthaFailureKind.Validation, error.Kind);
        Assert.Equal(["Use at most 100 characters (this has 200,000)."], FormErrors.From(error.FieldErrors).For("address.addressLine1"));
        // No audit intent row: the call to Artha was never started.
        Assert.DoesNotContain(await portal.LatestAuditAsync(), a => a.Action == "customer.create" && a.Detail!.Contains(draft.Email!));
        Assert.Empty((await artha.ListCustomersAsync(new CustomerFilter(Search: draft.Email), 0, 5)).Items);
    }

    [Fact]
    public async Task An_update_with_an_over_long_value_is_refused_before_Artha()
    {
        var customer = await CreateAsync(CustomersServiceTests.Individual());
        await using var scope = portal.ScopeAs(PortalRoles.Support);
        var artha = scope.ServiceProvider.GetRequiredService<ArthaService>();
        var original = CustomerDraft.From(customer);
        var edited = original.Copy();
        edited.FirstName = new string('a', 5000);
        edited.City = new string('c', 61);

        var error = await Assert.ThrowsAsync<ArthaOperationException>(() => artha.UpdateCustomerAsync(customer.Id, original, edited));

        var errors = FormErrors.From(error.FieldErrors);
        Assert.Equal(["Use at most 100 characters (this has 5,000)."], errors.For("firstName"));
        Assert.Equal(["Use at most 60 characters (this has 61)."], errors.For("address.city"));
        Assert.Equal("Jane", (await artha.GetCustomerAsync(customer.Id)).FirstName);
    }

    [Theory]
    [InlineData(nameof(CustomerDraft.LastName), 100)]
    [InlineData(nameof(CustomerDraft.Email), 254)]
    [InlineData(nameof(CustomerDraft.PhoneNumber), 20)]
    [InlineData(nameof(CustomerDraft.AddressLine2), 100)]
    [InlineData(nameof(CustomerDraft.City), 60)]
    [InlineData(nameof(CustomerDraft.PostalCode), 16)]
    [InlineData(nameof(CustomerDraft.State), 60)]
    [InlineData(nameof(CustomerDraft.ExternalReference), 200)]
    public void Every_field_has_a_limit_and_one_character_more_is_refused(string property, int max)
    {
        var draft = CustomersServiceTests.Individual();
        var field = typeof(CustomerDraft).GetProperty(property)!;

        field.SetValue(draft, new string('1', max));
        var atLimit = draft.Validate();
        field.SetValue(draft, new string('1', max + 1));
        var over = draft.Validate();

        Assert.DoesNotContain(atLimit.Keys.SelectMany(atLimit.For), m => m.StartsWith("Use at most", StringComparison.Ordinal));
        Assert.Contains(over.Keys.SelectMany(over.For), m => m == $"Use at most {max} characters (this has {max + 1})."); 
    }

    [Fact]
    public async Task ZZ_is_not_a_country_code_for_the_service_either()
    {
        await using var scope = portal.ScopeAs(PortalRoles.Support);
        var draft = CustomersServiceTests.Individual();
        draft.Country = "ZZ";
        draft.AddressCountry = "UK";

        var error = await Assert.ThrowsAsync<ArthaOperationException>(() => scope.ServiceProvider.GetRequiredService<ArthaService>().CreateCustomerAsync(draft));

        var errors = FormErrors.From(error.FieldErrors);
        Assert.Equal(["ZZ is not an ISO 3166-1 country code. Use the 2-letter ISO 3166-1 country code, e.g. GB, DE or US."], errors.For("country"));
        Assert.StartsWith("UK is not an ISO 3166-1 country code.", errors.For("address.country").Single());
    }

    [Fact]
    public void The_country_list_holds_the_249_assigned_codes()
    {
        Assert.Equal(249, CountryCodes.All.Count);
        Assert.Equal(CountryCodes.All.Order(StringComparer.Ordinal), CountryCodes.All);
        Assert.True(CountryCodes.IsAssigned("GB"));
        Assert.True(CountryCodes.IsAssigned(" de "));
        Assert.False(CountryCodes.IsAssigned("ZZ"));
        Assert.False(CountryCodes.IsAssigned("UK"));
        Assert.False(CountryCodes.IsAssigned("GBR"));
        Assert.False(CountryCodes.IsAssigned(null));
    }

    [Theory]
    [InlineData("activationCode must be 6 digits", "Activation code must be 6 digits")]
    [InlineData("address.postal_code: required. kycDetails.frontDoc is missing", "Postal code: required. Front doc is missing")]
    [InlineData("Validation failed.", "Validation failed.")]
    [InlineData("The phoneCode is invalid", "The dialling code is invalid")]
    public void Messages_name_fields_in_words_never_as_wire_names(string message, string expected) =>
        Assert.Equal(expected, FieldWording.Humanize(message, CustomerDraftRules.Labels));

    [Fact]
    public void Artha_refusals_of_customer_fields_are_reworded_without_field_names()
    {
        var api = new ArthaApiException(HttpStatusCode.UnprocessableEntity, "VALIDATION_FAILED", "422", "req_9",
            new Dictionary<string, string[]> { ["phoneCode"] = ["phoneCode must start with +"] }, "firstName must be at most 100 characters");

        var reworded = ArthaService.InCustomerWords(ArthaService.Translate(api, "customer.create", isChange: true));

        Assert.StartsWith("First name must be at most 100 characters.", reworded.Message);
        Assert.Equal(["Dialling code must start with +"], FormErrors.From(reworded.FieldErrors).For("phoneCode"));
        Assert.Equal("req_9", reworded.RequestId);
    }

    [Fact]
    public async Task The_customer_who_already_has_an_email_is_found_for_the_duplicate_message()
    {
        var existing = await CreateAsync(CustomersServiceTests.Individual());
        await using var scope = portal.ScopeAs(PortalRoles.Support);
        var artha = scope.ServiceProvider.GetRequiredService<ArthaService>();

        var error = await Assert.ThrowsAsync<ArthaOperationException>(() => artha.CreateCustomerAsync(CustomersServiceTests.Individual(email: existing.Email)));
        var found = await artha.FindCustomerByEmailAsync(existing.Email!.ToUpperInvariant());

        Assert.Equal(ArthaFailureKind.Conflict, error.Kind);
        Assert.Equal(existing.Id, found?.Id);
        Assert.Null(await artha.FindCustomerByEmailAsync($"nobody.{Guid.NewGuid():N}@example.com"));
    }

    [Fact]
    public async Task The_card_summary_counts_the_customers_cards_and_adds_up_their_available_balances()
    {
        var (customerId, cardId) = await portal.SeedActiveCardAsync();
        await using var scope = portal.ScopeAs(PortalRoles.Finance);
        var artha = scope.ServiceProvider.GetRequiredService<ArthaService>();

        var summary = await artha.GetCustomerCardsSummaryAsync(customerId);
        var balance = await artha.GetCardBalanceAsync(cardId);

        Assert.Equal(1, summary.Total);
        Assert.Equal(1, summary.Active);
        Assert.Equal(cardId, Assert.Single(summary.Cards).CardId);
        Assert.Equal(balance.Available, Assert.Single(summary.AvailableByCurrency));
        Assert.True(balance.Available.Amount > 0m);
        Assert.Equal(0, summary.BalanceUnavailable);
    }
}
