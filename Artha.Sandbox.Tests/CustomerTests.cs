using System.Net;
using System.Text.Json;
using Artha.Sandbox.State;
using Artha.Sandbox.Tests.Infrastructure;

namespace Artha.Sandbox.Tests;

public class CustomerTests(SandboxHost host) : IClassFixture<SandboxHost>
{
    [Fact]
    public async Task Invalid_individual_reports_every_field()
    {
        var r = await host.Post("/api/v1/Customers", new { type = "individual", email = "not-an-email", phoneCode = "+44", phoneNumber = "7700900000", country = "GBR" });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, r.Status);
        Assert.Equal("VALIDATION_FAILED", r.ErrorCode);
        foreach (var field in new[] { "email", "country", "dateOfBirth", "gender" })
            Assert.True(r.Fields.TryGetProperty(field, out var messages) && messages.GetArrayLength() > 0, field);
    }

    [Fact]
    public async Task Type_must_be_individual_or_business_and_business_needs_a_name()
    {
        var badType = await host.Post("/api/v1/customers", new { type = "company", email = SandboxHost.UniqueEmail(), phoneCode = "+44", phoneNumber = "7700900000", country = "GB" });
        Assert.True(badType.Fields.TryGetProperty("type", out _));
        var noName = await host.Post("/api/v1/customers", new { type = "business", email = SandboxHost.UniqueEmail(), phoneCode = "+44", phoneNumber = "7700900000", country = "GB" });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, noName.Status);
        Assert.True(noName.Fields.TryGetProperty("businessName", out _));
        var ok = await host.Post("/api/v1/customers", new { type = "business", business_name = "Acme Corp Ltd", email = SandboxHost.UniqueEmail(), phone_code = "+44", phone_number = "7700900000", country = "gb" });
        Assert.Equal(HttpStatusCode.Created, ok.Status);
        Assert.Equal("Acme Corp Ltd", ok.Str("businessName"));
        Assert.Equal("GB", ok.Str("country"));
    }

    [Fact]
    public async Task Snake_case_body_is_accepted_and_duplicate_email_is_409()
    {
        var email = SandboxHost.UniqueEmail("dup");
        var body = $$"""{"type":"individual","first_name":"Jane","last_name":"Doe","email":"{{email}}","phone_code":"+44","phone_number":"7700900000","date_of_birth":"1990-06-15T00:00:00Z","gender":"female","country":"GB"}""";
        var created = await host.Post("/api/v1/customers", body);
        Assert.Equal(HttpStatusCode.Created, created.Status);
        Assert.Equal("Jane", created.Str("firstName"));
        Assert.Equal("1990-06-15", created.Str("dateOfBirth"));
        var duplicate = await host.Post("/api/v1/customers", body.Replace(email, email.ToUpperInvariant()));
        Assert.Equal(HttpStatusCode.Conflict, duplicate.Status);
        Assert.Equal("EMAIL_ALREADY_EXISTS", duplicate.ErrorCode);
    }

    [Fact]
    public async Task Malformed_json_is_400()
    {
        var r = await host.Post("/api/v1/customers", "{not json");
        Assert.Equal(HttpStatusCode.BadRequest, r.Status);
        Assert.Equal("MALFORMED_JSON", r.ErrorCode);
    }

    [Fact]
    public async Task Get_unknown_customer_is_404()
    {
        var r = await host.Get($"/api/v1/Customers/{Guid.NewGuid()}");
        Assert.Equal(HttpStatusCode.NotFound, r.Status);
        Assert.Equal("CUSTOMER_NOT_FOUND", r.ErrorCode);
    }

    [Fact]
    public async Task Patch_keeps_absent_fields_and_resets_explicit_nulls()
    {
        var id = await host.CreateIndividual();
        await host.Patch($"/api/v1/Customers/{id}", new { middleName = "Q", state = "England", externalReference = "ref-1" });
        var patched = await host.Patch($"/api/v1/Customers/{id}", """{"firstName":"Janet","middleName":null,"address":{"addressLine1":"10 Downing Street","city":"London","postalCode":"SW1A 2AA","country":"GB"}}""");
        Assert.Equal(HttpStatusCode.OK, patched.Status);
        Assert.Equal("Janet", patched.Str("firstName"));
        Assert.Equal(JsonValueKind.Null, patched.Json.GetProperty("middleName").ValueKind);
        Assert.Equal("England", patched.Str("state"));
        Assert.Equal("ref-1", patched.Str("externalReference"));
        Assert.Equal("Doe", patched.Str("lastName"));
        Assert.Equal("London", patched.Json.GetProperty("address").GetProperty("city").GetString());
        Assert.True(patched.Json.TryGetProperty("updatedAt", out var updated) && updated.ValueKind == JsonValueKind.String);

        var nullEmail = await host.Patch($"/api/v1/Customers/{id}", """{"email":null}""");
        Assert.Equal(HttpStatusCode.UnprocessableEntity, nullEmail.Status);
        var badCountry = await host.Patch($"/api/v1/Customers/{id}", new { country = "United Kingdom" });
        Assert.True(badCountry.Fields.TryGetProperty("country", out _));
        Assert.Equal(HttpStatusCode.NotFound, (await host.Patch($"/api/v1/Customers/{Guid.NewGuid()}", new { firstName = "X" })).Status);

        var other = await host.CreateIndividual();
        var otherEmail = (await host.Get($"/api/v1/customers/{other}")).Str("email");
        Assert.Equal(HttpStatusCode.Conflict, (await host.Patch($"/api/v1/Customers/{id}", new { email = otherEmail })).Status);
    }

    [Fact]
    public async Task List_filters_and_paginates()
    {
        var tag = Guid.NewGuid().ToString("N")[..10];
        for (var i = 0; i < 3; i++)
            await host.CreateIndividual(email: $"{tag}.{i}@example.com");
        var business = await host.Post("/api/v1/customers", new { type = "business", businessName = $"Biz {tag}", email = $"{tag}.biz@example.com", phoneCode = "+44", phoneNumber = "7700900000", country = "GB" });
        Assert.Equal(HttpStatusCode.Created, business.Status);

        var all = await host.Get($"/api/v1/Customers?search={tag}");
        Assert.Equal(4, all.Json.GetProperty("total").GetInt32());
        Assert.Equal(20, all.Json.GetProperty("limit").GetInt32());
        Assert.Equal(0, all.Json.GetProperty("offset").GetInt32());
        var page = await host.Get($"/api/v1/Customers?search={tag}&limit=2&offset=2");
        Assert.Equal(2, page.Json.GetProperty("data").GetArrayLength());
        Assert.Equal(4, page.Json.GetProperty("total").GetInt32());
        Assert.Equal(1, (await host.Get($"/api/v1/Customers?search={tag}&type=business")).Json.GetProperty("total").GetInt32());
        Assert.Equal(3, (await host.Get($"/api/v1/Customers?search={tag}&kycState=not_submitted&type=individual")).Json.GetProperty("total").GetInt32());
        Assert.Equal(0, (await host.Get($"/api/v1/Customers?search={tag}&kycStatus=approved")).Json.GetProperty("total").GetInt32());
        var from = host.Time.GetUtcNow().AddMinutes(1).ToString("O");
        Assert.Equal(0, (await host.Get($"/api/v1/Customers?search={tag}&createdFrom={Uri.EscapeDataString(from)}")).Json.GetProperty("total").GetInt32());
        Assert.Equal(100, (await host.Get("/api/v1/Customers?limit=1000")).Json.GetProperty("limit").GetInt32());
        Assert.Equal(HttpStatusCode.UnprocessableEntity, (await host.Get("/api/v1/Customers?limit=0")).Status);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, (await host.Get("/api/v1/Customers?createdFrom=yesterday")).Status);
    }

    [Fact]
    public async Task Kyc_requires_fields_of_the_product_requirements_in_either_spelling()
    {
        var id = await host.CreateIndividual();
        var productId = DefaultProducts.EurPhysicalId;
        var missing = await host.Post($"/api/v1/customers/{id}/products/{productId}/applicant", new { kycDetails = new { customerId = id, firstName = "Jane" } });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, missing.Status);
        foreach (var field in new[] { "kycDetails.lastName", "kycDetails.dob", "kycDetails.mobileCode", "kycDetails.idType", "kycDetails.profilePicFront", "kycDetails.faceImage", "kycDetails.city", "kycDetails.docExpiryDate" })
            Assert.True(missing.Fields.TryGetProperty(field, out _), field);

        // Requirements-page spellings (docType, frontDoc, zipCode, photo, docNeverExpire) are accepted too.
        var requirementsSpelling = await host.Post($"/api/v1/customers/{id}/products/{productId}/applicant", new
        {
            kycDetails = new
            {
                customerId = id, firstName = "Jane", lastName = "Doe", gender = "female", dob = "1990-06-15", email = "jane@example.com",
                mobileCode = "+44", mobile = "7700900000", address = "1 Main St", city = "Berlin", zipCode = "10117", countryIsoThree = "DEU",
                docType = "passport", docId = "X1", frontDoc = "https://f.example/1.jpg", backDoc = "https://f.example/2.jpg",
                docNeverExpire = true, photo = "https://f.example/3.jpg",
            },
        });
        Assert.Equal(HttpStatusCode.OK, requirementsSpelling.Status);
        Assert.Equal("Pending", requirementsSpelling.Str("applicantStatus"));
    }

    [Fact]
    public async Task Kyc_rejects_non_url_files_wrong_details_object_and_unknown_ids()
    {
        var id = await host.CreateIndividual();
        var basic = DefaultProducts.UsdVirtualBasicId;
        var kyb = await host.Post($"/api/v1/customers/{id}/products/{basic}/applicant", new { kybDetails = new { companyName = "X" } });
        Assert.True(kyb.Fields.TryGetProperty("kycDetails", out _));
        var mismatch = await host.Post($"/api/v1/customers/{id}/products/{basic}/applicant", new { kycDetails = new { customerId = Guid.NewGuid(), firstName = "A", lastName = "B" } });
        Assert.True(mismatch.Fields.TryGetProperty("kycDetails.customerId", out _));
        var face = await host.Post($"/api/v1/customers/{id}/products/{DefaultProducts.EurPhysicalId}/applicant", new { kycDetails = new { faceImage = "selfie.jpg" } });
        Assert.True(face.Fields.TryGetProperty("kycDetails.faceImage", out _));
        Assert.Equal(HttpStatusCode.NotFound, (await host.Post($"/api/v1/customers/{Guid.NewGuid()}/products/{basic}/applicant", new { })).Status);
        Assert.Equal("PRODUCT_NOT_FOUND", (await host.Post($"/api/v1/customers/{id}/products/{Guid.NewGuid()}/applicant", new { })).ErrorCode);
        Assert.Equal(HttpStatusCode.NotFound, (await host.Get($"/api/v1/customers/{id}/products/{Guid.NewGuid()}/applicantstatus")).Status);
        var wrongType = await host.Post($"/api/v1/customers/{id}/products/{DefaultProducts.UsdBusinessId}/applicant", new { kybDetails = new { } });
        Assert.Equal("PRODUCT_NOT_AVAILABLE", wrongType.ErrorCode);
    }

    [Fact]
    public async Task Business_kyb_flow_reaches_approved()
    {
        var created = await host.Post("/api/v1/customers", new { type = "business", businessName = "Acme Corp Ltd", email = SandboxHost.UniqueEmail("kyb"), phoneCode = "+1", phoneNumber = "2025550123", country = "US" });
        var id = created.Str("id");
        var product = DefaultProducts.UsdBusinessId;
        var incomplete = await host.Post($"/api/v1/customers/{id}/products/{product}/applicant", new { kybDetails = new { firstName = "Ann" } });
        Assert.True(incomplete.Fields.TryGetProperty("kybDetails.companyName", out _));
        Assert.True(incomplete.Fields.TryGetProperty("kybDetails.registrationNumber", out _));
        var submitted = await host.Post($"/api/v1/customers/{id}/products/{product}/applicant", new
        {
            kybDetails = new
            {
                company = new { name = "Acme Corp Ltd", registrationNumber = "12345678" }, firstName = "Ann", lastName = "Lee",
                email = "ann@acme.example", mobileCode = "+1", mobile = "2025550123", addressLine1 = "1 Market St", idType = "passport",
                idNumber = "P123", profilePicFront = "https://f.example/a.jpg", profilePicBack = "https://f.example/b.jpg", docNeverExpire = true,
            },
        });
        Assert.Equal(HttpStatusCode.OK, submitted.Status);
        host.Time.AdvanceSeconds(3);
        Assert.Equal("Approved", (await host.Get($"/api/v1/customers/{id}/products/{product}/applicantstatus")).Str("applicantStatus"));
        var card = await host.Post("/api/v1/cards", new { customerId = id, productId = product, currency = "USD" });
        Assert.Equal(HttpStatusCode.Created, card.Status);
    }

    [Fact]
    public async Task Customer_transactions_lists_that_customers_card_activity()
    {
        var (customerId, cardId) = await host.ActiveGbpCard(fund: 100m);
        var r = await host.Get($"/api/v1/customers/{customerId}/transactions");
        Assert.Equal(1, r.Json.GetProperty("total").GetInt32());
        Assert.Equal(cardId, r.Json.GetProperty("data")[0].GetProperty("cardId").GetString());
        Assert.Equal(HttpStatusCode.NotFound, (await host.Get($"/api/v1/customers/{Guid.NewGuid()}/transactions")).Status);
    }
}
