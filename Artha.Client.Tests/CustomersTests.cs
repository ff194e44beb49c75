using System.Net;
using Artha.Client.Models;
using Artha.Client.Serialization;
using Artha.Client.Tests.Infrastructure;

namespace Artha.Client.Tests;

public class CustomersTests
{
    private static readonly CancellationToken None = CancellationToken.None;

    [Fact]
    public async Task Create_posts_camelCase_body_to_Customers_and_reads_wrapped_response_with_request_id()
    {
        using var host = new ArthaTestHost();
        host.Handler.Respond(HttpStatusCode.Created, """
            {"data":{"id":"3fa85f64-5717-4562-b3fc-2c963f66afa6","type":"individual","firstName":"Jane","lastName":"Doe",
             "email":"jane.doe@example.com","phoneCode":"+44","phoneNumber":"7700900000","country":"GB",
             "status":"active","kycState":"not_submitted","createdAt":"2024-01-15T10:30:00Z"},
             "request_id":"req_abc123","timestamp":"2024-01-15T10:30:00Z"}
            """);

        var customer = await host.Client.Customers.CreateAsync(new CreateCustomerRequest
        {
            Type = CustomerType.Individual,
            FirstName = "Jane",
            LastName = "Doe",
            Email = "jane.doe@example.com",
            PhoneCode = "+44",
            PhoneNumber = "7700900000",
            DateOfBirth = new DateOnly(1990, 6, 15),
            Gender = "female",
            Country = "GB",
            ExternalReference = "usr_12345",
        }, None);

        ArthaTestHost.AssertRequest(host.Handler.Single, HttpMethod.Post, "/api/v1/Customers",
            """{"type":"individual","firstName":"Jane","lastName":"Doe","email":"jane.doe@example.com","phoneCode":"\u002B44","phoneNumber":"7700900000","country":"GB","dateOfBirth":"1990-06-15","gender":"female","externalReference":"usr_12345"}""");
        Assert.Equal("3fa85f64-5717-4562-b3fc-2c963f66afa6", customer.Id);
        Assert.Equal(CustomerType.Individual, customer.Type);
        Assert.Equal(KycStatus.NotSubmitted, customer.KycState);
        Assert.Equal(CustomerStatus.Active, customer.Status);
        Assert.Equal("req_abc123", customer.RequestId);
        Assert.Equal(new DateTimeOffset(2024, 1, 15, 10, 30, 0, TimeSpan.Zero), customer.CreatedAt);
    }

    [Fact]
    public async Task List_sends_paging_and_filters_url_encoded_and_reads_paged_object()
    {
        using var host = new ArthaTestHost();
        host.Handler.RespondJson("""{"data":[{"id":"c1","type":"business","businessName":"Acme"}],"total":41,"limit":20,"offset":20}""");

        var page = await host.Client.Customers.ListAsync(new CustomerListQuery
        {
            Limit = 20,
            Offset = 20,
            Search = "jane doe+co@x.com",
            Type = CustomerType.Business,
            KycStatus = KycStatus.Approved,
            CreatedFrom = new DateTimeOffset(2024, 1, 1, 0, 0, 0, TimeSpan.Zero),
            CreatedTo = new DateTimeOffset(2024, 1, 31, 23, 59, 59, TimeSpan.FromHours(1)),
        }, None);

        ArthaTestHost.AssertRequest(host.Handler.Single, HttpMethod.Get,
            "/api/v1/Customers?limit=20&offset=20&search=jane%20doe%2Bco%40x.com&type=business&kycState=approved&createdFrom=2024-01-01T00%3A00%3A00Z&createdTo=2024-01-31T22%3A59%3A59Z");
        Assert.Equal(41, page.Total);
        Assert.Equal(20, page.Limit);
        Assert.Equal(20, page.Offset);
        Assert.Equal("Acme", Assert.Single(page.Items).BusinessName);
    }

    [Fact]
    public async Task List_without_query_sends_no_query_string_and_reads_bare_snake_case_array()
    {
        using var host = new ArthaTestHost();
        host.Handler.RespondJson("""[{"id":"c1","type":"individual","first_name":"Jane","phone_code":"+44","kyc_state":"pending","created_at":"2024-01-15T10:30:00Z"}]""");

        var page = await host.Client.Customers.ListAsync(null, None);

        ArthaTestHost.AssertRequest(host.Handler.Single, HttpMethod.Get, "/api/v1/Customers");
        var customer = Assert.Single(page.Items);
        Assert.Equal("Jane", customer.FirstName);
        Assert.Equal("+44", customer.PhoneCode);
        Assert.Equal(KycStatus.Pending, customer.KycState);
        Assert.Null(page.Total);
    }

    [Fact]
    public async Task Get_reads_snake_case_wrapped_customer_with_datetime_birth_date()
    {
        using var host = new ArthaTestHost();
        host.Handler.RespondJson("""{"data":{"id":"c 1","type":"individual","first_name":"Jane","date_of_birth":"1990-06-15T00:00:00Z","status":"Active","address":{"address_line_1":"10 Downing Street","postal_code":"SW1A 2AA"}}}""");

        var customer = await host.Client.Customers.GetAsync("c 1", None);

        ArthaTestHost.AssertRequest(host.Handler.Single, HttpMethod.Get, "/api/v1/Customers/c%201");
        Assert.Equal(new DateOnly(1990, 6, 15), customer.DateOfBirth);
        Assert.Equal(CustomerStatus.Active, customer.Status);
        Assert.Equal("10 Downing Street", customer.Address?.AddressLine1);
        Assert.Equal("SW1A 2AA", customer.Address?.PostalCode);
    }

    [Fact]
    public async Task Update_sends_only_set_fields_and_explicit_nulls()
    {
        using var host = new ArthaTestHost();
        host.Handler.RespondJson("""{"id":"cst_789012","type":"business","firstName":null,"email":"contact@acme.com","status":"Active","businessName":"Acme Pvt Ltd"}""");

        var customer = await host.Client.Customers.UpdateAsync("cst_789012", new UpdateCustomerRequest
        {
            FirstName = "Janet",
            MiddleName = Optional.Null<string?>(),
            Address = new Address { AddressLine1 = "10 Downing Street", City = "London", PostalCode = "SW1A 2AA", Country = "GB" },
        }, None);

        ArthaTestHost.AssertRequest(host.Handler.Single, HttpMethod.Patch, "/api/v1/Customers/cst_789012",
            """{"firstName":"Janet","middleName":null,"address":{"addressLine1":"10 Downing Street","city":"London","postalCode":"SW1A 2AA","country":"GB"}}""");
        Assert.Equal("Acme Pvt Ltd", customer.BusinessName);
        Assert.Null(customer.FirstName);
    }
}
