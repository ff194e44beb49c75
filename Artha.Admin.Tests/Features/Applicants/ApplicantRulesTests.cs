using Artha.Admin.Auditing;
using Artha.Admin.Features.Applicants.Rules;
using Artha.Admin.Security;
using Artha.Admin.Services;
using Artha.Admin.Tests.Features.Customers;
using Artha.Admin.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Artha.Admin.Tests.Features.Applicants;

/// <summary>KYC wording, document checks and which products take which customers: rules the pages mirror and the service enforces.</summary>
public class ApplicantRulesTests(PortalFactory portal) : IClassFixture<PortalFactory>
{
    /// <summary>Sandbox product "USD Business Virtual": customer type business (KYB).</summary>
    private const string UsdBusiness = "7d444840-9dc0-11d1-b245-5ffdce74fad2";

    private static readonly byte[] Png = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13];
    private static readonly byte[] Jpeg = [0xFF, 0xD8, 0xFF, 0xE0, 0, 16, 0x4A, 0x46];
    private static readonly byte[] Pdf = "%PDF-1.7\n"u8.ToArray();
    private static readonly byte[] Text = "Passport number 123456789, valid until 2030"u8.ToArray();

    private async Task<CustomerView> CreateAsync(CustomerDraft draft)
    {
        await using var scope = portal.ScopeAs(PortalRoles.Support);
        return (await scope.ServiceProvider.GetRequiredService<ArthaService>().CreateCustomerAsync(draft)).Customer;
    }

    private static CustomerDraft Business() => new()
    {
        Type = CustomerTypes.Business, BusinessName = "Kyb Ltd", Email = $"kyb.{Guid.NewGuid():N}@example.com",
        PhoneCode = "+44", PhoneNumber = "2079460002", Country = "GB",
    };

    [Theory]
    [InlineData("NOT SUBMITTED", "Not submitted")]
    [InlineData("not_submitted", "Not submitted")]
    [InlineData("NotSubmitted", "Not submitted")]
    [InlineData("Pending", "Pending")]
    [InlineData("UnderReview", "Under review")]
    [InlineData("under-review", "Under review")]
    [InlineData("APPROVED", "Approved")]
    [InlineData("rejected", "Rejected")]
    [InlineData(null, "Unknown")]
    public void Every_spelling_of_a_KYC_state_reads_the_same(string? state, string label) => Assert.Equal(label, KycStateText.Label(state));

    [Fact]
    public void A_rejection_is_worded_with_its_reason_and_a_sentence_says_what_to_do()
    {
        Assert.Equal("Rejected: Passport photo unreadable", KycStateText.Describe("REJECTED", " Passport photo unreadable. "));
        Assert.Equal("Rejected (no reason given)", KycStateText.Describe("rejected", null));
        Assert.Equal("Under review", KycStateText.Describe("UnderReview", "ignored"));
        Assert.Equal("KYB was rejected: Director missing. Correct the details and resubmit.", KycStateText.Sentence("Rejected", "Director missing", business: true));
        Assert.StartsWith("KYC has not been submitted", KycStateText.Sentence("NOT SUBMITTED"));
    }

    [Theory]
    [InlineData("front.png", "png", "image/png")]
    [InlineData("front.JPG", "jpeg", "image/jpeg")]
    [InlineData("scan.pdf", "pdf", "application/pdf")]
    public void A_document_is_accepted_when_its_content_is_what_its_name_says(string name, string kind, string contentType)
    {
        var header = kind switch { "png" => Png, "jpeg" => Jpeg, _ => Pdf };
        Assert.Equal((contentType, null), KycDocumentRules.Check(name, header));
    }

    [Theory]
    [InlineData("notes.txt", "text")]
    [InlineData("passport.jpg", "text")]
    [InlineData("passport.png", "jpeg")]
    [InlineData("passport", "png")]
    public void A_document_is_refused_when_name_or_content_is_not_JPEG_PNG_or_PDF(string name, string kind)
    {
        var header = kind switch { "png" => Png, "jpeg" => Jpeg, _ => Text };
        var (contentType, problem) = KycDocumentRules.Check(name, header);
        Assert.Null(contentType);
        Assert.NotNull(problem);
    }

    [Theory]
    [InlineData("notes.txt")]
    [InlineData("renamed.jpg")]
    public async Task The_service_refuses_a_text_file_as_a_KYC_document_before_Artha(string fileName)
    {
        var customer = await CreateAsync(CustomersServiceTests.Individual());
        await using var scope = portal.ScopeAs(PortalRoles.Support);
        using var content = new MemoryStream(Text);

        var error = await Assert.ThrowsAsync<ArthaOperationException>(() =>
            scope.ServiceProvider.GetRequiredService<ArthaService>().UploadKycDocumentAsync(customer.Id, "Document front", fileName, content));

        Assert.Equal(ArthaFailureKind.Validation, error.Kind);
        Assert.Equal(KycDocumentRules.WrongKind, error.Message);
        Assert.DoesNotContain(await portal.LatestAuditAsync(), a => a.Action == "kyc.upload" && a.TargetId == customer.Id);
    }

    [Fact]
    public async Task The_service_sends_the_detected_type_of_an_accepted_document()
    {
        var customer = await CreateAsync(CustomersServiceTests.Individual());
        await using var scope = portal.ScopeAs(PortalRoles.Support);
        using var content = new MemoryStream(Pdf);

        var uploaded = await scope.ServiceProvider.GetRequiredService<ArthaService>().UploadKycDocumentAsync(customer.Id, "Document front", "scan.pdf", content);

        Assert.StartsWith("http", uploaded.Url);
        var audit = (await portal.LatestAuditAsync()).First(a => a.Action == "kyc.upload" && a.TargetId == customer.Id);
        Assert.Contains("application/pdf", audit.Detail);
    }

    [Fact]
    public async Task A_KYB_product_is_not_offered_to_an_individual_and_the_service_refuses_the_submission()
    {
        var customer = await CreateAsync(CustomersServiceTests.Individual());
        await using var scope = portal.ScopeAs(PortalRoles.Support);
        var artha = scope.ServiceProvider.GetRequiredService<ArthaService>();

        var rows = await artha.GetCustomerKycAsync(customer.Id);
        var error = await Assert.ThrowsAsync<ArthaOperationException>(() =>
            artha.SubmitKycAsync(customer.Id, UsdBusiness, new Dictionary<string, string?> { ["firstName"] = "Jane" }));
        var formError = await Assert.ThrowsAsync<ArthaOperationException>(() => artha.GetKycFormAsync(customer.Id, UsdBusiness));

        var business = rows.Single(r => r.ProductId == UsdBusiness);
        Assert.False(business.CanSubmit);
        Assert.Contains("for business customers (KYB)", business.NotOfferedReason);
        Assert.All(rows.Where(r => r.ProductId != UsdBusiness), r => Assert.True(r.CanSubmit));
        Assert.Equal(ArthaFailureKind.Validation, error.Kind);
        Assert.Equal(business.NotOfferedReason, error.Message);
        Assert.Equal(business.NotOfferedReason, formError.Message);
        Assert.DoesNotContain(await portal.LatestAuditAsync(), a => a.Action == "kyc.submit" && a.TargetId == customer.Id);
    }

    [Fact]
    public async Task A_product_for_individuals_is_not_offered_to_a_business()
    {
        var business = await CreateAsync(Business());
        await using var scope = portal.ScopeAs(PortalRoles.Support);
        var artha = scope.ServiceProvider.GetRequiredService<ArthaService>();

        var rows = await artha.GetCustomerKycAsync(business.Id);
        var error = await Assert.ThrowsAsync<ArthaOperationException>(() =>
            artha.SubmitKycAsync(business.Id, ApplicantsServiceTests.GbpVirtual, new Dictionary<string, string?>()));

        Assert.True(rows.Single(r => r.ProductId == UsdBusiness).CanSubmit);
        Assert.False(rows.Single(r => r.ProductId == ApplicantsServiceTests.GbpVirtual).CanSubmit);
        Assert.Contains("for individual customers (KYC)", error.Message);
    }

    [Fact]
    public void KYC_values_longer_than_the_customer_limits_are_refused()
    {
        var fields = KycRequirementFields.For(["FullName", "FullAddress"]);
        var values = fields.ToDictionary(f => f.Key, f => (string?)null);
        values["firstName"] = new string('a', 5000);
        values["postalCode"] = new string('1', 17);
        values["country"] = "ZZ";

        var errors = KycRequirementFields.Validate(fields, values);

        Assert.Equal(["Use at most 100 characters (this has 5,000)."], errors.For("firstName"));
        Assert.Equal(["Use at most 16 characters (this has 17)."], errors.For("postalCode"));
        Assert.StartsWith("ZZ is not an ISO 3166-1 country code.", errors.For("country").Single());
        Assert.Equal(100, fields.Single(f => f.Key == "firstName").MaxLength);
    }
}
