using System.Net;
using Artha.Client.Errors;
using Artha.Client.Models;
using Artha.Client.Serialization;
using Artha.Contract.Tests.Infrastructure;

namespace Artha.Contract.Tests;

/// <summary>Customers (create, list with filters, get, PATCH with Optional) and their error mapping, client ↔ sandbox.</summary>
public class CustomerContractTests(SandboxFixture sandbox) : IClassFixture<SandboxFixture>
{
    private static readonly CancellationToken Ct = CancellationToken.None;

    [Fact]
    public async Task Create_returns_an_active_customer_with_kyc_not_submitted_and_the_fields_sent()
    {
        var email = Scenarios.NewEmail();

        var customer = await sandbox.Client.Customers.CreateAsync(Scenarios.Individual(email: email), Ct);

        Assert.Equal(CustomerType.Individual, customer.Type);
        Assert.Equal(CustomerStatus.Active, customer.Status);
        Assert.Equal(KycStatus.NotSubmitted, customer.KycState);
        Assert.Equal(email, customer.Email);
        Assert.Equal("+44", customer.PhoneCode);
        Assert.Equal(new DateOnly(1990, 6, 15), customer.DateOfBirth);
        Assert.Equal("usr_12345", customer.ExternalReference);
        Assert.NotNull(customer.CreatedAt);
    }

    [Fact]
    public async Task Get_returns_the_created_customer()
    {
        var created = await sandbox.Scenarios.CreateCustomerAsync("Smith");

        var customer = await sandbox.Client.Customers.GetAsync(created.Id, Ct);

        Assert.Equal(created.Id, customer.Id);
        Assert.Equal("Jane", customer.FirstName);
        Assert.Equal("Smith", customer.LastName);
        Assert.Equal("GB", customer.Country);
    }

    [Fact]
    public async Task List_search_finds_customers_by_email_and_reports_paging()
    {
        var tag = "srch" + Guid.NewGuid().ToString("N")[..8];
        for (var i = 0; i < 3; i++)
        {
            await sandbox.Scenarios.CreateCustomerAsync(email: Scenarios.NewEmail(tag));
        }

        var page = await sandbox.Client.Customers.ListAsync(new CustomerListQuery { Search = tag, Limit = 2, Offset = 0 }, Ct);

        Assert.Equal(2, page.Items.Count);
        Assert.Equal(3, page.Total);
        Assert.Equal(2, page.Limit);
        Assert.Equal(0, page.Offset);
        Assert.All(page.Items, c => Assert.Contains(tag, c.Email));
    }

    [Fact]
    public async Task List_search_with_a_plus_sign_is_signed_escaped_and_matched()
    {
        var email = $"jane+{Guid.NewGuid():N}@example.com";
        var created = await sandbox.Scenarios.CreateCustomerAsync(email: email);

        var page = await sandbox.Client.Customers.ListAsync(new CustomerListQuery { Search = email[..20] }, Ct);

        Assert.Equal(created.Id, Assert.Single(page.Items).Id);
        Assert.Equal(email, page.Items[0].Email);
    }

    [Fact]
    public async Task List_kyc_filter_returns_only_customers_in_that_kyc_state()
    {
        var tag = "kyc" + Guid.NewGuid().ToString("N")[..8];
        var approved = await sandbox.Scenarios.CreateCustomerAsync(email: Scenarios.NewEmail(tag));
        await sandbox.Scenarios.CreateCustomerAsync(email: Scenarios.NewEmail(tag));
        var outcome = await sandbox.Scenarios.SubmitAndAwaitKycAsync(approved.Id, Products.GbpVirtual, Scenarios.VirtualKyc(approved));
        Assert.Equal(KycStatus.Approved, outcome.Final.ApplicantStatus);

        var page = await sandbox.Client.Customers.ListAsync(new CustomerListQuery { Search = tag, KycStatus = KycStatus.Approved }, Ct);

        var only = Assert.Single(page.Items);
        Assert.Equal(approved.Id, only.Id);
        Assert.Equal(KycStatus.Approved, only.KycState);
    }

    [Fact]
    public async Task List_type_filter_returns_only_business_customers()
    {
        var tag = "biz" + Guid.NewGuid().ToString("N")[..8];
        await sandbox.Scenarios.CreateCustomerAsync(email: Scenarios.NewEmail(tag));
        var business = await sandbox.Client.Customers.CreateAsync(Scenarios.Individual(email: Scenarios.NewEmail(tag)) with
        {
            Type = CustomerType.Business,
            BusinessName = "Acme Corp Ltd",
            DateOfBirth = null,
            Gender = null,
        }, Ct);

        var page = await sandbox.Client.Customers.ListAsync(new CustomerListQuery { Search = tag, Type = CustomerType.Business }, Ct);

        var only = Assert.Single(page.Items);
        Assert.Equal(business.Id, only.Id);
        Assert.Equal("Acme Corp Ltd", only.BusinessName);
    }

    [Fact]
    public async Task Update_changes_the_fields_sent_and_leaves_absent_fields_unchanged()
    {
        var created = await sandbox.Scenarios.CreateCustomerAsync("Doe");

        var updated = await sandbox.Client.Customers.UpdateAsync(created.Id, new UpdateCustomerRequest
        {
            FirstName = "Janet",
            Address = new Address { AddressLine1 = "10 Downing Street", City = "London", PostalCode = "SW1A 2AA", Country = "GB" },
        }, Ct);

        Assert.Equal("Janet", updated.FirstName);
        Assert.Equal("Doe", updated.LastName);
        Assert.Equal("7700900000", updated.PhoneNumber);
        Assert.Equal("SW1A 2AA", updated.Address?.PostalCode);
        Assert.Equal("Janet", (await sandbox.Client.Customers.GetAsync(created.Id, Ct)).FirstName);
    }

    [Fact]
    public async Task Update_with_an_explicit_null_clears_the_field()
    {
        var created = await sandbox.Scenarios.CreateCustomerAsync();
        var withMiddleName = await sandbox.Client.Customers.UpdateAsync(created.Id, new UpdateCustomerRequest { MiddleName = "Ann", State = "England" }, Ct);
        Assert.Equal("Ann", withMiddleName.MiddleName);

        var cleared = await sandbox.Client.Customers.UpdateAsync(created.Id, new UpdateCustomerRequest { MiddleName = Optional.Null<string?>() }, Ct);

        Assert.Null(cleared.MiddleName);
        Assert.Equal("England", cleared.State);
    }

    [Fact]
    public async Task Duplicate_email_is_a_409_ArthaApiException_with_code_and_message()
    {
        var email = Scenarios.NewEmail();
        await sandbox.Scenarios.CreateCustomerAsync(email: email);

        var error = await Assert.ThrowsAsync<ArthaApiException>(() => sandbox.Scenarios.CreateCustomerAsync(email: email));

        Assert.Equal(HttpStatusCode.Conflict, error.StatusCode);
        Assert.Equal("EMAIL_ALREADY_EXISTS", error.ErrorCode);
        Assert.Contains("email", error.ServerMessage, StringComparison.OrdinalIgnoreCase);
        Assert.StartsWith("req_", error.RequestId);
    }

    [Fact]
    public async Task Invalid_fields_are_a_422_with_one_entry_per_field_in_FieldErrors()
    {
        var request = Scenarios.Individual() with { Email = "not-an-email", Country = "GBR" };

        var error = await Assert.ThrowsAsync<ArthaApiException>(() => sandbox.Client.Customers.CreateAsync(request, Ct));

        Assert.Equal(HttpStatusCode.UnprocessableEntity, error.StatusCode);
        Assert.Equal("VALIDATION_FAILED", error.ErrorCode);
        Assert.Contains("valid email", Assert.Single(error.FieldErrors["email"]));
        Assert.Contains("alpha-2", Assert.Single(error.FieldErrors["country"]));
        Assert.Equal(2, error.FieldErrors.Count);
    }

    [Fact]
    public async Task Unknown_customer_is_a_404_with_not_found_code()
    {
        var error = await Assert.ThrowsAsync<ArthaApiException>(() => sandbox.Client.Customers.GetAsync(Guid.NewGuid().ToString(), Ct));

        Assert.Equal(HttpStatusCode.NotFound, error.StatusCode);
        Assert.Equal("CUSTOMER_NOT_FOUND", error.ErrorCode);
    }
}
