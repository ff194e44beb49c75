using System.Net;
using System.Text.Json;
using Artha.Admin.Auditing;
using Artha.Admin.Security;
using Artha.Admin.Services;
using Artha.Admin.Tests.Infrastructure;
using Artha.Client.Errors;
using Artha.Client.Serialization;
using Microsoft.Extensions.DependencyInjection;

namespace Artha.Admin.Tests.Features.Customers;

public class CustomersServiceTests(PortalFactory portal) : IClassFixture<PortalFactory>
{
    internal static CustomerDraft Individual(string? lastName = null, string? email = null) => new()
    {
        Type = CustomerTypes.Individual,
        FirstName = "Jane",
        LastName = lastName ?? "Doe",
        Email = email ?? $"jane.{Guid.NewGuid():N}@example.com",
        PhoneCode = "+44",
        PhoneNumber = "7700900000",
        Country = "GB",
        DateOfBirth = new DateOnly(1990, 6, 15),
        Gender = "female",
    };

    private async Task<CustomerView> CreateAsync(CustomerDraft draft)
    {
        await using var scope = portal.ScopeAs(PortalRoles.Support);
        return (await scope.ServiceProvider.GetRequiredService<ArthaService>().CreateCustomerAsync(draft)).Customer;
    }

    private async Task AssertRefusedAndAuditedAsync(string role, string action, Func<ArthaService, Task> call)
    {
        await using var scope = portal.ScopeAs(role);
        var artha = scope.ServiceProvider.GetRequiredService<ArthaService>();

        await Assert.ThrowsAsync<PermissionDeniedException>(() => call(artha));

        var refusal = (await portal.LatestAuditAsync()).First(a => a.Action == action);
        Assert.Equal(AuditOutcome.Refused, refusal.Outcome);
        Assert.Equal($"{role.ToLowerInvariant()}@artha.local", refusal.UserName);
    }

    [Theory]
    [InlineData(PortalRoles.Support)]
    [InlineData(PortalRoles.Operations)]
    [InlineData(PortalRoles.Admin)]
    public async Task Onboarding_roles_create_an_individual_customer_and_the_creation_is_audited(string role)
    {
        await using var scope = portal.ScopeAs(role);
        var artha = scope.ServiceProvider.GetRequiredService<ArthaService>();
        var draft = Individual();

        var created = await artha.CreateCustomerAsync(draft);

        Assert.False(string.IsNullOrEmpty(created.Customer.Id));
        Assert.Equal("not_submitted", created.Customer.KycState);
        Assert.Equal("Jane Doe", created.Customer.DisplayName);
        var audit = (await portal.LatestAuditAsync()).First(a => a.Action == "customer.create" && a.Detail!.Contains(draft.Email!));
        Assert.Equal(AuditOutcome.Succeeded, audit.Outcome);
    }

    [Fact]
    public async Task A_business_customer_is_created_with_its_address()
    {
        await using var scope = portal.ScopeAs(PortalRoles.Operations);
        var artha = scope.ServiceProvider.GetRequiredService<ArthaService>();
        var draft = new CustomerDraft
        {
            Type = CustomerTypes.Business, BusinessName = "Acme Corp Ltd", Email = $"acme.{Guid.NewGuid():N}@example.com",
            PhoneCode = "+44", PhoneNumber = "2079460000", Country = "gb",
            AddressLine1 = "1 High Street", City = "London", PostalCode = "EC1A 1AA", AddressCountry = "GB",
        };

        var created = await artha.CreateCustomerAsync(draft);

        Assert.Null(created.Warning);
        Assert.True(created.Customer.IsBusiness);
        Assert.Equal("Acme Corp Ltd", created.Customer.DisplayName);
        Assert.Equal("GB", created.Customer.Country);
        var reread = await artha.GetCustomerAsync(created.Customer.Id);
        Assert.Equal("1 High Street", reread.Address?.AddressLine1);
    }

    [Fact]
    public async Task Finance_cannot_create_a_customer_and_the_refusal_is_audited() =>
        await AssertRefusedAndAuditedAsync(PortalRoles.Finance, "customer.create", artha => artha.CreateCustomerAsync(Individual()));

    [Fact]
    public async Task A_duplicate_email_is_reported_on_the_email_field()
    {
        var first = await CreateAsync(Individual());
        await using var scope = portal.ScopeAs(PortalRoles.Support);
        var artha = scope.ServiceProvider.GetRequiredService<ArthaService>();

        var error = await Assert.ThrowsAsync<ArthaOperationException>(() => artha.CreateCustomerAsync(Individual(email: first.Email)));

        Assert.Equal(ArthaFailureKind.Conflict, error.Kind);
        Assert.Equal(HttpStatusCode.Conflict, error.StatusCode);
        Assert.NotEmpty(FormErrors.From(error.FieldErrors).For("email"));
        Assert.Contains(first.Email!, error.Message);
        var audit = (await portal.LatestAuditAsync()).First(a => a.Action == "customer.create");
        Assert.Equal(AuditOutcome.Failed, audit.Outcome);
    }

    [Fact]
    public async Task The_portal_refuses_an_incomplete_individual_before_calling_Artha_with_errors_on_each_field()
    {
        await using var scope = portal.ScopeAs(PortalRoles.Support);
        var artha = scope.ServiceProvider.GetRequiredService<ArthaService>();
        var draft = Individual();
        draft.DateOfBirth = null;
        draft.Gender = null;
        draft.Country = "GBR";
        draft.Email = "not-an-email";

        var error = await Assert.ThrowsAsync<ArthaOperationException>(() => artha.CreateCustomerAsync(draft));

        Assert.Equal(ArthaFailureKind.Validation, error.Kind);
        var errors = FormErrors.From(error.FieldErrors);
        Assert.Equal(["country", "dateofbirth", "email", "gender"], errors.Keys.Order().ToArray());
        Assert.DoesNotContain(await portal.LatestAuditAsync(), a => a.Action == "customer.create" && a.Detail!.Contains("not-an-email"));
    }

    [Fact]
    public void A_business_needs_its_business_name_but_no_birth_date_or_gender()
    {
        var draft = new CustomerDraft { Type = CustomerTypes.Business, Email = "a@example.com", PhoneCode = "+1", PhoneNumber = "5550100", Country = "US" };

        var errors = draft.Validate();

        Assert.Equal(["businessname"], errors.Keys.ToArray());
    }

    [Fact]
    public void Field_errors_of_an_Artha_422_land_on_the_form_fields_whatever_their_spelling()
    {
        var api = new ArthaApiException(HttpStatusCode.UnprocessableEntity, "VALIDATION_FAILED", "422", "req_1",
            new Dictionary<string, string[]> { ["phone_code"] = ["Must be +NN."], ["address.country"] = ["Two letters."] }, "Validation failed");

        var translated = ArthaService.Translate(api, "customer.create", isChange: true);
        var errors = FormErrors.From(translated.FieldErrors);

        Assert.Equal(ArthaFailureKind.Validation, translated.Kind);
        Assert.Equal(["Must be +NN."], errors.For("phoneCode"));
        Assert.Equal(["Two letters."], errors.For("address.country"));
        Assert.Equal("req_1", translated.RequestId);
    }

    [Theory]
    [InlineData(PortalRoles.Support)]
    [InlineData(PortalRoles.Operations)]
    [InlineData(PortalRoles.Finance)]
    [InlineData(PortalRoles.Admin)]
    public async Task Every_role_finds_a_customer_by_searching_its_email(string role)
    {
        var customer = await CreateAsync(Individual());
        await using var scope = portal.ScopeAs(role);
        var artha = scope.ServiceProvider.GetRequiredService<ArthaService>();

        var page = await artha.ListCustomersAsync(new CustomerFilter(Search: customer.Email), 0, 20);

        Assert.Equal(customer.Id, Assert.Single(page.Items).Id);
    }

    [Fact]
    public async Task Type_and_kyc_filters_narrow_the_list()
    {
        var business = await CreateAsync(new CustomerDraft
        {
            Type = CustomerTypes.Business, BusinessName = "Filter Co", Email = $"filter.{Guid.NewGuid():N}@example.com",
            PhoneCode = "+44", PhoneNumber = "2079460001", Country = "GB",
        });
        await using var scope = portal.ScopeAs(PortalRoles.Finance);
        var artha = scope.ServiceProvider.GetRequiredService<ArthaService>();

        var businesses = await artha.ListCustomersAsync(new CustomerFilter(Type: CustomerTypes.Business, KycState: "not_submitted"), 0, 100);
        var individualsOnly = await artha.ListCustomersAsync(new CustomerFilter(Search: business.Email, Type: CustomerTypes.Individual), 0, 100);
        var createdToday = await artha.ListCustomersAsync(new CustomerFilter(Search: business.Email,
            CreatedFrom: DateOnly.FromDateTime(DateTime.UtcNow), CreatedTo: DateOnly.FromDateTime(DateTime.UtcNow)), 0, 100);
        var createdLastYear = await artha.ListCustomersAsync(new CustomerFilter(Search: business.Email,
            CreatedTo: DateOnly.FromDateTime(DateTime.UtcNow.AddYears(-1))), 0, 100);

        Assert.Contains(businesses.Items, c => c.Id == business.Id);
        Assert.All(businesses.Items, c => Assert.True(c.IsBusiness));
        Assert.Empty(individualsOnly.Items);
        Assert.Single(createdToday.Items);
        Assert.Empty(createdLastYear.Items);
    }

    [Fact]
    public async Task A_signed_out_caller_cannot_list_customers_and_the_refusal_is_audited()
    {
        await using var scope = portal.ScopeAsAnonymous();
        var artha = scope.ServiceProvider.GetRequiredService<ArthaService>();

        await Assert.ThrowsAsync<PermissionDeniedException>(() => artha.ListCustomersAsync(new CustomerFilter(), 0, 20));

        Assert.Equal(AuditOutcome.Refused, (await portal.LatestAuditAsync()).First(a => a.Action == "customer.list").Outcome);
    }

    [Fact]
    public async Task Finance_reads_a_customer_by_id()
    {
        var customer = await CreateAsync(Individual());
        await using var scope = portal.ScopeAs(PortalRoles.Finance);

        var read = await scope.ServiceProvider.GetRequiredService<ArthaService>().GetCustomerAsync(customer.Id);

        Assert.Equal(customer.Email, read.Email);
        Assert.Equal(new DateOnly(1990, 6, 15), read.DateOfBirth);
    }

    [Fact]
    public async Task A_signed_out_caller_cannot_read_a_customer_and_the_refusal_is_audited()
    {
        await using var scope = portal.ScopeAsAnonymous();
        var artha = scope.ServiceProvider.GetRequiredService<ArthaService>();

        await Assert.ThrowsAsync<PermissionDeniedException>(() => artha.GetCustomerAsync("any"));

        Assert.Equal(AuditOutcome.Refused, (await portal.LatestAuditAsync()).First(a => a.Action == "customer.get").Outcome);
    }

    [Fact]
    public async Task Finance_cannot_update_a_customer_and_the_refusal_is_audited()
    {
        var customer = await CreateAsync(Individual());
        var original = CustomerDraft.From(customer);
        var edited = original.Copy();
        edited.PhoneNumber = "7700111222";

        await AssertRefusedAndAuditedAsync(PortalRoles.Finance, "customer.update", artha => artha.UpdateCustomerAsync(customer.Id, original, edited));
    }

    [Fact]
    public async Task A_customer_link_label_is_read_once_per_circuit_and_follows_a_rename_made_in_it()
    {
        var customer = await CreateAsync(Individual());
        await using var scope = portal.ScopeAs(PortalRoles.Support);
        var artha = scope.ServiceProvider.GetRequiredService<ArthaService>();
        Assert.Equal("Jane Doe", await artha.CustomerNameAsync(customer.Id));
        Assert.Same(artha.CustomerNameAsync(customer.Id), artha.CustomerNameAsync(customer.Id)); // one read, shared

        var original = CustomerDraft.From(customer);
        var edited = original.Copy();
        edited.LastName = "Smith";
        await artha.UpdateCustomerAsync(customer.Id, original, edited);

        Assert.Equal("Jane Smith", await artha.CustomerNameAsync(customer.Id));
        Assert.Null(await artha.CustomerNameAsync("no-such-customer"));
    }

    [Fact]
    public async Task An_update_changes_only_the_edited_fields_and_a_cleared_optional_field_is_reset()
    {
        var draft = Individual();
        draft.State = "England";
        var customer = await CreateAsync(draft);
        await using var scope = portal.ScopeAs(PortalRoles.Support);
        var artha = scope.ServiceProvider.GetRequiredService<ArthaService>();
        var original = CustomerDraft.From(customer);
        var edited = original.Copy();
        edited.PhoneNumber = "7700111222";
        edited.State = "  ";

        var updated = await artha.UpdateCustomerAsync(customer.Id, original, edited);

        Assert.Equal("7700111222", updated.PhoneNumber);
        Assert.Null(updated.State);
        Assert.Equal("Jane", updated.FirstName);
        Assert.Equal(customer.Email, updated.Email);
        var audit = (await portal.LatestAuditAsync()).First(a => a.Action == "customer.update" && a.TargetId == customer.Id);
        Assert.Equal(AuditOutcome.Succeeded, audit.Outcome);
        Assert.Equal("changed phoneNumber, state", audit.Detail);
    }

    [Fact]
    public void The_update_body_leaves_unchanged_fields_out_and_sends_null_for_a_cleared_one()
    {
        var original = new CustomerDraft { FirstName = "Jane", MiddleName = "Ann", LastName = "Doe", Email = "jane@example.com", State = "England" };
        var edited = original.Copy();
        edited.MiddleName = "";
        edited.LastName = "Smith";

        var (request, changed) = ArthaService.BuildCustomerUpdate(original, edited);
        using var json = JsonDocument.Parse(JsonSerializer.Serialize(request, ArthaJsonContext.Default.UpdateCustomerRequest));

        Assert.Equal(["middleName", "lastName"], changed);
        Assert.Equal(["middleName", "lastName"], json.RootElement.EnumerateObject().Select(p => p.Name).ToArray());
        Assert.Equal(JsonValueKind.Null, json.RootElement.GetProperty("middleName").ValueKind);
        Assert.Equal("Smith", json.RootElement.GetProperty("lastName").GetString());
    }

    [Fact]
    public async Task Changing_the_email_to_one_already_used_is_reported_on_the_email_field()
    {
        var taken = await CreateAsync(Individual());
        var customer = await CreateAsync(Individual());
        await using var scope = portal.ScopeAs(PortalRoles.Support);
        var artha = scope.ServiceProvider.GetRequiredService<ArthaService>();
        var original = CustomerDraft.From(customer);
        var edited = original.Copy();
        edited.Email = taken.Email;

        var error = await Assert.ThrowsAsync<ArthaOperationException>(() => artha.UpdateCustomerAsync(customer.Id, original, edited));

        Assert.NotEmpty(FormErrors.From(error.FieldErrors).For("email"));
    }
}
